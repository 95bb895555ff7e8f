/**
 * `firecode-gateway run` as systemd runs it: a child process with a configuration file, a simulated
 * device on loopback and the real broker. Checks the plumbing the CLI owns: /healthz and /metrics,
 * SIGHUP reload (good and bad file), SIGTERM exit 0, and no secret in the logs.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MemoryRegisterBank, startTcpSlave, type TcpSlave } from '@firecode/simulator';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mqttUrl, uniqueTopicPrefix } from './support/mqtt.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'packages/gateway/src/cli.ts');
const SECRET = 'Run-Test-Secret-pw-0815';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Polls `check` every 100 ms, at most `attempts` times; the bound keeps a broken run from hanging. */
async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  attempts = 150,
): Promise<T> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`condition not met after ${attempts} attempts${last ? `: ${String(last)}` : ''}`);
}

function configText(
  slavePort: number,
  metricsPort: number,
  prefix: string,
  outbox: string,
  units: number[],
): string {
  const devices = units
    .map((unit) => `  - { id: level-${unit}, bus: sim, unit: ${unit}, profile: qdy30a, pollIntervalMs: 500 }`)
    .join('\n');
  return `building: { id: run-test-0001, name: Run test tower }
gateway: { id: gw-cli }
buses:
  - { id: sim, kind: tcp, host: 127.0.0.1, port: ${slavePort}, timeoutMs: 300 }
devices:
${devices}
uplink:
  url: ${mqttUrl()}
  topicPrefix: ${prefix}
  username: gw-cli
  password: env:FIRECODE_TEST_RUN_PASSWORD
  outbox: { path: ${outbox}, fsync: false }
batch: { maxAgeMs: 200, maxReadings: 100 }
logging: { level: debug }
metrics: { listen: 127.0.0.1:${metricsPort} }
`;
}

describe('firecode-gateway run', () => {
  let slave: TcpSlave;
  let child: ChildProcess;
  let subscriber: MqttClient;
  let logs = '';
  let exit: Promise<number | null>;
  let metricsUrl: string;
  let workDir: string | undefined;
  let configPath: string;
  let write: (units: number[] | 'broken') => void;
  const births: Buffer[] = [];

  beforeAll(async () => {
    slave = await startTcpSlave({
      units: {
        1: new MemoryRegisterBank().setHolding(0, 1, 3, 1, 1, 1234),
        2: new MemoryRegisterBank().setHolding(0, 2, 3, 1, 1, 567),
      },
    });
    const dir = mkdtempSync(join(tmpdir(), 'firecode-run-'));
    workDir = dir;
    const prefix = uniqueTopicPrefix('gw-cli-run');
    const metricsPort = await freePort();
    metricsUrl = `http://127.0.0.1:${metricsPort}`;
    configPath = join(dir, 'gateway.yaml');
    write = (units) =>
      writeFileSync(
        configPath,
        units === 'broken'
          ? configText(slave.port, metricsPort, prefix, join(dir, 'outbox'), [1]).replace(
              'unit: 1',
              'unit: 1000',
            )
          : configText(slave.port, metricsPort, prefix, join(dir, 'outbox'), units),
      );
    write([1]);

    subscriber = mqtt.connect(mqttUrl(), { clientId: `firecode-run-test-${process.pid}` });
    await new Promise<void>((resolve, reject) => {
      subscriber.once('connect', () => resolve());
      subscriber.once('error', reject);
    });
    await subscriber.subscribeAsync(`${prefix}/gw-cli/birth`, { qos: 1 });
    subscriber.on('message', (_topic, payload) => births.push(payload));

    child = spawn(process.execPath, ['--import', 'tsx', cli, 'run', '--config', configPath], {
      cwd: root,
      env: { ...process.env, FIRECODE_TEST_RUN_PASSWORD: SECRET },
    });
    child.stdout?.on('data', (chunk: Buffer) => (logs += chunk));
    child.stderr?.on('data', (chunk: Buffer) => (logs += chunk));
    exit = new Promise((resolve) => child.on('close', (code) => resolve(code)));
  });

  afterAll(async () => {
    if (child && child.exitCode === null && child.pid !== undefined) child.kill('SIGKILL');
    await subscriber?.endAsync();
    await slave?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('serves /healthz and /metrics on the configured loopback port', async () => {
    const health = await eventually(async () => {
      const response = await fetch(`${metricsUrl}/healthz`);
      const body = (await response.json()) as { status: string; checks: Record<string, { ok: boolean }> };
      return body.checks['device:level-1']?.ok || Object.values(body.checks).some((c) => c.ok)
        ? body
        : undefined;
    });
    expect(['ok', 'degraded']).toContain(health.status);
    const metrics = await eventually(async () => {
      const text = await (await fetch(`${metricsUrl}/metrics`)).text();
      return /firecode_device_online\{bus="sim",device="level-1"\} 1/.test(text) ? text : undefined;
    });
    expect(metrics).toContain('firecode_process_resident_memory_bytes');
    // The runtime's buses feed the per-bus series: requests counted and a line utilisation sampled.
    expect(metrics).toMatch(/firecode_bus_requests_total\{bus="sim"\} [1-9]/);
    expect(metrics).toMatch(/firecode_bus_line_utilisation_ratio\{bus="sim"\} \d/);
    expect(births.length).toBeGreaterThanOrEqual(1);
  });

  it('reloads on SIGHUP: a new birth message, and the new device is polled', async () => {
    const before = births.length;
    write([1, 2]);
    child.kill('SIGHUP');
    await eventually(() => (births.length > before ? true : undefined));
    await eventually(async () => {
      const text = await (await fetch(`${metricsUrl}/metrics`)).text();
      return /firecode_device_online\{bus="sim",device="level-2"\} 1/.test(text) &&
        /firecode_config_reloads_total\{result="ok"\} 1/.test(text)
        ? true
        : undefined;
    });
  });

  it('keeps running with the old configuration when the reloaded file is bad', async () => {
    write('broken');
    child.kill('SIGHUP');
    await eventually(() => (/configuration reload rejected/.test(logs) ? true : undefined));
    expect(logs).toMatch(/gateway\.yaml:\d+:\d+: devices\[0\]\.unit: \\"unit\\" is 1000, out of range 1-247/);
    const response = await fetch(`${metricsUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await (await fetch(`${metricsUrl}/metrics`)).text()).toMatch(
      /firecode_config_reloads_total\{result="rejected"\} 1/,
    );
  });

  it('exits 0 on SIGTERM after stopping, and never logged the password', async () => {
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(logs).toMatch(/"msg":"stopped"/);
    expect(logs).not.toContain(SECRET);
    // Every line is JSON (journald and log shippers parse them).
    for (const line of logs.split('\n').filter((l) => l !== '')) expect(() => JSON.parse(line)).not.toThrow();
  });
});
