/**
 * `pnpm bench sdk` — the vendor SDK end to end against the local Mosquitto (MQTT_URL to override).
 *
 * - readingCallsPerSec: `client.reading()` calls per second (catalog lookup, validation, batching; the
 *   batches are encoded and queued as they fill), 200,000 readings of 48 points.
 * - endToEndReadingsPerSec: readings from the first `reading()` to the broker's PUBACK of the last batch
 *   (`drained()`), per outbox: memory, disk with fsync 'always', and memory with every batch signed.
 * - bytesPerReading: wire bytes per reading in a full batch (500 readings of 48 points, 1 s apart).
 * - alarmSubmitToAckMs: `event()` → broker acknowledgement (the `delivered` event), p50/p99 of 100
 *   alarms on an idle link.
 * - bundleGzipBytes / bundleMinBytes: what a browser page ships, bundled with esbuild (minified, then
 *   gzip): the decoder-only entry `@firecode/codec/decode` with the schema (budget 60 kB gzip, issue
 *   17) against the whole of schema + codec as the baseline.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { generateEd25519KeyPair } from '@firecode/codec';
import type { Component, Point } from '@firecode/schema';
import { createFirecodeClient, type FirecodeClientOptions } from '@firecode/sdk';
import { MessageCollector } from '../packages/uplink/src/testing/message-collector.js';
import { browserBundle } from '../test/support/browser-bundle.js';
import { printResult, printTable } from './support.js';

const URL_ = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const POINTS = 48;
const READINGS = 200_000;
const root = mkdtempSync(join(tmpdir(), 'firecode-bench-sdk-'));
const prefix = `firecode-bench/sdk-${process.pid}`;
const T0 = 1_780_000_000_000;

const components: Component[] = [{ id: 'hub', systemType: 11, componentType: 0 }];
const points: Point[] = Array.from({ length: POINTS }, (_, i) => ({
  id: `p-${i}`,
  kind: 'pressure',
  unit: 'kPa',
  component: 'hub',
  range: { min: 0, max: 1600 },
}));
const pointIds = points.map((p) => p.id);
let clients = 0;

function options(extra: Partial<FirecodeClientOptions> = {}): FirecodeClientOptions {
  return {
    url: URL_,
    gatewayId: `bench-${clients++}`,
    topicPrefix: prefix,
    components,
    points,
    batch: { maxReadings: 500, maxAgeMs: 60_000 },
    thresholdEvents: false,
    outbox: { memory: { maxBytes: 1 << 30 } },
    ...extra,
  };
}

/** Pressures that move like real ones: a tenth of a kPa around 400. */
function value(i: number): number {
  return 400 + Math.round(Math.sin(i / 97) * 300) / 10;
}

async function endToEnd(label: string, extra: Partial<FirecodeClientOptions>, count = READINGS) {
  const client = await createFirecodeClient(options(extra));
  await client.whenConnected();
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    client.reading(pointIds[i % POINTS] as string, value(i), { time: T0 + Math.floor(i / POINTS) * 1000 });
  }
  const queuedMs = performance.now() - start;
  await client.flush();
  await client.drained();
  const seconds = (performance.now() - start) / 1000;
  await client.close();
  return {
    label,
    readingsPerSec: Math.round(count / seconds),
    callsPerSec: Math.round(count / (queuedMs / 1000)),
  };
}

async function wireBytes(): Promise<number> {
  const client = await createFirecodeClient(options());
  const collector = await MessageCollector.start(URL_, `${prefix}/${client.catalog.gatewayId}/data`);
  await client.whenConnected();
  for (let i = 0; i < 500; i++) {
    client.reading(pointIds[i % POINTS] as string, value(i), { time: T0 + Math.floor(i / POINTS) * 1000 });
  }
  await client.flush();
  await client.drained();
  await collector.until('the batch', () => collector.messages.length > 0);
  const size = collector.messages[0]?.payload.length ?? 0;
  await collector.stop();
  await client.close();
  return Math.round((size / 500) * 100) / 100;
}

