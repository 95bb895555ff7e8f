/**
 * Fire panels on their own serial protocols, end to end over a real serial path: the simulator's
 * LD128E panel / GST9000 printer on one end of a socat pty pair, the gateway runtime on the other
 * (serialport 13), the real Mosquitto, and a subscriber decoding with @firecode/codec. No timing is
 * asserted (shared machine): what must arrive arrives, with the right content.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createGatewayMetrics,
  createLogger,
  type GatewayConfig,
  loadConfig,
  openSerialPanelPort,
  type PanelPort,
  parseConfig,
  startGateway,
} from '@firecode/gateway';
import { decodeTransmissionStatus, type FireEvent } from '@firecode/schema';
import { Gst9000Printer, Ld128ePanel, openPtyPair, type PtyPair, socatAvailable } from '@firecode/simulator';
import { MemoryOutbox } from '@firecode/uplink';
import { afterEach, describe, expect, it } from 'vitest';
import { mqttUrl, uniqueTopicPrefix } from './support/mqtt.js';
import { Receiver } from './support/receiver.js';
import { waitFor } from './support/wait.js';

/** {@link waitFor} for a check that is itself asynchronous (a metrics read). */
async function waitForAsync(check: () => Promise<boolean>, what: string, boundMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > boundMs) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const logger = createLogger({ level: 'silent' });
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

/** A socat pty pair in a folder of our own, so that it can be closed and opened again at the same paths. */
async function ptyPair(dir: string): Promise<PtyPair> {
  const pair = await openPtyPair({ dir });
  cleanups.push(() => pair.close());
  return pair;
}

/** The simulated panel's end of the cable: a real serial port on the pty. */
async function panelSide(pair: PtyPair): Promise<PanelPort> {
  const port = await openSerialPanelPort({
    path: pair.slavePath,
    baudRate: 9600,
    dataBits: 8,
    parity: 'none',
    stopBits: 1,
  });
  cleanups.push(() => port.close());
  return port;
}

function gatewayConfig(options: { gatewayId: string; prefix: string; panel: string }): GatewayConfig {
  return parseConfig(
    `
building: { id: B-PANEL, name: Panel Tower }
gateway: { id: ${options.gatewayId} }
buses: []
panels:
${options.panel}
uplink:
  url: ${mqttUrl()}
  topicPrefix: ${options.prefix}
  outbox: { path: unused-memory-outbox-given-in-deps }
batch: { maxAgeMs: 200, maxReadings: 5000 }
metrics: { enabled: false }
`,
    'gateway-panel-serial-test.yaml',
  );
}

async function startRuntime(config: GatewayConfig) {
  const metrics = createGatewayMetrics(undefined, { processMetrics: false });
  const gateway = await startGateway(config, {
    logger,
    metrics,
    outbox: new MemoryOutbox({ maxBytes: 16 * 1024 * 1024 }),
  });
  cleanups.push(() => gateway.stop());
  return { gateway, metrics };
}

async function startReceiver(prefix: string): Promise<Receiver> {
  const receiver = await Receiver.start(prefix);
  cleanups.push(() => receiver.close());
  return receiver;
}

