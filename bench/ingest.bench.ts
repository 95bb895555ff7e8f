/**
 * `pnpm bench ingest [--batches N]`: the ingest worker end to end on this machine's Mosquitto and
 * PostgreSQL (127.0.0.1), with the codec's standard workload (200 points at 1 Hz for 60 s: 12 000
 * readings and 5 events per batch; packages/codec/src/standard-workload.ts).
 *
 * - throughput: N batches published at once (QoS 1) to `firecode-ingest run` worker processes on one
 *   shared subscription; readings/s from the first publish to the last committed batch (polled in the
 *   database). One worker, then two (scale-out ratio = two workers' rate / one worker's rate);
 * - PGlite: the same into an in-process worker with the embedded store in a temporary directory;
 * - latency: one-second batches (200 readings) published every 100 ms (a gateway's fast lane, not a flood) to one in-process worker on
 *   PostgreSQL; publish → commit (the worker's `stored` event, emitted after COMMIT) p50/p99;
 * - decode: the worker's decode (`decodeForStore`) against `JSON.parse` of the same batch as JSON,
 *   readings/s.
 * The machine is shared (2 cores), so figures are this run's, not a capacity guarantee.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mqtt from 'mqtt';
import { catalogHash, encodeBirth, encodeDataBatch } from '../packages/codec/src/index.js';
import { workloadBatch, workloadCatalog } from '../packages/codec/src/standard-workload.js';
import { openPgliteStore } from '../packages/ingest/src/storage/pglite.js';
import { openPostgresStore } from '../packages/ingest/src/storage/postgres.js';
import type { IngestStore } from '../packages/ingest/src/storage/store.js';
import { createTestDatabase, postgresUnavailable } from '../packages/ingest/src/testing/postgres-test-db.js';
import { decodeForStore } from '../packages/ingest/src/worker/decode.js';
import { IngestWorker } from '../packages/ingest/src/worker/ingest-worker.js';
import { printResult, printTable } from './support.js';

const MQTT_URL = process.env['MQTT_URL'] ?? 'mqtt://127.0.0.1:1883';
const args = process.argv.slice(2);
const BATCHES = Number(args[args.indexOf('--batches') + 1] || 0) || 24;
const cli = fileURLToPath(new URL('../packages/ingest/src/cli.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

const catalog = workloadCatalog();
const template = workloadBatch();
const perBatch = template.readings.length;
const MINUTE = 60_000;

function batchBytes(sequence: number, shiftMs: number, readings = template.readings): Uint8Array {
  return encodeDataBatch(
    {
      ...template,
      sequence: BigInt(sequence),
      readings: readings.map((r) => ({ ...r, time: r.time + shiftMs })),
      events: sequence === 1 ? template.events : [],
    },
    catalog,
  );
}
const payloads = Array.from({ length: BATCHES }, (_, i) => batchBytes(i + 1, i * MINUTE));

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function until(check: () => Promise<boolean>, what: string, boundMs = 300_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > boundMs) throw new Error(`gave up waiting for ${what}`);
    await sleep(20);
  }
}

function startWorkerProcess(runArgs: string[]): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'run', ...runArgs], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (stderr.includes('firecode-ingest: ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}): ${stderr}`)));
  });
  return { child, ready };
}

/** Publishes the birth and every payload at once; resolves when the broker has them all (PUBACK). */
async function publishAll(prefix: string, list: Uint8Array[]): Promise<number> {
  const publisher = await mqtt.connectAsync(MQTT_URL);
  await publisher.publishAsync(
    `${prefix}/gw-bench/birth`,
    Buffer.from(encodeBirth(catalog, { time: template.readings[0]!.time })),
    {
      qos: 1,
      retain: true,
    },
  );
  await sleep(300); // the workers store the birth
  const started = performance.now();
  await Promise.all(
    list.map((bytes) => publisher.publishAsync(`${prefix}/gw-bench/data`, Buffer.from(bytes), { qos: 1 })),
  );
  await publisher.publishAsync(`${prefix}/gw-bench/birth`, Buffer.alloc(0), { qos: 1, retain: true });
  await publisher.endAsync();
  return started;
}

/** readings/s stored by `workers` worker processes into a fresh PostgreSQL database. */
async function postgresThroughput(workers: number): Promise<number> {
  const database = (await createTestDatabase())!;
  const store = await openPostgresStore({ url: database.url });
  const prefix = `firecode-bench/ingest-${Date.now()}`;
  const group = `bench${Date.now()}`;
  const children = Array.from({ length: workers }, (_, i) =>
    startWorkerProcess([
      '--mqtt',
      MQTT_URL,
      '--group',
      group,
      '--prefix',
      prefix,
      '--database',
      database.url,
      '--client-id',
      `${group}-${i}`,
    ]),
  );
  try {
    await Promise.all(children.map((c) => c.ready));
    const started = await publishAll(prefix, payloads);
    await until(async () => (await store.counts()).batches >= BATCHES, `${BATCHES} batches in PostgreSQL`);
    const seconds = (performance.now() - started) / 1000;
    return Math.round((BATCHES * perBatch) / seconds);
  } finally {
    for (const c of children) c.child.kill('SIGTERM');
    await Promise.all(
      children.map(
        (c) =>
          new Promise((resolve) =>
            c.child.exitCode === null ? c.child.once('exit', resolve) : resolve(null),
          ),
      ),
    );
    await store.close();
    await database.drop();
  }
}

