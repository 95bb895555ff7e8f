/**
 * Must hold for the vendor SDK: the broker goes away while the device keeps producing readings and an
 * alarm; nothing is lost, the readings that waited out the outage arrive flagged historical (the alarm
 * not: it is news whenever it arrives), sequence numbers have
 * no gaps — also across a restart of the vendor's program with a disk outbox. Runs a private Mosquitto
 * (with persistence, so that the receiving side's session survives the outage, as an ingest's would).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DecodedMessage, decodeMessage, MemoryCatalogStore } from '@firecode/codec';
import type { Reading } from '@firecode/schema';
import { createFirecodeClient, type FirecodeClient } from '@firecode/sdk';
import { pressureHubParts } from '@firecode/sdk/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { MessageCollector } from '../packages/uplink/src/testing/message-collector.js';
import { MOSQUITTO_MISSING, PrivateMosquitto } from '../packages/uplink/src/testing/private-mosquitto.js';

const dir = mkdtempSync(join(tmpdir(), 'firecode-sdk-outage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = 1_780_000_000_000;
const reconnect = { minMs: 100, maxMs: 400, jitter: 0.2 };

describe.skipIf(MOSQUITTO_MISSING)('SDK through a broker outage and a restart', () => {
  it('loses nothing: readings from the outage arrive flagged historical, the alarm not, no gaps', async () => {
    const broker = await PrivateMosquitto.start({ persistence: true });
    const received = await MessageCollector.start(broker.url, 'outage/#', {
      clientId: 'sdk-outage-ingest',
      clean: false,
      protocolVersion: 4,
    });
    const parts = pressureHubParts('hub-o');
    const open = () =>
      createFirecodeClient({
        url: broker.url,
        gatewayId: 'hub-o',
        topicPrefix: 'outage',
        ...parts,
        outbox: { dir: join(dir, 'outbox') },
        batch: { maxReadings: 5, maxAgeMs: 60_000 },
        reconnect,
      });
    let client: FirecodeClient = await open();
    const produced: { value: number; during: boolean }[] = [];
    let n = 0;
    const produce = (count: number, during: boolean) => {
      for (let i = 0; i < count; i++, n++) {
        // 200..599: no threshold is crossed, so every message is a data batch or the one fault.
        client.reading('riser-2-pressure', 200 + n, { time: T0 + n * 1000 });
        produced.push({ value: 200 + n, during });
      }
    };
    try {
      await client.whenConnected();
      produce(10, false);
      await client.flush();
      await client.drained();

      const offline = new Promise((resolve) => client.once('offline', resolve));
      await broker.pause();
      await offline;
      produce(12, true);
      const fault = await client.event({ kind: 'fault', component: 'hub-o', time: T0 + 99_000 });
      await client.flush();
      // The program restarts during the outage: the disk outbox keeps what was not delivered.
      await client.close();
      client = await open();
      produce(8, true);
      await client.flush();
      expect(client.stats().uplink.outbox.messages).toBeGreaterThan(0);

      await broker.resume();
      await client.whenConnected();
      produce(5, false); // live again
      await client.flush();
      await client.drained();

      const catalogs = new MemoryCatalogStore();
      catalogs.add(client.catalog);
      const decode = () =>
        received.messages
          .filter((m) => /\/(data|alarm)$/.test(m.topic))
          .map((m) => decodeMessage(new Uint8Array(m.payload), { catalogs }));
      const distinctReadings = () => {
        const values = new Set<number | null>();
        for (const m of decode()) if (m.type === 'data') for (const r of m.readings) values.add(r.value);
        return values.size;
      };
      await received.until(`${produced.length} readings`, () => distinctReadings() >= produced.length);

      // De-duplicate by sequence (at least once), then check: no gaps, every reading, the right flags.
      const bySequence = new Map<bigint, Extract<DecodedMessage, { type: 'data' | 'alarm' }>>();
      for (const m of decode()) if (m.type === 'data' || m.type === 'alarm') bySequence.set(m.sequence, m);
      const sequences = [...bySequence.keys()].sort((a, b) => (a < b ? -1 : 1));
      expect(sequences).toEqual(Array.from({ length: sequences.length }, (_, i) => BigInt(i + 1)));

      const readings = new Map<number, { reading: Reading; historical: boolean }>();
      for (const m of bySequence.values()) {
        if (m.type !== 'data') continue;
        for (const reading of m.readings)
          readings.set(reading.value ?? -1, { reading, historical: m.historical });
      }
      expect(readings.size).toBe(produced.length);
      for (const p of produced) {
        expect(readings.get(p.value)?.historical, `reading ${p.value} historical`).toBe(p.during);
      }
      const alarm = bySequence.get(fault.sequence);
      // Raised during the outage and still active: news, not old data (its time says when it was raised).
      expect(alarm).toMatchObject({
        type: 'alarm',
        historical: false,
        events: [{ kind: 'fault', component: 'hub-o' }],
      });
      // A birth on each connect: before the outage, after the restart.
      expect(received.on('birth').length).toBeGreaterThanOrEqual(2);
      expect(client.stats().uplink.outbox.messages).toBe(0);
      expect(client.stats().uplink.dropped).toEqual({ alarm: 0, status: 0, data: 0, historical: 0 });
    } finally {
      await client.close();
      await received.stop();
      await broker.stop();
    }
  }, 60_000);
});
