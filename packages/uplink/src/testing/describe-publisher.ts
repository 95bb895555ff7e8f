import { BATCH_STATUS_FIELDS } from '@firecode/codec';
import {
  catalogSchema,
  eventKinds,
  fireEventSchema,
  isAlarmEventKind,
  type Reading,
  readingSchema,
} from '@firecode/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryOutbox } from '../outbox/memory-outbox.js';
import type { Outbox } from '../outbox/outbox.js';
import { MAX_BATCH_READINGS } from '../publisher/reading-batcher.js';
import { MemoryBroker } from './memory-broker.js';
import {
  conformanceCatalog,
  conformanceEvent,
  conformanceReadings,
  type PublisherFactory,
  type PublisherFixture,
  type PublisherUnderTest,
} from './publisher-fixture.js';
import { readWire, type WireMessage } from './wire-reader.js';

/** The largest data message the ingest takes by default (`IngestWorker` `maxMessageBytes`). */
const INGEST_DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;
/** Generous: waits, never a timed assertion. */
const WAIT_MS = 20_000;
const GATEWAY_ID = 'conformance-gw';
/** A status-lane kind: sent at once, but behind alarms. */
const STATUS_KIND = eventKinds.find((kind) => !isAlarmEventKind(kind))!;

let prefixes = 0;

/**
 * The conformance suite of a sending side: whatever publishes readings and events (the SDK's client,
 * the gateway's publish stage) must put the same wire on an MQTT broker, read back with an independent
 * decoder (`cborg` in strict mode and the layout of docs/wire-format.md, no code of the codec): topics, birth
 * and states, batches split at the limit, the batch status fields and their CBOR types, the alarm
 * fast lane, drop accounting when the outbox is full, and sequence numbers. The broker is the
 * in-memory one of this package, reached through the uplink's `connect`.
 */
