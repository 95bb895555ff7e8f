/**
 * Property: any readings and events the schema allows (and values it does not, like NaN and ±Infinity)
 * survive encode → decode exactly, with and without DEFLATE; -0 comes back as 0.
 */
import { eventKinds, type FireEvent, qualityLevels, qualityReasons, type Reading } from '@firecode/schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryCatalogStore } from './catalog-store.js';
import { decodeMessage } from './decode.js';
import { encodeAlarm, encodeDataBatch } from './encode.js';
import { sampleCatalog } from './test-fixtures.js';

const catalogs = new MemoryCatalogStore();
catalogs.add(sampleCatalog);
const pointIds = sampleCatalog.points.map((point) => point.id);
const time = fc.integer({ min: 0, max: 2 ** 45 });

const value = fc.oneof(
  fc.constant(null),
  fc.double(),
  fc.integer({ min: -1e6, max: 1e6 }).map((n) => n / 10),
  fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 1000),
  fc.constantFrom(0, -0, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, -(2 ** 60), 1e-300, 5e-324),
);

const reading: fc.Arbitrary<Reading> = fc.record({
  point: fc.constantFrom(...pointIds),
  time,
  value,
  quality: fc.oneof(
    fc.constant({ level: 'good' as const }),
    fc.record({ level: fc.constantFrom(...qualityLevels) }, { requiredKeys: ['level'] }),
    fc.record({ level: fc.constantFrom(...qualityLevels), reason: fc.constantFrom(...qualityReasons) }),
  ),
});

const event: fc.Arbitrary<FireEvent> = fc.record(
  {
    time,
    kind: fc.constantFrom(...eventKinds),
    active: fc.boolean(),
    component: fc.constantFrom('fap-1', 'efm-1', 'not-in-catalog'),
    systemType: fc.integer({ min: 0, max: 255 }),
    componentType: fc.integer({ min: 0, max: 255 }),
    loop: fc.nat(),
    address: fc.nat(),
    point: fc.constantFrom(...pointIds, 'elsewhere'),
    source: fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.integer(), fc.string({ maxLength: 8 }))),
    description: fc.string({ maxLength: 40 }),
  },
  { requiredKeys: ['time', 'kind', 'active', 'component', 'systemType', 'componentType'] },
);

function groupedByPoint(readings: readonly Reading[]): Reading[] {
  const order = [...new Set(readings.map((r) => r.point))];
  return order.flatMap((point) => readings.filter((r) => r.point === point));
}

describe('encode → decode is exact', () => {
  it('for arbitrary batches (1 000 cases)', () => {
    fc.assert(
      fc.property(
        fc.array(reading, { maxLength: 40 }),
        fc.array(event, { maxLength: 3 }),
        fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
        fc.boolean(),
        fc.constantFrom('never' as const, 'auto' as const, 'always' as const),
        (readings, events, sequence, historical, compress) => {
          const bytes = encodeDataBatch(
            { gatewayId: sampleCatalog.gatewayId, sequence, historical, readings, events, time: 5 },
            sampleCatalog,
            { compress },
          );
          const decoded = decodeMessage(bytes, { catalogs });
          expect(decoded).toMatchObject({ type: 'data', sequence, historical });
          if (decoded.type !== 'data') return;
          // Negative zero is the one value sent as another (0): see value-column.ts.
          const expected = readings.map((r) => (Object.is(r.value, -0) ? { ...r, value: 0 } : r));
          expect(decoded.readings).toEqual(groupedByPoint(expected));
          expect(decoded.events).toEqual(events);
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('for arbitrary alarms (1 000 cases)', () => {
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 5 }),
        fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
        (events, sequence) => {
          const decoded = decodeMessage(encodeAlarm({ gatewayId: 'gw-tower-a', sequence, events }));
          expect(decoded).toMatchObject({ type: 'alarm', sequence, events });
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
