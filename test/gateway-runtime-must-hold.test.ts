import { Writable } from 'node:stream';
/**
 * The gateway runtime's must-holds (issue 9) end to end: the simulator's Modbus TCP slaves → the
 * gateway runtime → the real Mosquitto → a subscriber decoding with @firecode/codec. No timing is
 * asserted (shared machine): what must arrive arrives, once, with the right content.
 */
import type { DecodedData } from '@firecode/codec';
import {
  createLogger,
  type GatewayConfig,
  parseConfig,
  type RunningGateway,
  startGateway,
} from '@firecode/gateway';
import { decodeTransmissionStatus } from '@firecode/schema';
import { ProfileDevice, startTcpSlave, type TcpSlave } from '@firecode/simulator';
import { MemoryOutbox } from '@firecode/uplink';
import { afterEach, describe, expect, it } from 'vitest';
import { mqttUrl, uniqueTopicPrefix } from './support/mqtt.js';
import { Receiver } from './support/receiver.js';
import { waitFor } from './support/wait.js';

interface DeviceLine {
  id: string;
  unit: number;
  profile: string;
  pollIntervalMs?: number;
  extra?: string;
}

function configFor(options: {
  gatewayId: string;
  prefix: string;
  port: number;
  devices: DeviceLine[];
  buildingName?: string;
  batchMaxAgeMs?: number;
}): GatewayConfig {
  const devices = options.devices
    .map(
      (d) => `
  - id: ${d.id}
    bus: line-1
    unit: ${d.unit}
    profile: ${d.profile}
    pollIntervalMs: ${d.pollIntervalMs ?? 200}${d.extra ?? ''}`,
    )
    .join('');
  return parseConfig(
    `
building: { id: B-TEST, name: ${options.buildingName ?? 'Test Tower'} }
gateway: { id: ${options.gatewayId} }
buses:
  - { id: line-1, kind: tcp, host: 127.0.0.1, port: ${options.port}, timeoutMs: 150, retries: 0, breaker: { probeIntervalMs: 500, maxProbeIntervalMs: 2000 } }
devices:${devices}
uplink:
  url: ${mqttUrl()}
  topicPrefix: ${options.prefix}
  outbox: { path: unused-memory-outbox-given-in-deps }
report: { strategy: period, periodMs: 100, heartbeatMs: 0 }
batch: { maxAgeMs: ${options.batchMaxAgeMs ?? 200}, maxReadings: 5000 }
metrics: { enabled: false }
`,
    'gateway-runtime-test.yaml',
  );
}

const logger = createLogger({ level: 'silent' });
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

async function start(units: Record<number, ProfileDevice>): Promise<TcpSlave> {
  const slave = await startTcpSlave({ host: '127.0.0.1', port: 0, units });
  cleanups.push(() => slave.close());
  return slave;
}

async function startReceiver(prefix: string): Promise<Receiver> {
  const receiver = await Receiver.start(prefix);
  cleanups.push(() => receiver.close());
  return receiver;
}

async function startRuntime(
  config: GatewayConfig,
  log = logger,
): Promise<{ gateway: RunningGateway; outbox: MemoryOutbox }> {
  const outbox = new MemoryOutbox({ maxBytes: 16 * 1024 * 1024 });
  const gateway = await startGateway(config, { logger: log, outbox });
  cleanups.push(() => gateway.stop());
  return { gateway, outbox };
}

