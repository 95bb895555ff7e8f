/**
 * A CBOR writer for the bulk of a data batch — its series, tens of thousands of small items — straight
 * into one growing buffer. Handing cbor-x an array per series cost ~240 bytes of garbage per series
 * inside cbor-x on top of the arrays themselves (`pnpm bench gateway-pipeline`).
 *
 * It writes by itself only what it writes exactly as cbor-x does (RFC 8949 preferred serialization):
 * array and map heads, integers from -2^32 to 2^32-1, null. Anything else goes through cbor-x
 * ({@link CborWriter.item}) and is copied in, so the bytes are always cbor-x's.
 */
import { encodeCbor } from './cbor.js';

const MAJOR_UNSIGNED = 0;
const MAJOR_NEGATIVE = 1;
const MAJOR_ARRAY = 4;
const MAJOR_MAP = 5;
const NULL = 0xf6;

export class CborWriter {
  #bytes: Uint8Array;
  #view: DataView;
  #length = 0;

  constructor(initialBytes = 64 * 1024) {
    this.#bytes = new Uint8Array(initialBytes);
    this.#view = new DataView(this.#bytes.buffer);
  }

  /** Starts over; what {@link CborWriter.written} returned before is overwritten by the next writes. */
  reset(): void {
    this.#length = 0;
  }

  /** The bytes written since the last reset: a view, valid until the next reset. */
  written(): Uint8Array {
    return this.#bytes.subarray(0, this.#length);
  }

  arrayHead(length: number): void {
    this.#head(MAJOR_ARRAY, length);
  }

  /** An integer; one outside -2^32..2^32-1 goes through cbor-x, which wants it as a bigint. */
  integer(value: number): void {
    if (value >= 0 && value <= 0xffff_ffff) this.#head(MAJOR_UNSIGNED, value);
    else if (value < 0 && value >= -0x1_0000_0000) this.#head(MAJOR_NEGATIVE, -1 - value);
    else this.item(BigInt(value));
  }

  null(): void {
    this.#room(1);
    this.#bytes[this.#length++] = NULL;
  }

  /** Any value, encoded by cbor-x (the codec's one configuration) and copied in. */
  item(value: unknown): void {
    this.bytes(encodeCbor(value));
  }

  /** Bytes that already are CBOR. */
  bytes(encoded: Uint8Array): void {
    this.#room(encoded.length);
    this.#bytes.set(encoded, this.#length);
    this.#length += encoded.length;
  }

  /** A head with its argument in the shortest form; `argument` is an integer from 0 to 2^32-1. */
  #head(major: number, argument: number): void {
    this.#room(5);
    const type = major << 5;
    if (argument < 24) {
      this.#bytes[this.#length++] = type | argument;
    } else if (argument < 0x100) {
      this.#bytes[this.#length++] = type | 24;
      this.#bytes[this.#length++] = argument;
    } else if (argument < 0x1_0000) {
      this.#bytes[this.#length++] = type | 25;
      this.#view.setUint16(this.#length, argument);
      this.#length += 2;
    } else {
      this.#bytes[this.#length++] = type | 26;
      this.#view.setUint32(this.#length, argument);
      this.#length += 4;
    }
  }

  #room(more: number): void {
    if (this.#length + more <= this.#bytes.length) return;
    const grown = new Uint8Array(Math.max(this.#bytes.length * 2, this.#length + more));
    grown.set(this.#bytes.subarray(0, this.#length));
    this.#bytes = grown;
    this.#view = new DataView(grown.buffer);
  }
}

/**
 * A map with small integer keys (below 24) whose values are already encoded: the body of a message,
 * as cbor-x writes a `Map` (its size, then each key and value in insertion order).
 */
export function encodedMap(entries: readonly (readonly [key: number, value: Uint8Array])[]): Uint8Array {
  let size = 1;
  for (const [key, value] of entries) {
    if (!Number.isInteger(key) || key < 0 || key >= 24)
      throw new RangeError(`map key ${key} is not below 24`);
    size += 1 + value.length;
  }
  if (entries.length >= 24) throw new RangeError(`a map of ${entries.length} entries needs a longer head`);
  const map = new Uint8Array(size);
  map[0] = (MAJOR_MAP << 5) | entries.length;
  let offset = 1;
  for (const [key, value] of entries) {
    map[offset++] = key;
    map.set(value, offset);
    offset += value.length;
  }
  return map;
}
