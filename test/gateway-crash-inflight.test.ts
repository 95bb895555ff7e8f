/**
 * Kill -9 of the gateway with QoS 1 publishes in flight: the broker has the batches (subscribers got
 * them) but the gateway never saw their PUBACKs, because a proxy in between holds them back. After a
 * restart on the same outbox every one of those batches is sent again with the same sequence number
 * and the same bytes (so a receiver drops the copy), nothing between them is missing, and the
 * sequence numbers that follow are new.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeMessage, MemoryCatalogStore } from '@firecode/codec';
import { ProfileDevice, startTcpSlave } from '@firecode/simulator';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { startGatewayCli } from './support/gateway-cli-process.js';
import { mqttUrl, uniqueTopicPrefix } from './support/mqtt.js';
import { PubackHoldingProxy } from './support/puback-proxy.js';
import { waitFor } from './support/wait.js';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await Promise.resolve(cleanup()).catch(() => {});
});

function configText(slavePort: number, brokerUrl: string, prefix: string, outbox: string): string {
  return `building: { id: inflight-0001, name: In-flight test tower }
gateway: { id: gw-inflight }
buses:
  - { id: sim, kind: tcp, host: 127.0.0.1, port: ${slavePort}, timeoutMs: 250 }
devices:
  - { id: riser-1, bus: sim, unit: 1, profile: mpd-380, pollIntervalMs: 300 }
uplink:
  url: ${brokerUrl}
  topicPrefix: ${prefix}
  outbox: { path: ${outbox}, fsync: false }
batch: { maxAgeMs: 100, maxReadings: 100 }
logging: { level: warn }
`;
}

function startGatewayProcess(configPath: string): { child: ChildProcess; output: () => string } {
  const gateway = startGatewayCli(configPath);
  cleanups.push(gateway.cleanup);
  return gateway;
}

describe('gateway: kill -9 with PUBACKs outstanding', () => {
  it('re-sends every unacknowledged batch with its sequence and bytes, and reuses no sequence', async () => {
    const transmitter = new ProfileDevice('mpd-380');
    // A changing pressure, so every poll has a reading to report (the report strategy skips repeats).
    let pressure = 400;
    transmitter.setPoint('pressure', pressure);
    const drift = setInterval(() => {
      pressure += 1;
      transmitter.setPoint('pressure', pressure);
    }, 150);
    cleanups.push(() => clearInterval(drift));
    const slave = await startTcpSlave({ host: '127.0.0.1', port: 0, units: { 1: transmitter } });
    cleanups.push(() => slave.close());
    const proxy = await PubackHoldingProxy.start(mqttUrl(), { hold: true });
    cleanups.push(() => proxy.close());
    const dir = mkdtempSync(join(tmpdir(), 'firecode-inflight-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const prefix = uniqueTopicPrefix('inflight');
    const configPath = join(dir, 'gateway.yaml');
    writeFileSync(configPath, configText(slave.port, proxy.url, prefix, join(dir, 'outbox')));

    // Straight to the broker: what it accepted, copy by copy, keyed by sequence number.
    const copies = new Map<bigint, Uint8Array[]>();
    const catalogs = new MemoryCatalogStore();
    const receiver = await mqtt.connectAsync(mqttUrl());
    cleanups.push(() => receiver.endAsync(true));
    const pending: Uint8Array[] = [];
    receiver.on('message', (_topic, payload) => {
      if (payload.length === 0) return;
      pending.push(new Uint8Array(payload));
      while (pending.length > 0) {
        const bytes = pending[0]!;
        let message: ReturnType<typeof decodeMessage>;
        try {
          message = decodeMessage(bytes, { catalogs });
        } catch (error) {
          if ((error as { code?: string }).code === 'CODEC_UNKNOWN_CATALOG') return; // birth on its way
          throw error;
        }
        pending.shift();
        if (message.type === 'birth') catalogs.add(message.catalog);
        if (message.type === 'data' || message.type === 'alarm') {
          copies.set(message.sequence, [...(copies.get(message.sequence) ?? []), bytes]);
        }
      }
    });
    await receiver.subscribeAsync(`${prefix}/#`, { qos: 1 });

    // 1. The broker takes a batch, the gateway sees no PUBACK: it stays in flight (and, as the
    //    gateway keeps one data batch in flight at a time, later ones queue behind it). Then kill -9.
    const first = startGatewayProcess(configPath);
    await waitFor(
      () => (copies.size >= 1 && proxy.held >= 2 ? true : undefined),
      () =>
        `a batch at the broker with its PUBACK held (have ${copies.size}, held ${proxy.held}): ${first.output()}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // more polls queue in the outbox
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const inFlight = [...copies.keys()].sort((a, b) => (a < b ? -1 : 1));
    const lastBeforeKill = inFlight.at(-1)!;

    // 2. Restart on the same outbox with PUBACKs flowing.
    proxy.hold(false);
    const second = startGatewayProcess(configPath);
    await waitFor(
      () =>
        inFlight.every((sequence) => (copies.get(sequence)?.length ?? 0) >= 2) &&
        [...copies.keys()].some((sequence) => sequence > lastBeforeKill + 2n)
          ? true
          : undefined,
      () =>
        `have ${[...copies.keys()].join(',')}; every in-flight batch sent again (${inFlight
          .filter((sequence) => (copies.get(sequence)?.length ?? 0) < 2)
          .join(', ')} not yet) and new ones after it: ${second.output()}`,
      30_000,
    );
    second.child.kill('SIGTERM');

    // The copies of a sequence are the same message, byte for byte: a receiver may drop them.
    for (const [sequence, sent] of copies) {
      for (const copy of sent)
        expect(Buffer.from(copy).equals(Buffer.from(sent[0]!)), `seq ${sequence}`).toBe(true);
    }
    // No gap from the first batch to the last.
    const all = [...copies.keys()].sort((a, b) => (a < b ? -1 : 1));
    for (let index = 1; index < all.length; index += 1) expect(all[index]! - all[index - 1]!).toBe(1n);
    expect(proxy.forwarded).toBeGreaterThan(0);
  });
});
