/**
 * Must hold: outbox full — data dropped oldest first and counted; alarms still accepted and delivered
 * (real Mosquitto, disk outbox).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskOutbox, type DropReport, RECORD_HEADER_BYTES, Uplink } from '@firecode/uplink';
import { afterAll, describe, expect, it } from 'vitest';
import {
  MessageCollector,
  parseTestPayload,
  testPayload,
} from '../packages/uplink/src/testing/message-collector.js';
import { mqttUrl, uniqueTopicPrefix } from './support/mqtt.js';

const dir = mkdtempSync(join(tmpdir(), 'firecode-uplink-full-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const encoder = new TextEncoder();
const PAYLOAD = 100;

describe('outbox full while the link is down', () => {
  it('drops the oldest data, counts every drop, and still accepts and delivers every alarm', async () => {
    const prefix = uniqueTopicPrefix('uplink-full');
    const received = await MessageCollector.start(mqttUrl(), `${prefix}/#`);
    const record = RECORD_HEADER_BYTES + PAYLOAD;
    const outbox = await DiskOutbox.open({
      dir: join(dir, 'outbox'),
      maxBytes: record * 50,
      alarmReserveBytes: record * 5,
      segmentBytes: record * 8,
    });
    // Not started: the link is down, as in an outage.
    const uplink = new Uplink({
      url: mqttUrl(),
      clientId: `${prefix.replaceAll('/', '-')}-gw`,
      topicPrefix: prefix,
      outbox,
      birth: () => encoder.encode('birth'),
      will: encoder.encode('offline'),
    });
    const drops: DropReport[] = [];
    uplink.on('drop', (d) => drops.push(d));
    try {
      const data: bigint[] = [];
      const alarms: bigint[] = [];
      const pad = (meta: Parameters<typeof testPayload>[0], label: string) => {
        const bytes = new Uint8Array(PAYLOAD).fill(0x20);
        bytes.set(testPayload(meta, label));
        return bytes;
      };
      for (let i = 0; i < 200; i++) {
        data.push((await uplink.submit('data', (meta) => pad(meta, `d${i}`))).sequence);
        if (i % 20 === 19) alarms.push((await uplink.submit('alarm', (meta) => pad(meta, `a${i}`))).sequence);
      }
      // 10 alarms + 200 data into room for 50: 160 data dropped, the oldest ones.
      const dropped = drops.flatMap((d) => d.sequences);
      expect(drops.every((d) => d.cls === 'historical' && d.reason === 'overflow')).toBe(true);
      expect(dropped).toEqual(data.slice(0, 160));
      expect(uplink.stats().dropped.historical).toBe(160);
      expect(outbox.stats().byClass.historical.dropped).toBe(160);
      expect(outbox.stats().byClass.alarm.messages).toBe(10);
      expect(uplink.takeDropReports().reduce((n, r) => n + r.messages, 0)).toBe(160);

      uplink.start();
      await uplink.drained();
      await received.until(
        '10 alarms and 40 data',
        () => received.on('alarm').length === 10 && received.on('data').length === 40,
      );
      const gotAlarms = received.on('alarm').map((m) => parseTestPayload(m.payload).sequence);
      const gotData = received.on('data').map((m) => parseTestPayload(m.payload).sequence);
      expect(gotAlarms).toEqual(alarms);
      expect(gotData).toEqual(data.slice(160));
      // Alarms first: every alarm arrived before any backlog data.
      const firstData = received.messages.findIndex((m) => m.topic.endsWith('/data'));
      const lastAlarm = received.messages.findLastIndex((m) => m.topic.endsWith('/alarm'));
      expect(lastAlarm).toBeLessThan(firstData);
      expect(outbox.diskBytes()).toBeLessThanOrEqual(record * 8 * 2);
    } finally {
      await uplink.close();
      await received.stop();
      await outbox.close();
    }
  });
});
