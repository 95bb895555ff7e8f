/**
 * The columnar decoder against the object decoder: for valid batches both give the same readings,
 * and for hostile bytes both accept the same messages or reject them with the same error code.
 */
import { isFirecodeError } from '@firecode/schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryCatalogStore } from './catalog-store.js';
import { columnsToReadings, type DecodedColumnarMessage, decodeColumnar } from './columnar-decode.js';
import { decodeMessage } from './decode.js';
import { encodeAlarm, encodeBirth, encodeDataBatch, encodeState } from './encode.js';
import { workloadBatch, workloadCatalog } from './standard-workload.js';
import { arbitraryEvent, arbitraryReading } from './test-arbitraries.js';
import { sampleBatch, sampleCatalog, sampleEvent, T0 } from './test-fixtures.js';
import { mutate, mutationArbitrary } from './test-mutations.js';

const catalogs = new MemoryCatalogStore();
catalogs.add(sampleCatalog);

/** What a decoder did with some bytes: the decoded message with readings as objects, or an error code. */
function outcome(decode: () => unknown): unknown {
  try {
    const decoded = decode() as DecodedColumnarMessage;
    if (decoded.type === 'data' && 'columns' in decoded) {
      const { columns, ...rest } = decoded;
      return { ...rest, readings: columnsToReadings(columns) };
    }
    return decoded;
  } catch (error) {
    if (isFirecodeError(error)) return { error: error.code };
    throw error;
  }
}

function sameOutcome(bytes: Uint8Array): void {
  const expected = outcome(() => decodeMessage(bytes, { catalogs }));
  const actual = outcome(() => decodeColumnar(bytes, { catalogs }));
  expect(actual).toEqual(expected);
}

describe('decodeColumnar', () => {
  it('gives the readings of decodeMessage as typed columns', () => {
    const bytes = encodeDataBatch(sampleBatch(), sampleCatalog);
    const decoded = decodeColumnar(bytes, { catalogs });
    if (decoded.type !== 'data' || !('columns' in decoded)) throw new Error('expected a columnar data batch');
    const { columns } = decoded;
    expect(columns.time).toBeInstanceOf(Float64Array);
    expect(columns.alias).toBeInstanceOf(Uint32Array);
    expect(columns.count).toBe(sampleBatch().readings.length);
    expect(columnsToReadings(columns)).toEqual(
      (decodeMessage(bytes, { catalogs }) as { readings: unknown }).readings,
    );
    expect(decoded.events).toEqual(sampleBatch().events);
  });

  it('decodes the standard workload (12 000 readings, shared regular time columns) exactly', () => {
    const store = new MemoryCatalogStore();
    store.add(workloadCatalog());
    const bytes = encodeDataBatch(workloadBatch(), workloadCatalog());
    const object = decodeMessage(bytes, { catalogs: store });
    const columnar = decodeColumnar(bytes, { catalogs: store });
    if (object.type !== 'data' || columnar.type !== 'data' || !('columns' in columnar))
      throw new Error('data');
    expect(columnar.columns.count).toBe(12_000);
    expect(columnsToReadings(columnar.columns)).toEqual(object.readings);
  });

  it('marks missing values apart from NaN, and keeps non-good qualities', () => {
    const bytes = encodeDataBatch(
      {
        gatewayId: sampleCatalog.gatewayId,
        sequence: 1n,
        historical: false,
        events: [],
        readings: [
          {
            point: 'riser-1-pressure',
            time: T0,
            value: null,
            quality: { level: 'bad', reason: 'sensor-fault' },
          },
          { point: 'riser-1-pressure', time: T0 + 1000, value: Number.NaN, quality: { level: 'uncertain' } },
          { point: 'riser-1-pressure', time: T0 + 2500, value: 412.5, quality: { level: 'good' } },
        ],
      },
      sampleCatalog,
    );
    const decoded = decodeColumnar(bytes, { catalogs });
    if (decoded.type !== 'data' || !('columns' in decoded)) throw new Error('data');
    expect([...decoded.columns.missing]).toEqual([1, 0, 0]);
    expect(decoded.columns.value[1]).toBeNaN();
    expect(decoded.columns.value[2]).toBe(412.5);
    expect([...decoded.columns.time]).toEqual([T0, T0 + 1000, T0 + 2500]);
    expect(decoded.columns.qualityCode[0]).not.toBe(0);
    expect(decoded.columns.qualityCode[2]).toBe(0);
  });

  it('hands other message types back as decodeMessage does', () => {
    for (const bytes of [
      encodeBirth(sampleCatalog, { time: T0 }),
      encodeAlarm({ gatewayId: 'gw-tower-a', sequence: 3n, events: [sampleEvent] }),
      encodeState({ gatewayId: 'gw-tower-a', online: false, time: T0 }),
    ]) {
      expect(decodeColumnar(bytes, { catalogs })).toEqual(decodeMessage(bytes, { catalogs }));
    }
  });

  it('agrees with decodeMessage on arbitrary batches, with and without DEFLATE (500 cases)', () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryReading, { maxLength: 40 }),
        fc.array(arbitraryEvent, { maxLength: 3 }),
        fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
        fc.constantFrom('never' as const, 'always' as const),
        (readings, events, sequence, compress) => {
          const bytes = encodeDataBatch(
            { gatewayId: sampleCatalog.gatewayId, sequence, historical: false, readings, events, time: 5 },
            sampleCatalog,
            { compress },
          );
          sameOutcome(bytes);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('accepts and rejects mutated batches exactly as decodeMessage does (30 000 cases)', () => {
    const donors = [
      encodeDataBatch(sampleBatch(), sampleCatalog),
      encodeDataBatch(sampleBatch({ sequence: 2n ** 64n - 1n }), sampleCatalog, { compress: 'always' }),
      encodeDataBatch(workloadLikeBatch(), sampleCatalog),
    ];
    fc.assert(
      fc.property(
        fc.nat({ max: donors.length - 1 }),
        fc.array(mutationArbitrary, { minLength: 1, maxLength: 3 }),
        (which, mutations) => sameOutcome(mutate(donors[which]!, mutations, donors)),
      ),
      { numRuns: 30_000 },
    );
  });
});

/** A batch with several readings per point (list and regular time columns, qualities, missing values). */
function workloadLikeBatch() {
  const readings = [];
  for (let index = 0; index < 6; index += 1) {
    readings.push({
      point: 'riser-1-pressure',
      time: T0 + index * 1000,
      value: 400 + index / 10,
      quality: { level: 'good' as const },
    });
    readings.push({
      point: 'efm-1-residual',
      time: T0 + index * 977,
      value: index === 3 ? null : index * 2,
      quality:
        index === 3
          ? { level: 'bad' as const, reason: 'communication-failure' as const }
          : { level: 'good' as const },
    });
  }
  return {
    gatewayId: sampleCatalog.gatewayId,
    sequence: 9n,
    historical: true,
    readings,
    events: [sampleEvent],
  };
}