export function describePublisherConformance(name: string, factory: PublisherFactory): void {
  describe(`${name}: publisher conformance`, () => {
    let open: PublisherUnderTest[] = [];
    afterEach(async () => {
      await Promise.all(open.map((sender) => sender.close()));
      open = [];
    });

    async function setUp(
      overrides: { batch?: PublisherFixture['batch']; outbox?: Outbox; refuse?: boolean } = {},
    ) {
      const broker = new MemoryBroker();
      if (overrides.refuse) broker.refuseConnects();
      const topicPrefix = `conformance/${process.pid}-${++prefixes}`;
      const fixture: PublisherFixture = {
        url: 'mqtt://memory-broker.invalid:1883',
        connect: broker.connect,
        gatewayId: GATEWAY_ID,
        topicPrefix,
        catalog: conformanceCatalog(GATEWAY_ID),
        outbox: overrides.outbox ?? new MemoryOutbox(),
        batch: overrides.batch ?? { maxReadings: 4, maxAgeMs: 3_600_000 },
      };
      const sender = await factory(fixture);
      open.push(sender);
      const topic = (suffix: string) => `${topicPrefix}/${GATEWAY_ID}/${suffix}`;
      const wire = () => readWire(broker.messages.filter((m) => !m.will));
      const until = (what: string, count: number, suffix: string) =>
        broker.until(what, () => broker.messagesOn(suffix).length >= count, WAIT_MS);
      if (!overrides.refuse) await until('the birth', 1, 'birth');
      return { broker, fixture, sender, topic, wire, until };
    }

    it('announces itself: the birth with the catalog, the online state, the offline state at close', async () => {
      const { broker, fixture, sender, topic, wire, until } = await setUp();
      await until('the online state', 1, 'state');
      await sender.close();
      await until('the offline state', 2, 'state');
      const messages = await wire();
      const birth = messages.find((m) => m.type === 'birth')!;
      expect(birth.topic).toBe(topic('birth'));
      expect(birth.gatewayId).toBe(GATEWAY_ID);
      expect(catalogSchema.parse(birth.catalog)).toEqual(catalogSchema.parse(fixture.catalog));
      const states = messages.filter((m) => m.type === 'state');
      expect(states.map((m) => [m.topic, m.online])).toEqual([
        [topic('state'), true],
        [topic('state'), false],
      ]);
      expect(broker.messagesOn('birth')[0]!.retain).toBe(true);
    });

    it('batches readings by size: full batches leave at maxReadings, the rest at flush, each reading once', async () => {
      // 64-bit sequence numbers, past what a JS number holds exactly: carried exactly, in order.
      const first = 2n ** 63n - 2n;
      const outbox = new MemoryOutbox({ firstSequence: first });
      const { sender, fixture, topic, wire, until } = await setUp({ outbox });
      const readings = conformanceReadings(fixture.catalog, 9, Date.now() - 60_000);
      sender.addReadings(readings);
      await until('two full batches', 2, 'data');
      await sender.flush();
      await until('the rest', 3, 'data');
      const data = (await wire()).filter((m) => m.type === 'data');
      expect(data.map((m) => m.topic)).toEqual([topic('data'), topic('data'), topic('data')]);
      expect(data.map((m) => m.readings!.length)).toEqual([4, 4, 1]);
      expect(data.every((m) => m.historical === false)).toBe(true);
      expect(sorted(data.flatMap((m) => m.readings!.map((r) => readingSchema.parse(r))))).toEqual(
        sorted(readings),
      );
      expectContiguousSequences(data);
      expect(data.map((m) => m.sequence)).toEqual([first, first + 1n, first + 2n]);
    });

    it(`splits at the one limit: ${MAX_BATCH_READINGS} readings in one message, small enough for the ingest`, async () => {
      const batch = { maxReadings: MAX_BATCH_READINGS, maxAgeMs: 3_600_000 };
      const { sender, fixture, wire, until } = await setUp({ batch });
      // The costliest readings on the wire: irregular times and values at full double precision.
      const readings = conformanceReadings(
        fixture.catalog,
        MAX_BATCH_READINGS + 1,
        Date.now() - 86_400_000,
      ).map((reading, index) => ({
        ...reading,
        time: reading.time + ((index * 7919) % 997),
        value: Math.PI * (index % 500),
      }));
      sender.addReadings(readings);
      await until('the full batch', 1, 'data');
      await sender.flush();
      await until('the last reading', 2, 'data');
      const data = (await wire()).filter((m) => m.type === 'data');
      expect(data.map((m) => m.readings!.length)).toEqual([MAX_BATCH_READINGS, 1]);
      expect(data[0]!.bytes).toBeLessThanOrEqual(INGEST_DEFAULT_MAX_MESSAGE_BYTES);
      expect(sorted(data.flatMap((m) => m.readings!.map((r) => readingSchema.parse(r))))).toEqual(
        sorted(readings),
      );
    });

    it('carries the batch status: the spec fields as unsigned integers, conditions from the events', async () => {
      const { sender, fixture, wire, until } = await setUp();
      const time = Date.now() - 60_000;
      sender.addReadings(conformanceReadings(fixture.catalog, 1, time));
      await sender.flush();
      await sender.event(conformanceEvent(fixture.catalog, 'fire', time));
      sender.addReadings(conformanceReadings(fixture.catalog, 1, time + 1000));
      await sender.flush();
      await until('two batches', 2, 'data');
      const data = (await wire()).filter((m) => m.type === 'data');
      const names = BATCH_STATUS_FIELDS.map((field) => field.name as string);
      for (const message of data) {
        const always = BATCH_STATUS_FIELDS.filter((f) => f.presence === 'always').map((f) => f.name);
        expect(Object.keys(message.status!).sort()).toEqual([...always].sort());
        for (const key of Object.keys(message.status!)) expect(names).toContain(key);
        expect(Object.values(message.statusTypes!)).toEqual(always.map(() => 'uint'));
        for (const value of Object.values(message.status!)) expect(value).toBeGreaterThanOrEqual(0);
        expect(message.status!.droppedTotal).toBe(0);
      }
      const [before, after] = data.map((m) => m.status!.transmissionStatus as number);
      // Bit 0 normal, bit 1 fire alarm (active since the fire event), bit 5 link down (it is up).
      expect([before! & 0b100011, after! & 0b100011]).toEqual([0b1, 0b11]);
    });

    it('sends events at once: an alarm overtakes a backlog, other kinds take the status lane, never historical', async () => {
      const { broker, fixture, sender, topic, wire, until } = await setUp({ refuse: true });
      const time = Date.now() - 60_000;
      sender.addReadings(conformanceReadings(fixture.catalog, 8, time));
      await sender.flush();
      const status = conformanceEvent(fixture.catalog, STATUS_KIND, time + 1);
      const fire = conformanceEvent(fixture.catalog, 'fire', time + 2);
      await sender.event(status);
      await sender.event(fire);
      broker.acceptConnects();
      await until('the batches', 2, 'data');
      await until('the events', 1, 'status');
      const sent = (await wire()).filter((m) => m.type !== 'birth' && m.type !== 'state');
      expect(sent.map((m) => [m.topic, m.historical])).toEqual([
        [topic('alarm'), false],
        [topic('status'), false],
        [topic('data'), true],
        [topic('data'), true],
      ]);
      expect(sent[0]!.events!.map((e) => fireEventSchema.parse(e))).toEqual([fire]);
      expect(sent[1]!.events!.map((e) => fireEventSchema.parse(e))).toEqual([status]);
      // Numbered as submitted (data, status, alarm), published by priority.
      expectContiguousSequences(sent);
      expect(sent.map((m) => m.sequence!)).toEqual([
        ...[3n, 2n, 0n, 1n].map((offset) => sent[2]!.sequence! + offset),
      ]);
    });

    it('sends an alarm without waiting for the pending readings', async () => {
      const { broker, fixture, sender, topic, until } = await setUp();
      const time = Date.now() - 60_000;
      sender.addReadings(conformanceReadings(fixture.catalog, 2, time));
      await sender.event(conformanceEvent(fixture.catalog, 'fire', time + 5000));
      await until('the alarm', 1, 'alarm');
      // maxAgeMs is an hour and the batch is not full: the readings still wait.
      expect(broker.messagesOn('data')).toHaveLength(0);
      expect(broker.messagesOn('alarm')[0]!.topic).toBe(topic('alarm'));
    });

    it('accounts for drops: a full outbox evicts the oldest data, counted in the next batches and in the total', async () => {
      const outbox = new MemoryOutbox({ maxBytes: 2000 });
      const { broker, fixture, sender, wire, until } = await setUp({ outbox, refuse: true });
      const time = Date.now() - 3_600_000;
      const readings = conformanceReadings(fixture.catalog, 60, time);
      for (const reading of readings) {
        sender.addReadings([reading]);
        await sender.flush();
      }
      broker.acceptConnects();
      await until('the birth', 1, 'birth');
      await broker.until('the outbox to drain', () => outbox.stats().messages === 0, WAIT_MS);
      const delivered = broker.messagesOn('data').length;
      sender.addReadings(conformanceReadings(fixture.catalog, 1, time + 3_000_000));
      await sender.flush();
      await until('the last batch', delivered + 1, 'data');
      const data = (await wire()).filter((m) => m.type === 'data');
      expect(data.length).toBeLessThan(readings.length + 1);
      const last = data.at(-1)!;
      // The outbox numbers from 1; every message here is a data batch.
      const missing = Number(last.sequence!) - data.length;
      expect(missing).toBeGreaterThan(0);
      // The running total is exactly what never reached the wire.
      expect(last.status!.droppedTotal).toBe(missing);
      const reported = data.filter((m) => m.status!.droppedMessages !== undefined);
      expect(reported.length).toBeGreaterThan(0);
      for (const message of reported) {
        expect(message.statusTypes).toMatchObject({ droppedMessages: 'uint', droppedBytes: 'uint' });
        expect(message.status!.droppedMessages).toBeGreaterThan(0);
        expect(message.status!.droppedBytes).toBeGreaterThan(0);
      }
    });

    it('accounts for refusals: events an outbox full of alarms cannot take are counted in the next batch', async () => {
      // Alarms are never evicted: once the outbox is full of them, further events are refused.
      const outbox = new MemoryOutbox({ maxBytes: 400, alarmReserveBytes: 0 });
      const { broker, fixture, sender, wire, until } = await setUp({ outbox, refuse: true });
      const time = Date.now() - 60_000;
      const sent = 20;
      for (let i = 0; i < sent; i++) {
        await Promise.resolve(sender.event(conformanceEvent(fixture.catalog, 'fire', time + i))).catch(
          () => {},
        );
      }
      broker.acceptConnects();
      await until('the birth', 1, 'birth');
      await broker.until('the outbox to drain', () => outbox.stats().messages === 0, WAIT_MS);
      sender.addReadings(conformanceReadings(fixture.catalog, 1, time + 1000));
      await sender.flush();
      await until('the batch', 1, 'data');
      const messages = await wire();
      const alarms = messages.filter((m) => m.type === 'alarm');
      expect(alarms.length).toBeGreaterThan(0);
      expect(alarms.length).toBeLessThan(sent);
      // Refused messages never got a number: the alarms on the wire are numbered without gaps.
      expectContiguousSequences(alarms);
      const batch = messages.find((m) => m.type === 'data')!;
      expect(batch.status).toMatchObject({
        droppedTotal: sent - alarms.length,
        droppedMessages: sent - alarms.length,
      });
    });
  });
}

function sorted(readings: readonly Pick<Reading, 'point' | 'time' | 'value' | 'quality'>[]): unknown[] {
  return [...readings]
    .map(({ point, time, value, quality }) => ({ point, time, value, quality }))
    .sort((a, b) => a.time - b.time || a.point.localeCompare(b.point));
}

/** Every message numbered, numbers unique and without gaps (nothing was dropped). */
function expectContiguousSequences(messages: readonly WireMessage[]): void {
  const numbers = messages.map((m) => m.sequence!).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  expect(new Set(numbers).size).toBe(numbers.length);
  expect(numbers.map((n) => n - numbers[0]!)).toEqual(numbers.map((_, i) => BigInt(i)));
}
