/**
 * The uplink's connection logic on the in-memory broker double: no Mosquitto, no sockets, fast. The
 * same behaviours against the real broker are in uplink.test.ts and test/uplink*.test.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryOutbox } from '../outbox/memory-outbox.js';
import { MemoryBroker } from '../testing/memory-broker.js';
import { parseTestPayload, testPayload } from '../testing/message-collector.js';
import { ALARM_BACKOFF_MAX_MS } from './backoff.js';
import { memoryUplinkOptions, nextConnect } from './memory-uplink.test-support.js';
import { createUplink, type OfflineInfo, type Uplink, type UplinkOptions } from './uplink.js';

const encoder = new TextEncoder();
const uplinks: Uplink[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const u of uplinks.splice(0)) await u.close();
});

function uplink(broker: MemoryBroker, extra: Partial<UplinkOptions> = {}): Uplink {
  const u = createUplink(memoryUplinkOptions(broker, extra));
  uplinks.push(u);
  return u;
}

describe('Uplink on the in-memory broker', () => {
  it('connects, publishes birth and online state retained, then messages at QoS 1', async () => {
    const broker = new MemoryBroker();
    const u = uplink(broker);
    const info = await nextConnect(u);
    expect(info).toEqual({ url: 'mqtt://memory.invalid:1883', protocolVersion: 5, sessionPresent: false });
    expect(broker.messages.slice(0, 2).map((m) => [m.topic, m.payload.toString(), m.retain, m.qos])).toEqual([
      ['unit/gw1/birth', 'birth', true, 1],
      ['unit/gw1/state', 'online', true, 1],
    ]);
    for (let i = 0; i < 5; i++) await u.submit('data', (meta) => testPayload(meta, `r${i}`));
    await u.drained();
    const data = broker.messagesOn('data');
    expect(data.map((m) => parseTestPayload(m.payload).label)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
    expect(data.every((m) => m.qos === 1 && !m.retain)).toBe(true);
    expect(data[0]?.userProperties?.seq).toBe(String(parseTestPayload(data[0]!.payload).sequence));
    expect(u.stats()).toMatchObject({ connected: true, delivered: 5, inFlight: 0, connects: 1 });
    // The connect options the uplink gave the client: a persistent session with the will on the state topic.
    const options = broker.client?.options;
    expect(options).toMatchObject({ clientId: 'gw1-client', clean: false, reconnectPeriod: 0 });
    expect(options?.will?.topic).toBe('unit/gw1/state');
  });

  it('publishes again from the outbox what was in flight when the link died, on the kept session', async () => {
    const broker = new MemoryBroker();
    const u = uplink(broker);
    await nextConnect(u);
    broker.puback = 'never';
    for (let i = 0; i < 3; i++) await u.submit('data', (meta) => testPayload(meta, `m${i}`));
    await broker.until('3 data messages', () => broker.messagesOn('data').length === 3);
    expect(u.stats().inFlight).toBe(3);
    const offline = new Promise<OfflineInfo>((resolve) => u.once('offline', resolve));
    const reconnected = nextConnect(u);
    broker.puback = 'now';
    broker.dropLink();
    expect((await offline).retryInMs).toBeLessThanOrEqual(20);
    expect(broker.messages.filter((m) => m.will).map((m) => m.payload.toString())).toEqual(['offline']);
    expect((await reconnected).sessionPresent).toBe(true);
    await u.drained();
    const second = broker.messagesOn('data').filter((m) => m.connection === 2);
    expect(second.map((m) => parseTestPayload(m.payload).label)).toEqual(['m0', 'm1', 'm2']);
    // The birth went out before the messages that need it, on the new connection too.
    const secondTopics = broker.messages
      .filter((m) => m.connection === 2)
      .map((m) => m.topic.split('/').pop());
    expect(secondTopics.slice(0, 2)).toEqual(['birth', 'state']);
    expect(u.stats()).toMatchObject({ delivered: 3, inFlight: 0, connects: 2 });
  });

  it('holds PUBACKs: messages stay in the outbox until the broker acknowledges them', async () => {
    const broker = new MemoryBroker();
    const outbox = new MemoryOutbox();
    const u = uplink(broker, { outbox });
    await nextConnect(u);
    broker.puback = 'held';
    await u.submit('alarm', (meta) => testPayload(meta, 'FIRE'));
    await broker.until('the alarm', () => broker.messagesOn('alarm').length === 1);
    expect(outbox.size).toBe(1);
    broker.releasePubacks();
    await u.drained();
    expect(outbox.size).toBe(0);
  });

  it('close while connecting opens nothing and reports what is still queued', async () => {
    const broker = new MemoryBroker();
    const u = uplink(broker);
    await u.submit('status', (meta) => testPayload(meta, 'queued'));
    const report = await u.close();
    expect(report).toMatchObject({ undelivered: { messages: 1 }, kept: false });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(broker.attempts).toBe(1);
    expect(broker.connections).toBe(0);
    expect(u.isConnected).toBe(false);
  });

  it('close while the will is being built opens no connection at all', async () => {
    const broker = new MemoryBroker();
    let finishWill: (bytes: Uint8Array) => void = () => {};
    const u = uplink(broker, { will: () => new Promise<Uint8Array>((resolve) => (finishWill = resolve)) });
    const closing = u.close();
    finishWill(encoder.encode('late will'));
    await closing;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(broker.attempts).toBe(0);
  });

  it('caps the reconnect backoff at ALARM_BACKOFF_MAX_MS while an alarm waits, and not otherwise', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const delays = async (withAlarm: boolean) => {
      const broker = new MemoryBroker();
      broker.refuseConnects();
      const outbox = new MemoryOutbox();
      if (withAlarm) await outbox.append('alarm', (meta) => testPayload(meta, 'FIRE'));
      const seen: number[] = [];
      const u = uplink(broker, { outbox, reconnect: { minMs: 1000, maxMs: 60_000, jitter: 0 } });
      u.on('offline', (info) => seen.push(info.retryInMs));
      u.on('error', () => {});
      while (seen.length < 6) {
        await new Promise((resolve) => setImmediate(resolve));
        await vi.advanceTimersByTimeAsync(seen.at(-1) ?? 0);
      }
      await u.close();
      return seen.slice(0, 6);
    };
    // With an alarm waiting the back-off stops doubling at ALARM_BACKOFF_MAX_MS (2 s), so the alarm
    // goes out within about 2 s of the broker coming back; without one it keeps doubling.
    expect(ALARM_BACKOFF_MAX_MS).toBe(2000);
    expect(await delays(true)).toEqual([1000, 2000, 2000, 2000, 2000, 2000]);
    expect(await delays(false)).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000]);
  });

  it('reports a refused login as UPLINK_AUTH_REFUSED and keeps retrying', async () => {
    const broker = new MemoryBroker();
    broker.refuseConnects({ reasonCode: 135 });
    const u = uplink(broker);
    const offline = new Promise<OfflineInfo>((resolve) => u.once('offline', resolve));
    expect((await offline).error?.code).toBe('UPLINK_AUTH_REFUSED');
    broker.acceptConnects();
    await nextConnect(u);
    expect(broker.attempts).toBeGreaterThanOrEqual(2);
  });
});
