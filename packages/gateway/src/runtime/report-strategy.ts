import type { Quality, Reading, ReadingColumns } from '@firecode/schema';
import type { ReportStrategy } from '../config/schema.js';

/**
 * When a polled value is worth sending. Polling every second and sending every value would waste a
 * metered cellular link; sending only changes would leave the platform unable to tell "unchanged" from
 * "gateway dead". So: a strategy decides, and a heartbeat bounds the silence.
 */
export interface ReportPolicy {
  strategy: ReportStrategy;
  /** Absolute change (in the point's canonical unit) that counts as a change for 'deadband'. */
  deadband?: number;
  /** For 'period' and 'on-change-or-period': report at least this often. */
  periodMs?: number;
  /** Report even an unchanged value after this long, whatever the strategy; 0 or absent: no heartbeat. */
  heartbeatMs?: number;
}

/**
 * The last reported reading of a point. `value` and `time` are always numbers (`missing` says when
 * there was no value): V8 then keeps them as doubles updated in place, where a field that may hold
 * `null` boxes every number written to it (two heap numbers per reading at 10,000 readings a second).
 */
interface LastReported {
  value: number;
  missing: boolean;
  qualityLevel: string;
  qualityReason: string | undefined;
  time: number;
  /**
   * The point's policy, resolved at its second reading and kept: resolving walks the configuration,
   * and this runs per reading. Kept here, one map lookup per reading finds both.
   */
  policy: ReportPolicy | undefined;
}

/** Decides per reading whether it is reported; remembers the last reported value of each point. */
export class ReportFilter {
  readonly #last = new Map<string, LastReported>();
  readonly #policyFor: (point: string) => ReportPolicy;

  constructor(policyFor: (point: string) => ReportPolicy) {
    this.#policyFor = policyFor;
  }

  /** Returns the readings that should be reported and records them as reported. */
  filter(readings: readonly Reading[]): Reading[] {
    return readings.filter((r) =>
      this.#shouldReport(r.point, r.time, r.value === null, r.value ?? 0, r.quality),
    );
  }

  /**
   * Hands the rows of `readings` worth reporting to `into` (the batcher), recording them as reported;
   * returns how many. The gateway's path from a poll to its batch, without a reading object.
   */
  reportTo(readings: ReadingColumns, into: { addRow(readings: ReadingColumns, row: number): void }): number {
    let reported = 0;
    for (let row = 0; row < readings.length; row += 1) {
      if (!this.shouldReportRow(readings, row)) continue;
      into.addRow(readings, row);
      reported += 1;
    }
    return reported;
  }

  /**
   * Whether row `row` of `readings` should be reported; records it as reported when so. The gateway's
   * hot path: the poll's columns are read in place, no reading object is made.
   */
  shouldReportRow(readings: ReadingColumns, row: number): boolean {
    return this.#shouldReport(
      readings.pointAt(row),
      readings.timeAt(row),
      readings.isMissing(row),
      readings.rawValueAt(row),
      readings.qualityAt(row),
    );
  }

  /**
   * Forget a point's history and policy, e.g. after a configuration reload, so its next value is
   * always sent and its policy is resolved again from the new configuration.
   */
  forget(point?: string): void {
    if (point === undefined) this.#last.clear();
    else this.#last.delete(point);
  }

  #shouldReport(point: string, time: number, missing: boolean, value: number, quality: Quality): boolean {
    const last = this.#last.get(point);
    if (last === undefined) {
      this.#last.set(point, {
        value,
        missing,
        qualityLevel: quality.level,
        qualityReason: quality.reason,
        time,
        policy: undefined,
      });
      return true;
    }
    last.policy ??= this.#policyFor(point);
    if (!differs(time, missing, value, quality, last, last.policy)) return false;
    // Updated in place: at 10,000 points a second, a fresh object per reading is garbage to collect.
    last.value = value;
    last.missing = missing;
    last.qualityLevel = quality.level;
    last.qualityReason = quality.reason;
    last.time = time;
    return true;
  }
}

function differs(
  time: number,
  missing: boolean,
  value: number,
  quality: Quality,
  last: LastReported,
  policy: ReportPolicy,
): boolean {
  // A change of quality is always news: the platform must learn at once that a sensor went bad.
  if (quality.level !== last.qualityLevel || quality.reason !== last.qualityReason) return true;
  const elapsed = time - last.time;
  if (policy.heartbeatMs !== undefined && policy.heartbeatMs > 0 && elapsed >= policy.heartbeatMs)
    return true;
  const changed = valueChanged(
    missing,
    value,
    last,
    policy.strategy === 'deadband' ? (policy.deadband ?? 0) : 0,
  );
  const periodDue = policy.periodMs !== undefined && elapsed >= policy.periodMs;
  switch (policy.strategy) {
    case 'on-change':
    case 'deadband':
      return changed;
    case 'period':
      return periodDue;
    case 'on-change-or-period':
      return changed || periodDue;
  }
}

function valueChanged(missing: boolean, value: number, last: LastReported, deadband: number): boolean {
  if (missing || last.missing) return missing !== last.missing;
  return deadband > 0 ? Math.abs(value - last.value) >= deadband : value !== last.value;
}
