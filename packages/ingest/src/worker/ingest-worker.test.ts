import { encodeBirth, encodeDataBatch, generateEd25519KeyPair, signMessage } from '@firecode/codec';
import { type Catalog, GOOD } from '@firecode/schema';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mqttUrl, uniqueTopicPrefix } from '../../../../test/support/mqtt.js';
import { openPostgresStore } from '../storage/postgres.js';
import type { SqlStore } from '../storage/sql-store.js';
import { flakyStore } from '../testing/flaky-store.js';
import { createTestDatabase, postgresUnavailable, type TestDatabase } from '../testing/postgres-test-db.js';
import { IngestWorker } from './ingest-worker.js';

const noPostgres = await postgresUnavailable();
// aedes, the fallback broker where no Mosquitto runs, speaks neither MQTT v5 nor shared subscriptions.
const noBroker =
  inject('brokerKind') === 'embedded-aedes'
    ? 'the fallback broker (aedes) has no MQTT v5 shared subscriptions'
    : undefined;
const skip = noPostgres ?? noBroker;

const T0 = Date.UTC(2026, 11, 3, 8, 0, 0);
function catalogOf(gatewayId: string): Catalog {
  return {
    gatewayId,
    building: { id: `B-${gatewayId}`, name: 'Tower', address: '1 Road' },
    components: [{ id: 'pt-1', systemType: 11, componentType: 0 }],
    points: [
      { id: 'p-1', component: 'pt-1', kind: 'pressure', unit: 'kPa' },
      { id: 'p-2', component: 'pt-1', kind: 'level', unit: 'm' },
    ],
  };
}
function data(catalog: Catalog, sequence: number): Uint8Array {
  return encodeDataBatch(
    {
      gatewayId: catalog.gatewayId,
      sequence: BigInt(sequence),
      historical: false,
      readings: [
        { point: 'p-1', time: T0 + sequence * 1000, value: 400 + sequence, quality: GOOD },
        { point: 'p-2', time: T0 + sequence * 1000, value: 3.5, quality: GOOD },
      ],
      events: [],
    },
    catalog,
  );
}

