/**
 * What the Publisher does beyond the shared wire (describePublisherConformance covers that): status
 * without readings, new batch settings, the catalog each message is encoded under, the `batch` and
 * `delivered` events, and what close() reports. On the in-memory broker double.
 */
import { isFirecodeError } from '@firecode/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryOutbox } from '../outbox/memory-outbox.js';
import { MemoryBroker } from '../testing/memory-broker.js';
import { conformanceCatalog, conformanceEvent, conformanceReadings } from '../testing/publisher-fixture.js';
import { readWire } from '../testing/wire-reader.js';
import type { MessageSubmitter } from './message-submitter.js';
import { type PublishedDelivery, Publisher } from './publisher.js';
import type { PublishedBatch } from './publisher-options.js';
import type { Uplink } from './uplink.js';

const publishers: Publisher[] = [];
afterEach(async () => {
  for (const publisher of publishers.splice(0)) await publisher.close({ drainTimeoutMs: 0 });
});

const T0 = Date.now() - 60_000;

function publisher(broker: MemoryBroker, extra: Partial<ConstructorParameters<typeof Publisher>[0]> = {}) {
  const created = new Publisher({
    outbox: new MemoryOutbox(),
    catalog: conformanceCatalog('gw-unit'),
    uplink: {
      url: 'mqtt://memory.invalid:1883',
      clientId: 'gw-unit',
      topicPrefix: 'unit',
      connect: broker.connect,
    },
    batch: { maxReadings: 100, maxAgeMs: 3_600_000 },
    ...extra,
  });
  publishers.push(created);
  return created;
}

async function connected(broker: MemoryBroker, p: Publisher): Promise<void> {
  p.start();
  await broker.until('the birth', () => broker.messagesOn('birth').length > 0);
}

