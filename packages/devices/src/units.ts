import { canonicalUnits, type PointKind } from '@firecode/schema';

/*
 * Units a device may report, per point kind, as the factor that converts one of them to the kind's
 * canonical unit (`canonicalUnits` of the schema). Water-column units assume water at 1000 kg/m³ and
 * standard gravity 9.80665 m/s² (1 mH2O = 9.80665 kPa): hydrostatic level transmitters are pressure
 * sensors, and vendors let users pick either.
 */
const KPA_PER_M_H2O = 9.80665;

const pressureToKpa: Record<string, number> = {
  Pa: 0.001,
  kPa: 1,
  MPa: 1000,
  bar: 100,
  mbar: 0.1,
  'kg/cm²': 98.0665,
  psi: 6.894757293168361,
  mH2O: KPA_PER_M_H2O,
  cmH2O: KPA_PER_M_H2O / 100,
  mmH2O: KPA_PER_M_H2O / 1000,
};

const levelToM: Record<string, number> = {
  m: 1,
  cm: 0.01,
  mm: 0.001,
  // A pressure at the bottom of a water column is a level.
  ...Object.fromEntries(Object.entries(pressureToKpa).map(([unit, kpa]) => [unit, kpa / KPA_PER_M_H2O])),
};

/** Factor from each accepted unit to the canonical unit, by kind. */
export const unitFactors: Readonly<Record<PointKind, Readonly<Record<string, number>>>> = {
  pressure: pressureToKpa,
  level: levelToM,
  'residual-current': { mA: 1, A: 1000 },
  'line-current': { A: 1, mA: 0.001, kA: 1000 },
  temperature: { '°C': 1 },
  voltage: { V: 1, mV: 0.001, kV: 1000 },
  flow: { 'L/s': 1, 'L/min': 1 / 60, 'm³/h': 1000 / 3600 },
  state: { '': 1 },
  'gas-concentration': { '%LEL': 1 },
  duration: { s: 1, ms: 0.001, min: 60, h: 3600 },
  count: { '': 1 },
  'air-volume': { 'm³/min': 1, 'm³/h': 1 / 60 },
  'air-speed': { 'm/s': 1 },
};

/** True when `unit` can be converted to the canonical unit of `kind`. */
export function isConvertible(kind: PointKind, unit: string): boolean {
  return unitFactors[kind][unit] !== undefined;
}

/** The units accepted for a kind, for error messages. */
export function acceptedUnits(kind: PointKind): string[] {
  return Object.keys(unitFactors[kind]);
}

/**
 * Converts `value` in `unit` to the canonical unit of `kind`; `undefined` when the unit does not fit
 * the kind (e.g. mA for a level): the caller flags the reading as a configuration error.
 */
export function toCanonicalUnit(kind: PointKind, unit: string, value: number): number | undefined {
  const factor = unitFactors[kind][unit];
  return factor === undefined ? undefined : value * factor;
}

/** The inverse of {@link toCanonicalUnit}. */
export function fromCanonicalUnit(kind: PointKind, unit: string, value: number): number | undefined {
  const factor = unitFactors[kind][unit];
  return factor === undefined ? undefined : value / factor;
}

/** The canonical unit of a kind (re-exported for profile authors). */
export function canonicalUnitOf(kind: PointKind): string {
  return canonicalUnits[kind];
}
