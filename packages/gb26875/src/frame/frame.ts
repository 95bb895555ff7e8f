import { gb26875Error } from '../errors.js';
import { ADDRESS_BYTES, readAddress, writeAddress } from './address.js';
import { commandName, mayBeEmpty } from './command.js';
import type { Gb26875Quirks } from './quirks.js';
import { type Gb26875Time, readTime, writeTime } from './time.js';

/**
 * One GB/T 26875.3-2011 frame (table 1), decoded. Total on the wire: 30 bytes + the ADU.
 *
 * ```
 * offset size field
 *      0    2 start '@@' (0x40 0x40)
 *      2    2 business serial number, little-endian
 *      4    2 protocol version: major (1), minor (user-defined)
 *      6    6 time label: second minute hour day month year(0-99)
 *     12    6 source address, little-endian
 *     18    6 destination address, little-endian
 *     24    2 ADU length n, little-endian, <= 1024
 *     26    1 command byte
 *     27    n application data unit
 *   27+n    1 checksum: low 8 bits of the sum of bytes 2 .. 26+n
 *   28+n    2 end '##' (0x23 0x23)
 * ```
 */
export interface Gb26875Frame {
  /** Business serial number (业务流水号) 0-65535; a confirm, reply or deny repeats the one it answers. */
  readonly serial: number;
  /** Protocol version (协议版本号): major is 1, minor user-defined. */
  readonly version: { readonly major: number; readonly minor: number };
  /** Time label (时间标签) in the sender's local time. */
  readonly time: Gb26875Time;
  /** Source address (源地址), 6 bytes. */
  readonly source: number;
  /** Destination address (目的地址), 6 bytes. */
  readonly destination: number;
  /** Command byte (命令字节), see `Command`. */
  readonly command: number;
  /** Application data unit (应用数据单元), possibly empty. */
  readonly adu: Uint8Array;
}

/** Frame bytes besides the ADU. */
export const FRAME_OVERHEAD = 30;
/** Bytes from the start marker through the command byte (everything needed to know the frame's length). */
export const HEADER_BYTES = 27;
/** The largest ADU a frame may carry (table 1). */
export const MAX_ADU_BYTES = 1024;
/** The largest frame: 1054 bytes. */
export const MAX_FRAME_BYTES = FRAME_OVERHEAD + MAX_ADU_BYTES;
/** The major protocol version the standard fixes. */
export const PROTOCOL_MAJOR = 1;
/** Start marker byte ('@'), twice. */
export const START_BYTE = 0x40;
/** End marker byte ('#'), twice. */
export const END_BYTE = 0x23;

/** Options of {@link encodeFrame} and {@link decodeFrame}. */
export interface FrameOptions {
  /** Vendor deviations to accept (decode) or produce (encode); none by default. */
  readonly quirks?: Gb26875Quirks;
}

/** Low 8 bits of the sum of `bytes[from..to)`. */
export function checksum(bytes: Uint8Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += bytes[i]!;
  return sum & 0xff;
}

function checkByte(value: number, field: string, max = 255): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw gb26875Error('GB26875_INVALID_INPUT', `${field} ${value} is not an integer 0..${max}`, {
      field,
      value,
    });
  }
}

function emptyAduProblem(command: number, quirks: Gb26875Quirks | undefined): string | undefined {
  if (mayBeEmpty(command)) return undefined;
  if (command === 2 && quirks?.emptyAduHeartbeat === true) return undefined;
  return (
    `a ${commandName(command)} frame (command ${command}) must carry an ADU; only confirm and deny may be ` +
    'empty' +
    (command === 2 ? ' (an empty send-data heartbeat needs quirks.emptyAduHeartbeat)' : '')
  );
}

/** Encodes one frame. Throws `GB26875_INVALID_INPUT` naming the field that does not fit. */
export function encodeFrame(frame: Gb26875Frame, options: FrameOptions = {}): Uint8Array {
  checkByte(frame.serial, 'serial', 0xffff);
  checkByte(frame.version.major, 'version.major');
  checkByte(frame.version.minor, 'version.minor');
  checkByte(frame.command, 'command');
  const n = frame.adu.length;
  if (n > MAX_ADU_BYTES) {
    throw gb26875Error(
      'GB26875_INVALID_INPUT',
      `ADU of ${n} bytes exceeds the standard's ${MAX_ADU_BYTES}; split the objects over several frames (splitIntoFrames)`,
      { length: n },
    );
  }
  if (n === 0) {
    const problem = emptyAduProblem(frame.command, options.quirks);
    if (problem !== undefined)
      throw gb26875Error('GB26875_INVALID_INPUT', problem, { command: frame.command });
  }
  const out = new Uint8Array(FRAME_OVERHEAD + n);
  out[0] = START_BYTE;
  out[1] = START_BYTE;
  out[2] = frame.serial & 0xff;
  out[3] = frame.serial >> 8;
  out[4] = frame.version.major;
  out[5] = frame.version.minor;
  writeTime(out, 6, frame.time, options.quirks?.bcdTime === true);
  writeAddress(out, 12, frame.source, 'source address');
  writeAddress(out, 12 + ADDRESS_BYTES, frame.destination, 'destination address');
  out[24] = n & 0xff;
  out[25] = n >> 8;
  out[26] = frame.command;
  out.set(frame.adu, HEADER_BYTES);
  out[HEADER_BYTES + n] = checksum(out, 2, HEADER_BYTES + n);
  out[HEADER_BYTES + n + 1] = END_BYTE;
  out[HEADER_BYTES + n + 2] = END_BYTE;
  return out;
}

