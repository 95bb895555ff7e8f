/**
 * Alarms cut the back-off: the broker is down and the uplink has backed off to the normal 30 s; a
 * fire is submitted, which forces a connection attempt and caps the back-off at `alarmMaxMs`
 * (default 2 s) while it waits; the broker comes back mid-back-off and the fire is delivered. With the
 * 30 s back-off alone the fire could not arrive before the test's bound (15 s), so the test fails
 * without the cut. The delay from the broker's return to the fire's arrival is printed.
 */
import { performance } from 'node:perf_hooks';
import { createUplink, MemoryOutbox, type OfflineInfo } from '@firecode/uplink';
import { describe, expect, it } from 'vitest';
import {
  MessageCollector,
  parseTestPayload,
  testPayload,
} from '../packages/uplink/src/testing/message-collector.js';
import { MOSQUITTO_MISSING, PrivateMosquitto } from '../packages/uplink/src/testing/private-mosquitto.js';

const encoder = new TextEncoder();
const NORMAL_BACKOFF_MS = 30_000;
const ALARM_CAP_MS = 2000;

describe.skipIf(MOSQUITTO_MISSING)('an alarm while the broker is down', () => {
  it('forces a reconnect and caps the back-off, so the fire arrives soon after the broker returns', async () => {
    // Persistence: the subscriber's session and what is queued for it survive the outage.
    const broker = await PrivateMosquitto.start({ persistence: true });
    const received = await MessageCollector.start(broker.url, 'alarm-backoff/#', {
      clientId: 'alarm-backoff-ingest',
      clean: false,
      protocolVersion: 4,
    });
    await broker.pause();
    const outbox = new MemoryOutbox();
    const uplink = createUplink({
      url: broker.url,
      clientId: 'alarm-backoff-gw',
      topicPrefix: 'alarm-backoff',
      outbox,
      birth: () => encoder.encode('birth'),
      will: encoder.encode('offline'),
      // The normal back-off: the first wait is already the 30 s cap.
      reconnect: { minMs: NORMAL_BACKOFF_MS, maxMs: NORMAL_BACKOFF_MS, jitter: 0 },
    });
    uplink.on('error', () => {});
    const offline: OfflineInfo[] = [];
    uplink.on('offline', (info) => offline.push(info));
    let deliveredAt: number | undefined;
    uplink.on('delivered', () => {
      deliveredAt ??= performance.now();
    });
    try {
      // The first attempt fails; the uplink now waits 30 s.
      await until('the first failed attempt', () => offline.length >= 1, 10_000);
      expect(offline[0]?.retryInMs).toBe(NORMAL_BACKOFF_MS);

      const submittedAt = performance.now();
      await uplink.submit('alarm', (meta) => testPayload(meta, 'FIRE'));
      // The alarm forced an attempt at once; it failed too, and the next wait is the alarm cap.
      await until('an attempt forced by the alarm', () => offline.length >= 2, 10_000);
      expect(offline[1]?.retryInMs).toBeLessThanOrEqual(ALARM_CAP_MS);

      await broker.resume();
      const backAt = performance.now();
      // Bounded at 15 s, half the normal back-off: only the cut gets the fire through in time.
      await until('the fire acknowledged by the broker', () => deliveredAt !== undefined, 15_000);
      await received.until('the fire at the subscriber', () => received.on('alarm').length === 1, 10_000);
      expect(parseTestPayload(received.on('alarm')[0]!.payload).label).toBe('FIRE');
      const delivered = deliveredAt ?? Number.NaN;
      console.log(
        `alarm backoff: broker back -> fire acknowledged ${(delivered - backAt).toFixed(0)} ms; fire submitted -> acknowledged ${(delivered - submittedAt).toFixed(0)} ms; cap ${ALARM_CAP_MS} ms, normal back-off ${NORMAL_BACKOFF_MS} ms`,
      );
      expect(outbox.size).toBe(0);
    } finally {
      await uplink.close();
      await received.stop();
      await broker.stop();
    }
  });
});

async function until(what: string, check: () => boolean, boundMs: number): Promise<void> {
  const deadline = performance.now() + boundMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`gave up waiting for ${what} after ${boundMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
