/**
 * The 10-line example of docs/sdk.md, run as written (only the broker URL, a private topic prefix and
 * the outbox folder swapped in), and read back by the reference ingest: the page cannot drift from the
 * code.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type IngestBatch, startIngest } from '@firecode/ingest';
import { describe, expect, it } from 'vitest';
import { mqttUrl, uniqueTopicPrefix } from './support/mqtt.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsxCli = fileURLToPath(import.meta.resolve('tsx/cli'));

describe('docs/sdk.md', () => {
  it('the 10-line version runs and delivers its reading in kPa and its fault event', async () => {
    const page = readFileSync(join(root, 'docs/sdk.md'), 'utf8');
    const block = /## The 10-line version\s+```ts\n([\s\S]*?)```/.exec(page)?.[1];
    expect(block, 'the 10-line block in docs/sdk.md').toBeDefined();
    const topicPrefix = uniqueTopicPrefix('sdk-docs');
    // Inside the repository (gitignored) so tsx resolves @firecode/sdk as the examples do.
    const dir = join(root, '.firecode-tmp', topicPrefix.replace(/\//g, '-'));
    mkdirSync(dir, { recursive: true });
    const script = (block ?? '')
      .replace("url: 'mqtt://127.0.0.1:1883',", `url: '${mqttUrl()}', topicPrefix: '${topicPrefix}',`)
      .replace("outbox: { dir: './outbox' }", `outbox: { dir: ${JSON.stringify(join(dir, 'outbox'))} }`);
    expect(script).toContain(topicPrefix);
    writeFileSync(join(dir, 'example.ts'), script);

    const ingest = await startIngest({ url: mqttUrl(), topicPrefix });
    await ingest.connected();
    const batches: IngestBatch[] = [];
    ingest.on('batch', (batch) => batches.push(batch));
    try {
      const child = spawn(process.execPath, [tsxCli, join(dir, 'example.ts')], { cwd: root, stdio: 'pipe' });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      const guard = setTimeout(() => child.pid !== undefined && process.kill(child.pid, 'SIGKILL'), 25_000);
      const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
      clearTimeout(guard);
      expect(code, output).toBe(0);
      for (let i = 0; i < 200 && batches.length < 2; i++) await new Promise((r) => setTimeout(r, 25));
      expect(batches.flatMap((b) => b.readings)).toMatchObject([{ point: 'riser-1-pressure', value: 420 }]);
      expect(batches.flatMap((b) => b.events)).toMatchObject([
        { kind: 'fault', component: 'ph-0042', active: true },
      ]);
    } finally {
      await ingest.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 40_000);
});
