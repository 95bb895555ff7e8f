import { crc16, hasValidCrc as crcMatches } from '@firecode/modbus';

// One CRC for master and slave: the Modbus engine's table-driven CRC-16/MODBUS.
export { crc16 };

/** `unit + pdu + crc` as an RTU frame. */
export function rtuFrame(unit: number, pdu: Uint8Array): Buffer {
  const frame = Buffer.alloc(pdu.length + 3);
  frame[0] = unit;
  frame.set(pdu, 1);
  frame.writeUInt16LE(crc16(frame, 0, pdu.length + 1), pdu.length + 1);
  return frame;
}

/** True when `frame` is long enough for unit + function + CRC and its last two bytes are the CRC of the rest. */
export function hasValidCrc(frame: Uint8Array): boolean {
  return frame.length >= 4 && crcMatches(frame);
}
