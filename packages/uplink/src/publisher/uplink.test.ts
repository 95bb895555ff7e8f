import { createServer } from 'node:net';
import { isFirecodeError } from '@firecode/schema';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { mqttUrl, uniqueTopicPrefix } from '../../../../test/support/mqtt.js';
import { MemoryOutbox } from '../outbox/memory-outbox.js';
import { MessageCollector, parseTestPayload, testPayload } from '../testing/message-collector.js';
import { createUplink, type DropReport, type OfflineInfo, type Uplink } from './uplink.js';

const encoder = new TextEncoder();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function collector(prefix: string) {
  const c = await MessageCollector.start(mqttUrl(), `${prefix}/#`);
  cleanups.push(() => c.stop());
  return c;
}

function uplink(
  prefix: string,
  outbox = new MemoryOutbox(),
  extra: Partial<Parameters<typeof createUplink>[0]> = {},
) {
  const u = createUplink({
    url: mqttUrl(),
    clientId: `${prefix.replaceAll('/', '-')}-gw`,
    gatewayId: 'gw1',
    topicPrefix: prefix,
    outbox,
    birth: () => encoder.encode('birth'),
    will: encoder.encode('offline'),
    online: () => encoder.encode('online'),
    ...extra,
  });
  cleanups.push(async () => void (await u.close()));
  return u;
}

const connected = (u: Uplink) =>
  new Promise<void>((resolve) => (u.isConnected ? resolve() : u.once('connect', () => resolve())));

