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
import { CODEC_ERROR_CODES } from './errors.js';
import type { DecodedMessage } from './messages.js';
import { sampleBatch, sampleCatalog, sampleEvent, T0 } from './test-fixtures.js';
import { mutate, mutationArbitrary } from './test-mutations.js';

const catalogs = new MemoryCatalogStore();
catalogs.add(sampleCatalog);
const codes = new Set<string>(CODEC_ERROR_CODES);

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
        (which, mutations) => decodeSafely(mutate(valid[which]!, mutations, valid)),
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
