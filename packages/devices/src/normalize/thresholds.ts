import type { EventKind } from '@firecode/schema';
import type { ThresholdSpec } from '../profile/schema.js';

/** A threshold crossing. */
export interface ThresholdChange {
  kind: EventKind;
  active: boolean;
  side: 'low' | 'high';
  threshold: number;
}

/**
 * Low/high alarms with hysteresis for one point. A high alarm starts at `value >= high` and clears at
 * `value < high - hysteresis`; a low alarm starts at `value <= low` and clears at `value > low +
 * hysteresis`. The first value only raises (nothing to clear yet). Callers feed good values only: a
 * lost reading neither raises nor clears.
 */
export class ThresholdTracker {
  private lowActive = false;
  private highActive = false;

  constructor(private readonly spec: ThresholdSpec) {}

  /**
   * Feeds one good value. `limits` replaces the static low/high for this call (thresholds read from
   * the device); a side whose limit is undefined is not evaluated: it neither raises nor clears.
   */
  update(
    value: number,
    limits: { low?: number | undefined; high?: number | undefined } = this.spec,
  ): ThresholdChange[] {
    const changes: ThresholdChange[] = [];
    const { hysteresis } = this.spec;
    const { low, high } = limits;
    if (low !== undefined) {
      if (!this.lowActive && value <= low) {
        this.lowActive = true;
        changes.push({ kind: this.spec.lowEvent, active: true, side: 'low', threshold: low });
      } else if (this.lowActive && value > low + hysteresis) {
        this.lowActive = false;
        changes.push({ kind: this.spec.lowEvent, active: false, side: 'low', threshold: low });
      }
    }
    if (high !== undefined) {
      if (!this.highActive && value >= high) {
        this.highActive = true;
        changes.push({ kind: this.spec.highEvent, active: true, side: 'high', threshold: high });
      } else if (this.highActive && value < high - hysteresis) {
        this.highActive = false;
        changes.push({ kind: this.spec.highEvent, active: false, side: 'high', threshold: high });
      }
    }
    return changes;
  }
}
