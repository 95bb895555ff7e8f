/*
 * A small, independent Modbus RTU frame reader for golden tests: it checks CRCs and splits PDUs
 * without using the Modbus engine under test, so a shared bug cannot hide in both.
 */

/** "01 03 00 00" → bytes. */
export function hexToBytes(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new Error(`not a hex byte string: "${hex}"`);
  return Uint8Array.from(clean.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
}

/** CRC-16/MODBUS, bit by bit (deliberately not the table-driven one of the engine). */
export function crc16Modbus(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

/** Strips and checks the CRC (low byte first on the wire); throws naming the frame when it is wrong. */
export function checkedPdu(hex: string): { unit: number; pdu: Uint8Array } {
  const frame = hexToBytes(hex);
  if (frame.length < 4) throw new Error(`frame too short: ${hex}`);
  const body = frame.subarray(0, frame.length - 2);
  const crc = crc16Modbus(body);
  const wire = frame[frame.length - 2]! | (frame[frame.length - 1]! << 8);
  if (crc !== wire) {
    throw new Error(
      `bad CRC in ${hex}: computed ${crc.toString(16).padStart(4, '0')}, frame has ${wire.toString(16).padStart(4, '0')}`,
    );
  }
  return { unit: body[0]!, pdu: body.subarray(1) };
}

const word = (bytes: Uint8Array, offset: number) => (bytes[offset]! << 8) | bytes[offset + 1]!;

/** A master's request. */
export interface RtuRequest {
  unit: number;
  functionCode: number;
  address: number;
  /** Registers or bits asked for (reads, FC15/16). */
  count: number;
  /** Values written (FC05/06: one; FC16: all). */
  values: number[];
}

/** Parses a request frame (FC01-06, FC15, FC16). */
export function parseRtuRequest(hex: string): RtuRequest {
  const { unit, pdu } = checkedPdu(hex);
  const functionCode = pdu[0]!;
  const address = word(pdu, 1);
  switch (functionCode) {
    case 1:
    case 2:
    case 3:
    case 4:
      return { unit, functionCode, address, count: word(pdu, 3), values: [] };
    case 5:
    case 6:
      return { unit, functionCode, address, count: 1, values: [word(pdu, 3)] };
    case 16: {
      const count = word(pdu, 3);
      const byteCount = pdu[5]!;
      if (byteCount !== count * 2 || pdu.length !== 6 + byteCount)
        throw new Error(`FC16 byte count mismatch in ${hex}`);
      return {
        unit,
        functionCode,
        address,
        count,
        values: Array.from({ length: count }, (_, i) => word(pdu, 6 + i * 2)),
      };
    }
    default:
      throw new Error(`function code ${functionCode} not supported by the golden reader: ${hex}`);
  }
}

/** A slave's reply, read in the light of the request it answers. */
export type RtuReply =
  | { kind: 'registers'; unit: number; words: number[] }
  | { kind: 'bits'; unit: number; bits: number[] }
  | { kind: 'write-ack'; unit: number; address: number; value: number }
  | { kind: 'exception'; unit: number; functionCode: number; exceptionCode: number };

/**
 * Parses a reply. `exceptionFunctionCode` is the device quirk (e.g. 0x80) when its exception replies
 * do not carry `request | 0x80`; without it such a reply is rejected as unexpected.
 */
export function parseRtuReply(
  hex: string,
  request: RtuRequest,
  quirks: { exceptionFunctionCode?: number } = {},
): RtuReply {
  const { unit, pdu } = checkedPdu(hex);
  if (unit !== request.unit)
    throw new Error(`reply from unit ${unit} to a request for unit ${request.unit}: ${hex}`);
  const functionCode = pdu[0]!;
  const exceptionCode = quirks.exceptionFunctionCode ?? request.functionCode | 0x80;
  if (functionCode === exceptionCode && pdu.length === 2) {
    return { kind: 'exception', unit, functionCode, exceptionCode: pdu[1]! };
  }
  if (functionCode !== request.functionCode) {
    throw new Error(
      `reply function code 0x${functionCode.toString(16)} does not answer 0x${request.functionCode.toString(16)}: ${hex}`,
    );
  }
  switch (functionCode) {
    case 1:
    case 2: {
      const byteCount = pdu[1]!;
      if (byteCount !== Math.ceil(request.count / 8) || pdu.length !== 2 + byteCount)
        throw new Error(`bit reply length mismatch: ${hex}`);
      const bits = Array.from({ length: request.count }, (_, i) => (pdu[2 + (i >> 3)]! >> (i & 7)) & 1);
      return { kind: 'bits', unit, bits };
    }
    case 3:
    case 4: {
      const byteCount = pdu[1]!;
      if (byteCount !== request.count * 2 || pdu.length !== 2 + byteCount)
        throw new Error(`register reply length mismatch: ${hex}`);
      return {
        kind: 'registers',
        unit,
        words: Array.from({ length: request.count }, (_, i) => word(pdu, 2 + i * 2)),
      };
    }
    case 5:
    case 6:
    case 16:
      return { kind: 'write-ack', unit, address: word(pdu, 1), value: word(pdu, 3) };
    default:
      throw new Error(`function code ${functionCode} not supported by the golden reader: ${hex}`);
  }
}
