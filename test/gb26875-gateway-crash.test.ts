/**
 * Issue 13, "nothing lost to either side", with the whole gateway: `firecode-gateway run` as a child
 * process with both uplinks (MQTT to the broker, GB/T 26875.3 to a simulated centre), a simulated GST
 * panel raising fires, faults and clears, and kill -9 of the gateway while the centre is down and
 * then while a GB frame waits for its (late) confirm. An event at the broker is the evidence that the
 * gateway took it into its queues. After a restart on the same outbox folders the centre must confirm
 * every one of them, each class in the order it was queued, and get at most the one unconfirmed
 * frame of each kill twice.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeMessage, MemoryCatalogStore } from '@firecode/codec';
import { CentreSimulator, TypeFlag } from '@firecode/gb26875';
import { isAlarmEventKind } from '@firecode/schema';
import { type BuildingSimulator, buildingSimulator } from '@firecode/simulator';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { startGatewayCli } from './support/gateway-cli-process.js';
import { mqttUrl, uniqueTopicPrefix } from './support/mqtt.js';
import { waitFor } from './support/wait.js';

const LOOP = 1;
type State = 'fire' | 'fault' | 'normal';

/** Each point goes normal → fire/fault → normal at most once, so (address, state) names one event. */
const BEFORE_KILL: readonly [address: number, state: State][] = [
  [11, 'fire'],
  [12, 'fault'],
  [13, 'fire'],
  [11, 'normal'],
  [14, 'fault'],
  [12, 'normal'],
];
const WHILE_CONFIRMS_LAG: readonly [address: number, state: State][] = [
  [15, 'fire'],
  [16, 'fault'],
  [13, 'normal'],
  [17, 'fire'],
];

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await Promise.resolve(cleanup()).catch(() => {});
});

function configText(panel: string, centrePort: number, prefix: string, dir: string): string {
  const [host, port] = panel.split(':');
  const points = [11, 12, 13, 14, 15, 16, 17, 18]
    .map((a) => `      - { loop: ${LOOP}, address: ${a}, type: smoke-detector, location: point ${a} }`)
    .join('\n');
  return `building: { id: B-GBKILL, name: GB kill tower }
gateway: { id: gbkill-gw }
buses: [{ id: line, kind: tcp, host: ${host}, port: ${port}, timeoutMs: 500 }]
devices:
  - id: panel
    bus: line
    unit: 2
    profile: gst-modbus-panel
    pollIntervalMs: 500
    loops: [${LOOP}]
    panelPoints:
${points}
uplink:
  url: ${mqttUrl()}
  topicPrefix: ${prefix}
  outbox: { path: ${JSON.stringify(join(dir, 'outbox'))}, fsync: false }
uplinks:
  gb26875:
    host: 127.0.0.1
    port: ${centrePort}
    sourceAddress: 110105000001
    timeoutMs: 3000
    retries: 3
    outbox: { path: ${JSON.stringify(join(dir, 'outbox-gb26875'))} }
logging: { level: warn }
metrics: { enabled: false }
`;
}

function startGateway(configPath: string): { child: ChildProcess; output: () => string } {
  const gateway = startGatewayCli(configPath);
  cleanups.push(gateway.cleanup);
  return gateway;
}

async function kill9(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(child.pid!, 'SIGKILL');
  await exited;
}

const stateOfWord = (word: number): State =>
  (word & 0b10) !== 0 ? 'fire' : (word & 0b100) !== 0 ? 'fault' : 'normal';
const keyOf = (address: number, state: State) => `${address}:${state}`;

