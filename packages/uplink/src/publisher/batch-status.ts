import type { BatchStatus } from '@firecode/codec';
import { GatewayConditions } from './gateway-conditions.js';
import type { Uplink } from './uplink.js';

/**
 * Builds the status every data batch carries (`BatchStatus` of `@firecode/codec`, the same fields from
 * the SDK and the gateway): the GB/T 26875.3 transmission-device status byte from the active
 * conditions and the link, what the outbox dropped since the previous batch (so the platform knows
 * data is missing), and the running total (a batch carrying a report may itself be evicted later).
 */
export class BatchStatusBuilder {
  /** The active alarms, faults and unreachable devices behind the status byte; feed it every event. */
  readonly conditions = new GatewayConditions();

  constructor(private readonly uplink: Pick<Uplink, 'takeDropReports' | 'stats' | 'isConnected'>) {}

  /** The status for the batch being built now; takes the drop reports since the previous one. */
  next(): BatchStatus {
    const drops = this.uplink.takeDropReports();
    let droppedMessages = 0;
    let droppedBytes = 0;
    for (const report of drops) {
      droppedMessages += report.messages;
      droppedBytes += report.bytes;
    }
    const { dropped, refused } = this.uplink.stats();
    let droppedTotal = 0;
    for (const count of Object.values(dropped)) droppedTotal += count;
    for (const count of Object.values(refused)) droppedTotal += count;
    return {
      transmissionStatus: this.conditions.statusByte(this.uplink.isConnected),
      droppedTotal,
      ...(drops.length > 0 ? { droppedMessages, droppedBytes } : {}),
    };
  }
}