describe('gateway runtime: fire alarms', () => {
  it('delivers 50 fire alarms raised in the simulator, each once, with its loop and address', async () => {
    const prefix = uniqueTopicPrefix('rt-alarms');
    const panel = new ProfileDevice('gst-modbus-panel', { unmapped: 'zero' });
    const pressure = new ProfileDevice('mpd-380');
    pressure.setPoint('pressure', 400);
    const slave = await start({ 1: pressure, 2: panel });
    const receiver = await startReceiver(prefix);
    await startRuntime(
      configFor({
        gatewayId: 'rt-alarms',
        prefix,
        port: slave.port,
        devices: [
          { id: 'riser', unit: 1, profile: 'mpd-380' },
          { id: 'panel', unit: 2, profile: 'gst-modbus-panel', extra: '\n    loops: [1, 2]' },
        ],
      }),
    );
    await waitFor(() => receiver.births()[0], 'the birth');

    // 50 alarms over two loops, a few per poll, as a real fire spreading across detectors.
    const raised: string[] = [];
    for (let i = 0; i < 50; i++) {
      const loop = 1 + (i % 2);
      const address = 1 + i * 3;
      panel.setPanelPoint(loop, address, 'fire');
      raised.push(`${loop}/${address}`);
      await new Promise((resolve) => setTimeout(resolve, 40));
    }

    const fires = () =>
      receiver.events().filter((e) => e.kind === 'fire' && e.active && e.component === 'panel');
    await waitFor(() => (fires().length >= 50 ? true : undefined), 'all 50 fire alarms');
    // Let any duplicate that would follow arrive before checking that there is none.
    await waitFor(
      () => (receiver.readings().some((r) => r.point === 'riser.pressure') ? true : undefined),
      'data',
    );
    const seen = fires().map((e) => `${e.loop}/${e.address}`);
    expect(seen.sort()).toEqual([...raised].sort());
    expect(new Set(seen).size).toBe(50);
    for (const fire of fires()) expect(fire).toMatchObject({ systemType: 1, active: true });
    // Alarms travel in the alarm lane, never inside a routine data batch.
    const carriers = receiver.sequenced().filter((m) => m.events.some((e) => e.kind === 'fire'));
    expect(carriers.every((m) => m.type === 'alarm')).toBe(true);
    // And the gateway's own status byte says there is a fire.
    const latest = await waitFor(() => {
      const data = receiver.sequenced().filter((m): m is DecodedData => m.type === 'data');
      const last = data.at(-1);
      return last && last.sequence > carriers.at(-1)!.sequence ? last : undefined;
    }, 'a data batch after the alarms');
    expect(decodeTransmissionStatus(Number(latest.status?.['transmissionStatus'])).fireAlarm).toBe(true);
  });
});

describe('gateway runtime: a device going dead on a shared line', () => {
  it('turns its points bad, sends offline once, keeps its neighbour reporting, and recovers by itself', async () => {
    const prefix = uniqueTopicPrefix('rt-dead');
    const dying = new ProfileDevice('mpd-380');
    const neighbour = new ProfileDevice('mpd-380');
    dying.setPoint('pressure', 410);
    neighbour.setPoint('pressure', 420);
    const slave = await start({ 1: dying, 2: neighbour });
    const receiver = await startReceiver(prefix);
    // The journal an integrator reads: info lines, JSON.
    const lines: Record<string, unknown>[] = [];
    const journal = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line));
        done();
      },
    });
    const { gateway } = await startRuntime(
      configFor({
        gatewayId: 'rt-dead',
        prefix,
        port: slave.port,
        devices: [
          { id: 'pt-dying', unit: 1, profile: 'mpd-380' },
          { id: 'pt-neighbour', unit: 2, profile: 'mpd-380' },
        ],
      }),
      createLogger({ level: 'info', destination: journal }),
    );
    const good = (point: string, after = 0) =>
      receiver.readings().filter((r) => r.point === point && r.quality.level === 'good' && r.time > after);
    await waitFor(() => (good('pt-dying.pressure').length > 0 ? true : undefined), 'first good reading');

    slave.engine.setFault(1, { kind: 'offline' });
    const offline = await waitFor(
      () => receiver.events().find((e) => e.kind === 'offline' && e.active && e.component === 'pt-dying'),
      'the offline event',
    );
    const bad = await waitFor(
      () =>
        receiver
          .readings()
          .find(
            (r) =>
              r.point === 'pt-dying.pressure' &&
              r.quality.level === 'bad' &&
              r.quality.reason === 'communication-failure',
          ),
      'a communication-failure reading',
    );
    expect(bad.value).toBeNull();
    // The neighbour on the same line keeps answering while unit 1 is dead.
    await waitFor(
      () => (good('pt-neighbour.pressure', offline.time).length >= 3 ? true : undefined),
      'the neighbour’s good readings while unit 1 is dead',
    );
    for (const reading of good('pt-neighbour.pressure', offline.time)) expect(reading.value).toBe(420);
    // The gateway's status byte reports a monitoring-line fault while a device is dead.
    const faulted = await waitFor(
      () =>
        receiver
          .sequenced()
          .find(
            (m): m is DecodedData =>
              m.type === 'data' &&
              decodeTransmissionStatus(Number(m.status?.['transmissionStatus'])).monitoringLineFault,
          ),
      'a batch whose status byte has the monitoring-line fault',
    );
    expect(faulted.status?.['transmissionStatus']).toBeDefined();
    expect(gateway.status().devices['pt-dying']?.online).toBe(false);

    // It comes back: the breaker's probe finds it, polling resumes, no one restarts anything.
    slave.engine.clearFault(1);
    dying.setPoint('pressure', 405);
    const back = await waitFor(
      () => receiver.events().find((e) => e.kind === 'online' && e.active && e.component === 'pt-dying'),
      'the online event (back)',
      30_000,
    );
    await waitFor(
      () => good('pt-dying.pressure', back.time - 1).find((r) => r.value === 405),
      'good readings of the recovered device',
    );
    const offlineEvents = receiver
      .events()
      .filter((e) => e.kind === 'offline' && e.active && e.component === 'pt-dying');
    expect(offlineEvents).toHaveLength(1);
    // Breaker and device changes are logged at info, once each way.
    const info = lines.filter((line) => line['level'] === 'info').map((line) => String(line['msg']));
    expect(info.filter((msg) => msg === 'breaker open: unit isolated, probing it')).toHaveLength(1);
    expect(info.filter((msg) => msg === 'breaker closed: unit answers again')).toHaveLength(1);
    expect(info.filter((msg) => msg === 'device offline')).toHaveLength(1);
    expect(info.filter((msg) => msg === 'device online')).toHaveLength(1);
    expect(receiver.events().some((e) => e.kind === 'offline' && e.component === 'pt-neighbour')).toBe(false);
    expect(gateway.status().devices['pt-dying']?.online).toBe(true);
  }, 60_000);
});

