/**
 * Firmware in the loop: hardware/firmware/panel-printer-port, compiled with avr-gcc, runs on a
 * simulated ATmega328P (simavr, UART0 on a pty). A press of the button on D2 prints the next GST9000
 * printer-port record (fire alarm, fault, reset); the real gateway listens on the pty with its
 * `gst9000-printer` panel driver and the broker receives the events.
 *
 * With HIL_PANEL_PORT=/dev/ttyUSB1 (`pnpm hil`) the gateway listens to a real Uno flashed with the same
 * firmware, and a person presses the button when the test asks (the simulator's exact byte checks and
 * the debounce check need the simulated pin and are skipped there, saying so).
 */
import { createGatewayMetrics, createLogger, parseConfig, startGateway } from '@firecode/gateway';
import { SerialLink } from '@firecode/modbus';
import type { FireEvent } from '@firecode/schema';
import { MemoryOutbox } from '@firecode/uplink';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildFirmware,
  firmwareToolsMissing,
  type SimulatedBoard,
  sketchElf,
  startSimulatedBoard,
} from './support/firmware.js';
import { mqttUrl, uniqueTopicPrefix } from './support/mqtt.js';
import { hex, toHex } from './support/raw-rtu.js';
import { Receiver } from './support/receiver.js';
import { waitFor } from './support/wait.js';

const hilPort = process.env.HIL_PANEL_PORT;
const skipReason = hilPort ? undefined : firmwareToolsMissing();
if (skipReason) console.warn(`firmware panel-printer-port test skipped: ${skipReason}`);
const needsSim = hilPort ? 'needs the simulated D2 pin and clock (a real board is pressed by hand)' : false;

/** The vendor document's sample record (../shared/domain/devices.md), printed within a minute of power-on. */
const SAMPLE_FIRE = hex(
  '1B 36 30 38 2F 31 32 2F 30 32 20 20 31 37 3A 32 34 0A 20 20 30 30 34 2D 30 30 34 0A 1B 39 CA D7 B4 CE BB F0 BE AF 0A' +
    'C8 B9 C2 A5 D2 BB B2 E3 C9 CF BF D5 0A B8 D0 D1 CC CC BD B2 E2 C6 F7 0A 0A',
);
/** A press as a finger makes it: 120 ms, well over the firmware's 30 ms debounce. */
const PRESS_US = 120_000;
/** The pause between presses (also over the 30 ms debounce). */
const RELEASE_US = 100_000;

const logger = createLogger({ level: 'silent' });
const cleanups: (() => Promise<unknown>)[] = [];
let board: SimulatedBoard | undefined;
let path = hilPort ?? '';

beforeAll(async () => {
  if (skipReason || hilPort) return;
  await buildFirmware();
  board = await startSimulatedBoard({ elf: sketchElf('panel-printer-port') });
  cleanups.push(() => board!.close());
  path = board.path;
  await board.simWait(100_000); // booted: setup() has configured D2 and the UART
}, 240_000);

afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

/** Bytes arriving on the board's serial port while `act` runs, plus up to `boundMs` for `done`. */
async function capture(act: () => Promise<void>, done: (bytes: Uint8Array) => boolean, boundMs: number) {
  const link = new SerialLink({ path, baudRate: 9600 });
  const received: number[] = [];
  link.setReceiver({ data: (chunk) => received.push(...chunk), closed: () => {} });
  await link.open();
  try {
    await act();
    const started = Date.now();
    while (!done(Uint8Array.from(received)) && Date.now() - started < boundMs)
      await new Promise((resolve) => setTimeout(resolve, 20));
    return Uint8Array.from(received);
  } finally {
    await link.close();
  }
}

