/** Mutations of valid messages for the fuzz tests of both decoders. */
import fc from 'fast-check';

/** One change to a message's bytes. */
export type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'splice'; at: number; other: number; from: number };

/** Applies mutations in order; a splice takes its tail from one of `donors`. */
export function mutate(
  original: Uint8Array,
  mutations: readonly Mutation[],
  donors: readonly Uint8Array[],
): Uint8Array {
  let bytes = original.slice();
  for (const mutation of mutations) {
    const at = bytes.length === 0 ? 0 : mutation.at % bytes.length;
    switch (mutation.kind) {
      case 'flip':
        if (bytes.length > 0) bytes[at]! ^= 1 << mutation.bit;
        break;
      case 'set':
        if (bytes.length > 0) bytes[at] = mutation.value;
        break;
      case 'truncate':
        bytes = bytes.subarray(0, at);
        break;
      case 'insert': {
        const grown = new Uint8Array(bytes.length + mutation.bytes.length);
        grown.set(bytes.subarray(0, at));
        grown.set(mutation.bytes, at);
        grown.set(bytes.subarray(at), at + mutation.bytes.length);
        bytes = grown;
        break;
      }
      case 'splice': {
        const other = donors[mutation.other % donors.length]!;
        const tail = other.subarray(mutation.from % other.length);
        const spliced = new Uint8Array(at + tail.length);
        spliced.set(bytes.subarray(0, at));
        spliced.set(tail, at);
        bytes = spliced;
        break;
      }
    }
  }
  return bytes;
}

const position = fc.nat({ max: 100_000 });
/** Mutations biased towards the CBOR bytes that matter (long lengths, tags, simple values, breaks). */
export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: position, bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({
    kind: fc.constant('set' as const),
    at: position,
    // Bias towards bytes that matter in CBOR: headers with long lengths, tags, simple values, breaks.
    value: fc.oneof(
      fc.integer({ min: 0, max: 255 }),
      fc.constantFrom(0x1b, 0x3b, 0x5b, 0x7b, 0x9b, 0xbb, 0xc0, 0xd8, 0xf7, 0xff, 0x9f, 0xbf, 0x5f, 0x7f),
    ),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: position,
    bytes: fc.uint8Array({ minLength: 1, maxLength: 9 }),
  }),
  fc.record({ kind: fc.constant('splice' as const), at: position, other: fc.nat(), from: fc.nat() }),
);
