/**
 * examples/vendor-embedding as a vendor runs it: a separate process using only @firecode/sdk, read back
 * by the reference ingest from the broker.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type IngestBatch, startIngest } from '@firecode/ingest';
import { describe, expect, it } from 'vitest';
import { mqttUrl, uniqueTopicPrefix } from './support/mqtt.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsxCli = fileURLToPath(import.meta.resolve('tsx/cli'));

describe('examples/vendor-embedding', () => {
  it('publishes the three risers and the sensor fault and its clearing, then exits cleanly', async () => {
    const topicPrefix = uniqueTopicPrefix('vendor-example');
    const ingest = await startIngest({ url: mqttUrl(), topicPrefix });
    await ingest.connected();
    const batches: IngestBatch[] = [];
    ingest.on('batch', (batch) => batches.push(batch));
    const outboxDir = mkdtempSync(join(tmpdir(), 'firecode-vendor-example-'));
    const child = spawn(process.execPath, [tsxCli, 'examples/vendor-embedding/src/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        FIRECODE_URL: mqttUrl(),
        FIRECODE_PREFIX: topicPrefix,
        HUB_ID: 'ph-test',
        HUB_INTERVAL_MS: '50',
        HUB_SAMPLES: '15',
        HUB_OUTBOX: outboxDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    // Bounded: a hung example fails the test instead of the run.
    const guard = setTimeout(() => child.pid !== undefined && process.kill(child.pid, 'SIGKILL'), 25_000);
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    clearTimeout(guard);
    try {
      expect(code, output).toBe(0);
      expect(output).toMatch(/riser-3-pressure: sensor fault/);
      expect(output).toMatch(/stopped \(done\): 45 readings/);
      for (let i = 0; i < 200 && batches.flatMap((b) => b.readings).length < 45; i++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const readings = batches.flatMap((b) => b.readings);
      expect(readings).toHaveLength(45);
      expect(new Set(readings.map((r) => r.point))).toEqual(
        new Set(['riser-1-pressure', 'riser-2-pressure', 'riser-3-pressure']),
      );
      // MPa from the transmitters arrives in kPa.
      expect(readings.find((r) => r.point === 'riser-1-pressure')?.value).toBeGreaterThan(300);
      expect(readings.filter((r) => r.value === null).every((r) => r.quality.reason === 'sensor-fault')).toBe(
        true,
      );
      const faults = batches.flatMap((b) => b.events).filter((e) => e.kind === 'fault');
      expect(faults.map((e) => [e.active, e.point, e.systemType])).toEqual([
        [true, 'riser-3-pressure', 11],
        [false, 'riser-3-pressure', 11],
      ]);
      expect(ingest.catalogOf('ph-test')?.points).toHaveLength(3);
    } finally {
      await ingest.close();
      rmSync(outboxDir, { recursive: true, force: true });
    }
  }, 40_000);
});