describe('kill -9 of the gateway with both uplinks, centre down and confirms late', () => {
  it('the centre confirms every event the broker got, in order, re-sent at most once per kill', async () => {
    const building: BuildingSimulator = await buildingSimulator({
      name: 'gb kill tower',
      lines: [
        {
          name: 'line',
          tcp: '127.0.0.1:0',
          devices: [{ name: 'panel', unit: 2, profile: 'gst-modbus-panel' }],
        },
      ],
    });
    cleanups.push(() => building.close());
    const panel = building.devices.get('panel')!;
    const centre = await CentreSimulator.start();
    cleanups.push(() => centre.close());
    await centre.offline(); // phase 1: the centre is down
    const dir = mkdtempSync(join(tmpdir(), 'firecode-gb26875-gwkill-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const prefix = uniqueTopicPrefix('gb26875-gwkill');
    const configPath = join(dir, 'gw.yaml');
    writeFileSync(configPath, configText(building.endpoints[0]!.address, centre.port, prefix, dir));

    // The broker's view: each panel event once (a batch re-sent after the kill has the same sequence).
    // Keyed by sequence, which holds only because every start reuses the outbox folders: a fresh
    // outbox starts again at sequence 1, and this de-duplication would then drop new events (a
    // restart's re-reports, a later clear) whose `${sequence}/${index}` an earlier run already used.
    const atBroker: { sequence: bigint; key: string; alarm: boolean }[] = [];
    const seen = new Set<string>();
    const catalogs = new MemoryCatalogStore();
    const subscriber = await mqtt.connectAsync(mqttUrl());
    cleanups.push(() => subscriber.endAsync(true));
    const pending: Uint8Array[] = [];
    subscriber.on('message', (_topic, payload) => {
      if (payload.length === 0) return;
      pending.push(new Uint8Array(payload));
      while (pending.length > 0) {
        let message: ReturnType<typeof decodeMessage>;
        try {
          message = decodeMessage(pending[0]!, { catalogs });
        } catch (error) {
          if ((error as { code?: string }).code === 'CODEC_UNKNOWN_CATALOG') return; // birth on its way
          throw error;
        }
        pending.shift();
        if (message.type === 'birth') catalogs.add(message.catalog);
        if (message.type !== 'alarm' && message.type !== 'data') continue;
        message.events.forEach((event, index) => {
          if (event.loop !== LOOP || event.address === undefined) return;
          const id = `${message.sequence}/${index}`;
          if (seen.has(id)) return;
          seen.add(id);
          const state: State = event.active ? (event.kind === 'fire' ? 'fire' : 'fault') : 'normal';
          atBroker.push({
            sequence: message.sequence,
            key: keyOf(event.address, state),
            alarm: isAlarmEventKind(event.kind),
          });
        });
      }
    });
    await subscriber.subscribeAsync(`${prefix}/#`, { qos: 1 });

    const raise = async (steps: readonly (readonly [number, State])[], output: () => string) => {
      for (const [address, state] of steps) {
        panel.setPanelPoint(LOOP, address, state);
        const key = keyOf(address, state);
        await waitFor(
          () => (atBroker.some((e) => e.key === key) ? true : undefined),
          () => `${key} at the broker (have ${atBroker.map((e) => e.key).join(', ')}): ${output()}`,
        );
      }
    };

    // Phase 1a: centre down. The events reach the broker; the GB queue holds them. Kill -9.
    const first = startGateway(configPath);
    await raise(BEFORE_KILL, first.output);
    await kill9(first.child);

    // Phase 1b: the centre is back but confirms 1.5 s late; restart, raise more, kill -9 while a
    // frame waits for its confirm (the centre records it confirmed; the gateway never hears it).
    centre.setFaults({ delayMs: 1_500 });
    await centre.online();
    const second = startGateway(configPath);
    await raise(WHILE_CONFIRMS_LAG, second.output);
    const uploadsBefore = () =>
      centre.uploads().filter((r) => r.adu?.type === TypeFlag.componentStatus).length;
    await waitFor(
      () => (uploadsBefore() >= 2 ? true : undefined),
      () => `two units at the lagging centre (have ${uploadsBefore()}): ${second.output()}`,
    );
    const lastUploadAt = centre.uploads().at(-1)!.at;
    await waitFor(() => (Date.now() - lastUploadAt < 1_000 ? true : undefined), 'a frame in flight');
    await kill9(second.child);

    // Phase 2: the centre confirms at once; restart on the same outbox folders and let it drain.
    centre.setFaults({});
    const third = startGateway(configPath);
    const confirmedObjects = () => {
      const objects: { key: string; connection: number }[] = [];
      for (const r of centre.uploads()) {
        if (r.answer !== 'confirm' || r.adu?.type !== TypeFlag.componentStatus) continue;
        for (const o of r.adu.objects) {
          if (Math.floor(o.componentAddress / 65536) !== LOOP) continue;
          objects.push({
            key: keyOf(o.componentAddress % 65536, stateOfWord(o.status)),
            connection: r.connection,
          });
        }
      }
      return objects;
    };
    // One more event after the restart: queued behind everything, so once the centre confirms it the
    // backlog has drained (and what the restart's first poll reported again is at the broker too).
    // Only raise a CLEAR of a standing point (e.g. 16) after that: set before the new process's first
    // poll, the point is normal when that poll first sees it, and a first observation reports only
    // active conditions (docs/devices.md), so neither its fault nor its clear is sent. That is a clear
    // made while no gateway watched the panel, not a gateway that forgot a standing fault.
    await raise([[18, 'fire']], third.output);
    await waitFor(
      () => (confirmedObjects().some((o) => o.key === keyOf(18, 'fire')) ? true : undefined),
      () => `the last event confirmed at the centre: ${third.output()}`,
      30_000,
    );
    third.child.kill('SIGTERM');

    // Every broker event, in the broker's order within its class, must appear among the centre's
    // confirmed units in that order (a subsequence); what is left over was sent twice.
    const confirmed = confirmedObjects();
    const report = () =>
      `broker: ${atBroker.map((e) => e.key).join(' ')}\ncentre: ${confirmed.map((o) => `${o.connection}:${o.key}`).join(' ')}`;
    let duplicates = confirmed.length;
    for (const alarm of [true, false]) {
      const cls = atBroker.filter((e) => e.alarm === alarm).map((e) => e.key);
      const keys = new Set(cls);
      const got = confirmed.filter((o) => keys.has(o.key));
      let at = 0;
      for (const key of cls) {
        while (at < got.length && got[at]!.key !== key) at += 1;
        expect(
          at < got.length,
          `${key} (${alarm ? 'alarm' : 'status'} class) confirmed in order\n${report()}`,
        ).toBe(true);
        at += 1;
      }
      duplicates -= cls.length;
    }
    // The first kill had nothing in flight (the centre was down); the second at most one frame.
    expect(duplicates, `sent twice\n${report()}`).toBeLessThanOrEqual(1);
    expect(duplicates, `only our points at the centre\n${report()}`).toBeGreaterThanOrEqual(0);
    expect(new Set(atBroker.map((e) => e.key)).size).toBe(BEFORE_KILL.length + WHILE_CONFIRMS_LAG.length + 1);
    console.log(
      `[gb26875 gateway kill -9] ${atBroker.length} events at the broker, all confirmed at the centre in order; ${duplicates} sent twice`,
    );
  }, 90_000);
});
