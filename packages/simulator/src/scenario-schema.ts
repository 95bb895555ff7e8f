import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { simulatorError } from './errors.js';

/*
 * Scenarios as data (YAML or JSON): a timeline of steps at given seconds, and seeded random walks.
 * Example:
 *   seed: 42
 *   steps:
 *     - { at: 5, device: panel, panelPoint: { loop: 1, address: 23, state: fire } }
 *     - { at: 30, device: riser, set: { pressure: 80 } }
 *     - { at: 40, device: riser, fault: { kind: no-answer }, for: 10 }
 *     - { at: 60, device: panel, reset: true }
 *   walks:
 *     - { device: riser, point: pressure, start: 350, min: 300, max: 400, step: 5, every: 1 }
 */

const stateSchema = z.union([z.number().int().min(0).max(0xffff), z.string().min(1)]);

const faultSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('no-answer') }),
  z.strictObject({ kind: z.literal('late-answer'), delayMs: z.number().nonnegative() }),
  z.strictObject({ kind: z.literal('corrupt-crc') }),
  z.strictObject({ kind: z.literal('garbage'), length: z.number().int().min(1).max(256).optional() }),
  z.strictObject({
    kind: z.literal('exception'),
    code: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(6)]),
  }),
  z.strictObject({ kind: z.literal('offline') }),
]);

/** One timeline step: at `at` seconds, do exactly one thing to one device. */
export const scenarioStepSchema = z
  .strictObject({
    /** Seconds from the scenario's start. */
    at: z.number().nonnegative(),
    /** Device name (as the building config names it). */
    device: z.string().min(1),
    /** Point values in the point's canonical unit (kPa, m, mA, °C, A). */
    set: z.record(z.string(), z.number()).optional(),
    /** Raw values of named registers (settings, unit codes, status words). */
    registers: z.record(z.string(), z.number().int()).optional(),
    /** Event registers to a state: event kind ("fire", "normal") or raw code. */
    event: z.record(z.string(), stateSchema).optional(),
    /** One fire-panel point to a state. */
    panelPoint: z
      .strictObject({ loop: z.number().int().min(0), address: z.number().int().min(0), state: stateSchema })
      .optional(),
    /** Panel reset: every point back to normal. */
    reset: z.literal(true).optional(),
    /** Make the device misbehave... */
    fault: faultSchema.optional(),
    /** ...for this many seconds (omitted: until a `clearFault` step). */
    for: z.number().positive().optional(),
    /** End the device's fault (and bring it back online). */
    clearFault: z.literal(true).optional(),
    /** The device's line vanishes (TCP port closed / serial port closed) or comes back. */
    port: z.enum(['vanish', 'restore']).optional(),
  })
  .superRefine((step, ctx) => {
    const actions = (
      ['set', 'registers', 'event', 'panelPoint', 'reset', 'fault', 'clearFault', 'port'] as const
    ).filter((key) => step[key] !== undefined);
    if (actions.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: `a step does exactly one thing: give one of set, registers, event, panelPoint, reset, fault, clearFault, port (found ${actions.join(', ') || 'none'})`,
      });
    }
    if (step.for !== undefined && step.fault === undefined) {
      ctx.addIssue({ code: 'custom', path: ['for'], message: '"for" only goes with "fault"' });
    }
  });

/** A seeded random walk of one point, deterministic for a given seed. */
export const randomWalkSchema = z
  .strictObject({
    device: z.string().min(1),
    point: z.string().min(1),
    start: z.number(),
    min: z.number(),
    max: z.number(),
    /** Largest change per tick, in the point's unit. */
    step: z.number().positive(),
    /** Seconds between ticks. */
    every: z.number().positive(),
    /** Decimal places values are rounded to (default 1). */
    decimals: z.number().int().min(0).max(6).default(1),
    /** Own seed; default derived from the scenario's seed and the walk's index. */
    seed: z.number().int().optional(),
  })
  .refine((walk) => walk.min <= walk.start && walk.start <= walk.max, {
    message: 'need min <= start <= max',
  });

/** A whole scenario. */
export const scenarioSchema = z.strictObject({
  name: z.string().optional(),
  /** Seed of every random walk (default 1). Same seed, same values. */
  seed: z.number().int().default(1),
  steps: z.array(scenarioStepSchema).default([]),
  walks: z.array(randomWalkSchema).default([]),
  /** Seconds after which walks stop and the scenario ends; omitted: walks go on until stopped. */
  duration: z.number().positive().optional(),
});

/** A scenario as written. */
export type ScenarioInput = z.input<typeof scenarioSchema>;
/** A validated scenario. */
export type Scenario = z.output<typeof scenarioSchema>;
/** A validated timeline step. */
export type ScenarioStep = z.output<typeof scenarioStepSchema>;
/** A validated random walk. */
export type RandomWalk = z.output<typeof randomWalkSchema>;

/**
 * Validates a scenario object. Throws `SIM_SCENARIO_INVALID` listing each problem with its path
 * (e.g. `steps[2].fault.kind`), and `where` (a file name) in front.
 */
export function parseScenario(input: unknown, where = 'scenario'): Scenario {
  const result = scenarioSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${formatPath(issue.path)}: ${issue.message}`);
    throw simulatorError(
      'SIM_SCENARIO_INVALID',
      `${where} is not a valid scenario:\n${problems.join('\n')}`,
      {
        details: { where, issues: result.error.issues.length },
      },
    );
  }
  return result.data;
}

/** Reads a YAML or JSON scenario file (YAML is a superset of JSON). */
export function loadScenarioFile(path: string): Scenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw simulatorError(
      'SIM_SCENARIO_INVALID',
      `cannot read scenario file ${path}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw simulatorError(
      'SIM_SCENARIO_INVALID',
      `${path} is not valid YAML/JSON: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  return parseScenario(data, path);
}

/** `steps[2].fault.kind` from a zod issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`))
    .join('');
}
