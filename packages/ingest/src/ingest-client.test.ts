import {
  encodeAlarm,
  encodeBirth,
  encodeDataBatch,
  generateEd25519KeyPair,
  signMessage,
} from '@firecode/codec';
import { type Catalog, GOOD } from '@firecode/schema';
import mqtt from 'mqtt';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { mqttUrl, uniqueTopicPrefix } from '../../../test/support/mqtt.js';
import { type IngestBatch, type IngestClient, startIngest } from './ingest-client.js';

const catalog: Catalog = {
  gatewayId: 'gw-ingest',
  components: [{ id: 'pt-1', systemType: 11, componentType: 0 }],
  points: [{ id: 'p-1', component: 'pt-1', kind: 'pressure', unit: 'kPa' }],
};
const reading = (time: number, value: number) => ({ point: 'p-1', time, value, quality: GOOD });

function until(check: () => boolean, what: string, boundMs = 5000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (check()) resolve();
      else if (Date.now() - started > boundMs) reject(new Error(`gave up waiting for ${what}`));
      else setTimeout(tick, 10);
    };
    tick();
  });
}

describe('IngestClient against the real broker', () => {
  let ingest: IngestClient | undefined;
  afterEach(async () => {
    await ingest?.close();
  });

  it('reports an unreachable broker with its URL and keeps retrying, doubling the wait', async () => {
    ingest = await startIngest({ url: 'mqtt://127.0.0.1:1', topicPrefix: uniqueTopicPrefix('ingest') });
    const offline: { url: string; error: Error | undefined; retryInMs: number }[] = [];
    ingest.on('offline', (url, error, retryInMs) => offline.push({ url, error, retryInMs }));
    await until(() => offline.length >= 2, 'two failed attempts');
    expect(offline[0]).toMatchObject({ url: 'mqtt://127.0.0.1:1', retryInMs: 1000 });
    expect(offline[0]!.error?.message).toMatch(/ECONNREFUSED/);
    expect(offline[1]!.retryInMs).toBe(2000);
  });

  it('holds data for unknown catalogs within a byte bound over all gateways, rejecting (and counting) the rest', async () => {
    const prefix = uniqueTopicPrefix('ingest-bound');
    ingest = await startIngest({ url: mqttUrl(), topicPrefix: prefix, maxPendingBytes: 300 });
    await ingest.connected();
    const publisher = await mqtt.connectAsync(mqttUrl());
    const t0 = Date.UTC(2026, 10, 29, 4, 0, 0);
    // Ten gateways nobody has announced, each sending one batch of about 60 bytes.
    let sent = 0;
    for (let g = 0; g < 10; g++) {
      const gatewayId = `gw-unknown-${g}`;
      const bytes = encodeDataBatch(
        { gatewayId, sequence: 1n, historical: false, readings: [reading(t0, 400 + g)], events: [] },
        { ...catalog, gatewayId },
      );
      sent += bytes.length;
      await publisher.publishAsync(`${prefix}/${gatewayId}/data`, Buffer.from(bytes), { qos: 1 });
    }
    await until(() => ingest!.stats().received === 10, 'the ten batches');
    await publisher.endAsync();
    const { pending, rejected } = ingest.stats();
    expect(sent).toBeGreaterThan(300);
    expect(pending + rejected).toBe(10);
    expect(rejected).toBeGreaterThan(0);
    expect(pending).toBeGreaterThan(0);
  });

  it('decodes with the birth catalog, holds data that arrives before the birth, and drops duplicates', async () => {
    const prefix = uniqueTopicPrefix('ingest');
    ingest = await startIngest({ url: mqttUrl(), topicPrefix: prefix });
    await ingest.connected();
    const batches: IngestBatch[] = [];
    ingest.on('batch', (b) => batches.push(b));

    const publisher = await mqtt.connectAsync(mqttUrl());
    const t0 = Date.UTC(2026, 10, 29, 4, 0, 0);
    const data0 = encodeDataBatch(
      { gatewayId: 'gw-ingest', sequence: 1n, historical: false, readings: [reading(t0, 412.5)], events: [] },
      catalog,
    );
    const base = `${prefix}/gw-ingest`;
    await publisher.publishAsync(`${base}/data`, Buffer.from(data0), { qos: 1 });
    await publisher.publishAsync(`${base}/birth`, Buffer.from(encodeBirth(catalog, { time: t0 })), {
      qos: 1,
    });
    await publisher.publishAsync(`${base}/data`, Buffer.from(data0), { qos: 1 });
    const alarm = encodeAlarm({
      gatewayId: 'gw-ingest',
      sequence: 3n,
      events: [{ time: t0, kind: 'fire', active: true, component: 'pt-1', systemType: 1, componentType: 40 }],
    });
    await publisher.publishAsync(`${base}/alarm`, Buffer.from(alarm), { qos: 1 });
    await publisher.publishAsync(`${base}/data`, Buffer.from([0xff, 0x00, 0x13]), { qos: 1 });
    await until(
      () => ingest!.stats().rejected === 1 && batches.length === 2,
      'two batches and one rejection',
    );
    await publisher.endAsync();

    expect(batches.map((b) => [b.type, b.sequence])).toEqual([
      ['data', 1n],
      ['alarm', 3n],
    ]);
    expect(batches[0]!.readings).toEqual([reading(t0, 412.5)]);
    expect(batches[1]!.events[0]).toMatchObject({ kind: 'fire', active: true });
    const stats = ingest.stats();
    expect(stats.duplicates).toBe(1);
    expect(stats.gaps['gw-ingest']).toEqual([2n]);
  });

  // aedes, the fallback broker where no Mosquitto runs, has no MQTT shared subscriptions ($share/...).
  it.skipIf(inject('brokerKind') === 'embedded-aedes')(
    'shares batches between the workers of a group, while every worker gets every (retained) birth (needs a broker with shared subscriptions: Mosquitto)',
    async () => {
      const prefix = uniqueTopicPrefix('ingest-share');
      const base = `${prefix}/gw-ingest`;
      const t0 = Date.UTC(2026, 10, 29, 4, 0, 0);
      const publisher = await mqtt.connectAsync(mqttUrl());
      // The gateway's birth is retained and published before the workers start, as in production.
      await publisher.publishAsync(`${base}/birth`, Buffer.from(encodeBirth(catalog, { time: t0 })), {
        qos: 1,
        retain: true,
      });
      const group = `g${Date.now()}`;
      const workers = [
        await startIngest({ url: mqttUrl(), topicPrefix: prefix, shareGroup: group }),
        await startIngest({ url: mqttUrl(), topicPrefix: prefix, shareGroup: group }),
      ];
      try {
        const births = [0, 0];
        const batches: IngestBatch[][] = [[], []];
        workers.forEach((worker, index) => {
          worker.on('birth', () => births[index]!++);
          worker.on('batch', (batch) => batches[index]!.push(batch));
        });
        await Promise.all(workers.map((worker) => worker.connected()));
        await until(() => births.every((count) => count >= 1), 'the retained birth at both workers');
        // A configuration change while the workers run: a new birth, then batches that need its catalog.
        const changed: Catalog = {
          ...catalog,
          points: [...catalog.points, { id: 'p-2', component: 'pt-1', kind: 'level', unit: 'm' }],
        };
        await publisher.publishAsync(`${base}/birth`, Buffer.from(encodeBirth(changed, { time: t0 + 1 })), {
          qos: 1,
          retain: true,
        });
        await until(() => births.every((count) => count >= 2), 'the new birth at both workers');
        const total = 20;
        for (let sequence = 1; sequence <= total; sequence++) {
          const data = encodeDataBatch(
            {
              gatewayId: 'gw-ingest',
              sequence: BigInt(sequence),
              historical: false,
              readings: [reading(t0 + sequence * 1000, 400 + sequence)],
              events: [],
            },
            changed,
          );
          await publisher.publishAsync(`${base}/data`, Buffer.from(data), { qos: 1 });
        }
        const all = () => [...batches[0]!, ...batches[1]!];
        await until(() => all().length >= total, `${total} batches over both workers`);
        const sequences = all()
          .map((batch) => Number(batch.sequence))
          .sort((a, b) => a - b);
        expect(sequences).toEqual(Array.from({ length: total }, (_, i) => i + 1));
        for (const worker of workers) {
          expect(worker.stats()).toMatchObject({ pending: 0, rejected: 0 });
          expect(worker.catalogOf('gw-ingest')).toEqual(changed);
        }
      } finally {
        await Promise.all(workers.map((worker) => worker.close()));
        await publisher.publishAsync(`${base}/birth`, Buffer.alloc(0), { qos: 1, retain: true });
        await publisher.endAsync();
      }
    },
  );

  it('verifies signed gateways: a valid signature passes, tampered or unsigned messages are rejected', async () => {
    const prefix = uniqueTopicPrefix('ingest-signed');
    const keyPair = await generateEd25519KeyPair();
    ingest = await startIngest({
      url: mqttUrl(),
      topicPrefix: prefix,
      publicKeys: (gatewayId) => (gatewayId === 'gw-ingest' ? keyPair.publicKey : undefined),
    });
    await ingest.connected();
    const batches: IngestBatch[] = [];
    const rejected: string[] = [];
    ingest.on('batch', (b) => batches.push(b));
    ingest.on('rejected', (_topic, error) => rejected.push(error.code));

    const publisher = await mqtt.connectAsync(mqttUrl());
    const base = `${prefix}/gw-ingest`;
    const t0 = Date.UTC(2026, 10, 29, 4, 0, 0);
    const data = (sequence: bigint) =>
      encodeDataBatch(
        { gatewayId: 'gw-ingest', sequence, historical: false, readings: [reading(t0, 401)], events: [] },
        catalog,
      );
    const birth = await signMessage(encodeBirth(catalog, { time: t0 }), keyPair);
    const signed = await signMessage(data(1n), keyPair);
    const tampered = Uint8Array.from(await signMessage(data(2n), keyPair));
    tampered[tampered.length - 1]! ^= 0x01; // the signature no longer matches the bytes
    await publisher.publishAsync(`${base}/birth`, Buffer.from(birth), { qos: 1 });
    await publisher.publishAsync(`${base}/data`, Buffer.from(signed), { qos: 1 });
    await publisher.publishAsync(`${base}/data`, Buffer.from(tampered), { qos: 1 });
    await publisher.publishAsync(`${base}/data`, Buffer.from(data(3n)), { qos: 1 });
    await until(() => batches.length + rejected.length >= 3, 'one batch and two rejections');
    await publisher.endAsync();

    expect(batches.map((b) => b.sequence)).toEqual([1n]);
    expect(batches[0]!.readings).toEqual([reading(t0, 401)]);
    expect(rejected).toEqual(['CODEC_SIGNATURE_INVALID', 'CODEC_SIGNATURE_MISSING']);
    expect(ingest.stats()).toMatchObject({ batches: 1, rejected: 2, received: 4 });
  });
});
