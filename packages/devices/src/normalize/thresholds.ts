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

  update(value: number): ThresholdChange[] {
    const changes: ThresholdChange[] = [];
    const { low, high, hysteresis } = this.spec;
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
