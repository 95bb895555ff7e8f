/**
 * The vendor SDK against the real broker: what a vendor's calls put on the wire, decoded by the
 * receiving side's reference client (@firecode/ingest) and by the codec from raw bytes.
 */
import { decodeMessage, generateEd25519KeyPair, MemoryCatalogStore, verifyAndDecode } from '@firecode/codec';
import { type IngestBatch, startIngest } from '@firecode/ingest';
import type { Catalog } from '@firecode/schema';
import { createFirecodeClient, type DropReport, isFirecodeError } from '@firecode/sdk';
import { pressureHubParts } from '@firecode/sdk/testing';
import { describe, expect, it } from 'vitest';
import { MessageCollector } from '../packages/uplink/src/testing/message-collector.js';
import { freePort } from '../packages/uplink/src/testing/private-mosquitto.js';
import { mqttUrl, uniqueTopicPrefix } from './support/mqtt.js';

describe('createFirecodeClient against the broker', () => {
  it('publishes birth, batched readings and an alarm that ingest decodes', async () => {
    const topicPrefix = uniqueTopicPrefix('sdk');
    const ingest = await startIngest({ url: mqttUrl(), topicPrefix });
    await ingest.connected();
    const batches: IngestBatch[] = [];
    const births: Catalog[] = [];
    ingest.on('batch', (batch) => batches.push(batch));
    ingest.on('birth', (_id, catalog) => births.push(catalog));
    const client = await createFirecodeClient({
      url: mqttUrl(),
      gatewayId: 'hub-a',
      topicPrefix,
      ...pressureHubParts('hub-a'),
      batch: { maxAgeMs: 60_000, maxReadings: 4 },
    });
    try {
      await client.whenConnected();
      const t0 = 1_780_000_000_000;
      client.reading('riser-1-pressure', 412.5, { time: t0 });
      client.reading('riser-2-pressure', 0.4, { time: t0, unit: 'MPa' });
      client.reading('riser-3-pressure', null, {
        time: t0,
        quality: { level: 'bad', reason: 'sensor-fault' },
      });
      client.reading('riser-1-pressure', 413, { time: t0 + 1000 }); // the 4th: the batch leaves now
      client.reading('riser-2-pressure', 401, { time: t0 + 1000 }); // waits for flush()
      const fault = await client.event({
        kind: 'fault',
        component: 'hub-a',
        time: t0 + 1500,
        source: { code: 17 },
      });
      await client.flush();
      await client.drained();
      await until(() => batches.length >= 3, 'two data batches and an alarm');

      expect(births[0]).toEqual(client.catalog);
      const data = batches.filter((b) => b.type === 'data');
      expect(data.flatMap((b) => b.readings)).toEqual(
        expect.arrayContaining([
          { point: 'riser-1-pressure', time: t0, value: 412.5, quality: { level: 'good' } },
          { point: 'riser-2-pressure', time: t0, value: 400, quality: { level: 'good' } },
          {
            point: 'riser-3-pressure',
            time: t0,
            value: null,
            quality: { level: 'bad', reason: 'sensor-fault' },
          },
          { point: 'riser-1-pressure', time: t0 + 1000, value: 413, quality: { level: 'good' } },
          { point: 'riser-2-pressure', time: t0 + 1000, value: 401, quality: { level: 'good' } },
        ]),
      );
      expect(data.flatMap((b) => b.readings)).toHaveLength(5);
      const alarm = batches.find((b) => b.type === 'alarm');
      expect(alarm?.sequence).toBe(fault.sequence);
      expect(alarm?.historical).toBe(false);
      expect(alarm?.events).toEqual([
        {
          time: t0 + 1500,
          kind: 'fault',
          active: true,
          component: 'hub-a',
          systemType: 11,
          componentType: 0,
          source: { code: 17 },
        },
      ]);
      expect(batches.every((b) => !b.historical)).toBe(true);
      expect(ingest.stats().gaps['hub-a']).toEqual([]);
      expect(client.stats()).toMatchObject({
        readings: 5,
        batches: 2,
        events: 1,
        refused: 0,
        pendingReadings: 0,
      });
    } finally {
      await client.close();
      await ingest.close();
    }
  });

  it('sends high-alarm / low-alarm events when a reading crosses a threshold, with hysteresis', async () => {
    const topicPrefix = uniqueTopicPrefix('sdk-thr');
    const ingest = await startIngest({ url: mqttUrl(), topicPrefix });
    await ingest.connected();
    const batches: IngestBatch[] = [];
    ingest.on('batch', (batch) => batches.push(batch));
    const client = await createFirecodeClient({
      url: mqttUrl(),
      gatewayId: 'hub-b',
      topicPrefix,
      ...pressureHubParts('hub-b'),
    });
    try {
      // thresholds: low 100, high 1000, hysteresis 10
      for (const value of [500, 1000, 995, 989, 95, 105, 111]) client.reading('riser-1-pressure', value);
      await client.flush();
      await client.drained();
      await until(() => batches.filter((b) => b.type === 'alarm').length >= 4, 'four threshold events');
      const events = batches.filter((b) => b.type === 'alarm').flatMap((b) => b.events);
      expect(events.map((e) => [e.kind, e.active, e.point, e.source?.['value']])).toEqual([
        ['high-alarm', true, 'riser-1-pressure', 1000],
        ['high-alarm', false, 'riser-1-pressure', 989],
        ['low-alarm', true, 'riser-1-pressure', 95],
        ['low-alarm', false, 'riser-1-pressure', 111],
      ]);
    } finally {
      await client.close();
      await ingest.close();
    }
  });

  it('signs every message (birth, state, data, alarm) so that a receiver with the key verifies them', async () => {
    const topicPrefix = uniqueTopicPrefix('sdk-sign');
    const collector = await MessageCollector.start(mqttUrl(), `${topicPrefix}/#`);
    const keyPair = await generateEd25519KeyPair();
    const client = await createFirecodeClient({
      url: mqttUrl(),
      gatewayId: 'hub-s',
      topicPrefix,
      ...pressureHubParts('hub-s'),
      sign: keyPair,
    });
    try {
      await client.whenConnected();
      // Many at once: signing is asynchronous, numbering must still match what the outbox assigns.
      const events = Array.from({ length: 10 }, (_, n) =>
        client.event({ kind: n % 2 === 0 ? 'fault' : 'restored', component: 'hub-s' }),
      );
      for (let n = 0; n < 20; n++) client.reading('riser-1-pressure', 300 + n);
      await client.flush();
      await Promise.all(events);
      await client.drained();
      await client.close();
      await collector.until(
        'online and offline states',
        () => collector.on('state').filter((m) => m.payload.length > 0).length >= 2,
      );
      const catalogs = new MemoryCatalogStore();
      catalogs.add(client.catalog);
      const publicKeys = (id: string) => (id === 'hub-s' ? keyPair.publicKey : undefined);
      const decoded = await Promise.all(
        collector.messages
          .filter((m) => m.payload.length > 0)
          .map((m) => verifyAndDecode(new Uint8Array(m.payload), { publicKeys, catalogs })),
      );
      expect(decoded.every((d) => d.signed)).toBe(true);
      const types = new Set(decoded.map((d) => d.type));
      expect(types).toEqual(new Set(['birth', 'state', 'data', 'alarm']));
      const sequences = decoded
        .flatMap((d) => (d.type === 'data' || d.type === 'alarm' ? [d.sequence] : []))
        .sort((a, b) => (a < b ? -1 : 1));
      expect(sequences).toEqual(Array.from({ length: sequences.length }, (_, i) => BigInt(i + 1)));
      expect(sequences.length).toBe(11);
      // An unsigned decoder refuses them: they cannot be read without checking the signature.
      const first = collector.on('alarm')[0];
      expect(() => decodeMessage(new Uint8Array(first?.payload ?? []), { catalogs })).toThrow(/signed/);
    } finally {
      await client.close();
      await collector.stop();
    }
  });

  it('publishes the offline state on close, and refuses calls after it', async () => {
    const topicPrefix = uniqueTopicPrefix('sdk-close');
    const collector = await MessageCollector.start(mqttUrl(), `${topicPrefix}/+/state`);
    const client = await createFirecodeClient({
      url: mqttUrl(),
      gatewayId: 'hub-c',
      topicPrefix,
      ...pressureHubParts('hub-c'),
    });
    await client.whenConnected();
    await client.close();
    const states = () =>
      collector.messages
        .filter((m) => m.payload.length > 0)
        .map((m) => decodeMessage(new Uint8Array(m.payload)));
    await collector.until('online, then offline', () => states().length >= 2);
    // Online on connect, then offline: published on close (once: the clean DISCONNECT keeps the broker
    // from publishing the will too; counted exactly in test/uplink-state.test.ts).
    const [first, second] = states();
    expect(first).toMatchObject({ type: 'state', gatewayId: 'hub-c', online: true });
    expect(second).toMatchObject({ type: 'state', gatewayId: 'hub-c', online: false });
    expect(() => client.reading('riser-1-pressure', 1)).toThrow(
      expect.objectContaining({ code: 'SDK_CLOSED' }),
    );
    expect(() => client.event({ kind: 'fault', component: 'hub-c' })).toThrow(/after close/);
    await client.close(); // idempotent
    await collector.stop();
  });

  it('refuses a bad catalog with every problem listed, and bad options with what to use', async () => {
    const parts = pressureHubParts('hub-d');
    const badPoint = { ...parts.points[0]!, unit: 'MPa' };
    await expect(
      createFirecodeClient({
        url: mqttUrl(),
        gatewayId: 'hub-d',
        components: parts.components,
        points: [badPoint],
      }),
    ).rejects.toSatisfy(
      (error: unknown) =>
        isFirecodeError(error, 'SCHEMA_INVALID') &&
        /points\[0\]\.unit: a pressure point must be in "kPa"/.test(error.message),
    );
    await expect(createFirecodeClient({ url: mqttUrl(), gatewayId: 'Hub D', ...parts })).rejects.toThrow(
      /gatewayId/,
    );
    await expect(createFirecodeClient({ url: 'http://x', gatewayId: 'hub-d', ...parts })).rejects.toThrow(
      /MQTT URL/,
    );
    await expect(
      createFirecodeClient({ url: mqttUrl(), gatewayId: 'hub-d', components: parts.components }),
    ).rejects.toThrow(/points/);
    await expect(
      createFirecodeClient({ url: mqttUrl(), gatewayId: 'hub-d', ...parts, batch: { maxReadings: 0 } }),
    ).rejects.toThrow(/batch.maxReadings/);
  });

  it('reports what a full outbox drops while the broker is unreachable, never silently', async () => {
    const port = await freePort(); // nothing listens there
    const client = await createFirecodeClient({
      url: `mqtt://127.0.0.1:${port}`,
      gatewayId: 'hub-e',
      ...pressureHubParts('hub-e'),
      outbox: { memory: { maxBytes: 2000 } },
      batch: { maxReadings: 10, maxAgeMs: 60_000 },
      reconnect: { minMs: 5000, maxMs: 5000 },
      closeTimeoutMs: 0, // nothing can be delivered: do not wait on close
    });
    const drops: DropReport[] = [];
    client.on('drop', (report) => drops.push(report));
    const offline: unknown[] = [];
    client.on('offline', (info) => offline.push(info));
    try {
      for (let n = 0; n < 400; n++) client.reading('riser-1-pressure', 200 + n); // no threshold crossed
      await client.flush();
      const evicted = drops.filter((d) => d.reason === 'overflow').reduce((sum, d) => sum + d.messages, 0);
      expect(evicted).toBeGreaterThan(0);
      const stats = client.stats().uplink;
      expect(stats.dropped.historical).toBe(evicted);
      // Everything accepted is either still queued or was counted as dropped.
      expect(stats.outbox.messages + evicted).toBe(40);
      expect(stats.outbox.byClass.historical.messages).toBe(stats.outbox.messages);
    } finally {
      await client.close();
    }
  });
});

async function until(check: () => boolean, what: string, boundMs = 10_000): Promise<void> {
  for (let waited = 0; !check(); waited += 20) {
    if (waited > boundMs) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
