/**
 * `firecode-sim` as a user runs it: a real process (tsx on the CLI source), its start banner, a real
 * master reading what it serves, and a clean stop on SIGTERM.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { byteStreamFromDuplex, profiles, startLd128ePoller } from '@firecode/devices';
import { createTcpBus } from '@firecode/modbus';
import type { FireEvent } from '@firecode/schema';
import { openSerialPort, socatAvailable } from '@firecode/simulator';
import { afterEach, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsx = `${root}node_modules/.bin/tsx`;
const cli = `${root}packages/simulator/src/cli.ts`;

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0))
    if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
});

function start(args: string[]) {
  const child = spawn(tsx, [cli, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const output = async (pattern: RegExp): Promise<RegExpMatchArray> => {
    for (let i = 0; i < 1500; i++) {
      const match = pattern.exec(stdout);
      if (match) return match;
      if (child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`no ${pattern} in output:\n${stdout}\n${stderr}`);
  };
  return { child, exited, output, stdout: () => stdout, stderr: () => stderr };
}

describe('firecode-sim', () => {
  it('list prints every profile id first on its own line', async () => {
    const run = start(['list']);
    expect(await run.exited).toBe(0);
    const ids = run
      .stdout()
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/)[0]);
    expect(ids).toEqual(profiles.map((p) => p.id));
  });

  it('--help names every command and serve --help every option', async () => {
    const top = start(['--help']);
    expect(await top.exited).toBe(0);
    expect(top.stdout()).toMatch(/list[\s\S]*serve[\s\S]*building/);
    const serve = start(['serve', '--help']);
    expect(await serve.exited).toBe(0);
    for (const option of [
      '--profile',
      '--unit',
      '--tcp',
      '--rtu',
      '--rtu-over-tcp',
      '--baud',
      '--timing',
      '--scenario',
    ]) {
      expect(serve.stdout()).toContain(option);
    }
  });

  it('serve prints where it serves, answers a master, and stops cleanly on SIGTERM', async () => {
    const run = start([
      'serve',
      '--profile',
      'qdy30a',
      '--unit',
      '7',
      '--tcp',
      '127.0.0.1:0',
      '--point',
      'level=2.5',
    ]);
    const [, port] = await run.output(/Modbus TCP on 127\.0\.0\.1:(\d+)/);
    expect(run.stdout()).toContain('unit 7: qdy30a (qdy30a)');
    const bus = createTcpBus({ host: '127.0.0.1', port: Number(port), timeoutMs: 1000, retries: 0 });
    try {
      expect([...(await bus.readHoldingRegisters(7, 4, 1))]).toEqual([2500]);
    } finally {
      await bus.close();
    }
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toContain('firecode-sim: stopped');
  });

  it.skipIf(!socatAvailable())(
    "serve --panel ld128e --rtu pty answers the device library poller with the scenario's fire",
    async () => {
      const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
      const { tmpdir } = await import('node:os');
      const dir = mkdtempSync(`${tmpdir()}/firecode-sim-`);
      writeFileSync(
        `${dir}/fire.yaml`,
        'steps:\n  - { at: 0, device: panel, panelPoint: { loop: 1, address: 23, state: fire } }\n',
      );
      const run = start(['serve', '--panel', 'ld128e', '--rtu', 'pty', '--scenario', `${dir}/fire.yaml`]);
      const [, masterPath] = await run.output(/open (\S+) on the master side/);
      await run.output(/panel: panel point 1-23 fire/);
      const port = await openSerialPort({ path: masterPath as string, baudRate: 9600 });
      const portErrors: Error[] = [];
      port.on('error', (error) => portErrors.push(error as Error));
      const events: FireEvent[] = [];
      const poller = startLd128ePoller({
        stream: byteStreamFromDuplex(port as never),
        componentId: 'panel',
        intervalMs: 100,
        onEvent: (event) => events.push(event),
      });
      try {
        // Bounded by time, not by a count of 10 ms sleeps: on a loaded machine those sleeps stretch.
        const deadline = Date.now() + 20_000;
        while (events.length === 0 && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 10));
      } finally {
        poller.stop();
        await new Promise<void>((resolve) => port.close(() => resolve()));
        run.child.kill('SIGTERM');
        rmSync(dir, { recursive: true, force: true });
      }
      expect(portErrors).toEqual([]);
      expect(events.map((e) => [e.kind, e.loop, e.address])).toEqual([['fire', 1, 23]]);
      expect(await run.exited).toBe(0);
    },
    60_000,
  );

  it('bad usage exits 2 with a message that says what to do', async () => {
    const run = start(['serve', '--profile', 'no-such-device', '--tcp', '127.0.0.1:0']);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain('unknown profile no-such-device: run `firecode-sim list` for the ids');
  });

  it('building --config starts the demo building and its scenario', async () => {
    // The example config listens on fixed ports 1502/1503: use a copy on free ports.
    const { mkdtempSync, writeFileSync, readFileSync, copyFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(`${tmpdir()}/firecode-sim-`);
    const config = readFileSync(`${root}examples/scenarios/demo-building.yaml`, 'utf8')
      .replace('127.0.0.1:1502', '127.0.0.1:0')
      .replace('127.0.0.1:1503', '127.0.0.1:0');
    writeFileSync(`${dir}/building.yaml`, config);
    copyFileSync(`${root}examples/scenarios/fire-on-floor-1.yaml`, `${dir}/fire-on-floor-1.yaml`);
    const run = start(['building', '--config', `${dir}/building.yaml`]);
    await run.output(/Modbus RTU over TCP on 127\.0\.0\.1:\d+/);
    await run.output(/\[t=0\.0s\] tank-level\.level = 3\.2 \(walk start\)/);
    expect(run.stdout().indexOf('press Ctrl-C')).toBeLessThan(run.stdout().indexOf('[t=0.0s]'));
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });
});
