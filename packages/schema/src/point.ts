import * as z from 'zod';

import { canonicalUnits, type PointKind, pointKinds } from './point-kinds.js';

export { type CanonicalUnit, canonicalUnits, type PointKind, pointKinds } from './point-kinds.js';

/** Point ids are stable, human-readable keys, e.g. `riser-2f-pressure`. */
export const pointIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'use 1-64 lowercase letters, digits, ".", "_" or "-"');

/** The span a point's sensor can measure, in the point's canonical unit. */
export const rangeSchema = z
  .object({
    min: z.number().describe('Lowest measurable value'),
    max: z.number().describe('Highest measurable value'),
  })
  .describe("The span the sensor can measure, in the point's canonical unit");
/** The span a sensor can measure. */
export type Range = z.infer<typeof rangeSchema>;

/**
 * Alarm thresholds of a measured point, in its canonical unit. A high alarm starts when the value
 * reaches `high` and clears when it falls below `high - hysteresis`; a low alarm starts at or below
 * `low` and clears above `low + hysteresis`. The hysteresis keeps a value hovering at a threshold from
 * raising a stream of alarms. See `evaluateThresholds`.
 */
export const thresholdsSchema = z
  .object({
    low: z.number().optional().describe('Low alarm starts at or below this value'),
    high: z.number().optional().describe('High alarm starts at or above this value'),
    /** Dead band for clearing, >= 0; absent means 0. */
    hysteresis: z
      .number()
      .nonnegative()
      .optional()
      .describe('Dead band an alarm must leave by before it clears; absent means 0'),
  })
  .describe('Low/high alarm thresholds with hysteresis, in the canonical unit');
/** Low/high alarm thresholds with hysteresis. */
export type Thresholds = z.infer<typeof thresholdsSchema>;

/**
 * One value a `state` point can take, e.g. a fire contact's `{ value: 1, name: 'fire' }`. A state
 * point with `states` accepts only these values; without, any non-negative integer (a device code).
 */
export const pointStateSchema = z
  .object({
    value: z.number().int().min(0).max(65535).describe('The state code a reading carries (0-65535)'),
    name: z.string().min(1).describe('What the state means, e.g. "normal", "fire", "open"'),
  })
  .describe('One state a state point can take');
/** One state a `state` point can take. */
export type PointState = z.infer<typeof pointStateSchema>;

/**
 * A measured or state point of a component. Cross-checks: the unit is the kind's canonical unit,
 * `range.min <= range.max`, `thresholds.low < thresholds.high`.
 */
export const pointSchema = z
  .object({
    id: pointIdSchema.describe('Point id, unique in the catalog'),
    kind: z.enum(pointKinds).describe('What the point measures'),
    /** Canonical unit of the kind (`canonicalUnits[kind]`): readings are converted before they leave. */
    unit: z.string().describe('Canonical unit of the kind (canonicalUnits[kind])'),
    /** Component this point belongs to (its id). */
    component: z.string().min(1).describe('Id of the component this point belongs to'),
    name: z.string().optional().describe('Name for humans'),
    range: rangeSchema.optional(),
    thresholds: thresholdsSchema.optional(),
    /**
     * GB/T 26875.3 analog type (table 6, or 128-255 user-defined) used when the value is sent as a
     * standard analog value; absent means the kind's default (`defaultAnalogType`).
     */
    analogType: z
      .number()
      .int()
      .min(1)
      .max(255)
      .optional()
      .describe("GB/T 26875.3 analog type (table 6, or 128-255 user-defined); absent: the kind's default"),
    /** The values a `state` point can take (e.g. a fire contact: 0 normal, 1 fire); only on state points. */
    states: z
      .array(pointStateSchema)
      .min(1)
      .optional()
      .describe('Only for kind "state": the values it can take; readings of other values are rejected'),
  })
  .describe('A measured or state point of a component')
  // Runs even when fields have problems (so one pass reports them all); each check guards its own fields.
  .superRefine(checkPoint, {
    when: (payload) => typeof payload.value === 'object' && payload.value !== null,
  });

function isKind(kind: unknown): kind is PointKind {
  return typeof kind === 'string' && (pointKinds as readonly string[]).includes(kind);
}

function checkPoint(point: Record<string, unknown>, context: z.RefinementCtx): void {
  const { kind, unit, range, thresholds, states } = point as {
    kind?: unknown;
    unit?: unknown;
    range?: { min?: unknown; max?: unknown };
    thresholds?: { low?: unknown; high?: unknown };
    states?: unknown;
  };
  checkStates(kind, states, context);
  if (isKind(kind) && typeof unit === 'string' && unit !== canonicalUnits[kind]) {
    const expected = canonicalUnits[kind];
    context.addIssue({
      code: 'custom',
      path: ['unit'],
      message: `a ${kind} point must be in "${expected}", not "${unit}": convert readings with toCanonical and declare "${expected}"`,
    });
  }
  if (typeof range?.min === 'number' && typeof range.max === 'number' && range.min > range.max) {
    context.addIssue({
      code: 'custom',
      path: ['range'],
      message: `range min ${range.min} is above max ${range.max}: swap them`,
    });
  }
  const low = thresholds?.low;
  const high = thresholds?.high;
  if (typeof low === 'number' && typeof high === 'number' && low >= high) {
    context.addIssue({
      code: 'custom',
      path: ['thresholds'],
      message: `low threshold ${low} must be below high threshold ${high}`,
    });
  }
}

function checkStates(kind: unknown, states: unknown, context: z.RefinementCtx): void {
  if (states === undefined) return;
  if (kind !== 'state') {
    context.addIssue({
      code: 'custom',
      path: ['states'],
      message: `only a "state" point has states, this one is "${String(kind)}": remove states or make it kind "state"`,
    });
  }
  if (!Array.isArray(states)) return;
  const seen = new Set<unknown>();
  states.forEach((state: unknown, index) => {
    const value = (state as { value?: unknown } | null)?.value;
    if (seen.has(value)) {
      context.addIssue({
        code: 'custom',
        path: ['states', index, 'value'],
        message: `state value ${String(value)} is listed twice: give each state its own value`,
      });
    }
    seen.add(value);
  });
}

/** A measured or state point of a component. */
export type Point = z.infer<typeof pointSchema>;
