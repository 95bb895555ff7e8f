/**
 * `Uplink.reconfigure` against the real broker: new connection settings on a running uplink, with the
 * same outbox, counters and listeners, nothing lost and sequence numbers continuing.
 */
import { isFirecodeError } from '@firecode/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { mqttUrl, uniqueTopicPrefix } from '../../../../test/support/mqtt.js';
import { MemoryOutbox } from '../outbox/memory-outbox.js';
import { MessageCollector, parseTestPayload, testPayload } from '../testing/message-collector.js';
import { Uplink, type UplinkConnectionOptions, type UplinkOptions } from './uplink.js';

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

function connection(prefix: string): UplinkConnectionOptions {
  return {
    url: mqttUrl(),
    clientId: `${prefix.replaceAll('/', '-')}-gw`,
    gatewayId: 'gw1',
    topicPrefix: prefix,
  };
}

function uplink(prefix: string, outbox = new MemoryOutbox()): Uplink {
  const options: UplinkOptions = {
    ...connection(prefix),
    outbox,
    birth: () => encoder.encode('birth'),
    will: encoder.encode('offline'),
    online: () => encoder.encode('online'),
  };
  const u = new Uplink(options);
  u.on('error', () => {});
  cleanups.push(async () => void (await u.close()));
  return u;
}

const connected = (u: Uplink) =>
  new Promise<void>((resolve) => (u.isConnected ? resolve() : u.once('connect', () => resolve())));

const sequencesOf = (c: MessageCollector) => c.on('data').map((m) => parseTestPayload(m.payload).sequence);

describe('Uplink.reconfigure against the broker', () => {
  it('moves to a new topic prefix while messages flow: none lost, sequences continue, listeners follow', async () => {
    const before = uniqueTopicPrefix('reconf-a');
    const after = uniqueTopicPrefix('reconf-b');
    const atOld = await collector(before);
    const atNew = await collector(after);
    const outbox = new MemoryOutbox();
    const u = uplink(before, outbox).start();
    let connects = 0;
    let delivered = 0;
    u.on('connect', () => connects++);
    u.on('delivered', () => delivered++);
    await connected(u);

    let switching: Promise<void> | undefined;
    for (let i = 0; i < 200; i++) {
      // Not awaited: the switch happens with messages in flight and more being submitted.
      if (i === 100) switching = u.reconfigure(connection(after));
      await u.submit('data', (meta) => testPayload(meta, `m${i}`));
    }
    await switching;
    expect(u.topics.data.startsWith(`${after}/`)).toBe(true);
    await u.drained();
    expect(outbox.size).toBe(0);

    const all = () => new Set([...sequencesOf(atOld), ...sequencesOf(atNew)]);
    await atNew.until('every sequence at one prefix or the other', () => all().size === 200);
    const sorted = [...all()].sort((a, b) => (a < b ? -1 : 1));
    // 200 distinct numbers from 1 to 200: none missing, none reused.
    expect(sorted[0]).toBe(1n);
    expect(sorted.at(-1)).toBe(200n);
    expect(sequencesOf(atNew).length).toBeGreaterThan(0);
    // The old state topic says offline; the new prefix got a birth.
    await atOld.until('offline on the old state topic', () =>
      atOld.on('state').some((m) => m.payload.toString() === 'offline'),
    );
    await atNew.until('a birth at the new prefix', () => atNew.on('birth').length > 0);
    // Same uplink object: its listeners and counters carried on; the outbox numbers on.
    expect(connects).toBe(2);
    expect(delivered).toBe(200);
    expect(u.stats().connects).toBe(2);
    expect(outbox.stats().nextSequence).toBe(201n);
  });

  it('rejects invalid settings before touching the running connection', async () => {
    const prefix = uniqueTopicPrefix('reconf-bad');
    const u = uplink(prefix).start();
    await connected(u);
    await expect(u.reconfigure({ ...connection(prefix), url: 'http://127.0.0.1:1883' })).rejects.toThrow(
      /not an MQTT URL/,
    );
    expect(u.isConnected).toBe(true);
    expect(u.stats().connects).toBe(1);
  });

  it('only reconfigures an uplink that was not started; start() then uses the new settings', async () => {
    const before = uniqueTopicPrefix('reconf-idle-a');
    const after = uniqueTopicPrefix('reconf-idle-b');
    const atNew = await collector(after);
    const u = uplink(before);
    await u.reconfigure(connection(after));
    expect(u.isConnected).toBe(false);
    expect(u.stats().connects).toBe(0);
    u.start();
    await connected(u);
    await atNew.until('a birth at the new prefix', () => atNew.on('birth').length > 0);
  });

  it('refuses after close', async () => {
    const prefix = uniqueTopicPrefix('reconf-closed');
    const u = uplink(prefix).start();
    await u.close();
    const error = await u.reconfigure(connection(prefix)).catch((e: unknown) => e);
    expect(isFirecodeError(error, 'UPLINK_CLOSED')).toBe(true);
  });
});
