import { type Quality, type Reading, ReadingColumns } from '@firecode/schema';
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
  /** The point's id (the normalizer's string, the same object poll after poll). */
  readonly point: string;
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
  /**
   * Per poll columns (each poller reuses its own), the state of the point in each row: a poll's rows
   * come in the same order every time, so the row finds its state by index and one comparison of the
   * id (the same string object), not by hashing the id into {@link ReportFilter.#last}.
   */
  #byRow = new WeakMap<ReadingColumns, (LastReported | undefined)[]>();
  readonly #policyFor: (point: string) => ReportPolicy;

  constructor(policyFor: (point: string) => ReportPolicy) {
    this.#policyFor = policyFor;
  }

  /** Returns the readings that should be reported and records them as reported. */
  filter(readings: readonly Reading[]): Reading[] {
    const columns = ReadingColumns.from(readings);
    return readings.filter((_, row) => this.shouldReportRow(columns, row));
  }

  /**
   * Hands the rows of `readings` worth reporting to `into` (the batcher), recording them as reported;
   * returns how many. The gateway's path from a poll to its batch, without a reading object.
   */
  reportTo(readings: ReadingColumns, into: { addRow(readings: ReadingColumns, row: number): void }): number {
    let rows = this.#byRow.get(readings);
    if (rows === undefined) {
      rows = [];
      this.#byRow.set(readings, rows);
    }
    let reported = 0;
    for (let row = 0; row < readings.length; row += 1) {
      let last = rows[row];
      if (last === undefined || last.point !== readings.pointAt(row)) {
        last = this.#last.get(readings.pointAt(row));
        rows[row] = last;
      }
      if (!this.#shouldReport(readings, row, last)) continue;
      into.addRow(readings, row);
      reported += 1;
    }
    return reported;
  }

  /**
   * Whether row `row` of `readings` should be reported; records it as reported when so. The gateway's
   * hot path: the poll's columns are read in place, and the row's time and value never leave the
   * functions that read them (a double passed to a call that is not inlined is boxed: two heap
   * numbers per reading).
   */
  shouldReportRow(readings: ReadingColumns, row: number): boolean {
    return this.#shouldReport(readings, row, this.#last.get(readings.pointAt(row)));
  }

  /** {@link ReportFilter.shouldReportRow} with the point's state found (`undefined`: never reported). */
  #shouldReport(readings: ReadingColumns, row: number, last: LastReported | undefined): boolean {
    const point = readings.pointAt(row);
    const quality = readings.qualityAt(row);
    if (last === undefined) {
      this.#last.set(point, {
        point,
        value: readings.rawValueAt(row),
        missing: readings.isMissing(row),
        qualityLevel: quality.level,
        qualityReason: quality.reason,
        time: readings.timeAt(row),
        policy: undefined,
      });
      return true;
    }
    last.policy ??= this.#policyFor(point);
    if (!differs(readings, row, quality, last, last.policy)) return false;
    // Updated in place: at 10,000 points a second, a fresh object per reading is garbage to collect.
    last.value = readings.rawValueAt(row);
    last.missing = readings.isMissing(row);
    last.qualityLevel = quality.level;
    last.qualityReason = quality.reason;
    last.time = readings.timeAt(row);
    return true;
  }

  /**
   * Forget a point's history and policy, e.g. after a configuration reload, so its next value is
   * always sent and its policy is resolved again from the new configuration.
   */
  forget(point?: string): void {
    if (point === undefined) this.#last.clear();
    else this.#last.delete(point);
    this.#byRow = new WeakMap();
  }
}

function differs(
  readings: ReadingColumns,
  row: number,
  quality: Quality,
  last: LastReported,
  policy: ReportPolicy,
): boolean {
  // A change of quality is always news: the platform must learn at once that a sensor went bad.
  if (quality.level !== last.qualityLevel || quality.reason !== last.qualityReason) return true;
  const elapsed = readings.timeAt(row) - last.time;
  if (policy.heartbeatMs !== undefined && policy.heartbeatMs > 0 && elapsed >= policy.heartbeatMs)
    return true;
  const periodDue = policy.periodMs !== undefined && elapsed >= policy.periodMs;
  switch (policy.strategy) {
    case 'on-change':
      return valueChanged(readings, row, last, 0);
    case 'deadband':
      return valueChanged(readings, row, last, policy.deadband ?? 0);
    case 'period':
      return periodDue;
    case 'on-change-or-period':
      return periodDue || valueChanged(readings, row, last, 0);
  }
}

function valueChanged(readings: ReadingColumns, row: number, last: LastReported, deadband: number): boolean {
  const missing = readings.isMissing(row);
  if (missing || last.missing) return missing !== last.missing;
  const value = readings.rawValueAt(row);
  return deadband > 0 ? Math.abs(value - last.value) >= deadband : value !== last.value;
}
