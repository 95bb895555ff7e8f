/**
 * Conformance suite for catalog sources: every implementation of `CatalogStore` (and a plain look-up
 * function) must behave the same for `decodeMessage`. A database-backed store in a receiver runs
 * `describeCatalogSource` against itself the same way.
 */
import type { Catalog } from '@firecode/schema';
import { describe, expect, it } from 'vitest';
import { catalogHash } from './catalog.js';
import { type CatalogLookup, type CatalogStore, MemoryCatalogStore } from './catalog-store.js';
import { decodeMessage } from './decode.js';
import { encodeBirth, encodeDataBatch } from './encode.js';
import { sampleBatch, sampleCatalog, T0 } from './test-fixtures.js';

interface CatalogSourceUnderTest {
  source: CatalogStore | CatalogLookup;
  add(catalog: Catalog): void;
}

function describeCatalogSource(name: string, build: () => CatalogSourceUnderTest): void {
  describe(`catalog source: ${name}`, () => {
    it('knows nothing at first: data batches fail with the recoverable CODEC_UNKNOWN_CATALOG', () => {
      const { source } = build();
      expect(() =>
        decodeMessage(encodeDataBatch(sampleBatch(), sampleCatalog), { catalogs: source }),
      ).toThrow(expect.objectContaining({ code: 'CODEC_UNKNOWN_CATALOG' }));
    });

    it('decodes once the birth catalog is added, and keeps older catalogs of the gateway', () => {
      const { source, add } = build();
      const older = { ...sampleCatalog, points: sampleCatalog.points.slice(0, 2) };
      const birth = decodeMessage(encodeBirth(older, { time: T0 }));
      if (birth.type !== 'birth') throw new Error('expected a birth');
      add(birth.catalog);
      add(sampleCatalog);
      const olderBatch = sampleBatch({
        readings: sampleBatch().readings.filter((r) => r.point !== 'efm-1-residual'),
      });
      expect(decodeMessage(encodeDataBatch(olderBatch, older), { catalogs: source }).type).toBe('data');
      expect(decodeMessage(encodeDataBatch(sampleBatch(), sampleCatalog), { catalogs: source }).type).toBe(
        'data',
      );
      expect(catalogHash(older)).not.toBe(catalogHash(sampleCatalog));
    });

    it('keeps gateways apart: the same hash from another gateway is unknown', () => {
      const { source, add } = build();
      add(sampleCatalog);
      const lookup = typeof source === 'function' ? source : source.get.bind(source);
      expect(lookup('gw-other', catalogHash(sampleCatalog))).toBeUndefined();
      expect(lookup(sampleCatalog.gatewayId, catalogHash(sampleCatalog))).toBe(sampleCatalog);
    });
  });
}

describeCatalogSource('MemoryCatalogStore', () => {
  const store = new MemoryCatalogStore();
  return { source: store, add: (catalog) => store.add(catalog) };
});

describeCatalogSource('look-up function over a Map', () => {
  const byKey = new Map<string, Catalog>();
  return {
    source: (gatewayId, hash) => byKey.get(`${gatewayId}/${hash}`),
    add: (catalog) => byKey.set(`${catalog.gatewayId}/${catalogHash(catalog)}`, catalog),
  };
});

describe('MemoryCatalogStore', () => {
  it('returns the hash it filed a catalog under and counts catalogs', () => {
    const store = new MemoryCatalogStore();
    expect(store.add(sampleCatalog)).toBe(catalogHash(sampleCatalog));
    store.add(sampleCatalog);
    expect(store.size).toBe(1);
  });
});
