/**
 * Must hold: kill -9 of an ingest worker process while batches stream in loses nothing and stores
 * nothing twice. The worker acknowledges a message only after its transaction committed, and keeps a
 * persistent MQTT session under a stable client id, so what it held un-acknowledged comes back to it
 * when it restarts; the other worker of the shared subscription carries on meanwhile.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { encodeBirth, encodeDataBatch } from '@firecode/codec';
import { type Catalog, GOOD } from '@firecode/schema';
import mqtt from 'mqtt';
import { describe, expect, inject, it } from 'vitest';
import { openPostgresStore } from '../packages/ingest/src/storage/postgres.js';
import { createTestDatabase, postgresUnavailable } from '../packages/ingest/src/testing/postgres-test-db.js';
import { IngestWorker } from '../packages/ingest/src/worker/ingest-worker.js';
import { mqttUrl, uniqueTopicPrefix } from './support/mqtt.js';

const cli = fileURLToPath(new URL('../packages/ingest/src/cli.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const noPostgres = await postgresUnavailable();
const skip =
  noPostgres ??
  (inject('brokerKind') === 'embedded-aedes'
    ? 'the fallback broker (aedes) has no MQTT v5 shared subscriptions'
    : undefined);

const TOTAL = 300;
const KILLS = 2;
const T0 = Date.UTC(2026, 11, 3, 8, 0, 0);
const catalog: Catalog = {
  gatewayId: 'gw-crash',
  components: [{ id: 'pt-1', systemType: 11, componentType: 0 }],
  points: [{ id: 'p-1', component: 'pt-1', kind: 'pressure', unit: 'kPa' }],
};

/** A `firecode-ingest run` child; resolves `ready` when it said it subscribed. */
function startWorker(args: string[]): {
  child: ChildProcess;
  ready: Promise<void>;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'run', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (stderr.includes('firecode-ingest: ready')) resolve();
    });
    void exited.then((code) => reject(new Error(`worker exited (${code}) before it was ready: ${stderr}`)));
    setTimeout(() => reject(new Error(`worker not ready within 60 s: ${stderr}`)), 60_000).unref();
  });
  ready.catch(() => undefined);
  return { child, ready, exited };
}

async function until(check: () => Promise<boolean>, what: string, boundMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > boundMs) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(skip !== undefined)(`kill -9 of an ingest worker${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it(`stores all ${TOTAL} batches exactly once across ${KILLS} kills and restarts`, async () => {
    const database = (await createTestDatabase())!;
    const prefix = uniqueTopicPrefix('ingest-crash');
    const group = `crash${Date.now()}`;
    const clientId = `${group}-child`;
    const args = [
      '--mqtt',
      mqttUrl(),
      '--group',
      group,
      '--prefix',
      prefix,
      '--database',
      database.url,
      '--client-id',
      clientId,
    ];
    const store = await openPostgresStore({ url: database.url });
    const publisher = await mqtt.connectAsync(mqttUrl());
    const base = `${prefix}/gw-crash`;
    let child = startWorker(args);
    let other: IngestWorker | undefined;
    try {
      await publisher.publishAsync(`${base}/birth`, Buffer.from(encodeBirth(catalog, { time: T0 })), {
        qos: 1,
        retain: true,
      });
      await child.ready;
      other = await IngestWorker.start({
        url: mqttUrl(),
        topicPrefix: prefix,
        shareGroup: group,
        store,
        clientId: `${group}-in-process`,
        log: () => undefined,
      });
      await other.connected();
      const stored = async () => (await store.counts()).batches;
      let published = 0;
      // While a killed worker restarts the gateway holds back, so that the next kill too lands mid-stream.
      let restarted: Promise<void> = Promise.resolve();
      const publishing = (async () => {
        for (let s = 1; s <= TOTAL; s++) {
          const bytes = encodeDataBatch(
            {
              gatewayId: 'gw-crash',
              sequence: BigInt(s),
              historical: false,
              readings: [{ point: 'p-1', time: T0 + s * 1000, value: s, quality: GOOD }],
              events: [],
            },
            catalog,
          );
          await restarted;
          await publisher.publishAsync(`${base}/data`, Buffer.from(bytes), { qos: 1 });
          published = s;
          // Like a gateway's in-flight window: at most 40 ahead of what is stored, so the kills land mid-stream.
          while (s % 10 === 0 && s - (await stored()) > 40)
            await new Promise((resolve) => setTimeout(resolve, 10));
        }
      })();
      for (let kill = 1; kill <= KILLS; kill++) {
        const mark = (TOTAL * kill) / (KILLS + 1);
        await until(async () => (await stored()) >= mark, `${mark} batches stored before kill ${kill}`);
        process.kill(child.child.pid!, 'SIGKILL');
        expect(await child.exited).toBe(null);
        expect(published).toBeLessThan(TOTAL); // killed mid-stream, not after it
        child = startWorker(args);
        restarted = child.ready;
        await child.ready;
      }
      await publishing;
      await until(async () => (await stored()) === TOTAL, `all ${TOTAL} batches stored`);
      // (gateway, sequence) is the batches' primary key: TOTAL rows are TOTAL distinct sequences.
      expect(await store.counts()).toEqual({ batches: TOTAL, readings: TOTAL, events: 0 });
      const health = (await store.gatewayHealth()).find((g) => g.gatewayId === 'gw-crash');
      expect(health).toMatchObject({ batches: TOTAL, lastSequence: BigInt(TOTAL), openGaps: [] });
    } finally {
      if (child.child.exitCode === null) {
        child.child.kill('SIGTERM');
        await child.exited;
      }
      await other?.close();
      await store.close();
      await publisher.publishAsync(`${base}/birth`, Buffer.alloc(0), { qos: 1, retain: true });
      await publisher.endAsync();
      await database.drop();
    }
  }, 240_000);
});
