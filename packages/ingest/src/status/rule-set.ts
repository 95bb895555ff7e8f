/**
 * The building status rule set: which conditions give a building which colour. Versioned, because a
 * supervisor comparing two days must know whether the rules changed in between; docs/building-status.md
 * documents the same table (a test checks that the two agree).
 *
 * Colours, worst first: red (a fire), orange (the building cannot fight a fire as designed), yellow
 * (something needs attention), blue (administrative: maintenance overdue, disabled detection), green.
 */

/** The version of the rules below; bump it whenever a rule, its colour or a default threshold changes. */
export const STATUS_RULE_SET_VERSION = '1.0';

/** The colours of the building status, best first. */
export const statusColours = ['green', 'blue', 'yellow', 'orange', 'red'] as const;
/** One of {@link statusColours}. */
export type StatusColour = (typeof statusColours)[number];

/** Higher is worse: green 0 … red 4. */
export function colourRank(colour: StatusColour): number {
  return statusColours.indexOf(colour);
}

/** The worse of two colours. */
export function worseColour(a: StatusColour, b: StatusColour): StatusColour {
  return colourRank(a) >= colourRank(b) ? a : b;
}

/** A rule of the set: its id (stable, appears in every indicator), colour and what it means. */
export interface StatusRule {
  id: StatusRuleId;
  colour: StatusColour;
  /** When the rule fires, for the documentation and the page's legend. */
  when: string;
}

/** The rules of version {@link STATUS_RULE_SET_VERSION}, worst first. */
export const statusRules = [
  { id: 'fire-alarm', colour: 'red', when: 'a fire alarm is active (not cleared, not reset)' },
  {
    id: 'water-pressure-low',
    colour: 'orange',
    when: 'a fire-water pressure has stayed below its minimum for at least lowPressureMinutes',
  },
  {
    id: 'water-system-fault',
    colour: 'orange',
    when: 'a fault is active on a fire pump, sprinkler pump, water tank, valve, flow indicator or pressure switch, or on any component of a water-based system',
  },
  {
    id: 'devices-offline',
    colour: 'orange',
    when: 'the share of the building’s devices offline (or behind an offline gateway) is at least offlineShare',
  },
  {
    id: 'water-pressure-dip',
    colour: 'yellow',
    when: 'a fire-water pressure is below its minimum, for less than lowPressureMinutes so far',
  },
  { id: 'device-offline', colour: 'yellow', when: 'some devices are offline, fewer than offlineShare' },
  { id: 'fault', colour: 'yellow', when: 'any other fault is active (detector, loop, bus, power supply)' },
  { id: 'supervisory', colour: 'yellow', when: 'a supervisory signal (监管) is active' },
  {
    id: 'threshold-alarm',
    colour: 'yellow',
    when: 'a measured point reports a low or high alarm (e.g. residual current, tank level)',
  },
  {
    id: 'stale-data',
    colour: 'yellow',
    when: 'an online gateway has sent nothing for staleMinutes',
  },
  { id: 'shielded', colour: 'blue', when: 'a component is shielded (disabled) at its panel' },
  {
    id: 'maintenance-overdue',
    colour: 'blue',
    when: 'a maintenance item of the building (e.g. the yearly inspection) is past its due date',
  },
] as const satisfies readonly { id: string; colour: StatusColour; when: string }[];

/** The id of a rule of {@link statusRules}. */
export type StatusRuleId = (typeof statusRules)[number]['id'];

/** Thresholds of the rules; every one configurable. */
export interface StatusThresholds {
  /**
   * Minutes a fire-water pressure may stay below its minimum before the building turns orange
   * (shorter dips are yellow: a pump starting, a hydrant test). Default 5.
   */
  lowPressureMinutes: number;
  /**
   * Minimum fire-water pressure in kPa for points whose catalog gives no low threshold. Default 100 kPa:
   * the static pressure GB 50974 asks at the least favourable hydrant of a high-rise (0.10 MPa).
   */
  defaultMinimumKpa: number;
  /** Per point id: a minimum in kPa that overrides the catalog's low threshold. */
  minimumKpaByPoint: Readonly<Record<string, number>>;
  /** Share of a building's devices offline (0-1) from which it turns orange. Default 0.2. */
  offlineShare: number;
  /** Minutes without any message from an online gateway before its data counts as stale. Default 10. */
  staleMinutes: number;
}

/** The defaults of {@link StatusThresholds} in rule set {@link STATUS_RULE_SET_VERSION}. */
export const defaultStatusThresholds: StatusThresholds = Object.freeze({
  lowPressureMinutes: 5,
  defaultMinimumKpa: 100,
  minimumKpaByPoint: Object.freeze({}),
  offlineShare: 0.2,
  staleMinutes: 10,
});

/** The defaults with `overrides` applied; throws a TypeError naming the bad setting. */
export function resolveThresholds(overrides: Partial<StatusThresholds> = {}): StatusThresholds {
  const thresholds = { ...defaultStatusThresholds, ...overrides };
  const positive = (name: keyof StatusThresholds, value: number) => {
    if (!(Number.isFinite(value) && value > 0)) {
      throw new TypeError(`status thresholds: ${name} must be a positive number, got ${String(value)}`);
    }
  };
  positive('lowPressureMinutes', thresholds.lowPressureMinutes);
  positive('staleMinutes', thresholds.staleMinutes);
  if (!Number.isFinite(thresholds.defaultMinimumKpa) || thresholds.defaultMinimumKpa < 0) {
    throw new TypeError(
      `status thresholds: defaultMinimumKpa must be a number of kPa >= 0, got ${String(thresholds.defaultMinimumKpa)}`,
    );
  }
  if (!(thresholds.offlineShare > 0 && thresholds.offlineShare <= 1)) {
    throw new TypeError(
      `status thresholds: offlineShare is a share of devices, above 0 and at most 1 (e.g. 0.2), got ${String(thresholds.offlineShare)}`,
    );
  }
  for (const [point, kpa] of Object.entries(thresholds.minimumKpaByPoint)) {
    if (!Number.isFinite(kpa)) {
      throw new TypeError(`status thresholds: minimumKpaByPoint["${point}"] must be a number of kPa`);
    }
  }
  return thresholds;
}
