import { encodeBirth, encodeDataBatch } from '@firecode/codec';
import { type Catalog, GOOD } from '@firecode/schema';
import { type EmbeddedBroker, startEmbeddedBroker } from '@firecode/simulator';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgliteStore } from '../packages/ingest/src/storage/pglite.js';
import type { IngestStore } from '../packages/ingest/src/storage/store.js';
import { flakyStore } from '../packages/ingest/src/testing/flaky-store.js';
import { IngestWorker } from '../packages/ingest/src/worker/ingest-worker.js';

// The single-worker mode (protocol 4) on the broker it is for: the embedded aedes of the demo, which
// speaks MQTT 3.1.1 only. Its own aedes on a free loopback port (whatever broker the suite found) and
// an in-memory PGlite, so it runs on every machine.

const T0 = Date.UTC(2026, 11, 3, 8, 0, 0);
const catalog: Catalog = {
  gatewayId: 'gw-aedes',
  building: { id: 'B-aedes', name: 'Tower', address: '1 Road' },
  components: [{ id: 'pt-1', systemType: 11, componentType: 0 }],
  points: [{ id: 'p-1', component: 'pt-1', kind: 'pressure', unit: 'kPa' }],
};
function batch(sequence: number): Buffer {
  return Buffer.from(
    encodeDataBatch(
      {
        gatewayId: catalog.gatewayId,
        sequence: BigInt(sequence),
        historical: false,
        readings: [{ point: 'p-1', time: T0 + sequence * 1000, value: 400 + sequence, quality: GOOD }],
        events: [],
      },
      catalog,
    ),
  );
}

async function until(check: () => Promise<boolean> | boolean, what: string, boundMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > boundMs) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A store whose first `storeBatch` waits until `fail()` and then throws, as a database lost in the
 * middle of the commit would; later calls pass through.
 */
function stalledStore(store: IngestStore): { store: IngestStore; entered: Promise<void>; fail(): void } {
  let entered: () => void = () => undefined;
  let fail: () => void = () => undefined;
  const enteredPromise = new Promise<void>((resolve) => {
    entered = resolve;
  });
  const failing = new Promise<void>((resolve) => {
    fail = resolve;
  });
  let first = true;
  const wrapped = new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'storeBatch' && first) {
        return async () => {
          first = false;
          entered();
          await failing;
          throw new Error('simulated lost connection during the commit');
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: wrapped, entered: enteredPromise, fail };
}

describe('IngestWorker single-worker mode (protocol 4) on the embedded aedes broker', () => {
  let broker: EmbeddedBroker;
  let store: IngestStore;
  let publisher: MqttClient;
  const workers: IngestWorker[] = [];
  beforeAll(async () => {
    broker = await startEmbeddedBroker();
    store = await openPgliteStore({ dataDir: 'memory://' });
    publisher = await mqtt.connectAsync(broker.url, { protocolVersion: 4 });
  }, 60_000);
  afterAll(async () => {
    for (const worker of workers) await worker.close().catch(() => undefined);
    await publisher?.endAsync();
    await broker?.close();
    await store?.close();
  });
  const start = async (clientId: string, prefix: string, on: IngestStore) => {
    const worker = await IngestWorker.start({
      url: broker.url,
      protocol: 4,
      topicPrefix: prefix,
      clientId,
      store: on,
      log: () => undefined,
    });
    workers.push(worker);
    await worker.connected();
    return worker;
  };

  it('acknowledges only after the commit: what a stopped worker had not committed is redelivered to its session and stored once', async () => {
    const prefix = 'acks';
    const stalled = stalledStore(store);
    const first = await start('ingest-acks', prefix, stalled.store);
    await publisher.publishAsync(
      `${prefix}/gw-aedes/birth`,
      Buffer.from(encodeBirth(catalog, { time: T0 })),
      {
        qos: 1,
        retain: true,
      },
    );
    for (let sequence = 1; sequence <= 5; sequence += 1) {
      await publisher.publishAsync(`${prefix}/gw-aedes/data`, batch(sequence), { qos: 1 });
    }
    // Batch 1 is inside its commit: the worker stops, then the commit fails. Nothing is acknowledged.
    await stalled.entered;
    const closing = first.close();
    stalled.fail();
    await closing;
    expect(await store.counts()).toMatchObject({ batches: 0 });

    // The same client id again (clean: false): aedes hands over the five un-acknowledged batches.
    const second = await start('ingest-acks', prefix, store);
    await until(async () => (await store.counts()).batches === 5, 'the five redelivered batches');
    await publisher.publishAsync(`${prefix}/gw-aedes/data`, batch(6), { qos: 1 });
    await until(async () => (await store.counts()).batches === 6, 'batch 6');
    expect(await store.counts()).toMatchObject({ batches: 6, readings: 6 });
    expect(second.metrics()).toMatchObject({ batchesStored: 6, connected: 1 });
    expect(second.metrics().rejected.replayed).toBe(0);
  });

  it('retries a batch whose store write failed and stores it once; every batch once, in order', async () => {
    const prefix = 'flaky';
    const flaky = flakyStore(store, 1);
    const before = (await store.counts()).batches;
    const worker = await start('ingest-flaky', prefix, flaky);
    const gateway = { ...catalog, gatewayId: 'gw-flaky' };
    await publisher.publishAsync(
      `${prefix}/gw-flaky/birth`,
      Buffer.from(encodeBirth(gateway, { time: T0 })),
      {
        qos: 1,
      },
    );
    const sequences: bigint[] = [];
    worker.on('stored', (stored) => sequences.push(stored.sequence));
    for (let sequence = 1; sequence <= 3; sequence += 1) {
      const payload = encodeDataBatch(
        {
          gatewayId: 'gw-flaky',
          sequence: BigInt(sequence),
          historical: false,
          readings: [{ point: 'p-1', time: T0 + sequence * 1000, value: 400, quality: GOOD }],
          events: [],
        },
        gateway,
      );
      await publisher.publishAsync(`${prefix}/gw-flaky/data`, Buffer.from(payload), { qos: 1 });
    }
    await until(() => sequences.length === 3, 'three stored batches');
    expect(flaky.failed).toBe(1);
    expect(sequences).toEqual([1n, 2n, 3n]);
    expect((await store.counts()).batches - before).toBe(3);
    expect(worker.metrics()).toMatchObject({ batchesStored: 3, storeErrors: 1 });
  });

  it('refuses a share group with protocol 4, and protocol 5 without one, saying what to do', async () => {
    const base = { url: broker.url, topicPrefix: 'x', clientId: 'never', store };
    await expect(IngestWorker.start({ ...base, protocol: 4, shareGroup: 'g' })).rejects.toMatchObject({
      code: 'INGEST_ARGUMENTS',
      message: expect.stringMatching(
        /shareGroup "g" with protocol 4: MQTT 3.1.1 has no shared subscriptions/,
      ),
    });
    await expect(IngestWorker.start({ ...base })).rejects.toMatchObject({
      code: 'INGEST_ARGUMENTS',
      message: expect.stringMatching(/protocol 5 needs a shareGroup/),
    });
  });
});
