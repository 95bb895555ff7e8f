/**
 * Must hold: the broker is down for 30 s while readings are produced; after it returns every reading
 * arrives, in order within each class, those produced during the outage flagged historical, and the
 * sequence numbers have no gaps. Runs its own Mosquitto (with persistence, so that the receiving
 * side's persistent session and its queued messages survive the outage, as an ingest's would).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUplink, DiskOutbox, type MessageClass } from '@firecode/uplink';
import { afterAll, describe, expect, it } from 'vitest';
import {
  MessageCollector,
  parseTestPayload,
  testPayload,
} from '../packages/uplink/src/testing/message-collector.js';
import { MOSQUITTO_MISSING, PrivateMosquitto } from '../packages/uplink/src/testing/private-mosquitto.js';

const OUTAGE_MS = 30_000;
const PRODUCE_EVERY_MS = 25;
const encoder = new TextEncoder();
const dir = mkdtempSync(join(tmpdir(), 'firecode-uplink-outage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Produced {
  sequence: bigint;
  cls: MessageClass;
  historical: boolean;
  at: number;
}

describe.skipIf(MOSQUITTO_MISSING)('broker outage of 30 s', () => {
  it('delivers every reading afterwards: in order per class, flagged historical, no sequence gaps', async () => {
    const broker = await PrivateMosquitto.start({ persistence: true });
    const outbox = await DiskOutbox.open({ dir: join(dir, 'outbox'), fsync: 'always' });
    const received = await MessageCollector.start(broker.url, 'outage/#', {
      clientId: 'outage-ingest',
      clean: false,
      protocolVersion: 4,
    });
    const uplink = createUplink({
      url: broker.url,
      clientId: 'outage-gw',
      topicPrefix: 'outage',
      outbox,
      birth: () => encoder.encode('birth'),
      will: encoder.encode('offline'),
      reconnect: { minMs: 100, maxMs: 1000, jitter: 0.5 },
    });
    uplink.on('error', () => {});
    const offline: number[] = [];
    uplink.on('offline', () => offline.push(Date.now()));
    try {
      await new Promise((resolve) => uplink.once('connect', resolve));
      const produced: Produced[] = [];
      let counter = 0;
      const produceOne = async () => {
        const n = counter++;
        const cls: MessageClass = n % 29 === 0 ? 'alarm' : n % 7 === 0 ? 'status' : 'data';
        const result = await uplink.submit(cls, (meta) => {
          produced.push({
            sequence: meta.sequence,
            cls: meta.cls,
            historical: meta.historical,
            at: Date.now(),
          });
          return testPayload(meta, `reading-${n}`);
        });
        expect(result.dropped).toEqual([]);
      };
      const producer = setInterval(() => void produceOne(), PRODUCE_EVERY_MS);
      await sleep(1000);
      await broker.pause();
      const downAt = Date.now();
      await sleep(OUTAGE_MS);
      const upAt = Date.now();
      await broker.resume();
      await sleep(1000);
      clearInterval(producer);
      await sleep(50);
      await uplink.drained();
      const total = produced.length;
      await received.until(
        `${total} distinct readings`,
        () => distinct(received.messages).size >= total,
        30_000,
      );

      // Every accepted reading arrived; sequence numbers 1..total without a gap.
      const got = distinct(received.messages);
      const sequences = [...got.keys()].sort((a, b) => (a < b ? -1 : 1));
      expect(sequences.length).toBe(total);
      expect(sequences[0]).toBe(1n);
      expect(sequences.at(-1)).toBe(BigInt(total));

      // In order within each class (first arrival of each sequence).
      const firstArrival = new Map<string, bigint[]>();
      const seen = new Set<bigint>();
      for (const m of received.messages) {
        if (!/\/(alarm|status|data)$/.test(m.topic)) continue;
        const p = parseTestPayload(m.payload);
        if (seen.has(p.sequence)) continue;
        seen.add(p.sequence);
        firstArrival.set(p.cls, [...(firstArrival.get(p.cls) ?? []), p.sequence]);
      }
      for (const [cls, list] of firstArrival) {
        expect(list, `order of ${cls}`).toEqual([...list].sort((a, b) => (a < b ? -1 : 1)));
      }

      // Produced during the outage (well inside it): data flagged historical, alarms and status not
      // (historical means old data; an event is news whenever it arrives), and so they arrive.
      const during = produced.filter((p) => p.at > downAt + 500 && p.at < upAt);
      expect(during.length).toBeGreaterThan(OUTAGE_MS / PRODUCE_EVERY_MS / 2);
      for (const p of during) {
        // (`cls` is the class the outbox queued it as: data from the outage is queued as historical.)
        const old = p.cls === 'historical';
        expect(p.cls).not.toBe('data');
        expect(p.historical).toBe(old);
        expect(got.get(p.sequence)?.historical).toBe(old);
      }
      // Before the outage: live.
      expect(produced.filter((p) => p.at < downAt - 200).every((p) => !p.historical)).toBe(true);
      expect(offline.length).toBeGreaterThan(0);
      // Birth on every (re)connect: once before the outage, once after.
      expect(received.on('birth').length).toBeGreaterThanOrEqual(2);
      expect(outbox.size).toBe(0);
    } finally {
      await uplink.close();
      await received.stop();
      await outbox.close();
      await broker.stop();
    }
  }, 90_000);
});

function distinct(messages: MessageCollector['messages']) {
  const bySequence = new Map<bigint, ReturnType<typeof parseTestPayload>>();
  for (const m of messages) {
    if (!/\/(alarm|status|data)$/.test(m.topic)) continue;
    const p = parseTestPayload(m.payload);
    if (!bySequence.has(p.sequence)) bySequence.set(p.sequence, p);
  }
  return bySequence;
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
