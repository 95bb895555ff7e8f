/**
 * A reload swaps pipelines on one publish stage: the new configuration's devices and lines run, the
 * removed ones stop, and what the outbox queued before the reload (the broker refusing meanwhile)
 * is all delivered after it. On the Modbus TCP test slave and the in-memory MQTT broker.
 */
import { serveTcp, type TcpTestServer, TestSlave } from '@firecode/modbus/testing';
import { MemoryOutbox } from '@firecode/uplink';
import { MemoryBroker } from '@firecode/uplink/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayConfig } from '../config/gateway-config.js';
import { parseConfig } from '../config/parse.js';
import { createLogger } from '../observability/logger.js';
import { startGateway } from './gateway.js';

const logger = createLogger({ level: 'silent' });
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

/** Bounded wait (not a timing assertion: the bound only turns a hang into a failure). */
async function until(check: () => boolean, what: string, boundMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > boundMs) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function configFor(ports: [number, number], devices: string): GatewayConfig {
  return parseConfig(
    `
building: { id: B-SWAP, name: Swap tower }
gateway: { id: gw-swap }
buses:
  - { id: line-a, kind: tcp, host: 127.0.0.1, port: ${ports[0]}, timeoutMs: 200, retries: 0 }
  - { id: line-b, kind: tcp, host: 127.0.0.1, port: ${ports[1]}, timeoutMs: 200, retries: 0 }
devices:${devices}
uplink: { url: 'mqtt://memory.invalid:1883', topicPrefix: swap-test, outbox: { path: ':memory:' } }
report: { strategy: period, periodMs: 100, heartbeatMs: 0 }
batch: { maxAgeMs: 100, maxReadings: 5000 }
metrics: { enabled: false }
`,
    'gateway-swap-test.yaml',
  );
}

const device = (id: string, bus: string, unit: number) =>
  `\n  - { id: ${id}, bus: ${bus}, unit: ${unit}, profile: mpd-380, pollIntervalMs: 100 }`;

describe('startGateway reload', () => {
  it('swaps in the new pipeline and loses nothing the outbox queued before it', async () => {
    const slaves = [new TestSlave().addUnit(1).addUnit(2), new TestSlave().addUnit(3)] as const;
    const servers: TcpTestServer[] = [await serveTcp(slaves[0]), await serveTcp(slaves[1])];
    cleanups.push(
      () => servers[0]!.close(),
      () => servers[1]!.close(),
    );
    const ports: [number, number] = [servers[0]!.port, servers[1]!.port];
    const broker = new MemoryBroker();
    broker.refuseConnects();
    const outbox = new MemoryOutbox({ maxBytes: 16 * 1024 * 1024 });
    const gateway = await startGateway(
      configFor(ports, device('riser-1', 'line-a', 1) + device('riser-2', 'line-a', 2)),
      { logger, outbox, connect: broker.connect },
    );
    cleanups.push(() => gateway.stop());
    await until(() => outbox.stats().messages >= 3, 'batches queued while the broker refuses');
    await until(() => gateway.status().devices['riser-1']?.online === true, 'riser-1 answering');
    expect(servers[1]!.connections).toBe(0);

    await gateway.reload(configFor(ports, device('riser-1', 'line-a', 1) + device('riser-3', 'line-b', 3)));
    const queued = outbox.stats().appended;
    expect(Object.keys(gateway.status().devices)).toEqual(['riser-1', 'riser-3']);
    // A device that stays keeps its reachability across the swap.
    expect(gateway.status().devices['riser-1']?.online).toBe(true);
    expect(gateway.catalog.components.map((c) => c.id)).toEqual(
      expect.arrayContaining(['riser-1', 'riser-3']),
    );
    expect(gateway.catalog.components.map((c) => c.id)).not.toContain('riser-2');
    const handledByRemoved = slaves[0].handled.get(2) ?? 0;
    await until(() => (slaves[1].handled.get(3) ?? 0) > 0, 'the new device polled on the new line');
    // The removed device's poller stopped with the old pipeline.
    expect(slaves[0].handled.get(2) ?? 0).toBe(handledByRemoved);

    broker.acceptConnects();
    await until(() => outbox.stats().acked >= queued, 'everything queued before the reload delivered');
    expect(outbox.stats().dropped).toBe(0);
  });
});
