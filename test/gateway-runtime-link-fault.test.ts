/**
 * The gateway's own status through a broker outage, end to end: batches built while the link to the
 * centre is down carry the centre-link fault in the GB/T 26875.3 status byte and arrive afterwards
 * flagged historical; what the bounded outbox had to evict is counted in the batches' status, so
 * every missing sequence number at the receiver is accounted for.
 */
import { type DecodedData, type DecodedMessage, decodeMessage, MemoryCatalogStore } from '@firecode/codec';
import { createLogger, parseConfig, startGateway } from '@firecode/gateway';
import { decodeTransmissionStatus } from '@firecode/schema';
import { ProfileDevice, startTcpSlave } from '@firecode/simulator';
import { MemoryOutbox } from '@firecode/uplink';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { MOSQUITTO_MISSING, PrivateMosquitto } from '../packages/uplink/src/testing/private-mosquitto.js';
import { waitFor } from './support/wait.js';

/** Reconnecting after the outage may take a backoff step or two: a longer bound than usual. */
const waitLong = <T>(find: () => T | undefined, what: string) => waitFor(find, what, 30_000);

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

describe.skipIf(MOSQUITTO_MISSING)('gateway runtime: link fault and drops in the gateway status', () => {
  it('flags batches built offline with the centre-link fault and counts every evicted message', async () => {
    const transmitter = new ProfileDevice('mpd-380');
    transmitter.setPoint('pressure', 400);
    const slave = await startTcpSlave({ host: '127.0.0.1', port: 0, units: { 1: transmitter } });
    cleanups.push(() => slave.close());
    const broker = await PrivateMosquitto.start({ persistence: true });
    cleanups.push(() => broker.stop());

    // A persistent session: what the gateway publishes while this client reconnects is kept for it.
    const raw: Uint8Array[] = [];
    const receiver = await mqtt.connectAsync(broker.url, {
      clientId: 'link-fault-receiver',
      clean: false,
      protocolVersion: 4,
      reconnectPeriod: 200,
    });
    cleanups.push(() => receiver.endAsync(true));
    receiver.on('message', (_topic, payload) => {
      if (payload.length > 0) raw.push(new Uint8Array(payload));
    });
    await receiver.subscribeAsync('link/#', { qos: 1 });
    const catalogs = new MemoryCatalogStore();
    const decoded: DecodedMessage[] = [];
    const data = (): DecodedData[] => {
      while (decoded.length < raw.length) {
        const message = decodeMessage(raw[decoded.length]!, { catalogs });
        if (message.type === 'birth') catalogs.add(message.catalog);
        decoded.push(message);
      }
      const bySequence = new Map<bigint, DecodedData>();
      for (const m of decoded) if (m.type === 'data') bySequence.set(m.sequence, m);
      return [...bySequence.values()].sort((a, b) => (a.sequence < b.sequence ? -1 : 1));
    };
    const statusOf = (batch: DecodedData) =>
      decodeTransmissionStatus(Number(batch.status?.['transmissionStatus']));

    const config = parseConfig(
      `
building: { id: B-LINK, name: Link Tower }
gateway: { id: link-gw }
buses: [{ id: line-1, kind: tcp, host: 127.0.0.1, port: ${slave.port}, timeoutMs: 200 }]
devices: [{ id: pt-1, bus: line-1, unit: 1, profile: mpd-380, pollIntervalMs: 100 }]
uplink: { url: ${broker.url}, topicPrefix: link, keepaliveSec: 5, outbox: { path: given-in-deps } }
report: { strategy: period, periodMs: 100 }
batch: { maxAgeMs: 100, maxReadings: 1000 }
metrics: { enabled: false }
`,
      'link-fault-test.yaml',
    );
    // A small outbox, so that the outage overflows it and the oldest routine data is evicted.
    const outbox = new MemoryOutbox({ maxBytes: 2048 });
    const gateway = await startGateway(config, { logger: createLogger({ level: 'silent' }), outbox });
    cleanups.push(() => gateway.stop());
    const evictedSequences = new Set<bigint>();
    gateway.uplink.on('drop', (report) => {
      for (const sequence of report.sequences) evictedSequences.add(sequence);
    });

    const online = await waitLong(() => data().find((b) => b.readings.length > 0), 'a first batch');
    expect(statusOf(online).centreLinkFault).toBe(false);
    expect(online.historical).toBe(false);

    await broker.pause();
    await waitLong(() => (gateway.uplink.isConnected ? undefined : true), 'the gateway to notice the outage');
    const evicted = () => Object.values(gateway.uplink.stats().dropped).reduce((a, b) => a + b, 0);
    await waitLong(() => (evicted() >= 3 ? true : undefined), 'the outbox to overflow during the outage');
    await broker.resume();

    const after = await waitLong(
      () => data().find((b) => !b.historical && b.sequence > online.sequence && statusOf(b).normal),
      'a live batch after the outage',
    );
    await gateway.stop();
    cleanups.pop();
    const batches = await waitLong(() => {
      const all = data();
      return all.at(-1)!.sequence >= after.sequence ? all : undefined;
    }, 'the remaining batches');

    const built = batches.filter((b) => b.historical);
    expect(built.length).toBeGreaterThan(0);
    for (const batch of built) expect(statusOf(batch).centreLinkFault).toBe(true);
    expect(statusOf(after).centreLinkFault).toBe(false);

    // Every gap in the sequence numbers is an eviction the gateway counted and reported. (The converse
    // need not hold: a message evicted while already in flight may still arrive — at least once.)
    const first = batches[0]!.sequence;
    const last = batches.at(-1)!.sequence;
    const delivered = new Set(batches.map((b) => b.sequence));
    const missing: bigint[] = [];
    for (let s = first; s <= last; s++) if (!delivered.has(s)) missing.push(s);
    expect(missing.length).toBeGreaterThan(0);
    for (const sequence of missing) expect(evictedSequences.has(sequence)).toBe(true);
    expect(evictedSequences.size).toBe(evicted());
    const reported = Math.max(...batches.map((b) => Number(b.status?.['droppedTotal'] ?? 0)));
    expect(reported).toBeGreaterThanOrEqual(missing.length);
    expect(reported).toBeLessThanOrEqual(evicted());
    expect(batches.some((b) => Number(b.status?.['droppedMessages'] ?? 0) > 0)).toBe(true);
  }, 90_000);
});