async function counterValue(
  metrics: ReturnType<typeof createGatewayMetrics>,
  name: string,
  panel: string,
): Promise<number> {
  const metric = await metrics.registry.getSingleMetric(name)?.get();
  return metric?.values.find((v) => v.labels['panel'] === panel)?.value ?? 0;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'firecode-panel-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const ld128ePanelYaml = (path: string) => `  - id: fap
    name: Lobby fire panel
    protocol: ld128e
    path: ${path}
    pollIntervalMs: 100
    reopenMinMs: 100
    reopenMaxMs: 400
    location: { floor: 1, text: fire-control room }
    panelPoints:
      - { loop: 3, address: 2, type: smoke-detector, location: 3F lift lobby }`;

const summary = (e: FireEvent) =>
  `${e.kind}${e.active ? '' : ' end'} ${e.component} ${e.loop ?? '-'}/${e.address ?? '-'}`;

describe('examples/configs/serial-panels.yaml', () => {
  it('is a valid configuration with two serial panels', async () => {
    const config = await loadConfig('examples/configs/serial-panels.yaml');
    expect(config.panels.map((p) => `${p.id} ${p.protocol}`)).toEqual([
      'main-panel ld128e',
      'podium-panel gst9000-printer',
    ]);
  });
});

describe.skipIf(socatAvailable() ? false : 'socat is not installed (apt-get install socat)')(
  'gateway: fire panels on their own serial protocols (socat pty pair, real broker)',
  () => {
    it('LD128E: a fire at loop 3 address 2 arrives decoded with its commissioned type and place; the panel is in the birth', async () => {
      const prefix = uniqueTopicPrefix('panel-ld128e');
      const pair = await ptyPair(tempDir());
      const panel = new Ld128ePanel((await panelSide(pair)).stream);
      const receiver = await startReceiver(prefix);
      const { gateway, metrics } = await startRuntime(
        gatewayConfig({ gatewayId: 'panel-ld128e', prefix, panel: ld128ePanelYaml(pair.masterPath) }),
      );
      const birth = await waitFor(
        () => receiver.births()[0],
        () => 'the birth',
      );
      expect(birth.catalog.components).toContainEqual(
        expect.objectContaining({ id: 'fap', systemType: 1, componentType: 1, name: 'Lobby fire panel' }),
      );

      panel.setPanelPoint(3, 2, 'fire');
      const fire = await waitFor(
        () => receiver.events().find((e) => e.kind === 'fire'),
        () => `the fire; panel ${JSON.stringify(panel.stats())}, events ${receiver.events().map(summary)}`,
      );
      expect(fire).toMatchObject({
        component: 'fap',
        active: true,
        loop: 3,
        address: 2,
        systemType: 1,
        componentType: 40,
        source: { code: 1, loop: 3, address: 2 },
      });
      expect(fire.description).toBe('fire; 3F lift lobby');
      // An uncommissioned point carries what the protocol says: type 0 (general).
      panel.setPanelPoint(4, 5, 'fault');
      const fault = await waitFor(
        () => receiver.events().find((e) => e.kind === 'fault'),
        () => 'the fault',
      );
      expect(fault).toMatchObject({ loop: 4, address: 5, componentType: 0, description: 'fault' });
      // Alarms travel in the alarm lane.
      const carrier = receiver.sequenced().find((m) => m.events.includes(fire));
      expect(carrier?.type).toBe('alarm');
      expect(await counterValue(metrics, 'firecode_panel_frames_total', 'fap')).toBe(2);

      // A reload reopens the panel's port under the new configuration: a new birth, and reading goes on.
      await gateway.reload(
        gatewayConfig({
          gatewayId: 'panel-ld128e',
          prefix,
          panel: ld128ePanelYaml(pair.masterPath).replace('Lobby fire panel', 'Main fire panel'),
        }),
      );
      await waitFor(
        () => receiver.births().find((b) => b.catalog.components.some((c) => c.name === 'Main fire panel')),
        () => 'the birth after the reload',
      );
      panel.setPanelPoint(3, 7, 'fire');
      await waitFor(
        () => receiver.events().find((e) => e.kind === 'fire' && e.address === 7),
        () => `the fire after the reload; events ${receiver.events().map(summary)}`,
      );
    });

    it('GST9000: a printed 首次火警 record arrives as a fire event with its location text', async () => {
      const prefix = uniqueTopicPrefix('panel-gst9000');
      const pair = await ptyPair(tempDir());
      const printer = new Gst9000Printer((await panelSide(pair)).stream, {
        locations: { '4-4': '裙楼一层上空' },
      });
      const receiver = await startReceiver(prefix);
      await startRuntime(
        gatewayConfig({
          gatewayId: 'panel-gst9000',
          prefix,
          panel: `  - { id: gst, protocol: gst9000-printer, path: ${pair.masterPath} }`,
        }),
      );
      await waitFor(
        () => receiver.births()[0],
        () => 'the birth',
      );
      printer.setPanelPoint(4, 4, 'fire');
      const fire = await waitFor(
        () => receiver.events().find((e) => e.kind === 'fire'),
        () => `the fire; printed ${JSON.stringify(printer.stats)}`,
      );
      expect(fire).toMatchObject({ component: 'gst', active: true, loop: 4, address: 4, systemType: 1 });
      expect(fire.description).toBe('首次火警 裙楼一层上空 感烟探测器');
      // The printed device kind (感烟探测器) gives the component type when nothing is commissioned.
      expect(fire.componentType).not.toBe(1);
    });

    it('garbage on the line is counted as unknown frames and the valid frames after it still arrive', async () => {
      const prefix = uniqueTopicPrefix('panel-garbage');
      const ldPair = await ptyPair(tempDir());
      const ldPort = await panelSide(ldPair);
      const panel = new Ld128ePanel(ldPort.stream);
      const gstPair = await ptyPair(tempDir());
      const gstPort = await panelSide(gstPair);
      const printer = new Gst9000Printer(gstPort.stream);
      const receiver = await startReceiver(prefix);
      const { metrics } = await startRuntime(
        gatewayConfig({
          gatewayId: 'panel-garbage',
          prefix,
          panel: `${ld128ePanelYaml(ldPair.masterPath)}
  - { id: gst, protocol: gst9000-printer, path: ${gstPair.masterPath} }`,
        }),
      );
      await waitFor(
        () => receiver.births()[0],
        () => 'the birth',
      );
      // Line noise between polls on the CRT port, and between printouts on the printer port.
      await waitFor(
        () => (panel.stats().polls > 0 ? true : undefined),
        () => 'the first poll',
      );
      ldPort.stream.write(Uint8Array.of(0xff, 0x00, 0x99, 0xaa));
      gstPort.stream.write(new TextEncoder().encode('\u00ff\u0001garbage on the printer line\n'));
      await waitForAsync(
        async () =>
          (await counterValue(metrics, 'firecode_panel_unknown_frames_total', 'fap')) > 0 &&
          (await counterValue(metrics, 'firecode_panel_unknown_frames_total', 'gst')) > 0,
        'both unknown-frame counters to rise',
      );
      panel.setPanelPoint(3, 2, 'fire');
      printer.setPanelPoint(1, 7, 'fire');
      await waitFor(
        () => {
          const fires = receiver.events().filter((e) => e.kind === 'fire');
          return fires.some((e) => e.component === 'fap' && e.loop === 3 && e.address === 2) &&
            fires.some((e) => e.component === 'gst' && e.loop === 1 && e.address === 7)
            ? true
            : undefined;
        },
        () => `both fires after the garbage; events ${receiver.events().map(summary)}`,
      );
    });

    it.each(['ld128e', 'gst9000-printer'] as const)(
      '%s: a port that vanishes gives one offline event and the monitoring-line status bit, and recovers by itself',
      async (protocol) => {
        const prefix = uniqueTopicPrefix('panel-vanish');
        const dir = tempDir();
        // The printer port is only listened to: its loss must be noticed without any write failing.
        const simulate = (stream: PanelPort['stream']) =>
          protocol === 'ld128e' ? new Ld128ePanel(stream) : new Gst9000Printer(stream);
        let pair = await ptyPair(dir);
        let port = await panelSide(pair);
        let panel = simulate(port.stream);
        const receiver = await startReceiver(prefix);
        const { gateway } = await startRuntime(
          gatewayConfig({
            gatewayId: `panel-vanish-${protocol}`,
            prefix,
            panel:
              protocol === 'ld128e'
                ? ld128ePanelYaml(pair.masterPath)
                : `  - { id: fap, protocol: gst9000-printer, path: ${pair.masterPath}, reopenMinMs: 100, reopenMaxMs: 400 }`,
          }),
        );
        await waitFor(
          () => receiver.births()[0],
          () => 'the birth',
        );
        await waitFor(
          () => (gateway.status().devices['fap']?.online ? true : undefined),
          () => `the panel online: ${JSON.stringify(gateway.status())}`,
        );

        // The cable is pulled: the pty pair goes away under the gateway's open port.
        if (panel instanceof Ld128ePanel) panel.close();
        await port.close();
        await pair.close();
        const offlineEvents = () =>
          receiver.events().filter((e) => e.kind === 'offline' && e.component === 'fap');
        await waitFor(
          () => (offlineEvents().some((e) => e.active) ? true : undefined),
          () => `the offline event; status ${JSON.stringify(gateway.status())}`,
        );
        await waitFor(
          () =>
            receiver.statusBytes().some((b) => decodeTransmissionStatus(b).monitoringLineFault)
              ? true
              : undefined,
          () => 'a status byte with the monitoring-line fault',
        );
        expect(gateway.status().devices['fap']?.online).toBe(false);

        // The cable is back at the same path: the gateway reopens the port by itself.
        pair = await ptyPair(dir);
        port = await panelSide(pair);
        panel = simulate(port.stream);
        await waitFor(
          () =>
            receiver.events().some((e) => e.kind === 'online' && e.active && e.component === 'fap')
              ? true
              : undefined,
          () => `the online event that ends offline; events ${receiver.events().map(summary)}`,
        );
        // Offline was raised once, however many reopen attempts failed meanwhile.
        expect(offlineEvents().filter((e) => e.active)).toHaveLength(1);
        await waitFor(
          () => {
            const last = receiver.statusBytes().at(-1);
            return last !== undefined && !decodeTransmissionStatus(last).monitoringLineFault
              ? true
              : undefined;
          },
          () => 'a status byte without the monitoring-line fault',
        );
        panel.setPanelPoint(3, 2, 'fire');
        await waitFor(
          () => receiver.events().find((e) => e.kind === 'fire' && e.loop === 3 && e.address === 2),
          () => `the fire after recovery; events ${receiver.events().map(summary)}`,
        );
        expect(gateway.status().devices['fap']?.online).toBe(true);
      },
    );
  },
);
