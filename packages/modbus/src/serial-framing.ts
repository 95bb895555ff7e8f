import { crc16, hasValidCrc } from './crc.js';
import { responseLengthFromHeader } from './pdu.js';

/**
 * How ADUs look on a serial byte stream: RTU (binary, CRC-16, frames found by length) or ASCII
 * (`:` hex digits, LRC, CR LF). The serial transport does the rest (timing, resync, errors) once for both.
 */
export interface SerialFraming {
  readonly name: 'rtu' | 'ascii';
  /** The frame carrying `pdu` to `unit`. */
  encode(unit: number, pdu: Uint8Array): Uint8Array;
  /**
   * Length of the complete frame at the start of `buffer[0, length)`; `undefined` while incomplete;
   * `null` when only line silence can end it (an RTU function code of unknown layout).
   */
  frameLength(buffer: Uint8Array, length: number): number | null | undefined;
  /** Smallest frame worth judging when silence ends it. */
  readonly minFrameBytes: number;
  /** Unit id and PDU of a complete frame, or `undefined` when its check (CRC or LRC) fails. */
  decode(frame: Uint8Array): { unit: number; pdu: Uint8Array } | undefined;
  /** Bytes on the wire of a frame carrying a PDU of `pduLength` bytes. */
  frameBytes(pduLength: number): number;
}

/** Modbus RTU: unit, PDU, CRC-16 low byte first. */
export const rtuFraming: SerialFraming = {
  name: 'rtu',
  minFrameBytes: 4,
  encode(unit, pdu) {
    const frame = new Uint8Array(pdu.length + 3);
    frame[0] = unit;
    frame.set(pdu, 1);
    const crc = crc16(frame, 0, frame.length - 2);
    frame[frame.length - 2] = crc & 0xff;
    frame[frame.length - 1] = crc >> 8;
    return frame;
  },
  frameLength(buffer, length) {
    if (length < 2) return undefined;
    const pduLength = responseLengthFromHeader(buffer, 1, length - 1);
    return pduLength === undefined || pduLength === null ? pduLength : pduLength + 3;
  },
  decode(frame) {
    if (!hasValidCrc(frame)) return undefined;
    return { unit: frame[0]!, pdu: frame.subarray(1, frame.length - 2) };
  },
  frameBytes: (pduLength) => pduLength + 3,
};

const COLON = 0x3a;
const CR = 0x0d;
const LF = 0x0a;
const HEX = '0123456789ABCDEF';

function lrc(bytes: Uint8Array): number {
  let sum = 0;
  for (const b of bytes) sum = (sum + b) & 0xff;
  return -sum & 0xff;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** Modbus ASCII: `:`, unit + PDU + LRC as upper-case hex, CR LF (Modbus over Serial Line v1.02 §2.5.2). */
export const asciiFraming: SerialFraming = {
  name: 'ascii',
  minFrameBytes: 9,
  encode(unit, pdu) {
    const body = new Uint8Array(pdu.length + 2);
    body[0] = unit;
    body.set(pdu, 1);
    body[body.length - 1] = lrc(body.subarray(0, body.length - 1));
    const frame = new Uint8Array(1 + body.length * 2 + 2);
    frame[0] = COLON;
    body.forEach((b, i) => {
      frame[1 + i * 2] = HEX.charCodeAt(b >> 4);
      frame[2 + i * 2] = HEX.charCodeAt(b & 0x0f);
    });
    frame[frame.length - 2] = CR;
    frame[frame.length - 1] = LF;
    return frame;
  },
  frameLength(buffer, length) {
    for (let i = 1; i < length; i++) if (buffer[i - 1] === CR && buffer[i] === LF) return i + 1;
    return undefined;
  },
  decode(frame) {
    // Anything before the last ':' is noise that preceded the frame.
    const start = frame.lastIndexOf(COLON);
    const digits = frame.length - 2 - (start + 1);
    if (start < 0 || digits < 6 || digits % 2 !== 0) return undefined;
    const body = new Uint8Array(digits / 2);
    for (let i = 0; i < body.length; i++) {
      const high = hexValue(frame[start + 1 + i * 2]!);
      const low = hexValue(frame[start + 2 + i * 2]!);
      if (high < 0 || low < 0) return undefined;
      body[i] = (high << 4) | low;
    }
    if (lrc(body.subarray(0, body.length - 1)) !== body[body.length - 1]) return undefined;
    return { unit: body[0]!, pdu: body.subarray(1, body.length - 1) };
  },
  frameBytes: (pduLength) => 1 + (pduLength + 2) * 2 + 2,
};