describe('gateway runtime: reload with a changed configuration', () => {
  it('publishes a new birth with a new catalog and loses nothing that was queued', async () => {
    const prefix = uniqueTopicPrefix('rt-reload');
    const first = new ProfileDevice('mpd-380');
    const added = new ProfileDevice('mpd-380');
    first.setPoint('pressure', 400);
    added.setPoint('pressure', 300);
    const slave = await start({ 1: first, 2: added });
    const receiver = await startReceiver(prefix);
    const base = { gatewayId: 'rt-reload', prefix, port: slave.port };
    // Batches held for a minute: whatever the batcher holds at the reload must be flushed by it.
    const { gateway } = await startRuntime(
      configFor({ ...base, batchMaxAgeMs: 60_000, devices: [{ id: 'pt-1', unit: 1, profile: 'mpd-380' }] }),
    );
    const oldHash = (await waitFor(() => receiver.births()[0], 'the first birth')).catalogHash;
    // Let a few polls' readings pile up in the batcher (nothing is sent before the minute is up).
    await waitFor(
      () => (gateway.status().devices['pt-1']?.lastPoll !== undefined ? true : undefined),
      'a first poll',
    );
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(receiver.readings()).toHaveLength(0);

    await gateway.reload(
      configFor({
        ...base,
        buildingName: 'Test Tower East',
        batchMaxAgeMs: 200,
        devices: [
          { id: 'pt-1', unit: 1, profile: 'mpd-380' },
          { id: 'pt-2', unit: 2, profile: 'mpd-380' },
        ],
      }),
    );
    const newBirth = await waitFor(
      () => receiver.births().find((b) => b.catalogHash !== oldHash),
      'the birth of the new configuration',
    );
    expect(newBirth.catalog.points.map((p) => p.id)).toContain('pt-2.pressure');
    expect(newBirth.catalog.building?.name).toBe('Test Tower East');

    // The readings held at the reload arrive, under the old catalog.
    const beforeReload = await waitFor(
      () =>
        receiver
          .sequenced()
          .find(
            (m): m is DecodedData => m.type === 'data' && m.catalogHash === oldHash && m.readings.length > 0,
          ),
      'the batch flushed by the reload',
    );
    expect(beforeReload.readings.every((r) => r.point === 'pt-1.pressure' && r.value === 400)).toBe(true);

    // The new configuration's batch age applies from the reload on: the added device's readings flow.
    await waitFor(
      () => receiver.readings().find((r) => r.point === 'pt-2.pressure' && r.value === 300),
      'a reading of the added device',
    );
    await gateway.stop();
    cleanups.pop();

    const sequenced = await waitFor(() => {
      const all = receiver.sequenced();
      const delivered = gateway.uplink.stats().delivered;
      return all.length >= delivered ? all : undefined;
    }, 'every delivered message at the subscriber');
    // Sequence numbers continuous: no message lost across the reload.
    const sequences = sequenced.map((m) => m.sequence);
    const firstSequence = sequences[0]!;
    expect(sequences).toEqual(sequences.map((_, i) => firstSequence + BigInt(i)));
    const afterReload = sequenced.filter((m) => m.catalogHash === newBirth.catalogHash);
    expect(afterReload.length).toBeGreaterThan(0);
  }, 60_000);
});
