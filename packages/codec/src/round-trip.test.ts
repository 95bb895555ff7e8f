import { fireEventSchema, readingSchema } from '@firecode/schema';
import { describe, expect, it } from 'vitest';
import { catalogHash } from './catalog.js';
import { MemoryCatalogStore } from './catalog-store.js';
import { decodeMessage } from './decode.js';
import { encodeAlarm, encodeBirth, encodeDataBatch, encodeState } from './encode.js';
import { sampleBatch, sampleCatalog, sampleEvent, T0 } from './test-fixtures.js';

function storeWith() {
  const store = new MemoryCatalogStore();
  store.add(sampleCatalog);
  return store;
}

describe('round trip', () => {
  it('decodes a birth to the same catalog and hash, and the hash ignores key order', () => {
    const bytes = encodeBirth(sampleCatalog, { time: T0, sequence: 7n });
    const decoded = decodeMessage(bytes);
    expect(decoded.type).toBe('birth');
    if (decoded.type !== 'birth') return;
    expect(decoded.catalog).toEqual(sampleCatalog);
    expect(decoded.catalogHash).toBe(catalogHash(sampleCatalog));
    expect(decoded.catalogHash).toMatch(/^[0-9a-f]{16}$/);
    expect(decoded.sequence).toBe(7n);
    const reordered = JSON.parse(JSON.stringify(sampleCatalog, Object.keys(sampleCatalog).reverse()));
    expect(
      catalogHash({ ...reordered, components: sampleCatalog.components, points: sampleCatalog.points }),
    ).toBe(catalogHash(sampleCatalog));
    expect(catalogHash({ ...sampleCatalog, points: [...sampleCatalog.points].reverse() })).not.toBe(
      catalogHash(sampleCatalog),
    );
  });

  it('decodes a data batch to the same readings (grouped by point), events and status', () => {
    const batch = sampleBatch();
    const decoded = decodeMessage(encodeDataBatch(batch, sampleCatalog), { catalogs: storeWith() });
    if (decoded.type !== 'data') throw new Error(`expected data, got ${decoded.type}`);
    expect(decoded.sequence).toBe(42n);
    expect(decoded.historical).toBe(false);
    const byPoint = (id: string) => batch.readings.filter((reading) => reading.point === id);
    expect(decoded.readings).toEqual([
      ...byPoint('riser-1-pressure'),
      ...byPoint('zone-3-state'),
      ...byPoint('efm-1-residual'),
    ]);
    expect(decoded.events).toEqual(batch.events);
    expect(decoded.status).toEqual(batch.status);
    for (const reading of decoded.readings) readingSchema.parse(reading);
    for (const event of decoded.events) fireEventSchema.parse(event);
  });

  it('keeps 64-bit sequences exact', () => {
    const sequence = 2n ** 64n - 1n;
    const decoded = decodeMessage(
      encodeDataBatch(sampleBatch({ sequence, historical: true }), sampleCatalog),
      {
        catalogs: storeWith(),
      },
    );
    expect(decoded).toMatchObject({ type: 'data', sequence, historical: true });
  });

  it('decodes alarms without any catalog', () => {
    const bytes = encodeAlarm(
      { gatewayId: 'gw-tower-a', sequence: 43n, events: [sampleEvent] },
      sampleCatalog,
    );
    const decoded = decodeMessage(bytes);
    expect(decoded).toMatchObject({ type: 'alarm', sequence: 43n, historical: false, events: [sampleEvent] });
  });

  it('decodes state messages', () => {
    expect(decodeMessage(encodeState({ gatewayId: 'gw-tower-a', online: false, time: T0 }))).toEqual({
      type: 'state',
      formatVersion: 1,
      gatewayId: 'gw-tower-a',
      compressed: false,
      online: false,
      time: T0,
    });
  });

  it('reports an unknown catalog with a distinct, recoverable code', () => {
    const bytes = encodeDataBatch(sampleBatch(), sampleCatalog);
    expect(() => decodeMessage(bytes, { catalogs: new MemoryCatalogStore() })).toThrow(
      expect.objectContaining({ code: 'CODEC_UNKNOWN_CATALOG' }),
    );
    const store = new MemoryCatalogStore();
    const birth = decodeMessage(encodeBirth(sampleCatalog, { time: T0 }));
    if (birth.type === 'birth') store.add(birth.catalog);
    expect(decodeMessage(bytes, { catalogs: store }).type).toBe('data');
  });

  it('compresses when asked and says so', () => {
    const batch = sampleBatch();
    const bytes = encodeDataBatch(batch, sampleCatalog, { compress: 'always' });
    const decoded = decodeMessage(bytes, { catalogs: storeWith() });
    expect(decoded).toMatchObject({ type: 'data', compressed: true });
    if (decoded.type === 'data') expect(decoded.readings).toHaveLength(batch.readings.length);
  });
});
