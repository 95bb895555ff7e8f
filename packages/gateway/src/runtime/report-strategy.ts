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
 * The last reported reading of every point, as columns indexed by a slot per point: the value and
 * time in typed arrays (doubles in place, no heap number per reading), the quality's level and reason
 * and the resolved policy beside them. As one object per point (10,000 at building scale, scattered
 * over the old generation and cold in the cache by the next poll) each reading cost a cache miss or
 * two; a device's points now sit next to each other.
 */
class LastReported {
  /** Slot → point id (`undefined`: a free slot). */
  points: (string | undefined)[] = [];
  values = new Float64Array(64);
  times = new Float64Array(64);
  /** 1 where the reported reading had no value. */
  missing = new Uint8Array(64);
  qualityLevels: string[] = [];
  qualityReasons: (string | undefined)[] = [];
  /**
   * The point's policy, resolved at its second reading and kept: resolving walks the configuration,
   * and this runs per reading.
   */
  policies: (ReportPolicy | undefined)[] = [];
  readonly #slotOf = new Map<string, number>();
  readonly #free: number[] = [];

  slotOf(point: string): number {
    return this.#slotOf.get(point) ?? -1;
  }

  /** A slot for a point never reported (or forgotten). */
  add(point: string): number {
    let slot = this.#free.pop();
    if (slot === undefined) {
      slot = this.points.length;
      if (slot === this.values.length) this.#grow(slot * 2);
    }
    this.#slotOf.set(point, slot);
    this.points[slot] = point;
    this.policies[slot] = undefined;
    return slot;
  }

  forget(point: string): void {
    const slot = this.#slotOf.get(point);
    if (slot === undefined) return;
    this.#slotOf.delete(point);
    this.points[slot] = undefined;
    this.policies[slot] = undefined;
    this.#free.push(slot);
  }

  #grow(capacity: number): void {
    const values = new Float64Array(capacity);
    values.set(this.values);
    this.values = values;
    const times = new Float64Array(capacity);
    times.set(this.times);
    this.times = times;
    const missing = new Uint8Array(capacity);
    missing.set(this.missing);
    this.missing = missing;
  }
}

/** Decides per reading whether it is reported; remembers the last reported value of each point. */
export class ReportFilter {
  #last = new LastReported();
  /**
   * Per poll columns (each poller reuses its own), the slot of the point in each row: a poll's rows
   * come in the same order every time, so the row finds its slot by index and one comparison of the
   * id (the same string object), not by hashing the id.
   */
  #byRow = new WeakMap<ReadingColumns, number[]>();
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
    const last = this.#last;
    let reported = 0;
    for (let row = 0; row < readings.length; row += 1) {
      let slot = rows[row] ?? -1;
      if (slot < 0 || last.points[slot] !== readings.pointAt(row)) {
        slot = last.slotOf(readings.pointAt(row));
        rows[row] = slot;
      }
      if (!this.#shouldReport(readings, row, slot)) continue;
      into.addRow(readings, row);
      reported += 1;
    }
    return reported;
  }

  /** Whether row `row` of `readings` should be reported; records it as reported when so. */
  shouldReportRow(readings: ReadingColumns, row: number): boolean {
    return this.#shouldReport(readings, row, this.#last.slotOf(readings.pointAt(row)));
  }

  /**
   * {@link ReportFilter.shouldReportRow} with the point's slot found (-1: never reported). The row's
   * time and value are read from the columns where they are compared, never passed as arguments (a
   * double passed to a call that is not inlined is boxed: two heap numbers per reading).
   */
  #shouldReport(readings: ReadingColumns, row: number, found: number): boolean {
    const last = this.#last;
    const quality = readings.qualityAt(row);
    let slot = found;
    if (slot < 0) {
      slot = last.add(readings.pointAt(row));
    } else {
      let policy = last.policies[slot];
      if (policy === undefined) {
        policy = this.#policyFor(readings.pointAt(row));
        last.policies[slot] = policy;
      }
      if (!differs(readings, row, quality, last, slot, policy)) return false;
    }
    last.values[slot] = readings.rawValueAt(row);
    last.missing[slot] = readings.isMissing(row) ? 1 : 0;
    last.qualityLevels[slot] = quality.level;
    last.qualityReasons[slot] = quality.reason;
    last.times[slot] = readings.timeAt(row);
    return true;
  }

  /**
   * Forget a point's history and policy, e.g. after a configuration reload, so its next value is
   * always sent and its policy is resolved again from the new configuration.
   */
  forget(point?: string): void {
    if (point === undefined) this.#last = new LastReported();
    else this.#last.forget(point);
    this.#byRow = new WeakMap();
  }
}

function differs(
  readings: ReadingColumns,
  row: number,
  quality: Quality,
  last: LastReported,
  slot: number,
  policy: ReportPolicy,
): boolean {
  // A change of quality is always news: the platform must learn at once that a sensor went bad.
  if (quality.level !== last.qualityLevels[slot] || quality.reason !== last.qualityReasons[slot]) return true;
  const elapsed = readings.timeAt(row) - last.times[slot]!;
  if (policy.heartbeatMs !== undefined && policy.heartbeatMs > 0 && elapsed >= policy.heartbeatMs)
    return true;
  const periodDue = policy.periodMs !== undefined && elapsed >= policy.periodMs;
  switch (policy.strategy) {
    case 'on-change':
      return valueChanged(readings, row, last, slot, 0);
    case 'deadband':
      return valueChanged(readings, row, last, slot, policy.deadband ?? 0);
    case 'period':
      return periodDue;
    case 'on-change-or-period':
      return periodDue || valueChanged(readings, row, last, slot, 0);
  }
}

function valueChanged(
  readings: ReadingColumns,
  row: number,
  last: LastReported,
  slot: number,
  deadband: number,
): boolean {
  const missing = readings.isMissing(row);
  const lastMissing = last.missing[slot] === 1;
  if (missing || lastMissing) return missing !== lastMissing;
  const value = readings.rawValueAt(row);
  const lastValue = last.values[slot]!;
  return deadband > 0 ? Math.abs(value - lastValue) >= deadband : value !== lastValue;
}
