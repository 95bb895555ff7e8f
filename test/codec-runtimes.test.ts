/**
 * Schema + codec outside Node: the decoder-only entry (`@firecode/codec/decode`) bundled as an ES
 * module and run by Bun and by Deno, which decode the standard workload (birth, compressed data
 * batch, alarm) exactly as Node does. Both runtimes come from the npm registry (the `bun` and `deno`
 * packages ship their binaries as platform packages), installed once into .firecode-tmp/runtimes;
 * each case is skipped, saying why, when its runtime cannot be installed here.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  decodeMessage,
  encodeAlarm,
  encodeBirth,
  encodeDataBatch,
  MemoryCatalogStore,
} from '@firecode/codec';
import { afterAll, describe, expect, it } from 'vitest';
import { workloadBatch, workloadCatalog } from '../packages/codec/src/standard-workload.js';
import { browserBundle } from './support/browser-bundle.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const runtimesDir = join(root, '.firecode-tmp', 'runtimes');
const versions = { bun: '1.4.5', deno: '2.9.6' } as const;
type Runtime = keyof typeof versions;

/** Installs both runtimes (one npm call: a second would prune the first); the error when it fails. */
function installRuntimes(): string | undefined {
  const ready = (Object.keys(versions) as Runtime[]).every((runtime) =>
    existsSync(join(runtimesDir, 'node_modules', '.bin', runtime)),
  );
  if (ready) return undefined;
  mkdirSync(runtimesDir, { recursive: true });
  writeFileSync(join(runtimesDir, 'package.json'), '{"name":"firecode-test-runtimes","private":true}\n');
  const npm = spawnSync(
    'npm',
    ['install', '--no-audit', '--no-fund', ...Object.entries(versions).map(([name, v]) => `${name}@${v}`)],
    { cwd: runtimesDir, encoding: 'utf8', timeout: 240_000 },
  );
  return npm.status === 0
    ? undefined
    : `npm install failed: ${(npm.stderr ?? String(npm.error)).slice(-300)}`;
}

const installError = installRuntimes();

/** The runtime's binary, or why it is not available. */
function runtimeBinary(runtime: Runtime): { bin: string } | { reason: string } {
  if (installError !== undefined) return { reason: installError };
  const bin = join(runtimesDir, 'node_modules', '.bin', runtime);
  const version = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  if (version.status !== 0)
    return { reason: `${runtime} --version failed: ${version.stderr || version.error}` };
  return { bin };
}

const runtimes = Object.fromEntries(
  (Object.keys(versions) as Runtime[]).map((runtime) => [runtime, runtimeBinary(runtime)]),
) as Record<Runtime, { bin: string } | { reason: string }>;

const work = mkdtempSync(join(root, '.firecode-tmp', 'runtime-decode-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? `${v}n` : v)));
}

async function prepare(): Promise<{ script: string; expected: unknown[] }> {
  const catalog = workloadCatalog();
  const batch = workloadBatch();
  const time = batch.readings[0]?.time ?? 0;
  const messages = [
    encodeBirth(catalog, { time }),
    encodeDataBatch(batch, catalog, { compress: 'always' }),
    encodeAlarm(
      {
        gatewayId: catalog.gatewayId,
        sequence: batch.sequence + 1n,
        historical: false,
        events: [...batch.events],
        time,
      },
      catalog,
    ),
  ];
  const store = new MemoryCatalogStore();
  const expected = messages.map((bytes) => {
    const decoded = decodeMessage(bytes, { catalogs: store });
    if (decoded.type === 'birth') store.add(decoded.catalog);
    return plain(decoded);
  });
  const bundle = await browserBundle(
    join(root, 'packages/codec/src/decoder.ts'),
    'unused',
    { '@firecode/schema': join(root, 'packages/schema/src/index.ts') },
    { format: 'esm', platform: 'neutral', mainFields: ['browser', 'module', 'main'], globalName: undefined },
  );
  expect(bundle.errors).toEqual([]);
  writeFileSync(join(work, 'decoder.mjs'), bundle.code);
  writeFileSync(join(work, 'messages.json'), JSON.stringify(messages.map((bytes) => [...bytes])));
  const script = join(work, 'decode.mjs');
  writeFileSync(
    script,
    `import { MemoryCatalogStore, decodeMessage } from './decoder.mjs';
const inputs = JSON.parse(await (await import('node:fs/promises')).readFile(new URL('./messages.json', import.meta.url), 'utf8'));
const catalogs = new MemoryCatalogStore();
const out = inputs.map((bytes) => {
  const message = decodeMessage(new Uint8Array(bytes), { catalogs });
  if (message.type === 'birth') catalogs.add(message.catalog);
  return message;
});
console.log(JSON.stringify(out, (_key, v) => (typeof v === 'bigint' ? v + 'n' : v)));
`,
  );
  return { script, expected };
}

describe('the decoder in other runtimes', () => {
  for (const runtime of Object.keys(versions) as Runtime[]) {
    const available = runtimes[runtime];
    const skip = 'reason' in available;
    it.skipIf(skip)(
      `${runtime} decodes a real batch as Node does${skip ? ` (skipped: ${available.reason})` : ''}`,
      async () => {
        if ('reason' in available) return;
        const { script, expected } = await prepare();
        const args =
          runtime === 'deno' ? ['run', '--quiet', `--allow-read=${work}`, script] : ['run', script];
        const result = spawnSync(available.bin, args, {
          cwd: work,
          encoding: 'utf8',
          timeout: 60_000,
          maxBuffer: 64 * 1024 * 1024,
          env: { ...process.env, DENO_DIR: join(runtimesDir, 'deno-cache'), NO_COLOR: '1' },
        });
        expect(result.error).toBeUndefined();
        expect(result.stderr).toBe('');
        expect(result.status).toBe(0);
        expect(JSON.parse(result.stdout)).toEqual(expected);
      },
    );
  }
});
