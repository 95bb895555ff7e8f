/** The point kinds and their canonical units: plain data, no zod (part of `@firecode/schema/core`). */

/** What a point measures. Each kind has one canonical unit (see `canonicalUnits`). */
export const pointKinds = [
  'pressure',
  'level',
  'residual-current',
  'line-current',
  'temperature',
  'voltage',
  'flow',
  'state',
  'gas-concentration',
  'duration',
  'count',
  'air-volume',
  'air-speed',
] as const;
/** One of {@link pointKinds}. */
export type PointKind = (typeof pointKinds)[number];

/** The unit every reading of a kind is normalized to before it leaves the gateway. */
export const canonicalUnits = {
  pressure: 'kPa',
  level: 'm',
  'residual-current': 'mA',
  'line-current': 'A',
  temperature: '°C',
  voltage: 'V',
  flow: 'L/s',
  state: '',
  'gas-concentration': '%LEL',
  duration: 's',
  count: '',
  'air-volume': 'm³/min',
  'air-speed': 'm/s',
} as const satisfies Record<PointKind, string>;
/** A canonical unit symbol ('' for dimensionless kinds: state and count). */
export type CanonicalUnit = (typeof canonicalUnits)[PointKind];
