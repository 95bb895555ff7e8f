import type { Reading } from '@firecode/schema';
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

interface LastReported {
  value: number | null;
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
    return readings.filter((reading) => this.#shouldReport(reading));
  }

  /**
   * Forget a point's history and policy, e.g. after a configuration reload, so its next value is
   * always sent and its policy is resolved again from the new configuration.
   */
  forget(point?: string): void {
    if (point === undefined) this.#last.clear();
    else this.#last.delete(point);
  }

  #shouldReport(reading: Reading): boolean {
    const last = this.#last.get(reading.point);
    if (last === undefined) {
      this.#last.set(reading.point, {
        value: reading.value,
        qualityLevel: reading.quality.level,
        qualityReason: reading.quality.reason,
        time: reading.time,
        policy: undefined,
      });
      return true;
    }
    last.policy ??= this.#policyFor(reading.point);
    if (!this.#differs(reading, last, last.policy)) return false;
    // Updated in place: at 10,000 points a second, a fresh object per reading is garbage to collect.
    last.value = reading.value;
    last.qualityLevel = reading.quality.level;
    last.qualityReason = reading.quality.reason;
    last.time = reading.time;
    return true;
  }

  #differs(reading: Reading, last: LastReported, policy: ReportPolicy): boolean {
    // A change of quality is always news: the platform must learn at once that a sensor went bad.
    if (reading.quality.level !== last.qualityLevel || reading.quality.reason !== last.qualityReason)
      return true;
    const elapsed = reading.time - last.time;
    if (policy.heartbeatMs !== undefined && policy.heartbeatMs > 0 && elapsed >= policy.heartbeatMs)
      return true;
    const changed = valueChanged(
      reading.value,
      last.value,
      policy.strategy === 'deadband' ? policy.deadband : 0,
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
}

function valueChanged(value: number | null, last: number | null, deadband = 0): boolean {
  if (value === null || last === null) return value !== last;
  return deadband > 0 ? Math.abs(value - last) >= deadband : value !== last;
}
