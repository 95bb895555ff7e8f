import type { SlaveConnection, WriteBytes } from './connection.js';
import { mbapFrame, parseMbap } from './mbap.js';
import type { SlaveEngine } from './slave-engine.js';

/**
 * Serves Modbus TCP (MBAP) requests on one connection. A header that cannot be valid (protocol id
 * not 0, impossible length) is counted and ends the connection, as MBAP cannot resynchronise.
 */
export function mbapConnection(engine: SlaveEngine, write: WriteBytes, end: () => void): SlaveConnection {
  let buffer: Buffer = Buffer.alloc(0);
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  return {
    receive(chunk) {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      for (;;) {
        const parsed = parseMbap(buffer);
        if (parsed.kind === 'incomplete') return;
        if (parsed.kind === 'invalid') {
          engine.countBadFrame();
          buffer = Buffer.alloc(0);
          end();
          return;
        }
        buffer = buffer.subarray(parsed.consumed);
        const { transactionId, unit, pdu } = parsed.request;
        const decision = engine.handle(unit, pdu);
        if (decision.action === 'silent') continue;
        const bytes =
          decision.garbage ?? mbapFrame(transactionId, unit, decision.pdu, decision.corruptChecksum);
        if (decision.delayMs <= 0) {
          write(bytes);
          continue;
        }
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!closed) write(bytes);
        }, decision.delayMs);
        timers.add(timer);
      }
    },
    close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
