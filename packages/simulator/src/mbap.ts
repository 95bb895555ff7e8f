/**
 * Modbus TCP application header (MBAP): transaction id (2), protocol id (2, always 0), length (2,
 * unit id + PDU), unit id (1). Source: Modbus Messaging on TCP/IP Implementation Guide V1.0b, 3.1.3.
 */
export const MBAP_HEADER_LENGTH = 7;
/** Largest PDU (function code + data) of Modbus. */
export const MAX_PDU_LENGTH = 253;

/** One request taken off a TCP stream. */
export interface MbapRequest {
  transactionId: number;
  unit: number;
  pdu: Buffer;
}

/** Result of trying to take one request off the front of `buffer`. */
export type MbapParse =
  | { kind: 'incomplete' }
  | { kind: 'request'; request: MbapRequest; consumed: number }
  | { kind: 'invalid'; reason: string };

/** Parses one MBAP request from the front of `buffer`. An invalid header cannot be resynchronised. */
export function parseMbap(buffer: Buffer): MbapParse {
  if (buffer.length < MBAP_HEADER_LENGTH) return { kind: 'incomplete' };
  const protocolId = buffer.readUInt16BE(2);
  const length = buffer.readUInt16BE(4);
  if (protocolId !== 0) return { kind: 'invalid', reason: `protocol id ${protocolId}, expected 0` };
  if (length < 2 || length > MAX_PDU_LENGTH + 1) {
    return { kind: 'invalid', reason: `length field ${length}, expected 2..${MAX_PDU_LENGTH + 1}` };
  }
  const total = 6 + length;
  if (buffer.length < total) return { kind: 'incomplete' };
  return {
    kind: 'request',
    request: {
      transactionId: buffer.readUInt16BE(0),
      unit: buffer[6] as number,
      pdu: Buffer.from(buffer.subarray(MBAP_HEADER_LENGTH, total)),
    },
    consumed: total,
  };
}

/**
 * Frames a reply PDU. `corrupt` writes protocol id 0xFFFF instead of 0 — MBAP has no CRC, so this is
 * its counterpart of a broken checksum: a header every master must reject.
 */
export function mbapFrame(transactionId: number, unit: number, pdu: Uint8Array, corrupt = false): Buffer {
  const frame = Buffer.alloc(MBAP_HEADER_LENGTH + pdu.length);
  frame.writeUInt16BE(transactionId, 0);
  frame.writeUInt16BE(corrupt ? 0xffff : 0, 2);
  frame.writeUInt16BE(pdu.length + 1, 4);
  frame[6] = unit;
  frame.set(pdu, MBAP_HEADER_LENGTH);
  return frame;
}
