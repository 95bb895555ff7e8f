/**
 * The SDK as a vendor gets it: `pnpm pack:sdk` builds and packs the packages, plain npm installs the
 * tarballs into an empty project outside the workspace (third-party dependencies from the registry),
 * and a vendor program there publishes through the machine's broker; the messages are decoded with
 * the codec. Also: every package's packed manifest carries versions, not `workspace:` ranges.
 *
 * Needs the npm registry for the third-party dependencies (mqtt, zod, ...): skipped, saying so,
 * when `npm ping` does not answer.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeMessage, MemoryCatalogStore } from '@firecode/codec';
import { afterAll, describe, expect, it } from 'vitest';
import { MessageCollector } from '../packages/uplink/src/testing/message-collector.js';
import { mqttUrl, uniqueTopicPrefix } from './support/mqtt.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const packed = ['codec', 'ingest', 'schema', 'sdk', 'uplink'];

function registryReachable(): boolean {
  const ping = spawnSync('npm', ['ping'], { encoding: 'utf8', timeout: 15_000 });
  return ping.status === 0;
}
const online = registryReachable();

/** Runs a command to its end; rejects with its output when it fails. */
function run(command: string, args: string[], cwd: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: 'pipe', env: { ...process.env, CI: '1' } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output.slice(-4000)}`));
    });
  });
}

function manifestIn(tarball: string): Record<string, unknown> {
  const text = spawnSync('tar', ['-xOzf', tarball, 'package/package.json'], { encoding: 'utf8' });
  if (text.status !== 0) throw new Error(`no package.json in ${tarball}: ${text.stderr}`);
  return JSON.parse(text.stdout) as Record<string, unknown>;
}

const work = mkdtempSync(join(tmpdir(), 'firecode-sdk-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('packed packages', () => {
  it('replace every workspace: range with a version, in every package', async () => {
    // No build needed for the manifests: pnpm rewrites them at pack time.
    const dest = join(work, 'manifests');
    await run('pnpm', ['-r', '--filter', './packages/**', 'pack', '--pack-destination', dest], root, 60_000);
    const tarballs = readdirSync(dest).filter((name) => name.endsWith('.tgz'));
    expect(tarballs.length).toBe(readdirSync(join(root, 'packages')).length);
    for (const tarball of tarballs) {
      const manifest = manifestIn(join(dest, tarball));
      expect(manifest['version'], tarball).toMatch(/^\d+\.\d+\.\d+/);
      const ranges = { ...(manifest['dependencies'] as object), ...(manifest['peerDependencies'] as object) };
      for (const [name, range] of Object.entries(ranges)) {
        expect(String(range), `${tarball}: ${name}`).not.toMatch(/^workspace:/);
      }
    }
  });

  it.skipIf(!online)(
    'install with plain npm outside the workspace, and a vendor program there publishes through the broker' +
      (online ? '' : ' (skipped: the npm registry does not answer `npm ping`)'),
    async () => {
      // Generous bounds: on a quiet machine this is about a minute; builds stretch several-fold under load.
      await run('pnpm', ['pack:sdk'], root, 480_000);
      const project = join(work, 'vendor-hub');
      mkdirSync(project);
      writeFileSync(
        join(project, 'package.json'),
        JSON.stringify({ name: 'vendor-hub', private: true, type: 'module' }),
      );
      copyFileSync(join(root, 'test/fixtures/sdk-pack/vendor-hub.mjs'), join(project, 'vendor-hub.mjs'));
      const tarballs = packed.map((name) => join(root, 'packs', `firecode-${name}-0.1.0.tgz`));
      for (const tarball of tarballs) expect(existsSync(tarball), tarball).toBe(true);
      await run('npm', ['install', '--no-audit', '--no-fund', ...tarballs], project, 180_000);
      // The installed copies are the tarballs', not links into this repository.
      expect(existsSync(join(project, 'node_modules/@firecode/sdk/dist/index.d.ts'))).toBe(true);
      const cjs = await run(
        process.execPath,
        [
          '-e',
          "console.log(typeof require('@firecode/sdk').createFirecodeClient, typeof require('@firecode/codec/decode').decodeMessage)",
        ],
        project,
        30_000,
      );
      expect(cjs.trim()).toBe('function function');
      const esm = await run(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          "console.log(typeof (await import('@firecode/codec/decode')).decodeMessage)",
        ],
        project,
        30_000,
      );
      expect(esm.trim()).toBe('function');

      const topicPrefix = uniqueTopicPrefix('sdk-pack');
      const collector = await MessageCollector.start(mqttUrl(), `${topicPrefix}/#`);
      try {
        const output = await run(
          process.execPath,
          ['vendor-hub.mjs', mqttUrl(), topicPrefix, join(project, 'outbox')],
          project,
          60_000,
        );
        const { time } = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as { time: number };
        await collector.until('birth, data and alarm', () =>
          ['birth', 'data', 'alarm'].every((type) => collector.on(type).length > 0),
        );
        const decode = (type: string, catalogs?: MemoryCatalogStore) =>
          collector
            .on(type)
            .filter((m) => m.payload.length > 0)
            .map((m) => decodeMessage(new Uint8Array(m.payload), catalogs ? { catalogs } : {}));
        const catalogs = new MemoryCatalogStore();
        for (const birth of decode('birth')) if (birth.type === 'birth') catalogs.add(birth.catalog);
        const readings = decode('data', catalogs).flatMap((d) => (d.type === 'data' ? d.readings : []));
        const alarms = decode('alarm', catalogs).flatMap((d) => (d.type === 'alarm' ? d.events : []));
        expect(readings).toEqual([
          { point: 'riser-1-pressure', time, value: 420, quality: { level: 'good' } },
          { point: 'riser-2-pressure', time, value: 380, quality: { level: 'good' } },
          { point: 'riser-3-pressure', time, value: 351.5, quality: { level: 'good' } },
          { point: 'riser-3-pressure', time: time + 1, value: 1050, quality: { level: 'good' } },
          { point: 'fire-input', time, value: 1, quality: { level: 'good' } },
        ]);
        expect(alarms).toHaveLength(2);
        expect(alarms).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              kind: 'high-alarm',
              active: true,
              point: 'riser-3-pressure',
              time: time + 1,
            }),
            expect.objectContaining({
              kind: 'fire',
              active: true,
              component: 'flow-switch-3f',
              point: 'fire-input',
              systemType: 12,
              componentType: 96,
              time,
            }),
          ]),
        );
      } finally {
        await collector.stop();
      }
    },
    720_000,
  );
});
