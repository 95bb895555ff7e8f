import { MESSAGE_CLASSES, type MessageClass } from '../message-class.js';
import type { DroppedMessage } from '../outbox/outbox.js';
import type { DropReport } from './uplink-types.js';

const perClass = (): Record<MessageClass, number> => ({ alarm: 0, status: 0, data: 0, historical: 0 });

/**
 * What the outbox dropped (evicted to make room) or refused (full), counted per class and kept as
 * {@link DropReport}s until the gateway takes them into its next batch; each is also told to `report`
 * (the uplink's `drop` event) as it happens.
 */
export class DropReports {
  /** Messages evicted, per class. */
  readonly dropped = perClass();
  /** Messages the full outbox could not take, per class. */
  readonly refused = perClass();
  private pending: DropReport[] = [];

  constructor(private readonly report: (report: DropReport) => void) {}

  /** The outbox evicted these to make room: one report per class. */
  evicted(dropped: readonly DroppedMessage[]): void {
    for (const cls of MESSAGE_CLASSES) {
      const ofClass = dropped.filter((d) => d.cls === cls);
      if (ofClass.length === 0) continue;
      this.dropped[cls] += ofClass.length;
      this.add({
        cls,
        reason: 'overflow',
        messages: ofClass.length,
        bytes: ofClass.reduce((sum, d) => sum + d.bytes, 0),
        sequences: ofClass.map((d) => d.sequence),
      });
    }
  }

  /** The full outbox refused one new message of `cls` (it never got a sequence number). */
  refusedOne(cls: MessageClass): void {
    this.refused[cls]++;
    this.add({ cls, reason: 'refused', messages: 1, bytes: 0, sequences: [] });
  }

  /** The reports since the last call. */
  take(): DropReport[] {
    const reports = this.pending;
    this.pending = [];
    return reports;
  }

  private add(report: DropReport): void {
    this.pending.push(report);
    this.report(report);
  }
}
