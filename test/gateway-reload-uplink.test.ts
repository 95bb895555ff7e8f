/**
 * A reload (SIGHUP) that changes the `uplink` and `gateway` sections, end to end: the simulator's
 * Modbus TCP slave → the gateway runtime with its disk outbox → real Mosquitto brokers → subscribers
 * decoding with @firecode/codec. Connection changes are applied on the same outbox with nothing lost
 * and sequence numbers going on; settings that need a restart keep their running values and are named
 * in one warning. No timing is asserted: what must arrive arrives.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createLogger,
  type GatewayConfig,
  parseConfig,
  type RunningGateway,
  startGateway,
} from '@firecode/gateway';
import { ProfileDevice, startTcpSlave, type TcpSlave } from '@firecode/simulator';
import type { OfflineInfo } from '@firecode/uplink';
import { afterEach, describe, expect, it } from 'vitest';
import { MOSQUITTO_MISSING, PrivateMosquitto } from '../packages/uplink/src/testing/private-mosquitto.js';
import { mqttUrl, uniqueTopicPrefix } from './support/mqtt.js';
import { Receiver } from './support/receiver.js';
import { waitFor } from './support/wait.js';

interface Settings {
  gatewayId: string;
  url: string;
  prefix: string;
  port: number;
  outbox: string;
  maxBytes?: number;
  fsync?: boolean;
  /** `file:` secret with the broker password (user `gateway`). */
  passwordFile?: string;
  buildingName?: string;
  units?: number[];
  loggingLevel?: string;
  metricsListen?: string;
}

function configFor(s: Settings): GatewayConfig {
  const devices = (s.units ?? [1])
    .map(
      (unit) => `\n  - { id: pt-${unit}, bus: line-1, unit: ${unit}, profile: mpd-380, pollIntervalMs: 100 }`,
    )
    .join('');
  return parseConfig(
    `
building: { id: B-RELOAD, name: ${s.buildingName ?? 'Reload Tower'} }
gateway: { id: ${s.gatewayId} }
buses:
  - { id: line-1, kind: tcp, host: 127.0.0.1, port: ${s.port}, timeoutMs: 150, retries: 0 }
devices:${devices}
uplink:
  url: ${s.url}
  topicPrefix: ${s.prefix}${s.passwordFile ? `\n  username: gateway\n  password: file:${s.passwordFile}` : ''}
  outbox: { path: ${s.outbox}, maxBytes: ${s.maxBytes ?? 8 * 1024 * 1024}, fsync: ${s.fsync ?? false} }
report: { strategy: period, periodMs: 100, heartbeatMs: 0 }
batch: { maxAgeMs: 100, maxReadings: 5000 }
logging: { level: ${s.loggingLevel ?? 'info'} }
metrics: { enabled: false, listen: '${s.metricsListen ?? '127.0.0.1:9464'}' }
`,
    'gateway-reload-uplink.yaml',
  );
}

interface LogLine {
  level: string;
  msg: string;
  [key: string]: unknown;
}

/** A logger whose JSON lines are kept for the test to read. */
function capturingLogger() {
  const lines: LogLine[] = [];
  const logger = createLogger({
    level: 'info',
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) },
  });
  return { logger, lines, text: () => lines.map((l) => JSON.stringify(l)).join('\n') };
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'firecode-reload-uplink-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function simulator(): Promise<TcpSlave> {
  const pressure = new ProfileDevice('mpd-380');
  pressure.setPoint('pressure', 400);
  const second = new ProfileDevice('mpd-380');
  second.setPoint('pressure', 300);
  const slave = await startTcpSlave({ host: '127.0.0.1', port: 0, units: { 1: pressure, 2: second } });
  cleanups.push(() => slave.close());
  return slave;
}

async function receiver(prefix: string, url: string): Promise<Receiver> {
  const r = await Receiver.start(prefix, url);
  // A broker that goes away (an outage in the test) must not end the run with an unhandled error.
  r.client.on('error', () => {});
  cleanups.push(() => r.close());
  return r;
}

async function start(
  config: GatewayConfig,
  logger: ReturnType<typeof createLogger>,
): Promise<RunningGateway> {
  const gateway = await startGateway(config, { logger });
  cleanups.push(() => gateway.stop());
  return gateway;
}