async function until(check: () => Promise<boolean> | boolean, what: string, boundMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > boundMs) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(skip !== undefined)(
  `IngestWorker on Mosquitto and PostgreSQL${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let database: TestDatabase;
    let store: SqlStore;
    beforeAll(async () => {
      database = (await createTestDatabase())!;
      store = await openPostgresStore({ url: database.url });
    });
    afterAll(async () => {
      await store?.close();
      await database?.drop();
    });

    it('two workers on one shared subscription split the load, store every batch once, and republished batches are counted, not stored', async () => {
      const prefix = uniqueTopicPrefix('ingest-worker');
      const group = `g${Date.now()}`;
      const catalog = catalogOf('gw-share');
      const publisher = await mqtt.connectAsync(mqttUrl());
      const base = `${prefix}/gw-share`;
      await publisher.publishAsync(`${base}/birth`, Buffer.from(encodeBirth(catalog, { time: T0 })), {
        qos: 1,
        retain: true,
      });
      const stores = [store, await openPostgresStore({ url: database.url })];
      const workers = await Promise.all(
        stores.map((s, i) =>
          IngestWorker.start({
            url: mqttUrl(),
            topicPrefix: prefix,
            shareGroup: group,
            store: s,
            clientId: `${group}-${i}`,
            sessionExpirySeconds: 60,
            log: () => undefined,
          }),
        ),
      );
      try {
        await Promise.all(workers.map((w) => w.connected()));
        await until(
          () => workers.every((w) => w.metrics().births >= 1),
          'the retained birth at both workers',
        );
        const total = 200;
        for (let s = 1; s <= total; s++)
          await publisher.publishAsync(`${base}/data`, Buffer.from(data(catalog, s)), { qos: 1 });
        await until(async () => (await store.counts()).batches >= total, `${total} batches in PostgreSQL`);
        const [a, b] = workers.map((w) => w.metrics());
        expect(a!.batchesStored).toBeGreaterThan(0);
        expect(b!.batchesStored).toBeGreaterThan(0);
        expect(a!.batchesStored + b!.batchesStored).toBe(total);
        // A gateway (or an attacker) sending the same batches again: caught by the database key whichever worker gets them.
        for (let s = 1; s <= 40; s++)
          await publisher.publishAsync(`${base}/data`, Buffer.from(data(catalog, s)), { qos: 1 });
        await until(
          () => workers.reduce((n, w) => n + w.metrics().rejected.replayed, 0) >= 40,
          'the 40 replays counted',
        );
        expect(await store.counts()).toEqual({ batches: total, readings: total * 2, events: 0 });
        // The per-gateway rejection count is written after the counter (best effort, off the ack path).
        const healthOf = async () => (await store.gatewayHealth()).find((g) => g.gatewayId === 'gw-share');
        await until(async () => (await healthOf())?.rejected['replayed'] === 40, 'the replays recorded');
        const health = await healthOf();
        expect(health).toMatchObject({
          batches: total,
          lastSequence: BigInt(total),
          openGaps: [],
          rejected: { replayed: 40 },
        });
      } finally {
        await Promise.all(workers.map((w) => w.close()));
        await stores[1]!.close();
        await publisher.publishAsync(`${base}/birth`, Buffer.alloc(0), { qos: 1, retain: true });
        await publisher.endAsync();
      }
    });

    it('rejects forged, malformed, oversize, unknown-catalog and replayed batches, each with its own counter and log line, and stores none of them', async () => {
      const prefix = uniqueTopicPrefix('ingest-reject');
      const keyPair = await generateEd25519KeyPair();
      const catalog = catalogOf('gw-signed');
      const lines: string[] = [];
      const worker = await IngestWorker.start({
        url: mqttUrl(),
        topicPrefix: prefix,
        shareGroup: `r${Date.now()}`,
        store,
        clientId: `reject-${Date.now()}`,
        sessionExpirySeconds: 60,
        publicKeys: (id) => (id === 'gw-signed' ? keyPair.publicKey : undefined),
        maxMessageBytes: 4000,
        log: (line) => lines.push(line),
      });
      const publisher = await mqtt.connectAsync(mqttUrl());
      try {
        await worker.connected();
        const base = `${prefix}/gw-signed`;
        const before = await store.counts();
        await publisher.publishAsync(
          `${base}/birth`,
          Buffer.from(await signMessage(encodeBirth(catalog, { time: T0 }), keyPair)),
          { qos: 1 },
        );
        const good = await signMessage(data(catalog, 1), keyPair);
        const tampered = Uint8Array.from(await signMessage(data(catalog, 2), keyPair));
        tampered[tampered.length - 1]! ^= 0x01;
        const stranger = catalogOf('gw-stranger');
        const sends: [string, Uint8Array][] = [
          [`${base}/data`, good],
          [`${base}/data`, tampered], // forged: signature does not match
          [`${base}/data`, data(catalog, 3)], // forged: unsigned although the gateway signs
          [`${prefix}/gw-other/data`, good], // forged: another gateway's topic
          [`${base}/data`, Uint8Array.from([0xff, 0x00, 0x13])], // malformed
          [`${base}/data`, new Uint8Array(5000)], // oversize
          [`${prefix}/gw-stranger/data`, data(stranger, 1)], // unknown catalog: no birth anywhere
          [`${base}/data`, good], // replayed
        ];
        for (const [topic, bytes] of sends)
          await publisher.publishAsync(topic, Buffer.from(bytes), { qos: 1 });
        // Every outcome counted (received counts on arrival, before the store answered).
        const outcomes = () => {
          const m = worker.metrics();
          return m.batchesStored + Object.values(m.rejected).reduce((a, b) => a + b, 0);
        };
        await until(() => outcomes() >= sends.length, 'every message handled');
        const metrics = worker.metrics();
        expect(metrics.rejected).toEqual({
          forged: 3,
          malformed: 1,
          oversize: 1,
          unknownCatalog: 1,
          replayed: 1,
        });
        expect(metrics.batchesStored).toBe(1);
        const after = await store.counts();
        expect(after.batches - before.batches).toBe(1);
        expect(after.readings - before.readings).toBe(2);
        for (const reason of ['forged', 'malformed', 'oversize', 'unknownCatalog', 'replayed']) {
          expect(lines.some((line) => line.startsWith(`ingest: rejected ${reason} `))).toBe(true);
        }
        await until(async () => {
          const health = (await store.gatewayHealth()).find((g) => g.gatewayId === 'gw-signed');
          return health?.rejected['forged'] === 2;
        }, 'the rejections recorded against the gateway');
      } finally {
        await worker.close();
        await publisher.endAsync();
      }
    });

    it('keeps a batch it could not store (database down), retrying with backoff, and stores it once when the database is back', async () => {
      const prefix = uniqueTopicPrefix('ingest-retry');
      const catalog = catalogOf('gw-retry');
      const flaky = flakyStore(store, 3);
      const lines: string[] = [];
      const worker = await IngestWorker.start({
        url: mqttUrl(),
        topicPrefix: prefix,
        shareGroup: `f${Date.now()}`,
        store: flaky,
        clientId: `retry-${Date.now()}`,
        sessionExpirySeconds: 60,
        log: (line) => lines.push(line),
      });
      const publisher = await mqtt.connectAsync(mqttUrl());
      try {
        await worker.connected();
        const base = `${prefix}/gw-retry`;
        await publisher.publishAsync(`${base}/birth`, Buffer.from(encodeBirth(catalog, { time: T0 })), {
          qos: 1,
        });
        await publisher.publishAsync(`${base}/data`, Buffer.from(data(catalog, 1)), { qos: 1 });
        await publisher.publishAsync(`${base}/data`, Buffer.from(data(catalog, 2)), { qos: 1 });
        await until(() => worker.metrics().batchesStored === 2, 'both batches stored after the outage');
        expect(flaky.failed).toBe(3);
        expect(worker.metrics()).toMatchObject({
          storeErrors: 3,
          batchesStored: 2,
          rejected: { malformed: 0 },
        });
        expect(
          lines.filter((line) => /storing .*\/data failed, retrying in (100|200|400) ms/.test(line)),
        ).toHaveLength(3);
        const health = (await store.gatewayHealth()).find((g) => g.gatewayId === 'gw-retry');
        expect(health).toMatchObject({ batches: 2, lastSequence: 2n, openGaps: [] });
      } finally {
        await worker.close();
        await publisher.endAsync();
      }
    });
  },
);