describe('Publisher', () => {
  it('publishStatus sends the status alone when nothing is pending, else with the pending readings', async () => {
    const broker = new MemoryBroker();
    const p = publisher(broker);
    await connected(broker, p);
    p.publishStatus();
    p.addReadings(conformanceReadings(p.catalog, 2, T0));
    p.publishStatus();
    await p.flush();
    await broker.until('two batches', () => broker.messagesOn('data').length === 2);
    const data = (await readWire(broker.messages)).filter((m) => m.type === 'data');
    expect(data.map((m) => m.readings!.length)).toEqual([0, 2]);
    expect(data.every((m) => typeof m.status!.transmissionStatus === 'number')).toBe(true);
    expect(p.stats()).toMatchObject({ readings: 2, pendingReadings: 0, batches: 2 });
  });

  it('batches gathered in recycled columns arrive intact, also through a submitter that encodes later and twice', async () => {
    // Like the SDK's signing submitter: encodes after a turn of the event loop, live and historical.
    const deferred = (uplink: Uplink): MessageSubmitter => ({
      async submit(cls, encode) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        const live = encode(0n, false);
        encode(0n, true);
        return uplink.submit(cls, () => live);
      },
    });
    for (const submitter of [undefined, deferred]) {
      const broker = new MemoryBroker();
      const p = publisher(broker, {
        batch: { maxReadings: 3, maxAgeMs: 3_600_000 },
        ...(submitter ? { submitter } : {}),
      });
      await connected(broker, p);
      const sent = conformanceReadings(p.catalog, 12, T0);
      // Four batches at once: the later ones are gathered while the earlier wait to be encoded.
      p.addReadings(sent.slice(0, 6));
      await p.flush();
      p.addReadings(sent.slice(6));
      await p.flush();
      await broker.until('four batches', () => broker.messagesOn('data').length === 4);
      const data = (await readWire(broker.messages)).filter((m) => m.type === 'data');
      expect(data.flatMap((m) => m.readings!.map((r) => r.value))).toEqual(sent.map((r) => r.value));
      await p.close({ drainTimeoutMs: 0 });
    }
  });

  it('setBatchOptions sends what is pending at once and applies the new size', async () => {
    const broker = new MemoryBroker();
    const p = publisher(broker);
    await connected(broker, p);
    p.addReadings(conformanceReadings(p.catalog, 3, T0));
    p.setBatchOptions({ maxReadings: 2, maxAgeMs: 3_600_000 });
    p.addReadings(conformanceReadings(p.catalog, 2, T0 + 10_000));
    await p.flush();
    await broker.until('two batches', () => broker.messagesOn('data').length === 2);
    const data = (await readWire(broker.messages)).filter((m) => m.type === 'data');
    expect(data.map((m) => m.readings!.length)).toEqual([3, 2]);
    expect(() => p.setBatchOptions({ maxReadings: 0 })).toThrow(/batch.maxReadings/);
  });

  it('encodes each batch and event under the catalog current when it was built, and says so in `batch`', async () => {
    const broker = new MemoryBroker();
    const first = conformanceCatalog('gw-unit');
    const second = { ...first, points: [...first.points].reverse() };
    let current = first;
    const p = publisher(broker, { catalog: () => current });
    const batches: PublishedBatch[] = [];
    // The columns are valid while the listener runs (they gather a later batch once encoded).
    const lengths: number[] = [];
    p.on('batch', (batch) => {
      batches.push(batch);
      lengths.push(batch.readings.length);
    });
    await connected(broker, p);
    p.addReadings(conformanceReadings(first, 1, T0));
    current = second;
    p.uplink.republishBirth();
    p.addReadings(conformanceReadings(first, 1, T0));
    await p.flush();
    expect(batches.map((b) => b.catalog)).toEqual([second]);
    expect(lengths).toEqual([2]);
    expect(batches[0]!.status).toMatchObject({ droppedTotal: 0 });
  });

  it('tells, with each delivered event message, when its earliest event was raised', async () => {
    const broker = new MemoryBroker();
    const p = publisher(broker);
    const delivered: PublishedDelivery[] = [];
    p.on('delivered', (message) => delivered.push(message));
    await connected(broker, p);
    const fire = conformanceEvent(p.catalog, 'fire', T0 + 5);
    const fault = conformanceEvent(p.catalog, 'fault', T0 + 2);
    const { sequence } = await p.publishEvents([fire, fault]);
    await p.drained();
    expect(delivered).toEqual([{ sequence, cls: 'alarm', historical: false, raisedAt: T0 + 2 }]);
  });

  it('close: what dies with a memory outbox it closes is lost, with drop events; an outbox left open keeps it', async () => {
    for (const closeOutbox of [true, false]) {
      const broker = new MemoryBroker();
      broker.refuseConnects();
      const outbox = new MemoryOutbox();
      const p = publisher(broker, { outbox });
      const drops: string[] = [];
      p.on('drop', (report) => drops.push(`${report.cls}:${report.reason}:${report.messages}`));
      p.start();
      await p.publishEvent(conformanceEvent(p.catalog, 'fire', T0));
      p.addReadings(conformanceReadings(p.catalog, 1, T0));
      const result = await p.close({ drainTimeoutMs: 0, closeOutbox });
      expect(result).toMatchObject({
        delivered: false,
        lost: closeOutbox ? 2 : 0,
        kept: closeOutbox ? 0 : 2,
      });
      expect(result.undelivered.byClass.alarm.messages).toBe(1);
      expect(drops).toEqual(closeOutbox ? ['alarm:lost:1', 'historical:lost:1'] : []);
      expect(p.stats().lost).toBe(closeOutbox ? 2 : 0);
      expect(await p.close()).toBe(result);
      if (!closeOutbox) await outbox.close();
    }
  });

  it('refuses readings and events after close (UPLINK_CLOSED)', async () => {
    const p = publisher(new MemoryBroker());
    await p.close({ drainTimeoutMs: 0 });
    const refused = (call: () => unknown) => {
      try {
        call();
      } catch (error) {
        return isFirecodeError(error, 'UPLINK_CLOSED');
      }
      return false;
    };
    expect(refused(() => p.addReadings([]))).toBe(true);
    expect(refused(() => p.publishEvents([]))).toBe(true);
  });
});
