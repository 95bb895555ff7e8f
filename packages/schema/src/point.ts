import { z } from 'zod';

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
] as const;
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
} as const satisfies Record<PointKind, string>;

/** Point ids are stable, human-readable keys, e.g. `riser-2f-pressure`. */
export const pointIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'use 1-64 lowercase letters, digits, ".", "_" or "-"');

export const pointSchema = z.object({
  id: pointIdSchema,
  kind: z.enum(pointKinds),
  unit: z.string(),
  /** Component this point belongs to (its id). */
  component: z.string().min(1),
  name: z.string().optional(),
  range: z.object({ min: z.number(), max: z.number() }).optional(),
});
export type Point = z.infer<typeof pointSchema>;
