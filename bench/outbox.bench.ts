/**
 * `pnpm bench outbox` — the durable outbox and the MQTT publisher, against the local Mosquitto.
 *
 * - appendPerSec: messages of 512 bytes appended per second to a DiskOutbox, per fsync policy
 *   (`always` awaited one at a time = one fdatasync each; `alwaysGroup64` = 64 appends in flight sharing
 *   fdatasyncs; `every100ms`; `off`).
 * - drainReadingsPerSec: a backlog of 1,000,000 readings, packed 500 readings per message (2,000
 *   messages of 6,500 bytes, the size a columnar CBOR batch of 500 readings has) in a DiskOutbox, published
 *   at QoS 1 to Mosquitto on 127.0.0.1:1883 and deleted on PUBACK; from connect to empty outbox.
 * - alarmP99Ms: submit → arrival at a subscriber, p99, for alarms sent every 20 ms on an idle link, and
 *   every 5 ms while the 1,000,000-reading backlog drains (repeated until 200 samples).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DiskOutbox, type FsyncPolicy, Uplink } from '@firecode/uplink';
import { MessageCollector } from '../packages/uplink/src/testing/message-collector.js';
import { printResult, printTable } from './support.js';

const URL_ = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const READINGS = 1_000_000;
const READINGS_PER_MESSAGE = 500;
const MESSAGE_BYTES = 6_500;
const root = mkdtempSync(join(tmpdir(), 'firecode-bench-outbox-'));
const prefix = `firecode-bench/outbox-${process.pid}`;
const encoder = new TextEncoder();
let boxes = 0;

async function appendRate(fsync: FsyncPolicy, concurrency: number): Promise<number> {
  const outbox = await DiskOutbox.open({ dir: join(root, `append-${boxes++}`), fsync, maxBytes: 1 << 30 });
  const payload = new Uint8Array(512).fill(7);
  const start = performance.now();
  let count = 0;
  while (performance.now() - start < 1500) {
    const batch: Promise<unknown>[] = [];
    for (let i = 0; i < concurrency; i++) batch.push(outbox.append('data', () => payload));
    await Promise.all(batch);
    count += concurrency;
  }
  const seconds = (performance.now() - start) / 1000;
  await outbox.close();
  return Math.round(count / seconds);
}

async function backlogOutbox(): Promise<DiskOutbox> {
  const outbox = await DiskOutbox.open({ dir: join(root, `drain-${boxes++}`), maxBytes: 1 << 30 });
  const payload = new Uint8Array(MESSAGE_BYTES).map((_, i) => (i * 31) & 0xff);
  const messages = READINGS / READINGS_PER_MESSAGE;
  for (let i = 0; i < messages; i += 100) {
    const batch: Promise<unknown>[] = [];
    for (let j = 0; j < 100; j++)
      batch.push(outbox.append('historical', () => payload, { historical: true }));
    await Promise.all(batch);
  }
  return outbox;
}

function uplinkFor(outbox: DiskOutbox, gateway: string): Uplink {
  const uplink = new Uplink({
    url: URL_,
    clientId: `${prefix.replaceAll('/', '-')}-${gateway}`,
    gatewayId: gateway,
    topicPrefix: prefix,
    outbox,
    birth: () => encoder.encode('birth'),
    will: encoder.encode('offline'),
  });
  uplink.on('error', (error) => console.error(`uplink error: ${error.message}`));
  return uplink;
}

const connected = (uplink: Uplink) => new Promise<void>((resolve) => uplink.once('connect', () => resolve()));

async function drainRate(): Promise<{ seconds: number; readingsPerSec: number }> {
  const outbox = await backlogOutbox();
  const uplink = uplinkFor(outbox, 'drain');
  const up = connected(uplink);
  uplink.start();
  await up;
  const start = performance.now();
  await uplink.drained();
  const seconds = (performance.now() - start) / 1000;
  await uplink.close();
  await outbox.close();
  return { seconds, readingsPerSec: Math.round(READINGS / seconds) };
}

/** Alarm latencies (ms): submit to arrival at a subscriber on the same broker. */
async function alarmLatencies(mode: 'idle' | 'draining', wanted: number): Promise<number[]> {
  const collector = await MessageCollector.start(URL_, `${prefix}/+/alarm`);
  const sentAt = new Map<string, number>();
  const latencies = () =>
    collector.messages.flatMap((m) => {
      const sent = sentAt.get(m.payload.toString());
      return sent === undefined ? [] : [m.receivedAt - sent];
    });
  // Draining: a fresh 1M-reading backlog per round, alarms every 5 ms until it is gone, until enough samples.
  for (let round = 0; sentAt.size < wanted && round < 10; round++) {
    const outbox =
      mode === 'draining'
        ? await backlogOutbox()
        : await DiskOutbox.open({ dir: join(root, `idle-${boxes++}`), maxBytes: 1 << 30 });
    const uplink = uplinkFor(outbox, `${mode}${round}`);
    const up = connected(uplink);
    uplink.start();
    await up;
    const keepGoing = () =>
      mode === 'draining' ? outbox.stats().byClass.historical.messages > 0 : sentAt.size < wanted;
    while (keepGoing()) {
      const label = `${mode}-${round}-${sentAt.size}`;
      sentAt.set(label, performance.now());
      await uplink.submit('alarm', () => encoder.encode(label));
      await new Promise((resolve) => setTimeout(resolve, mode === 'draining' ? 5 : 20));
    }
    await uplink.drained();
    await uplink.close();
    await outbox.close();
  }
  await collector.until('every alarm', () => latencies().length === sentAt.size);
  await collector.stop();
  return latencies();
}