async function privateBroker(options: Parameters<typeof PrivateMosquitto.start>[0] = {}) {
  const broker = await PrivateMosquitto.start(options);
  cleanups.push(() => broker.stop());
  return broker;
}

/** Sequence numbers from 1 to `upTo` that are not in `have`. */
function missing(have: ReadonlySet<bigint>, upTo: bigint): bigint[] {
  const gaps: bigint[] = [];
  for (let s = 1n; s <= upTo; s++) if (!have.has(s)) gaps.push(s);
  return gaps;
}

const sequencesAt = (...receivers: Receiver[]) =>
  new Set(receivers.flatMap((r) => r.sequenced().map((m) => m.sequence)));

/** The highest sequence number at `r` once it has received `count` sequenced messages. */
const lastAfter = (r: Receiver, count: number) => () => {
  const all = r.sequenced();
  return all.length >= count ? all.at(-1)!.sequence : undefined;
};

describe.skipIf(MOSQUITTO_MISSING)('gateway reload: uplink connection changes', () => {
  it('moves to another broker while readings flow: nothing lost, sequence numbers without a gap', async () => {
    const prefix = uniqueTopicPrefix('reload-url');
    const second = await privateBroker();
    const atFirst = await receiver(prefix, mqttUrl());
    const atSecond = await receiver(prefix, second.url);
    const slave = await simulator();
    const { logger, lines } = capturingLogger();
    const base = { gatewayId: 'reload-url', prefix, port: slave.port, outbox: join(tempDir(), 'outbox') };
    const gateway = await start(configFor({ ...base, url: mqttUrl() }), logger);
    const uplink = gateway.uplink;
    let connects = 0;
    uplink.on('connect', () => connects++);
    await waitFor(lastAfter(atFirst, 5), 'data at the first broker');

    await gateway.reload(configFor({ ...base, url: second.url }));

    await waitFor(() => atSecond.births()[0], 'the birth at the second broker');
    const upTo = await waitFor(lastAfter(atSecond, 5), 'data at the second broker');
    await waitFor(
      () => (missing(sequencesAt(atFirst, atSecond), upTo).length === 0 ? true : undefined),
      () =>
        `sequences 1..${upTo} across both brokers (missing ${missing(sequencesAt(atFirst, atSecond), upTo)})`,
    );
    // The first broker was told the gateway left it; the second one has it online.
    await waitFor(
      () => atFirst.messages().find((m) => m.type === 'state' && !m.online),
      'the offline state at the first broker',
    );
    expect(gateway.status().connected).toBe(true);
    // Same uplink: a listener added before the reload heard the new connection, and so did the
    // gateway's own (its log names the new broker).
    expect(gateway.uplink).toBe(uplink);
    expect(connects).toBe(2);
    expect(lines.some((l) => l.msg === 'uplink connected' && l.url === second.url)).toBe(true);
    const change = lines.find((l) => l.msg.startsWith('uplink settings changed'));
    expect(change?.changed).toEqual([{ field: 'uplink.url', from: mqttUrl(), to: second.url }]);
    expect(lines.some((l) => l.level === 'warn' && l.msg.includes('restart the gateway'))).toBe(false);
  }, 60_000);

  it('reconnects with a rotated password read again from its secret file', async () => {
    const prefix = uniqueTopicPrefix('reload-password');
    const dir = tempDir();
    const passwordFile = join(dir, 'mqtt-password');
    writeFileSync(passwordFile, 'old-secret\n', { mode: 0o600 });
    const users = { gateway: 'old-secret', platform: 'platform-password' };
    const before = await privateBroker({ users });
    const login = (url: string) => url.replace('mqtt://', 'mqtt://platform:platform-password@');
    const atBefore = await receiver(prefix, login(before.url));
    const slave = await simulator();
    const { logger, lines, text } = capturingLogger();
    const settings = { gatewayId: 'reload-pw', prefix, port: slave.port, outbox: join(dir, 'outbox') };
    const gateway = await start(configFor({ ...settings, url: before.url, passwordFile }), logger);
    // Attached before the first connect can happen: every acknowledgement is seen.
    const acked = new Set<bigint>();
    gateway.uplink.on('delivered', (m) => acked.add(m.sequence));
    await waitFor(lastAfter(atBefore, 3), 'data with the old password');

    // The broker's password is changed (a restart with the new password file): the gateway is refused.
    const refused = new Promise<OfflineInfo>((resolve) =>
      gateway.uplink.on('offline', (info) => {
        if (info.error?.code === 'UPLINK_AUTH_REFUSED') resolve(info);
      }),
    );
    await before.pause();
    const after = await privateBroker({ port: before.port, users: { ...users, gateway: 'new-secret' } });
    let refusal: OfflineInfo | undefined;
    void refused.then((info) => (refusal = info));
    await waitFor(() => refusal, 'the login refused with the old password');
    const ackedByBefore = new Set(acked);
    const atAfter = await receiver(prefix, login(after.url));

    writeFileSync(passwordFile, 'new-secret\n');
    await gateway.reload(configFor({ ...settings, url: after.url, passwordFile }));

    await waitFor(() => atAfter.births()[0], 'the birth with the new password');
    const upTo = await waitFor(lastAfter(atAfter, 5), 'data with the new password');
    const have = () => new Set([...ackedByBefore, ...sequencesAt(atAfter)]);
    await waitFor(
      () => (missing(have(), upTo).length === 0 ? true : undefined),
      () => `sequences 1..${upTo} (missing ${missing(have(), upTo)})`,
    );
    expect(gateway.status().connected).toBe(true);
    const change = lines.find((l) => l.msg.startsWith('uplink settings changed'));
    expect(change?.changed).toEqual([{ field: 'uplink.password' }]);
    expect(text()).not.toContain('old-secret');
    expect(text()).not.toContain('new-secret');
  }, 60_000);
});