describe.skipIf(skipReason ?? false)(
  `firmware panel-printer-port (${hilPort ? `real board on ${hilPort}` : 'simavr'}) with the real gateway`,
  () => {
    it.skipIf(needsSim)(
      'a contact bounce prints nothing; a press prints the vendor sample byte for byte',
      async () => {
        const sim = board!;
        // 5 ms low is a bounce, not a press: the line stays silent.
        const bounce = await capture(
          () => sim.pulsePin('D2', 0, 5_000),
          () => false,
          1_500,
        );
        expect(toHex(bounce)).toBe('');
        const record = await capture(
          () => sim.pulsePin('D2', 0, PRESS_US),
          (bytes) => bytes.length >= SAMPLE_FIRE.length,
          20_000,
        );
        expect(toHex(record)).toBe(toHex(SAMPLE_FIRE));
      },
      60_000,
    );

    it('pressing D2 reaches the broker as fault, reset and fire alarm events through the gateway', async () => {
      const prefix = uniqueTopicPrefix('firmware-panel');
      const receiver = await Receiver.start(prefix);
      cleanups.push(() => receiver.close());
      const metrics = createGatewayMetrics(undefined, { processMetrics: false });
      const config = parseConfig(
        `
building: { id: b-fw-panel, name: Firmware bench }
gateway: { id: fw-panel-gw }
buses: []
panels:
  - id: podium-panel
    name: Podium fire panel (GST9000 printer port)
    protocol: gst9000-printer
    path: ${JSON.stringify(path)}
    panelPoints:
      - { loop: 4, address: 4, type: smoke-detector }
uplink:
  url: ${mqttUrl()}
  topicPrefix: ${prefix}
  outbox: { path: unused-memory-outbox-given-in-deps }
batch: { maxAgeMs: 200, maxReadings: 100 }
metrics: { enabled: false }
`,
        'firmware-panel-printer-port.yaml',
      );
      const gateway = await startGateway(config, {
        logger,
        metrics,
        outbox: new MemoryOutbox({ maxBytes: 16 * 1024 * 1024 }),
      });
      cleanups.push(() => gateway.stop());
      await waitFor(
        () => receiver.births()[0],
        () => 'the birth',
      );
      const panelEvents = () => receiver.events().filter((e) => e.component === 'podium-panel');
      const summary = (e: FireEvent) =>
        `${e.kind}${e.active ? '' : ' end'} ${e.loop ?? '-'}/${e.address ?? '-'}`;
      const press = async (what: string) => {
        const seen = panelEvents().length;
        if (board) {
          // Released for longer than the debounce first, or the firmware rightly takes it for a bounce.
          await board.simWait(RELEASE_US);
          await board.pulsePin('D2', 0, PRESS_US);
        } else console.log(`[hil] press the button on D2 now (expecting ${what})`);
        return waitFor(
          () => panelEvents()[seen],
          () => `the ${what} after pressing D2; events ${panelEvents().map(summary)}`,
          hilPort ? 120_000 : 30_000,
        );
      };

      // The firmware steps fire -> fault -> reset; the first test printed the fire already (on simavr).
      const sequence: FireEvent[] = [];
      if (board) {
        sequence.push(await press('fault'), await press('reset'), await press('fire'));
        expect(sequence.map(summary)).toEqual(['fault 4/5', 'reset -/-', 'fire 4/4']);
      } else {
        // A real board: press until its fire comes round (at most three presses).
        for (let i = 0; i < 3 && !sequence.some((e) => e.kind === 'fire'); i++)
          sequence.push(await press('event'));
      }
      const fire = sequence.find((e) => e.kind === 'fire');
      expect(fire).toMatchObject({
        component: 'podium-panel',
        active: true,
        loop: 4,
        address: 4,
        systemType: 1,
        componentType: 40,
      });
      expect(fire?.description).toBe('首次火警 裙楼一层上空 感烟探测器');
      // Alarms travel in the alarm lane.
      expect(receiver.sequenced().find((m) => m.events.includes(fire!))?.type).toBe('alarm');
      const frames =
        (await metrics.registry.getSingleMetric('firecode_panel_frames_total')?.get())?.values ?? [];
      console.log(
        `[firmware] panel frames ${JSON.stringify(frames.map((v) => ({ ...v.labels, value: v.value })))}`,
      );
    }, 240_000);
  },
);
