import { catalogHash, decodeMessage, encodeDataBatch } from '@firecode/codec';
import { type Catalog, GOOD } from '@firecode/schema';
import { describe, expect, it } from 'vitest';
import { workloadBatch, workloadCatalog } from '../../../codec/src/standard-workload.js';
import { readingsToColumns } from '../storage/columns.js';
import { decodeForStore } from './decode.js';

function plain(columns: {
  length: number;
  points: readonly string[];
  times: ArrayLike<number>;
  values: ArrayLike<number | null>;
  qualities: readonly string[];
}) {
  return Array.from({ length: columns.length }, (_, i) => [
    columns.points[i],
    columns.times[i],
    columns.values[i],
    columns.qualities[i],
  ]);
}

describe('decodeForStore (the worker’s decode seam, columnar)', () => {
  it('yields the same columns as the object decoder, nulls and bad qualities included', () => {
    const catalog: Catalog = {
      gatewayId: 'gw-d',
      components: [{ id: 'pt-1', systemType: 11, componentType: 0 }],
      points: [
        { id: 'p-1', component: 'pt-1', kind: 'pressure', unit: 'kPa' },
        { id: 'p-2', component: 'pt-1', kind: 'level', unit: 'm' },
      ],
    };
    const t0 = Date.UTC(2026, 11, 3);
    const bytes = encodeDataBatch(
      {
        gatewayId: 'gw-d',
        sequence: 7n,
        historical: true,
        readings: [
          { point: 'p-1', time: t0, value: 412.5, quality: GOOD },
          {
            point: 'p-1',
            time: t0 + 1000,
            value: null,
            quality: { level: 'bad', reason: 'communication-failure' },
          },
          { point: 'p-2', time: t0, value: 3.25, quality: { level: 'uncertain', reason: 'stale' } },
        ],
        events: [],
      },
      catalog,
    );
    const hash = catalogHash(catalog);
    const lookup = (gatewayId: string, h: string) =>
      gatewayId === 'gw-d' && h === hash ? catalog : undefined;
    const decoded = decodeForStore(bytes, lookup);
    const reference = decodeMessage(bytes, { catalogs: lookup });
    if (decoded.type !== 'data' || reference.type !== 'data') throw new Error('not a data batch');
    expect(decoded).toMatchObject({ gatewayId: 'gw-d', sequence: 7n, historical: true, catalogHash: hash });
    expect(plain(decoded.readings)).toEqual(plain(readingsToColumns(reference.readings)));
    expect(plain(decoded.readings)).toContainEqual(['p-1', t0 + 1000, null, 'bad:communication-failure']);
  });

  it('agrees with the object decoder on the standard workload', () => {
    const catalog = workloadCatalog();
    const bytes = encodeDataBatch(workloadBatch(), catalog);
    const lookup = () => catalog;
    const decoded = decodeForStore(bytes, lookup);
    const reference = decodeMessage(bytes, { catalogs: lookup });
    if (decoded.type !== 'data' || reference.type !== 'data') throw new Error('not a data batch');
    expect(plain(decoded.readings)).toEqual(plain(readingsToColumns(reference.readings)));
  });
});