/** The ADU length a header declares (bytes 24-25), for a buffer holding at least 26 bytes. */
export function declaredAduLength(bytes: Uint8Array, frameStart = 0): number {
  return bytes[frameStart + 24]! | (bytes[frameStart + 25]! << 8);
}

/**
 * Decodes exactly one frame. Strict: start and end markers, the length, the checksum, the protocol
 * major version, a valid time label and a non-empty ADU where the command needs one; each failure
 * throws its own code with the byte offset. The ADU is copied, so `bytes` may be reused.
 */
export function decodeFrame(bytes: Uint8Array, options: FrameOptions = {}): Gb26875Frame {
  const quirks = options.quirks;
  if (bytes.length < FRAME_OVERHEAD) {
    throw gb26875Error(
      'GB26875_TRUNCATED',
      `a frame has at least ${FRAME_OVERHEAD} bytes, got ${bytes.length}`,
      { length: bytes.length },
    );
  }
  if (bytes[0] !== START_BYTE || bytes[1] !== START_BYTE) {
    throw gb26875Error('GB26875_BAD_START', `a frame starts with 40 40 ('@@'), got ${hex(bytes, 0, 2)}`, {
      offset: 0,
    });
  }
  const n = declaredAduLength(bytes);
  if (n > MAX_ADU_BYTES) {
    throw gb26875Error(
      'GB26875_LENGTH_EXCEEDS_LIMIT',
      `ADU length ${n} (bytes 24-25) exceeds the standard's ${MAX_ADU_BYTES}`,
      { offset: 24, length: n },
    );
  }
  const total = FRAME_OVERHEAD + n;
  if (bytes.length < total) {
    throw gb26875Error(
      'GB26875_TRUNCATED',
      `ADU length ${n} needs a ${total}-byte frame, got ${bytes.length} bytes`,
      { length: bytes.length, expected: total },
    );
  }
  if (bytes[total - 2] !== END_BYTE || bytes[total - 1] !== END_BYTE) {
    throw gb26875Error(
      'GB26875_BAD_END',
      `expected end marker 23 23 ('##') at byte ${total - 2} after an ADU of ${n} bytes, got ${hex(bytes, total - 2, 2)}: the length field does not match the frame`,
      { offset: total - 2, length: n },
    );
  }
  if (bytes.length > total) {
    throw gb26875Error(
      'GB26875_TRUNCATED',
      `${bytes.length - total} bytes after the end marker; decodeFrame takes exactly one frame (use Gb26875Deframer for a stream)`,
      { length: bytes.length, expected: total },
    );
  }
  const expected = checksum(bytes, 2, HEADER_BYTES + n);
  const actual = bytes[HEADER_BYTES + n]!;
  if (expected !== actual) {
    throw gb26875Error(
      'GB26875_BAD_CHECKSUM',
      `checksum at byte ${HEADER_BYTES + n} is 0x${byteHex(actual)}, the bytes sum to 0x${byteHex(expected)}`,
      { offset: HEADER_BYTES + n, expected, actual },
    );
  }
  const major = bytes[4]!;
  if (major !== PROTOCOL_MAJOR) {
    throw gb26875Error(
      'GB26875_UNSUPPORTED_VERSION',
      `protocol major version (byte 4) is ${major}; GB/T 26875.3-2011 fixes it at ${PROTOCOL_MAJOR}`,
      { offset: 4, major },
    );
  }
  const command = bytes[26]!;
  if (n === 0) {
    const problem = emptyAduProblem(command, quirks);
    if (problem !== undefined) throw gb26875Error('GB26875_EMPTY_ADU', problem, { offset: 26, command });
  }
  return {
    serial: bytes[2]! | (bytes[3]! << 8),
    version: { major, minor: bytes[5]! },
    time: readTime(bytes, 6, quirks?.bcdTime === true),
    source: readAddress(bytes, 12),
    destination: readAddress(bytes, 12 + ADDRESS_BYTES),
    command,
    adu: bytes.slice(HEADER_BYTES, HEADER_BYTES + n),
  };
}

function byteHex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}

function hex(bytes: Uint8Array, from: number, count: number): string {
  return Array.from(bytes.subarray(from, from + count), byteHex).join(' ');
}
