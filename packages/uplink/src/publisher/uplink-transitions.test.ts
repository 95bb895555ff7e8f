/**
 * The transitions of CONNECTION_TRANSITIONS that the other uplink tests do not reach, on the in-memory
 * broker double: close during the back-off, while announcing and during a reconfiguration;
 * reconfiguring while connecting and before start(); the protocol fallback; attempts that fail before
 * reaching the broker; an alarm cutting the back-off; and a retired attempt's client ignored.
 */
import { isFirecodeError } from '@firecode/schema';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryBroker, type MemoryMqttClient } from '../testing/memory-broker.js';
import { testPayload } from '../testing/message-collector.js';
import {
  memorySettings,
  memoryUplinkOptions,
  nextConnect,
  nextOffline,
} from './memory-uplink.test-support.js';
import type { MqttConnect } from './mqtt-client.js';
import { type OfflineInfo, Uplink, type UplinkOptions } from './uplink.js';

const encoder = new TextEncoder();
const uplinks: Uplink[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const u of uplinks.splice(0)) await u.close();
});

const settings = memorySettings;

/** An uplink on `broker`, not started. */
function uplink(broker: MemoryBroker, extra: Partial<UplinkOptions> = {}): Uplink {
  const u = new Uplink(memoryUplinkOptions(broker, extra));
  u.on('error', () => {});
  uplinks.push(u);
  return u;
}

function recording(broker: MemoryBroker): { connect: MqttConnect; clients: MemoryMqttClient[] } {
  const clients: MemoryMqttClient[] = [];
  const connect: MqttConnect = (url, options) => {
    const client = broker.connect(url, options) as MemoryMqttClient;
    clients.push(client);
    return client;
  };
  return { connect, clients };
}

const texts = (messages: { payload: Buffer }[]) => messages.map((m) => m.payload.toString());

