/**
 * How busy a read plan keeps a serial line. Source: Modbus over Serial Line Specification V1.02,
 * 2.5.1.1: a character is start + data + parity + stop bits; frames are separated by at least 3.5
 * character times, fixed at 1.75 ms above 19200 baud. RTU frames: address, function, data, CRC(2).
 */

import { isBitTable, type RegisterTable } from '@firecode/modbus';

/** One read request of a plan. */
export interface PlannedRead {
  table: RegisterTable;
  address: number;
  count: number;
}

/** Serial framing of a line. */
export interface SerialFraming {
  baud: number;
  dataBits: 7 | 8;
  parity: 'none' | 'even' | 'odd';
  stopBits: 1 | 2;
}

const FIXED_GAP_ABOVE_BAUD = 19_200;
const FIXED_GAP_MS = 1.75;
/** Read request: unit, function, address (2), count (2), CRC (2). */
const RTU_READ_REQUEST_BYTES = 8;
/** Read reply without data: unit, function, byte count, CRC (2). */
const RTU_READ_REPLY_OVERHEAD_BYTES = 5;
/** Modbus TCP adds a 7-byte MBAP header and drops the CRC: request 12 bytes, reply 9 + data. */
const TCP_READ_REQUEST_BYTES = 12;
const TCP_READ_REPLY_OVERHEAD_BYTES = 9;

/** Time of one character on the wire in ms (9600 8N1: 1.042 ms). */
export function characterTimeMs(framing: SerialFraming): number {
  const bits = 1 + framing.dataBits + (framing.parity === 'none' ? 0 : 1) + framing.stopBits;
  return (bits * 1000) / framing.baud;
}

/** The silence that ends a frame (t3.5) in ms. */
export function frameGapMs(framing: SerialFraming): number {
  return framing.baud > FIXED_GAP_ABOVE_BAUD ? FIXED_GAP_MS : 3.5 * characterTimeMs(framing);
}

/** Data bytes of a read reply: two per register, one per eight coils or inputs. */
export function replyDataBytes(read: PlannedRead): number {
  return isBitTable(read.table) ? Math.ceil(read.count / 8) : read.count * 2;
}

/** Bytes of one read's request and reply on an RTU line. */
export function rtuFrameBytes(read: PlannedRead): { request: number; reply: number } {
  return { request: RTU_READ_REQUEST_BYTES, reply: RTU_READ_REPLY_OVERHEAD_BYTES + replyDataBytes(read) };
}

/** Bytes of one read's request and reply over Modbus TCP. */
export function tcpFrameBytes(read: PlannedRead): { request: number; reply: number } {
  return { request: TCP_READ_REQUEST_BYTES, reply: TCP_READ_REPLY_OVERHEAD_BYTES + replyDataBytes(read) };
}

/**
 * Line time of one read in ms: request, gap, reply, gap, plus the configured delay between requests.
 * The slave's processing time is not known before it is measured, so it is not included: the
 * estimate is a lower bound.
 */
export function readLineTimeMs(read: PlannedRead, framing: SerialFraming, interRequestDelayMs = 0): number {
  const { request, reply } = rtuFrameBytes(read);
  const char = characterTimeMs(framing);
  return (request + reply) * char + 2 * frameGapMs(framing) + interRequestDelayMs;
}

/** One device's share of a line. */
export interface DeviceLoad {
  device: string;
  requests: number;
  pollIntervalMs: number;
  /** Line time of one poll of the device, ms. */
  pollTimeMs: number;
  /** pollTimeMs / pollIntervalMs. */
  utilisation: number;
}

/** The devices on one line and the line's total estimated utilisation (1 = saturated). */
export interface LineLoad {
  devices: DeviceLoad[];
  utilisation: number;
  requestsPerSecond: number;
}

/** Estimated utilisation of a serial line polling `devices` with their plans. */
export function estimateLineLoad(
  devices: readonly { device: string; plan: readonly PlannedRead[]; pollIntervalMs: number }[],
  framing: SerialFraming,
  interRequestDelayMs = 0,
): LineLoad {
  const loads = devices.map(({ device, plan, pollIntervalMs }) => {
    const pollTimeMs = plan.reduce(
      (sum, read) => sum + readLineTimeMs(read, framing, interRequestDelayMs),
      0,
    );
    return {
      device,
      requests: plan.length,
      pollIntervalMs,
      pollTimeMs,
      utilisation: pollTimeMs / pollIntervalMs,
    };
  });
  return {
    devices: loads,
    utilisation: loads.reduce((sum, d) => sum + d.utilisation, 0),
    requestsPerSecond: loads.reduce((sum, d) => sum + (d.requests * 1000) / d.pollIntervalMs, 0),
  };
}
