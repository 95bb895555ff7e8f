/**
 * The only place cbor-x is configured. Everything the codec writes must be plain RFC 8949 CBOR that any
 * decoder reads, so the cbor-x extensions are all off:
 * - `useRecords: false` — no record/structure extension (tag 105 and friends);
 * - `tagUint8Array: false` — byte arrays are plain byte strings, not typed-array tags;
 * - `variableMapSize: true` — maps carry their real, shortest size header;
 * - `useFloat32: 0` — floats are never narrowed to a float32 that other decoders see as 27.600000381...;
 * - integers above 2^32 must be handed in as `bigint` (cbor-x writes larger `number`s as float64):
 *   {@link wireInteger} does that.
 * Decoding returns `Map`s (`mapsAsObjects: false`) so integer keys stay integers and a peer's string
 * keys never land on a plain object's prototype chain.
 */
import { Decoder, Encoder, Tag } from 'cbor-x';
import { codecError } from './errors.js';

const encoder = new Encoder({
  useRecords: false,
  tagUint8Array: false,
  variableMapSize: true,
  useFloat32: 0,
  mapsAsObjects: false,
  pack: false,
  structuredClone: false,
});

const decoder = new Decoder({
  useRecords: false,
  mapsAsObjects: false,
  structuredClone: false,
});

/** Encodes a value (Maps, arrays, strings, numbers, bigints, Uint8Arrays, booleans, null). */
export function encodeCbor(value: unknown): Uint8Array {
  // cbor-x returns a Node Buffer where one exists; callers get a plain Uint8Array view either way.
  const encoded = encoder.encode(value);
  return new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.byteLength);
}

/** Wraps a value in a CBOR tag (used for COSE_Sign1, tag 18, only). */
export function tagged(value: unknown, tag: number): unknown {
  return new Tag(value, tag);
}

/**
 * Decodes bytes that {@link checkWellFormed} has already accepted. cbor-x errors are still caught: the
 * scanner checks structure, not everything (e.g. invalid UTF-8).
 */
export function decodeCbor(bytes: Uint8Array): unknown {
  try {
    return decoder.decode(bytes);
  } catch (cause) {
    throw codecError(
      'CODEC_MALFORMED',
      `bytes are not valid CBOR: ${cause instanceof Error ? cause.message : String(cause)}`,
      undefined,
      cause,
    );
  }
}

/** True for cbor-x's decoded tag objects. */
export function isTag(value: unknown): value is { tag: number; value: unknown } {
  return value instanceof Tag;
}

/**
 * An integer as cbor-x must receive it to write the shortest standard form: `number` up to 2^32
 * (cbor-x writes larger numbers as float64), `bigint` above.
 */
export function wireInteger(value: number | bigint): number | bigint {
  if (typeof value === 'bigint') {
    return value >= -0x1_0000_0000n && value <= 0xffff_ffffn ? Number(value) : value;
  }
  return value >= -0x1_0000_0000 && value <= 0xffff_ffff ? value : BigInt(value);
}
