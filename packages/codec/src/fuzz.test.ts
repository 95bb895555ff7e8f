/**
 * Hostile bytes, at volume: random byte strings and mutated valid messages (bit flips, byte
 * overwrites, truncations, insertions, splices). Whatever the input, decoding must either return a
 * schema-valid message or throw a FirecodeError with a codec code — never another error, a hang or a
 * huge allocation. 120 000 cases in all, a few seconds on one core.
 */
import { fireEventSchema, isFirecodeError, readingSchema } from '@firecode/schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryCatalogStore } from './catalog-store.js';
import { decodeMessage } from './decode.js';
import { encodeAlarm, encodeBirth, encodeDataBatch, encodeState } from './encode.js';
import { codecErrorCodes } from './errors.js';
import type { DecodedMessage } from './messages.js';
import { sampleBatch, sampleCatalog, sampleEvent, T0 } from './test-fixtures.js';

const catalogs = new MemoryCatalogStore();
catalogs.add(sampleCatalog);
const codes = new Set<string>(codecErrorCodes);

const valid: Uint8Array[] = [
  encodeBirth(sampleCatalog, { time: T0, sequence: 1n }),
  encodeBirth(sampleCatalog, { time: T0 }, { compress: 'always' }),
  encodeDataBatch(sampleBatch(), sampleCatalog),
  encodeDataBatch(sampleBatch({ sequence: 2n ** 64n - 1n }), sampleCatalog, { compress: 'always' }),
  encodeAlarm({ gatewayId: 'gw-tower-a', sequence: 3n, events: [sampleEvent] }),
  encodeState({ gatewayId: 'gw-tower-a', online: true, time: T0 }),
];

/** Outcomes seen, to show the fuzzing reaches both decoded messages and many error paths. */
const outcomes = new Map<string, number>();

/** Decodes and checks the outcome is one of the two allowed ones. */
function decodeSafely(bytes: Uint8Array): void {
  let decoded: DecodedMessage;
  try {
    decoded = decodeMessage(bytes, { catalogs });
  } catch (error) {
    if (!isFirecodeError(error) || !codes.has(error.code)) throw error;
    outcomes.set(error.code, (outcomes.get(error.code) ?? 0) + 1);
    return;
  }
  outcomes.set(decoded.type, (outcomes.get(decoded.type) ?? 0) + 1);
  if (decoded.type === 'data') {
    for (const reading of decoded.readings) readingSchema.parse(reading);
  }
  if (decoded.type === 'data' || decoded.type === 'alarm') {
    for (const event of decoded.events) fireEventSchema.parse(event);
  }
}

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'splice'; at: number; other: number; from: number };

function mutate(original: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
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
        const other = valid[mutation.other % valid.length]!;
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
const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
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

describe('fuzz: decoder against hostile bytes', () => {
  it('random byte strings (60 000 cases)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 96 }), (bytes) => decodeSafely(bytes)),
      { numRuns: 60_000 },
    );
  });

  it('mutated valid messages of every type (60 000 cases)', () => {
    outcomes.clear();
    fc.assert(
      fc.property(
        fc.nat({ max: valid.length - 1 }),
        fc.array(mutationArbitrary, { minLength: 1, maxLength: 4 }),
        (which, mutations) => decodeSafely(mutate(valid[which]!, mutations)),
      ),
      { numRuns: 60_000 },
    );
    // Mutations must exercise decoding, not only the first check: some survive, many paths fail.
    expect(outcomes.get('data') ?? 0).toBeGreaterThan(100);
    expect(outcomes.get('CODEC_MALFORMED') ?? 0).toBeGreaterThan(100);
    expect(outcomes.get('CODEC_CATALOG_HASH_MISMATCH') ?? 0).toBeGreaterThan(0);
    expect(outcomes.get('CODEC_UNKNOWN_CATALOG') ?? 0).toBeGreaterThan(0);
  });

  it('the unmutated messages decode (the fuzzing starts from valid input)', () => {
    for (const bytes of valid) expect(() => decodeSafely(bytes)).not.toThrow();
    expect(valid.map((bytes) => decodeMessage(bytes, { catalogs }).type)).toEqual([
      'birth',
      'birth',
      'data',
      'data',
      'alarm',
      'state',
    ]);
  });
});
