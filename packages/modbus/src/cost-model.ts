import type { LineTiming } from './line-timing.js';

/**
 * What one more request costs, in the currency of the wire: byte times. The planner fills a hole
 * between two wanted ranges when reading the hole costs fewer byte times than a separate request.
 */
export interface CostModel {
  /** Fixed cost of one request/response exchange, in byte times. */
  requestOverheadBytes: number;
  /** One line for `explain()`. */
  description: string;
}

/** RTU request frame for a read: unit, function, address (2), count (2), CRC (2). */
const RTU_READ_REQUEST_BYTES = 8;
/** RTU response frame without data: unit, function, byte count, CRC (2). */
const RTU_READ_RESPONSE_OVERHEAD_BYTES = 5;

/**
 * Cost of a request on a serial line: both frames' fixed bytes, two inter-frame silences, and the
 * slave's turnaround, all converted to character times at this baud rate.
 */
export function rtuCostModel(timing: LineTiming, options: { turnaroundMs?: number } = {}): CostModel {
  const turnaroundMs = options.turnaroundMs ?? 5;
  const silences = (2 * timing.interFrameMs) / timing.charMs;
  const turnaround = turnaroundMs / timing.charMs;
  const overhead = RTU_READ_REQUEST_BYTES + RTU_READ_RESPONSE_OVERHEAD_BYTES + silences + turnaround;
  return {
    requestOverheadBytes: overhead,
    description:
      `RTU ${timing.baudRate} baud: one request costs ${overhead.toFixed(1)} byte times ` +
      `(13 frame bytes, 2 silences of ${timing.interFrameMs.toFixed(2)} ms, ${turnaroundMs} ms turnaround)`,
  };
}

/** MBAP request (7 + 5) and response header (7 + 2) plus TCP/IP/Ethernet headers both ways. */
const TCP_FIXED_BYTES = 12 + 9 + 2 * 54;

/**
 * Cost of a request over Modbus TCP: headers plus the round trip, converted to bytes at the link's
 * throughput. Devices behind TCP gateways have round trips of tens of milliseconds: give `roundTripMs`.
 */
export function tcpCostModel(options: { roundTripMs?: number; bytesPerMs?: number } = {}): CostModel {
  const roundTripMs = options.roundTripMs ?? 2;
  const bytesPerMs = options.bytesPerMs ?? 1250; // 10 Mbit/s, a typical embedded Ethernet device
  const overhead = TCP_FIXED_BYTES + roundTripMs * bytesPerMs;
  return {
    requestOverheadBytes: overhead,
    description: `Modbus TCP: one request costs ${overhead.toFixed(0)} byte times (${TCP_FIXED_BYTES} header bytes, ${roundTripMs} ms round trip at ${bytesPerMs} bytes/ms)`,
  };
}
