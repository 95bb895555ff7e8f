/**
 * The size targets of the wire format, checked on the standard workload (sizes are deterministic, so
 * they belong in tests; speed is measured by `pnpm bench codec` only).
 */
import { get as sparkplugNamespace } from 'sparkplug-payload';
import { describe, expect, it } from 'vitest';
import { MemoryCatalogStore } from './catalog-store.js';
import { decodeMessage } from './decode.js';
import { encodeDataBatch } from './encode.js';
import { workloadBatch, workloadCatalog } from './standard-workload.js';

const catalog = workloadCatalog();
const batch = workloadBatch();

describe('standard workload', () => {
  it('has 200 points, 12 000 readings and 5 events, and round-trips exactly', () => {
    expect(catalog.points).toHaveLength(200);
    expect(batch.readings).toHaveLength(12_000);
    expect(batch.events).toHaveLength(5);
    const store = new MemoryCatalogStore();
    store.add(catalog);
    const decoded = decodeMessage(encodeDataBatch(batch, catalog), { catalogs: store });
    if (decoded.type !== 'data') throw new Error('expected a data batch');
    const sort = (readings: typeof batch.readings) =>
      [...readings].sort((a, b) => a.point.localeCompare(b.point) || a.time - b.time);
    expect(sort(decoded.readings)).toEqual(sort(batch.readings));
    expect(decoded.events).toEqual(batch.events);
  });

  it('is at most 0.4× Sparkplug B and 0.1× JSON in bytes', () => {
    const ours = encodeDataBatch(batch, catalog).length;
    const json = JSON.stringify(
      batch.readings.map((r) => ({ point: r.point, time: new Date(r.time).toISOString(), value: r.value })),
    ).length;
    const sparkplug = sparkplugNamespace('spBv1.0')!.encodePayload({
      timestamp: batch.readings[0]!.time,
      metrics: batch.readings.map((r, i) => ({
        alias: i % 200,
        timestamp: r.time,
        type: 'Double' as const,
        value: r.value!,
      })),
    }).length;
    expect(ours).toBeLessThanOrEqual(0.4 * sparkplug);
    expect(ours).toBeLessThanOrEqual(0.1 * json);
  });
});