describe('gateway reload: settings that need a restart', () => {
  it('keeps them, names each in one warning with both values, and applies the rest', async () => {
    const prefix = uniqueTopicPrefix('reload-restart');
    const at = await receiver(prefix, mqttUrl());
    const slave = await simulator();
    const { logger, lines } = capturingLogger();
    const dir = tempDir();
    const running = {
      gatewayId: 'reload-restart',
      url: mqttUrl(),
      prefix,
      port: slave.port,
      outbox: join(dir, 'outbox'),
    };
    const gateway = await start(configFor(running), logger);
    const firstBirth = await waitFor(() => at.births()[0], 'the first birth');

    const edited = configFor({
      ...running,
      gatewayId: 'renamed-gateway',
      outbox: join(dir, 'elsewhere'),
      maxBytes: 16 * 1024 * 1024,
      fsync: true,
      metricsListen: '127.0.0.1:9999',
      // Live changes in the same file:
      buildingName: 'Renamed Tower',
      units: [1, 2],
      loggingLevel: 'debug',
    });
    await gateway.reload(edited);

    const warnings = () =>
      lines.filter((l) => l.level === 'warn' && l.msg.includes('restart the gateway to apply'));
    expect(warnings()).toHaveLength(1);
    const warning = warnings()[0]!;
    for (const part of [
      'gateway.id (running "reload-restart", file "renamed-gateway")',
      `uplink.outbox.path (running ${JSON.stringify(running.outbox)}, file ${JSON.stringify(join(dir, 'elsewhere'))})`,
      'uplink.outbox.maxBytes (running 8388608, file 16777216)',
      'uplink.outbox.fsync (running false, file true)',
      'metrics.listen (running "127.0.0.1:9464", file "127.0.0.1:9999")',
    ])
      expect(warning.msg).toContain(part);
    expect(warning.restartRequired).toHaveLength(5);
    // The outbox stays where it is.
    expect(existsSync(join(dir, 'elsewhere'))).toBe(false);

    // The rest applied: a new birth under the running gateway id, the added device's readings, the
    // logging level.
    const birth = await waitFor(
      () => at.births().find((b) => b.catalogHash !== firstBirth.catalogHash),
      'the birth of the edited configuration',
    );
    expect(birth.catalog.building?.name).toBe('Renamed Tower');
    expect(birth.gatewayId).toBe('reload-restart');
    await waitFor(
      () => at.readings().find((r) => r.point === 'pt-2.pressure' && r.value === 300),
      'a reading of the added device',
    );
    expect(at.sequenced().every((m) => m.gatewayId === 'reload-restart')).toBe(true);
    expect(logger.level).toBe('debug');

    // Until the restart, every reload says it again.
    await gateway.reload(edited);
    expect(warnings()).toHaveLength(2);
  }, 60_000);
});
