import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayConfig } from '../../config/gateway-config.js';
import type { CliDeps } from '../deps.js';
import { memoryIo } from '../io.js';
import type { OpenMaster } from '../master.js';
import { runCli } from '../program.js';
import type { RunningGatewayHandle } from '../runtime-loader.js';
import { healthFromStatus } from './run.js';

const config = (unit: number) => `building: { id: b-1, name: B }
gateway: { id: gw-1 }
buses: [{ id: net, kind: tcp, host: 127.0.0.1, port: 1502 }]
devices: [{ id: d, bus: net, unit: ${unit}, profile: qdy30a }]
uplink: { url: mqtt://127.0.0.1, outbox: { path: ':memory:' } }
logging: { level: silent }
metrics: { enabled: false }
`;

/** A runtime double that records what `run` asks of it. */
function fakeRuntime() {
  const calls: string[] = [];
  const reloaded: GatewayConfig[] = [];
  const handle: RunningGatewayHandle = {
    async stop() {
      calls.push('stop');
    },
    async reload(next) {
      calls.push('reload');
      reloaded.push(next);
    },
    status: () => ({ health: { status: 'ok', checks: {} } }),
  };
  return {
    calls,
    reloaded,
    module: {
      startGateway: async (started: GatewayConfig) => {
        calls.push(`start ${started.devices[0]?.unit}`);
        return handle;
      },
    },
  };
}

const noMaster: OpenMaster = async () => {
  throw new Error('not used');
};

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('run', () => {
  it('starts the runtime, reloads on SIGHUP (keeping the old configuration on a bad file) and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'firecode-run-unit-'));
    tempDirs.push(dir);
    const file = join(dir, 'gateway.yaml');
    writeFileSync(file, config(1));
    const runtime = fakeRuntime();
    const signals = new EventEmitter();
    const deps: CliDeps = {
      io: memoryIo(),
      openMaster: noMaster,
      loadRuntime: async () => runtime.module,
      signals,
    };
    const exit = runCli(['node', 'firecode-gateway', 'run', '--config', file], deps);
    const waitFor = async (predicate: () => boolean) => {
      for (let i = 0; i < 200 && !predicate(); i++) await new Promise((r) => setTimeout(r, 10));
      expect(predicate()).toBe(true);
    };
    await waitFor(() => signals.listenerCount('SIGTERM') === 1);
    writeFileSync(file, config(2));
    signals.emit('SIGHUP');
    await waitFor(() => runtime.reloaded.length === 1);
    expect(runtime.reloaded[0]?.devices[0]?.unit).toBe(2);
    writeFileSync(file, config(300));
    signals.emit('SIGHUP');
    signals.emit('SIGTERM');
    expect(await exit).toBe(0);
    // The bad file was read and rejected before the stop: no second reload happened.
    expect(runtime.calls).toEqual(['start 1', 'reload', 'stop']);
    expect(signals.listenerCount('SIGHUP')).toBe(0);
  });

  it('exits 2 without starting anything when the configuration is bad', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'firecode-run-unit-'));
    tempDirs.push(dir);
    const file = join(dir, 'gateway.yaml');
    writeFileSync(file, config(0));
    const runtime = fakeRuntime();
    const io = memoryIo();
    const code = await runCli(['node', 'firecode-gateway', 'run', '--config', file], {
      io,
      openMaster: noMaster,
      loadRuntime: async () => runtime.module,
      signals: new EventEmitter(),
    });
    expect(code).toBe(2);
    expect(runtime.calls).toEqual([]);
    expect(io.err()).toMatch(/gateway\.yaml:4:36: devices\[0\]\.unit: "unit" is 0, out of range 1-247/);
  });
});

describe('healthFromStatus', () => {
  it('uses the runtime status health when it has one', () => {
    const health = { status: 'failing', checks: { broker: { ok: false, detail: 'down' } } } as const;
    expect(healthFromStatus({ health })).toEqual(health);
  });

  it('falls back to ok while the process runs', () => {
    expect(healthFromStatus({})).toEqual({
      status: 'ok',
      checks: { runtime: { ok: true, detail: 'running' } },
    });
    expect(healthFromStatus({ health: { status: 'weird' } }).status).toBe('ok');
  });
});