describe('Uplink connection transitions on the in-memory broker', () => {
  it('close during the back-off cancels the wait: no attempt follows (waiting -> closing -> closed)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const broker = new MemoryBroker();
    broker.refuseConnects();
    const u = uplink(broker, { reconnect: { minMs: 1000, maxMs: 1000, jitter: 0 } });
    const offline = nextOffline(u);
    u.start();
    expect((await offline).retryInMs).toBe(1000);
    expect(u.connectionState).toBe('waiting');
    await u.close();
    expect(u.connectionState).toBe('closed');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(broker.attempts).toBe(1);
  });

  it('reconfigure while connecting drops the attempt and connects with the new settings', async () => {
    const broker = new MemoryBroker();
    broker.stallConnects();
    const { connect, clients } = recording(broker);
    const u = uplink(broker, { connect }).start();
    expect(u.connectionState).toBe('connecting');
    await u.reconfigure(settings('moved'));
    expect(clients).toHaveLength(2);
    expect(clients[0]!.ended).toBe(true);
    expect(u.connectionState).toBe('connecting');
    const connected = nextConnect(u);
    broker.answerConnects();
    await connected;
    expect(broker.connections).toBe(1);
    expect(broker.messages.map((m) => m.topic)).toEqual(['moved/gw1/birth', 'moved/gw1/state']);
    expect(clients[1]!.options.will?.topic).toBe('moved/gw1/state');
  });

  it("ignores a retired attempt's client: its late connect and close change nothing", async () => {
    const broker = new MemoryBroker();
    const { connect, clients } = recording(broker);
    const u = uplink(broker, { connect }).start();
    await nextConnect(u);
    await u.reconfigure(settings('moved'));
    await nextConnect(u);
    // Were the first attempt still listened to, its CONNACK in state `online` would be an illegal
    // transition and its close would schedule a reconnect.
    clients[0]!.emit('connect', { sessionPresent: true });
    clients[0]!.emit('close');
    await new Promise((resolve) => setImmediate(resolve));
    expect(u.connectionState).toBe('online');
    expect(u.stats()).toMatchObject({ connected: true, connects: 2 });
    await u.submit('status', (meta) => testPayload(meta, 'after'));
    await u.drained();
    expect(broker.messagesOn('status').map((m) => m.topic)).toEqual(['moved/gw1/status']);
  });

  it('reconfigure before start only swaps the settings; start then connects with them', async () => {
    const broker = new MemoryBroker();
    const u = uplink(broker);
    await u.reconfigure(settings('moved'));
    expect(u.connectionState).toBe('idle');
    expect(broker.attempts).toBe(0);
    const connected = nextConnect(u);
    u.start();
    await connected;
    expect(broker.messages[0]?.topic).toBe('moved/gw1/birth');
  });

  it("falls back to MQTT 3.1.1 at once when the broker refuses 5 under 'auto'", async () => {
    const broker = new MemoryBroker();
    broker.maxProtocolVersion = 4;
    const u = uplink(broker);
    const offline: OfflineInfo[] = [];
    u.on('offline', (info) => offline.push(info));
    const connected = nextConnect(u);
    u.start();
    expect((await connected).protocolVersion).toBe(4);
    expect(broker.attempts).toBe(2);
    expect(offline).toEqual([]);
    await u.submit('status', (meta) => testPayload(meta, 'v4'));
    await u.drained();
    expect(broker.messagesOn('status')[0]?.userProperties).toBeUndefined();
  });

  it('backs off when the will cannot be built, without reaching the broker (attemptFailed)', async () => {
    const broker = new MemoryBroker();
    let builds = 0;
    const u = uplink(broker, {
      will: () => {
        if (++builds === 1) throw new Error('no clock yet');
        return encoder.encode('offline');
      },
    });
    const offline = nextOffline(u);
    const connected = nextConnect(u);
    u.start();
    expect((await offline).error?.code).toBe('UPLINK_CONNECT_FAILED');
    await connected;
    expect(broker.attempts).toBe(1);
  });

  it('backs off when the connect function throws (attemptFailed)', async () => {
    const broker = new MemoryBroker();
    let calls = 0;
    const connect: MqttConnect = (url, options) => {
      if (++calls === 1) throw new Error('bad socket factory');
      return broker.connect(url, options);
    };
    const u = uplink(broker, { connect });
    const offline = nextOffline(u);
    const connected = nextConnect(u);
    u.start();
    await offline;
    expect(isFirecodeError(u.stats().lastError, 'UPLINK_CONNECT_FAILED')).toBe(true);
    await connected;
    expect(broker.attempts).toBe(1);
  });

  it('close while announcing says offline, disconnects cleanly and publishes no late birth', async () => {
    const broker = new MemoryBroker();
    let finishBirth: (bytes: Uint8Array) => void = () => {};
    const u = uplink(broker, { birth: () => new Promise<Uint8Array>((resolve) => (finishBirth = resolve)) });
    let connectEvents = 0;
    u.on('connect', () => connectEvents++);
    u.start();
    await broker.until('the CONNACK', () => broker.connections === 1);
    expect(u.connectionState).toBe('announcing');
    expect(u.isConnected).toBe(true);
    const client = broker.client!;
    const closing = u.close();
    finishBirth(encoder.encode('late birth'));
    await closing;
    expect(texts(broker.messages)).toEqual(['offline']);
    expect(broker.messages.some((m) => m.will)).toBe(false);
    expect(client.disconnectedCleanly).toBe(true);
    expect(connectEvents).toBe(0);
  });

  it('close during a reconfiguration lets it end the old link and opens no new one', async () => {
    const broker = new MemoryBroker();
    const u = uplink(broker).start();
    await nextConnect(u);
    broker.puback = 'held';
    await u.submit('data', (meta) => testPayload(meta, 'in flight'));
    await broker.until('the message', () => broker.messagesOn('data').length === 1);
    const reconfigured = u.reconfigure(settings('moved'));
    await broker.until('the offline state', () => texts(broker.messagesOn('state')).includes('offline'));
    expect(u.connectionState).toBe('retiring');
    u.republishBirth(); // not on the connection being retired
    const closing = u.close();
    expect(u.connectionState).toBe('closing');
    broker.releasePubacks();
    const report = await closing;
    await reconfigured;
    expect(u.connectionState).toBe('closed');
    expect(report.undelivered.messages).toBe(0);
    expect(u.stats().delivered).toBe(1);
    expect(broker.attempts).toBe(1);
    expect(texts(broker.messagesOn('state'))).toEqual(['online', 'offline']);
    expect(broker.messagesOn('birth')).toHaveLength(1);
  });

  it('an alarm cuts a long back-off short (waiting -> waiting -> connecting)', async () => {
    const broker = new MemoryBroker();
    broker.refuseConnects();
    const u = uplink(broker, { reconnect: { minMs: 30_000, maxMs: 60_000, alarmMaxMs: 10, jitter: 0 } });
    const offline = nextOffline(u);
    u.start();
    expect((await offline).retryInMs).toBe(30_000);
    broker.acceptConnects();
    await u.submit('alarm', (meta) => testPayload(meta, 'FIRE'));
    // Without the cut the next attempt would come in 30 s, long after until() gives up (2 s).
    await broker.until('the alarm', () => broker.messagesOn('alarm').length === 1);
    expect(broker.attempts).toBe(2);
  });

  it('close before start ends at once, opening nothing (idle -> closing -> closed)', async () => {
    const broker = new MemoryBroker();
    const u = uplink(broker);
    await u.submit('status', (meta) => testPayload(meta, 'never sent'));
    expect(await u.close()).toMatchObject({ undelivered: { messages: 1 }, kept: false });
    expect(u.connectionState).toBe('closed');
    expect(broker.attempts).toBe(0);
  });

  it('a link lost while announcing backs off; its late birth is neither published nor announced', async () => {
    const broker = new MemoryBroker();
    let finishFirstBirth: (bytes: Uint8Array) => void = () => {};
    let births = 0;
    const birth = () =>
      ++births === 1
        ? new Promise<Uint8Array>((resolve) => (finishFirstBirth = resolve))
        : encoder.encode('birth');
    const u = uplink(broker, { birth });
    let connectEvents = 0;
    u.on('connect', () => connectEvents++);
    const offline = nextOffline(u);
    u.start();
    await broker.until('the CONNACK', () => broker.connections === 1);
    expect(u.connectionState).toBe('announcing');
    broker.dropLink();
    await offline;
    finishFirstBirth(encoder.encode('late birth'));
    await broker.until('the second connection', () => broker.connections === 2);
    await u.submit('status', (meta) => testPayload(meta, 'after'));
    await u.drained();
    expect(connectEvents).toBe(1);
    expect(texts(broker.messagesOn('birth'))).toEqual(['birth']);
    expect(broker.messagesOn('birth')[0]?.connection).toBe(2);
  });

  it('reconfigure while announcing says offline on the old topics and announces on the new ones', async () => {
    const broker = new MemoryBroker();
    let finishFirstBirth: (bytes: Uint8Array) => void = () => {};
    let births = 0;
    const birth = () =>
      ++births === 1
        ? new Promise<Uint8Array>((resolve) => (finishFirstBirth = resolve))
        : encoder.encode('birth');
    const u = uplink(broker, { birth }).start();
    await broker.until('the CONNACK', () => broker.connections === 1);
    expect(u.connectionState).toBe('announcing');
    const connected = nextConnect(u);
    await u.reconfigure(settings('moved'));
    finishFirstBirth(encoder.encode('late birth'));
    await connected;
    expect(broker.messages.map((m) => `${m.topic} ${m.payload}`)).toEqual([
      'unit/gw1/state offline',
      'moved/gw1/birth birth',
      'moved/gw1/state online',
    ]);
  });

  it('reconfigure during a long back-off connects with the new settings at once', async () => {
    const broker = new MemoryBroker();
    broker.refuseConnects();
    const u = uplink(broker, { reconnect: { minMs: 30_000, maxMs: 60_000, jitter: 0 } });
    const offline = nextOffline(u);
    u.start();
    expect((await offline).retryInMs).toBe(30_000);
    expect(u.connectionState).toBe('waiting');
    broker.acceptConnects();
    const connected = nextConnect(u);
    await u.reconfigure(settings('moved'));
    // The wait was cancelled: otherwise nothing would connect for 30 s.
    await connected;
    expect(broker.messages[0]?.topic).toBe('moved/gw1/birth');
    expect(broker.attempts).toBe(2);
  });

  it('a link lost while a reconfiguration retires it schedules nothing of its own', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const broker = new MemoryBroker();
    const u = uplink(broker).start();
    await nextConnect(u);
    const offline: OfflineInfo[] = [];
    u.on('offline', (info) => offline.push(info));
    broker.puback = 'held';
    const reconfigured = u.reconfigure(settings('moved'));
    await broker.until('the offline state', () => texts(broker.messagesOn('state')).includes('offline'));
    broker.dropLink(); // the offline state's PUBACK never comes: the retirement waits its 2 s
    await new Promise((resolve) => setImmediate(resolve));
    expect(u.connectionState).toBe('retiring');
    broker.puback = 'now';
    const connected = nextConnect(u);
    await vi.advanceTimersByTimeAsync(2000);
    await reconfigured;
    await connected;
    expect(offline).toEqual([]);
    expect(u.stats().connects).toBe(2);
    expect(broker.messagesOn('birth').map((m) => m.topic)).toEqual(['unit/gw1/birth', 'moved/gw1/birth']);
  });

  it('a link lost while close waits for a reconfiguration schedules nothing either', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const broker = new MemoryBroker();
    const u = uplink(broker).start();
    await nextConnect(u);
    broker.puback = 'held';
    const reconfigured = u.reconfigure(settings('moved'));
    await broker.until('the offline state', () => texts(broker.messagesOn('state')).includes('offline'));
    const closing = u.close();
    broker.dropLink();
    await new Promise((resolve) => setImmediate(resolve));
    expect(u.connectionState).toBe('closing');
    await vi.advanceTimersByTimeAsync(2000);
    await Promise.all([closing, reconfigured]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(u.connectionState).toBe('closed');
    expect(broker.attempts).toBe(1);
  });
});
