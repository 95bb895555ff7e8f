/**
 * A forward reader over CBOR bytes that {@link checkWellFormed} has already accepted: it reads one
 * item header at a time and never builds objects, so the columnar decoder can turn a batch's series
 * into typed arrays directly. Because the scanner has checked lengths, depth, tags and simple values,
 * the cursor only checks what the scanner cannot know: whether an item has the type the format
 * expects at that place (every mismatch is `CODEC_MALFORMED`, naming the field).
 */
import { malformed } from './wire-read.js';

/** CBOR major types. */
export const Major = {
  unsigned: 0,
  negative: 1,
  bytes: 2,
  text: 3,
  array: 4,
  map: 5,
  tag: 6,
  simple: 7,
} as const;

// Not fatal: cbor-x (the object decoder) accepts invalid UTF-8 too, and both decoders must agree.
const textDecoder = new TextDecoder('utf-8');

export class CborCursor {
  /** Position of the next item's first byte. */
  offset: number;
  /** Major type and argument of the head last read by {@link readHead}. */
  major = 0;
  argument = 0;
  /** For major 7: the additional information (20 false, 21 true, 22 null, 25-27 floats). */
  info = 0;
  private readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    offset = 0,
  ) {
    this.offset = offset;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /**
   * Reads an item's head. Arguments above 2^53 (only 64-bit integers can have them) are kept as
   * `Infinity` so that any arithmetic on them fails the safe-integer checks of the callers.
   */
  readHead(): void {
    const bytes = this.bytes;
    const initial = bytes[this.offset]!;
    this.offset += 1;
    this.major = initial >> 5;
    const info = initial & 0x1f;
    this.info = info;
    if (info < 24) {
      this.argument = info;
      return;
    }
    if (this.major === Major.simple) {
      // Floats are read by readFloat, which needs the offset at their first byte.
      this.argument = 0;
      return;
    }
    const size = 1 << (info - 24);
    let argument = 0;
    for (let index = 0; index < size; index += 1) argument = argument * 256 + bytes[this.offset + index]!;
    this.offset += size;
    this.argument = argument > Number.MAX_SAFE_INTEGER ? Number.POSITIVE_INFINITY : argument;
  }

  /** The float of a major-7 head just read (info 25, 26 or 27). */
  readFloat(): number {
    const offset = this.offset;
    switch (this.info) {
      case 25:
        this.offset += 2;
        return halfToNumber(this.view.getUint16(offset));
      case 26:
        this.offset += 4;
        return this.view.getFloat32(offset);
      case 27:
        this.offset += 8;
        return this.view.getFloat64(offset);
      default:
        return malformed('expected a float');
    }
  }

  /**
   * Skips one whole item (its head not yet read). Hot: the decoder skips a batch's series to reach
   * what follows them, so it reads heads inline and takes one-byte items (small integers, null, false,
   * true, short empty containers) on a fast path.
   */
  skip(): void {
    const bytes = this.bytes;
    let offset = this.offset;
    let pending = 1;
    while (pending > 0) {
      pending -= 1;
      const initial = bytes[offset]!;
      offset += 1;
      const major = initial >> 5;
      const info = initial & 0x1f;
      let argument = info;
      if (info >= 24) {
        const size = 1 << (info - 24);
        if (major === Major.simple) {
          offset += size;
          continue;
        }
        argument = 0;
        for (let index = 0; index < size; index += 1) argument = argument * 256 + bytes[offset + index]!;
        offset += size;
      }
      if (major <= Major.negative || major === Major.simple) continue;
      if (major <= Major.text) offset += argument;
      else if (major === Major.array) pending += argument;
      else if (major === Major.map) pending += argument * 2;
      else pending += 1; // a tag: its content follows
    }
    this.offset = offset;
  }

  /** The bytes of the next whole item, and moves past it. */
  itemBytes(): Uint8Array {
    const start = this.offset;
    this.skip();
    return this.bytes.subarray(start, this.offset);
  }

  /** Reads an array head and returns its length. */
  arrayLength(where: string): number {
    this.readHead();
    if (this.major !== Major.array) malformed(`${where} must be an array`);
    return this.argument;
  }

  /** Reads a map head and returns its number of pairs. */
  mapSize(where: string): number {
    this.readHead();
    if (this.major !== Major.map) malformed(`${where} must be a map`);
    return this.argument;
  }

  /** A safe integer (unsigned or negative). */
  integer(where: string): number {
    this.readHead();
    return this.integerOfHead(where);
  }

  /** The integer of the head just read. */
  integerOfHead(where: string): number {
    let value: number;
    if (this.major === Major.unsigned) value = this.argument;
    else if (this.major === Major.negative) value = -1 - this.argument;
    else return malformed(`${where} must be an integer within ±2^53`);
    if (!Number.isSafeInteger(value)) malformed(`${where} must be an integer within ±2^53`);
    return value;
  }

  /** An unsigned integer below 2^64, as a bigint (sequence numbers). */
  unsignedBig(where: string): bigint {
    const start = this.offset;
    this.readHead();
    if (this.major !== Major.unsigned) return malformed(`${where} must be an unsigned integer below 2^64`);
    if (this.info !== 27) return BigInt(this.argument);
    return this.view.getBigUint64(start + 1);
  }

  text(where: string): string {
    this.readHead();
    if (this.major !== Major.text) return malformed(`${where} must be a text string`);
    const start = this.offset;
    this.offset += this.argument;
    return textDecoder.decode(this.bytes.subarray(start, this.offset));
  }

  byteString(where: string): Uint8Array {
    this.readHead();
    if (this.major !== Major.bytes) return malformed(`${where} must be a byte string`);
    const start = this.offset;
    this.offset += this.argument;
    return this.bytes.subarray(start, this.offset);
  }

  boolean(where: string): boolean {
    this.readHead();
    if (this.major === Major.simple && this.info === 20) return false;
    if (this.major === Major.simple && this.info === 21) return true;
    return malformed(`${where} must be a boolean`);
  }
}

/** IEEE 754 half precision to a number (RFC 8949 appendix D). */
function halfToNumber(half: number): number {
  const exponent = (half >> 10) & 0x1f;
  const mantissa = half & 0x3ff;
  let value: number;
  if (exponent === 0) value = mantissa * 2 ** -24;
  else if (exponent !== 31) value = (mantissa + 1024) * 2 ** (exponent - 25);
  else value = mantissa === 0 ? Number.POSITIVE_INFINITY : Number.NaN;
  return half & 0x8000 ? -value : value;
}