async function inProcessWorker(store: IngestStore, prefix: string) {
  const group = `bench${Date.now()}`;
  const worker = await IngestWorker.start({
    url: MQTT_URL,
    topicPrefix: prefix,
    shareGroup: group,
    store,
    clientId: `${group}-in-process`,
    sessionExpirySeconds: 10,
    log: () => undefined,
  });
  await worker.connected();
  return worker;
}

async function pgliteThroughput(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'firecode-bench-pglite-'));
  const store = await openPgliteStore({ dataDir: join(dir, 'db') });
  const prefix = `firecode-bench/ingest-pglite-${Date.now()}`;
  const worker = await inProcessWorker(store, prefix);
  try {
    const started = await publishAll(prefix, payloads);
    await until(async () => worker.metrics().batchesStored >= BATCHES, `${BATCHES} batches in PGlite`);
    return Math.round((BATCHES * perBatch) / ((performance.now() - started) / 1000));
  } finally {
    await worker.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

async function commitLatency(samples = 100): Promise<{ p50: number; p99: number }> {
  const database = (await createTestDatabase())!;
  const store = await openPostgresStore({ url: database.url });
  const prefix = `firecode-bench/ingest-latency-${Date.now()}`;
  const worker = await inProcessWorker(store, prefix);
  const oneSecond = template.readings.filter((r) => r.time === template.readings[0]!.time);
  const sentAt = new Map<bigint, number>();
  const latencies: number[] = [];
  worker.on('stored', (batch) => {
    const sent = sentAt.get(batch.sequence);
    if (sent !== undefined) latencies.push(performance.now() - sent);
  });
  const publisher = await mqtt.connectAsync(MQTT_URL);
  try {
    await publisher.publishAsync(`${prefix}/gw-bench/birth`, Buffer.from(encodeBirth(catalog, { time: 0 })), {
      qos: 1,
    });
    await until(async () => worker.metrics().births >= 1, 'the birth');
    const list = Array.from({ length: samples }, (_, i) => batchBytes(i + 1, i * 1000, oneSecond));
    for (let i = 0; i < samples; i++) {
      sentAt.set(BigInt(i + 1), performance.now());
      void publisher.publishAsync(`${prefix}/gw-bench/data`, Buffer.from(list[i]!), { qos: 1 });
      await sleep(100);
    }
    await until(async () => latencies.length >= samples, 'every latency sample');
  } finally {
    await publisher.endAsync();
    await worker.close();
    await store.close();
    await database.drop();
  }
  latencies.sort((a, b) => a - b);
  return { p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)) };
}

function decodeRatio(): { decode: number; json: number } {
  const hash = catalogHash(catalog);
  const lookup = (gatewayId: string, h: string) =>
    gatewayId === catalog.gatewayId && h === hash ? catalog : undefined;
  const bytes = payloads[0]!;
  const json = JSON.stringify(template, (_key, value) => (typeof value === 'bigint' ? String(value) : value));
  const rate = (work: () => unknown) => {
    for (let i = 0; i < 100; i++) work(); // warm-up: the decoder's speed settles only after ~50 runs
    const rounds: number[] = [];
    for (let r = 0; r < 7; r++) {
      const start = performance.now();
      for (let i = 0; i < 20; i++) work();
      rounds.push((20 * perBatch) / ((performance.now() - start) / 1000));
    }
    rounds.sort((a, b) => a - b);
    return Math.round(rounds[3]!);
  };
  return { decode: rate(() => decodeForStore(bytes, lookup)), json: rate(() => JSON.parse(json)) };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

const unavailable = await postgresUnavailable();
if (unavailable) {
  console.error(`ingest bench needs PostgreSQL: ${unavailable}`);
  process.exit(1);
}
const decode = decodeRatio();
const one = await postgresThroughput(1);
const two = await postgresThroughput(2);
const pglite = await pgliteThroughput();
const latency = await commitLatency();

printTable(
  `Ingest throughput, ${BATCHES} batches × ${perBatch} readings (standard workload), Mosquitto + PostgreSQL on 127.0.0.1`,
  [
    { setup: '1 worker process → PostgreSQL', readingsPerSec: one, ratio: 1 },
    { setup: '2 worker processes → PostgreSQL', readingsPerSec: two, ratio: round(two / one) },
    { setup: '1 worker (in-process) → PGlite', readingsPerSec: pglite, ratio: round(pglite / one) },
  ],
);
printTable('Publish → committed batch (200 readings every 100 ms, 1 worker, PostgreSQL)', [
  { p50Ms: latency.p50, p99Ms: latency.p99 },
]);
printTable('Decode of one batch, readings/s', [
  {
    decoder: 'decodeForStore (the worker’s)',
    readingsPerSec: decode.decode,
    ratio: round(decode.decode / decode.json),
  },
  { decoder: 'JSON.parse of the same batch', readingsPerSec: decode.json, ratio: 1 },
]);
printResult('ingest', {
  batches: BATCHES,
  readingsPerBatch: perBatch,
  readingsPerSecPerWorker: one,
  twoWorkersReadingsPerSec: two,
  scaleOut2Workers: round(two / one),
  pgliteReadingsPerSec: pglite,
  commitLatencyP50Ms: latency.p50,
  commitLatencyP99Ms: latency.p99,
  decodeVsJsonParse: round(decode.decode / decode.json),
});
process.exit(0);
