/**
 * The on-disk record: a fixed 20-byte little-endian header followed by the payload.
 *
 * | offset | size | field                                        |
 * |--------|------|----------------------------------------------|
 * | 0      | 2    | magic 0xF1C5                                 |
 * | 2      | 1    | class code (0 alarm, 1 status, 2 data, 3 historical) |
 * | 3      | 1    | flags: bit 0 = historical                    |
 * | 4      | 4    | payload length                               |
 * | 8      | 8    | sequence number (unsigned 64-bit)            |
 * | 16     | 4    | CRC-32 of bytes 0..15 and the payload        |
 *
 * Every message is accounted at header + payload bytes in both outboxes, so limits behave the same.
 */
import { MESSAGE_CLASSES, type MessageClass } from '../message-class.js';
import { crc32 } from './crc32.js';

export const RECORD_HEADER_BYTES = 20;
export const RECORD_MAGIC = 0xf1c5;
const FLAG_HISTORICAL = 1;

/** A decoded record header and where its payload sits in the buffer. */
export interface DecodedRecord {
  readonly sequence: bigint;
  readonly cls: MessageClass;
  readonly historical: boolean;
  readonly payloadOffset: number;
  readonly payloadLength: number;
  /** Total bytes of the record (header + payload). */
  readonly recordBytes: number;
}

/** Why a record could not be decoded; everything from its offset on is a torn or corrupt tail. */
export type RecordProblem = 'torn-header' | 'bad-magic' | 'bad-class' | 'torn-payload' | 'crc-mismatch';

export function encodeRecord(
  sequence: bigint,
  cls: MessageClass,
  historical: boolean,
  payload: Uint8Array,
): Buffer {
  const record = Buffer.allocUnsafe(RECORD_HEADER_BYTES + payload.length);
  record.writeUInt16LE(RECORD_MAGIC, 0);
  record.writeUInt8(MESSAGE_CLASSES.indexOf(cls), 2);
  record.writeUInt8(historical ? FLAG_HISTORICAL : 0, 3);
  record.writeUInt32LE(payload.length, 4);
  record.writeBigUInt64LE(sequence, 8);
  record.set(payload, RECORD_HEADER_BYTES);
  const crc = crc32(record.subarray(RECORD_HEADER_BYTES), crc32(record.subarray(0, 16)));
  record.writeUInt32LE(crc, 16);
  return record;
}

/** Decodes the record at `offset`, or says why it cannot. */
export function decodeRecord(buffer: Buffer, offset: number): DecodedRecord | RecordProblem {
  const remaining = buffer.length - offset;
  if (remaining < RECORD_HEADER_BYTES) return 'torn-header';
  if (buffer.readUInt16LE(offset) !== RECORD_MAGIC) return 'bad-magic';
  const cls = MESSAGE_CLASSES[buffer.readUInt8(offset + 2)];
  if (cls === undefined) return 'bad-class';
  const payloadLength = buffer.readUInt32LE(offset + 4);
  if (remaining < RECORD_HEADER_BYTES + payloadLength) return 'torn-payload';
  const payloadOffset = offset + RECORD_HEADER_BYTES;
  const expected = buffer.readUInt32LE(offset + 16);
  const actual = crc32(
    buffer.subarray(payloadOffset, payloadOffset + payloadLength),
    crc32(buffer.subarray(offset, offset + 16)),
  );
  if (actual !== expected) return 'crc-mismatch';
  return {
    sequence: buffer.readBigUInt64LE(offset + 8),
    cls,
    historical: (buffer.readUInt8(offset + 3) & FLAG_HISTORICAL) !== 0,
    payloadOffset,
    payloadLength,
    recordBytes: RECORD_HEADER_BYTES + payloadLength,
  };
}

/** Bytes a message of `payloadLength` occupies, header included. */
export function recordBytes(payloadLength: number): number {
  return RECORD_HEADER_BYTES + payloadLength;
}

/** An acknowledgement/deletion mark: the 8-byte sequence and a CRC-32 of it. */
export const ACK_ENTRY_BYTES = 12;

export function encodeAck(sequence: bigint): Buffer {
  const entry = Buffer.allocUnsafe(ACK_ENTRY_BYTES);
  entry.writeBigUInt64LE(sequence, 0);
  entry.writeUInt32LE(crc32(entry.subarray(0, 8)), 8);
  return entry;
}

/** Decodes the ack mark at `offset`; undefined when its CRC does not match (treated as not acked). */
export function decodeAck(buffer: Buffer, offset: number): bigint | undefined {
  const sequence = buffer.readBigUInt64LE(offset);
  return crc32(buffer.subarray(offset, offset + 8)) === buffer.readUInt32LE(offset + 8)
    ? sequence
    : undefined;
}