describe('Uplink against the broker', () => {
  it('publishes birth and online state, then each message at QoS 1, deleting it on PUBACK', async () => {
    const prefix = uniqueTopicPrefix('uplink');
    const received = await collector(prefix);
    const outbox = new MemoryOutbox();
    const u = uplink(prefix, outbox);
    await connected(u);
    await received.until('birth', () => received.on('birth').length === 1);
    expect(received.on('birth')[0]?.payload.toString()).toBe('birth');
    for (let i = 0; i < 30; i++) await u.submit('data', (meta) => testPayload(meta, `r${i}`));
    await u.drained();
    expect(outbox.size).toBe(0);
    await received.until('30 data messages', () => received.on('data').length === 30);
    const data = received.on('data').map((m) => parseTestPayload(m.payload));
    expect(data.map((d) => d.label)).toEqual(Array.from({ length: 30 }, (_, i) => `r${i}`));
    expect(data.every((d) => !d.historical && d.cls === 'data')).toBe(true);
    for (let i = 1; i < data.length; i++) expect(data[i]!.sequence).toBe(data[i - 1]!.sequence + 1n);
    // MQTT 5 with Mosquitto: the sequence also travels as a user property. aedes, the fallback broker
    // where no Mosquitto runs, speaks 3.1.1 only, which has no user properties.
    const first = received.on('data')[0]!;
    if (inject('brokerKind') === 'embedded-aedes') {
      expect(u.stats().protocolVersion).toBe(4);
    } else {
      expect(first.userProperties?.seq).toBe(String(data[0]!.sequence));
      expect(u.stats().protocolVersion).toBe(5);
    }
    expect(u.stats().delivered).toBe(30);
    await received.until('online state', () =>
      received.on('state').some((m) => m.payload.toString() === 'online'),
    );
    u.republishBirth();
    await received.until('the birth again', () => received.on('birth').length === 2);
  });

  it('lets an alarm overtake a queued backlog', async () => {
    const prefix = uniqueTopicPrefix('uplink-prio');
    const received = await collector(prefix);
    const outbox = new MemoryOutbox();
    // Queued before the link exists: backlog (historical), then one alarm.
    for (let i = 0; i < 40; i++)
      await outbox.append('historical', (meta) => testPayload(meta), { historical: true });
    await outbox.append('alarm', (meta) => testPayload(meta, 'FIRE'));
    const u = uplink(prefix, outbox, { inFlight: 1 });
    await u.drained();
    await received.until(
      '41 messages',
      () => received.on('data').length + received.on('alarm').length === 41,
    );
    const order = received.messages
      .filter((m) => /\/(data|alarm)$/.test(m.topic))
      .map((m) => parseTestPayload(m.payload));
    expect(order[0]?.label).toBe('FIRE');
    expect(order.slice(1).every((m) => m.cls === 'historical')).toBe(true);
  });

  it('flags data submitted while the link is down as historical and queues it behind live data', async () => {
    const prefix = uniqueTopicPrefix('uplink-hist');
    const received = await collector(prefix);
    const outbox = new MemoryOutbox();
    const u = uplink(prefix, outbox, { url: mqttUrl() });
    // Not connected yet: data is historical; an alarm or a status change is not (it is news whenever
    // it arrives, and carries its own time).
    const early = await u.submit('data', (meta) => {
      expect(meta.historical).toBe(true);
      expect(meta.cls).toBe('historical');
      return testPayload(meta, 'early');
    });
    for (const cls of ['alarm', 'status'] as const) {
      await u.submit(cls, (meta) => {
        expect(meta).toMatchObject({ cls, historical: false });
        return testPayload(meta, `early-${cls}`);
      });
    }
    await connected(u);
    const live = await u.submit('data', (meta) => testPayload(meta, 'live'));
    await u.drained();
    await received.until('2 data', () => received.on('data').length === 2);
    await received.until('the alarm', () => received.on('alarm').length === 1);
    expect(parseTestPayload(received.on('alarm')[0]!.payload).historical).toBe(false);
    if (inject('brokerKind') !== 'embedded-aedes')
      expect(received.on('alarm')[0]!.userProperties?.historical).toBe('false');
    const got = received.on('data').map((m) => parseTestPayload(m.payload));
    expect(got.find((g) => g.label === 'early')).toMatchObject({
      historical: true,
      sequence: early.sequence,
    });
    expect(got.find((g) => g.label === 'live')).toMatchObject({ historical: false, sequence: live.sequence });
  });

  it('reports drops as events and for the next batch, and refuses loudly when nothing can go', async () => {
    const prefix = uniqueTopicPrefix('uplink-drop');
    const outbox = new MemoryOutbox({ maxBytes: 5 * 30, alarmReserveBytes: 0 });
    const u = uplink(prefix, outbox, { url: 'mqtt://127.0.0.1:1', reconnect: { minMs: 10_000 } });
    u.on('error', () => {});
    const drops: DropReport[] = [];
    u.on('drop', (d) => drops.push(d));
    for (let i = 0; i < 8; i++) await u.submit('data', () => new Uint8Array(10));
    expect(drops.map((d) => [d.cls, d.reason, d.messages])).toEqual([
      ['historical', 'overflow', 1],
      ['historical', 'overflow', 1],
      ['historical', 'overflow', 1],
    ]);
    for (let i = 0; i < 5; i++) await u.submit('alarm', () => new Uint8Array(10));
    await expect(u.submit('status', () => new Uint8Array(10))).rejects.toSatisfy((e) =>
      isFirecodeError(e, 'OUTBOX_FULL'),
    );
    const reports = u.takeDropReports();
    expect(reports.reduce((n, r) => n + r.messages, 0)).toBe(9);
    expect(reports.at(-1)).toMatchObject({ cls: 'status', reason: 'refused' });
    expect(u.takeDropReports()).toEqual([]);
    expect(u.stats().dropped.historical).toBe(8);
    expect(u.stats().refused.status).toBe(1);
  });

  it('names the URL it cannot reach and retries with backoff', async () => {
    const port = await freePort();
    const u = uplink(uniqueTopicPrefix('uplink-refused'), new MemoryOutbox(), {
      url: `mqtt://127.0.0.1:${port}`,
      reconnect: { minMs: 20, maxMs: 40, jitter: 0 },
    });
    const errors: unknown[] = [];
    u.on('error', (e) => errors.push(e));
    const offline: OfflineInfo[] = [];
    await new Promise<void>((resolve) =>
      u.on('offline', (info) => {
        offline.push(info);
        if (offline.length === 3) resolve();
      }),
    );
    expect(offline.map((o) => o.retryInMs)).toEqual([20, 40, 40]);
    expect(offline[0]?.error?.code).toBe('UPLINK_CONNECT_FAILED');
    expect(offline[0]?.error?.message).toContain(`cannot connect to mqtt://127.0.0.1:${port}`);
    expect(errors.length).toBeGreaterThanOrEqual(3);
  });

  it('rejects bad options with a TypeError that says what to use', () => {
    const base = {
      url: 'mqtt://127.0.0.1:1883',
      clientId: 'x',
      topicPrefix: 'p',
      outbox: new MemoryOutbox(),
      birth: () => new Uint8Array(),
      will: new Uint8Array(),
    };
    expect(() => createUplink({ ...base, url: 'http://x' })).toThrow(/not an MQTT URL/);
    expect(() => createUplink({ ...base, clientId: '' })).toThrow(/clientId/);
    expect(() => createUplink({ ...base, inFlight: 0 })).toThrow(/inFlight must be an integer/);
    expect(() => createUplink({ ...base, topicPrefix: 'a/+' })).toThrow(/topicPrefix/);
  });
});

describe('Uplink protocol negotiation', () => {
  it("falls back to MQTT 3.1.1 when the broker refuses 5 ('auto')", async () => {
    const { Aedes } = await import('aedes');
    const broker = await Aedes.createBroker();
    const server = createServer(broker.handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => broker.close(() => server.close(() => resolve()))));
    const address = server.address();
    const url = `mqtt://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const prefix = uniqueTopicPrefix('uplink-v311');
    const received = await MessageCollector.start(url, `${prefix}/#`, { protocolVersion: 4 });
    cleanups.push(() => received.stop());
    const u = uplink(prefix, new MemoryOutbox(), { url });
    const info = await new Promise<{ protocolVersion: number }>((resolve) => u.once('connect', resolve));
    expect(info.protocolVersion).toBe(4);
    await u.submit('alarm', (meta) => testPayload(meta, 'v311'));
    await received.until('alarm over 3.1.1', () => received.on('alarm').length === 1);
    expect(parseTestPayload(received.on('alarm')[0]!.payload).label).toBe('v311');
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
