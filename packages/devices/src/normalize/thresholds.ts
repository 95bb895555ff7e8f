import {
  type EventKind,
  evaluateThresholds,
  NO_THRESHOLD_ALARM,
  type ThresholdState,
} from '@firecode/schema';
import type { ThresholdSpec } from '../profile/schema.js';

/** A threshold crossing. */
export interface ThresholdChange {
  kind: EventKind;
  active: boolean;
  side: 'low' | 'high';
  threshold: number;
}

/**
 * Low/high alarms with hysteresis for one point, as edges. The rule itself is the schema's
 * `evaluateThresholds` (high starts at `value >= high`, clears below `high - hysteresis`; low starts
 * at `value <= low`, clears above `low + hysteresis`); this class remembers the state and reports
 * changes only. Callers feed good values only: a lost reading neither raises nor clears.
 */
export class ThresholdTracker {
  private state: ThresholdState = { ...NO_THRESHOLD_ALARM };

  constructor(private readonly spec: ThresholdSpec) {}

  /**
   * Feeds one good value. `limits` replaces the static low/high for this call (thresholds read from
   * the device); a side whose limit is undefined is not evaluated: it neither raises nor clears.
   */
  update(
    value: number,
    limits: { low?: number | undefined; high?: number | undefined } = this.spec,
  ): ThresholdChange[] {
    const { low, high } = limits;
    const next = evaluateThresholds({ low, high, hysteresis: this.spec.hysteresis }, value, this.state);
    if (low === undefined) next.low = this.state.low;
    if (high === undefined) next.high = this.state.high;
    const changes: ThresholdChange[] = [];
    if (next.low !== this.state.low && low !== undefined) {
      changes.push({ kind: this.spec.lowEvent, active: next.low, side: 'low', threshold: low });
    }
    if (next.high !== this.state.high && high !== undefined) {
      changes.push({ kind: this.spec.highEvent, active: next.high, side: 'high', threshold: high });
    }
    this.state = next;
    return changes;
  }
}