async function alarmLatency(): Promise<{ p50: number; p99: number }> {
  const client = await createFirecodeClient(options());
  await client.whenConnected();
  const submitted = new Map<bigint, number>();
  const latencies: number[] = [];
  client.on('delivered', (message) => {
    const at = submitted.get(message.sequence);
    if (at !== undefined) latencies.push(performance.now() - at);
  });
  for (let i = 0; i < 100; i++) {
    const at = performance.now();
    const receipt = await client.event({ kind: i % 2 === 0 ? 'fault' : 'restored', component: 'hub' });
    submitted.set(receipt.sequence, at);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await client.drained();
  await client.close();
  latencies.sort((a, b) => a - b);
  const pick = (q: number) =>
    Math.round((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0) * 100) /
    100;
  return { p50: pick(0.5), p99: pick(0.99) };
}

const packagesDir = fileURLToPath(new URL('../packages/', import.meta.url));

/** Minified and gzip bytes of a browser bundle of `entry` (the schema taken from its source). */
async function bundleSize(entry: string): Promise<{ min: number; gzip: number }> {
  const bundle = await browserBundle(
    entry,
    'Bundle',
    { '@firecode/schema': join(packagesDir, 'schema/src/index.ts') },
    {
      minify: true,
    },
  );
  if (bundle.errors.length > 0) throw new Error(`bundling ${entry} failed: ${JSON.stringify(bundle.errors)}`);
  return { min: Buffer.byteLength(bundle.code), gzip: gzipSync(bundle.code).length };
}

async function bundleSizes() {
  const whole = join(root, 'schema-and-codec.ts');
  writeFileSync(
    whole,
    `export * from ${JSON.stringify(join(packagesDir, 'codec/src/index.ts'))};\nexport * from ${JSON.stringify(join(packagesDir, 'schema/src/index.ts'))};\n`,
  );
  return {
    decoder: await bundleSize(join(packagesDir, 'codec/src/decoder.ts')),
    schemaCodec: await bundleSize(whole),
  };
}

try {
  const sizes = await bundleSizes();
  const memory = await endToEnd('memory outbox', {});
  const disk = await endToEnd('disk outbox, fsync always', {
    outbox: { dir: join(root, 'outbox'), maxBytes: 1 << 30 },
  });
  const signed = await endToEnd(
    'memory outbox, signed',
    { sign: await generateEd25519KeyPair() },
    READINGS / 4,
  );
  const bytesPerReading = await wireBytes();
  const alarm = await alarmLatency();
  printTable(`SDK: ${READINGS} readings of ${POINTS} points, 500 per batch, to ${URL_}`, [
    {
      run: memory.label,
      'reading() calls/s': memory.callsPerSec,
      'end to end readings/s': memory.readingsPerSec,
    },
    { run: disk.label, 'reading() calls/s': disk.callsPerSec, 'end to end readings/s': disk.readingsPerSec },
    {
      run: `${signed.label} (${READINGS / 4})`,
      'reading() calls/s': signed.callsPerSec,
      'end to end readings/s': signed.readingsPerSec,
    },
  ]);
  printTable('Wire and alarms', [
    { figure: 'bytes per reading (batch of 500)', value: bytesPerReading },
    { figure: 'alarm event() → PUBACK p50 ms', value: alarm.p50 },
    { figure: 'alarm event() → PUBACK p99 ms', value: alarm.p99 },
  ]);
  printTable('Browser bundles (esbuild, minified)', [
    {
      bundle: '@firecode/codec/decode + schema',
      'min bytes': sizes.decoder.min,
      'gzip bytes': sizes.decoder.gzip,
    },
    {
      bundle: 'schema + codec, everything (baseline)',
      'min bytes': sizes.schemaCodec.min,
      'gzip bytes': sizes.schemaCodec.gzip,
    },
    {
      bundle: 'decoder / baseline (gzip)',
      'min bytes': Math.round((sizes.decoder.min / sizes.schemaCodec.min) * 1000) / 1000,
      'gzip bytes': Math.round((sizes.decoder.gzip / sizes.schemaCodec.gzip) * 1000) / 1000,
    },
  ]);
  printResult('sdk', {
    readingCallsPerSec: memory.callsPerSec,
    endToEndReadingsPerSec: {
      memory: memory.readingsPerSec,
      diskFsyncAlways: disk.readingsPerSec,
      signed: signed.readingsPerSec,
    },
    bytesPerReading,
    alarmSubmitToAckMs: alarm,
    bundleGzipBytes: { decoder: sizes.decoder.gzip, schemaCodec: sizes.schemaCodec.gzip },
    bundleMinBytes: { decoder: sizes.decoder.min, schemaCodec: sizes.schemaCodec.min },
  });
} finally {
  rmSync(root, { recursive: true, force: true });
}
