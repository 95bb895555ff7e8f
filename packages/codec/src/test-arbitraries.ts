/** fast-check arbitraries over the sample catalog, shared by the property tests of both decoders. */
import { eventKinds, type FireEvent, qualityLevels, qualityReasons, type Reading } from '@firecode/schema';
import fc from 'fast-check';
import { sampleCatalog } from './test-fixtures.js';

const pointIds = sampleCatalog.points.map((point) => point.id);
const time = fc.integer({ min: 0, max: 2 ** 45 });

const value = fc.oneof(
  fc.constant(null),
  fc.double(),
  fc.integer({ min: -1e6, max: 1e6 }).map((n) => n / 10),
  fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 1000),
  fc.constantFrom(0, -0, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, -(2 ** 60), 1e-300, 5e-324),
);

/** Any reading of the sample catalog, values the schema allows and a few it does not (NaN, ±Infinity). */
export const arbitraryReading: fc.Arbitrary<Reading> = fc.record({
  point: fc.constantFrom(...pointIds),
  time,
  value,
  quality: fc.oneof(
    fc.constant({ level: 'good' as const }),
    fc.record({ level: fc.constantFrom(...qualityLevels) }, { requiredKeys: ['level'] }),
    fc.record({ level: fc.constantFrom(...qualityLevels), reason: fc.constantFrom(...qualityReasons) }),
  ),
});

/** Any event, some naming components and points outside the catalog. */
export const arbitraryEvent: fc.Arbitrary<FireEvent> = fc.record(
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
