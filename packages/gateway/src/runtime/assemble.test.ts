/**
 * assemble(config, deps) is wiring only: it binds the devices to their lines and builds the stages,
 * opening no line, port or broker connection until `start()`. On the Modbus TCP test slave, the
 * in-memory MQTT broker and the in-memory panel port.
 */
import { serveTcp, type TcpTestServer, TestSlave } from '@firecode/modbus/testing';
import { FirecodeError } from '@firecode/schema';
import { MemoryOutbox } from '@firecode/uplink';
import { MemoryBroker } from '@firecode/uplink/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayConfig } from '../config/gateway-config.js';
import { parseConfig } from '../config/parse.js';
import { createLogger } from '../observability/logger.js';
import { type AssembleDeps, assemble } from './assemble.js';
import { Reachability } from './reachability.js';
import { resolveProfiles } from './stages/devices/device-stage.js';
import { createMemoryPanelPorts, type MemoryPanelPorts } from './stages/panels/panel-port.js';
import { createPublishStage, type PublishStage } from './stages/publish/publish-stage.js';

const logger = createLogger({ level: 'silent' });
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

/** Bounded wait (not a timing assertion: the bound only turns a hang into a failure). */
async function until(check: () => boolean, what: string, boundMs = 5000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > boundMs) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Two Modbus TCP lines: units 1 and 2 on line-a, unit 3 on line-b; one LD128E panel. */
function configFor(portA: number, portB: number, profileOf3 = 'mpd-380'): GatewayConfig {
  return parseConfig(
    `
building: { id: B-ASSEMBLE, name: Assembly tower }
gateway: { id: gw-assemble }
buses:
  - { id: line-a, kind: tcp, host: 127.0.0.1, port: ${portA}, timeoutMs: 200, retries: 0 }
  - { id: line-b, kind: tcp, host: 127.0.0.1, port: ${portB}, timeoutMs: 200, retries: 0 }
devices:
  - { id: riser-1, bus: line-a, unit: 1, profile: mpd-380, pollIntervalMs: 100 }
  - { id: riser-2, bus: line-a, unit: 2, profile: mpd-380, pollIntervalMs: 100 }
  - { id: riser-3, bus: line-b, unit: 3, profile: ${profileOf3}, pollIntervalMs: 100 }
  - { id: spare, bus: line-b, unit: 4, profile: mpd-380, enabled: false }
panels:
  - { id: fap, protocol: ld128e, path: /dev/memory-panel }
uplink: { url: 'mqtt://memory.invalid:1883', topicPrefix: assemble-test, outbox: { path: ':memory:' } }
metrics: { enabled: false }
`,
    'assemble-test.yaml',
  );
}

interface Rig {
  slaves: [TestSlave, TestSlave];
  servers: [TcpTestServer, TcpTestServer];
  broker: MemoryBroker;
  ports: MemoryPanelPorts;
  publish: PublishStage;
  deps: AssembleDeps;
}

async function rig(
  config: (portA: number, portB: number) => GatewayConfig,
): Promise<Rig & { config: GatewayConfig }> {
  const slaves: [TestSlave, TestSlave] = [new TestSlave().addUnit(1).addUnit(2), new TestSlave().addUnit(3)];
  const servers: [TcpTestServer, TcpTestServer] = [await serveTcp(slaves[0]), await serveTcp(slaves[1])];
  cleanups.push(
    () => servers[0].close(),
    () => servers[1].close(),
  );
  const settings = config(servers[0].port, servers[1].port);
  const broker = new MemoryBroker();
  const ports = createMemoryPanelPorts();
  const profiles = await resolveProfiles(settings, undefined);
  // Read once the stage publishes; these tests never start it (the pipeline does not).
  const catalog = () => assemble(settings, deps).catalog;
  const publish = await createPublishStage({
    config: settings,
    catalog,
    logger,
    now: Date.now,
    outbox: new MemoryOutbox({ maxBytes: 1 << 20 }),
    connect: broker.connect,
  });
  cleanups.push(() => publish.stop(0));
  const deps: AssembleDeps = {
    logger,
    now: Date.now,
    profiles,
    publish,
    reachability: new Reachability(publish.conditions, Date.now),
    openPanelPort: ports.open,
  };
  return { slaves, servers, broker, ports, publish, deps, config: settings };
}

describe('assemble', () => {
  it('wires each enabled device to its line and opens nothing until start', async () => {
    const { slaves, servers, broker, ports, deps, config } = await rig(configFor);
    const pipeline = assemble(config, deps);
    cleanups.push(() => pipeline.stop());

    expect(pipeline.buses.ids).toEqual(['line-a', 'line-b']);
    expect(pipeline.devices.devices.map((d) => `${d.config.id}@${d.config.bus}`)).toEqual([
      'riser-1@line-a',
      'riser-2@line-a',
      'riser-3@line-b',
    ]);
    expect(pipeline.panels.ids).toEqual(['fap']);
    expect([...pipeline.componentIds]).toEqual(['riser-1', 'riser-2', 'riser-3', 'fap']);
    expect(pipeline.catalog.components.map((c) => c.id)).toEqual(
      expect.arrayContaining(['riser-1', 'riser-2', 'riser-3', 'fap']),
    );
    // Nothing opened: no Modbus connection, no panel port, no broker connection, no poller.
    expect(servers.map((s) => s.connections)).toEqual([0, 0]);
    expect(ports.opens).toBe(0);
    expect(broker.attempts).toBe(0);
    expect(pipeline.buses.opened).toBe(false);
    expect(pipeline.poll.pollers).toHaveLength(0);
    expect(pipeline.panels.sources).toHaveLength(0);
    expect(() => pipeline.buses.bus('line-a')).toThrow(FirecodeError);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(servers.map((s) => s.connections)).toEqual([0, 0]);

    pipeline.start();
    expect(pipeline.poll.pollers).toHaveLength(3);
    expect(pipeline.panels.sources.map((s) => s.id)).toEqual(['fap']);
    await until(
      () => [1, 2].every((u) => (slaves[0].handled.get(u) ?? 0) > 0) && (slaves[1].handled.get(3) ?? 0) > 0,
      'every device polled on its own line',
    );
    // Each line carries only its own devices' requests.
    expect([...slaves[0].handled.keys()].sort()).toEqual([1, 2]);
    expect([...slaves[1].handled.keys()]).toEqual([3]);
    expect(ports.opens).toBe(1);
    // The pipeline does not start the publish stage: its owner does (it outlives a reload's swap).
    expect(broker.attempts).toBe(0);

    await pipeline.stop();
    expect(pipeline.buses.opened).toBe(false);
    expect(pipeline.poll.pollers).toHaveLength(0);
    expect(ports.isOpen).toBe(false);
  });

  it('throws on a device whose profile is unknown, having opened nothing', async () => {
    const { servers, broker, ports, deps, config } = await rig((a, b) => configFor(a, b, 'no-such-profile'));
    expect(() => assemble(config, deps)).toThrow(/no device profile "no-such-profile"/);
    expect(servers.map((s) => s.connections)).toEqual([0, 0]);
    expect(ports.opens).toBe(0);
    expect(broker.attempts).toBe(0);
  });
});