function p99(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] ?? Number.NaN;
}

try {
  const appendPerSec = {
    always: await appendRate('always', 1),
    alwaysGroup64: await appendRate('always', 64),
    every100ms: await appendRate({ everyMs: 100 }, 1),
    off: await appendRate('off', 1),
  };
  printTable(
    'DiskOutbox append, 512-byte messages',
    Object.entries(appendPerSec).map(([policy, perSec]) => ({ policy, 'messages/s': perSec })),
  );

  const drain = await drainRate();
  printTable(
    `Drain of ${READINGS} readings (${READINGS_PER_MESSAGE}/message, ${MESSAGE_BYTES} B) to ${URL_}`,
    [
      {
        seconds: drain.seconds,
        'readings/s': drain.readingsPerSec,
        'messages/s': Math.round(drain.readingsPerSec / READINGS_PER_MESSAGE),
      },
    ],
  );

  const idle = await alarmLatencies('idle', 200);
  const draining = await alarmLatencies('draining', 200);
  const alarmP99Ms = { idle: Number(p99(idle).toFixed(2)), draining: Number(p99(draining).toFixed(2)) };
  printTable('Alarm latency, submit to subscriber (ms)', [
    { link: 'idle', samples: idle.length, p50: p50(idle), p99: alarmP99Ms.idle },
    { link: 'draining 1M backlog', samples: draining.length, p50: p50(draining), p99: alarmP99Ms.draining },
  ]);
  console.log(
    `\ntargets: drain >= 50000 readings/s: ${drain.readingsPerSec >= 50_000 ? 'met' : 'MISSED'}; ` +
      `alarm p99 draining <= idle + 200 ms: ${alarmP99Ms.draining <= alarmP99Ms.idle + 200 ? 'met' : 'MISSED'}`,
  );
  printResult('outbox', { appendPerSec, drainReadingsPerSec: drain.readingsPerSec, alarmP99Ms });
} finally {
  rmSync(root, { recursive: true, force: true });
}

function p50(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Number((sorted[Math.floor(sorted.length / 2)] ?? Number.NaN).toFixed(2));
}
