/**
 * examples/johnny-five-rig without a board.
 * - In process: mock-firmata (the Firmata mock johnny-five's own tests use) stands in for the Arduino;
 *   `firmataInputs`, the rig's logic and the real SDK client publish to the broker, and the reference
 *   ingest reads back the pressure readings and the call point's fire alarm.
 * - As a process: `src/main.ts` opens one end of a socat pty pair, a fake StandardFirmata answers on the
 *   other, with each driver (johnny-five, the default, and firmata); what it prints is checked line by
 *   line (no johnny-five REPL or log banner) and the ingest reads back what it published.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type IngestBatch, startIngest } from '@firecode/ingest';
import { createFirecodeClient } from '@firecode/sdk';
import { openPtyPair, socatAvailable } from '@firecode/simulator';
import { describe, expect, it } from 'vitest';
import { firmataInputs } from '../examples/johnny-five-rig/src/firmata-inputs.js';
import { RIG_IDS, rigCatalogParts, startPressureRig } from '../examples/johnny-five-rig/src/pressure-rig.js';
import { FakeStandardFirmata } from '../examples/johnny-five-rig/src/testing/fake-standard-firmata.js';
import { mockBoard } from '../examples/johnny-five-rig/src/testing/mock-board.js';
import { mqttUrl, uniqueTopicPrefix } from './support/mqtt.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsxCli = fileURLToPath(import.meta.resolve('tsx/cli'));
const hasSocat = socatAvailable();
if (!hasSocat)
  console.warn('johnny-five-rig process test skipped: socat is not installed (apt-get install socat)');

/** Polls `check` every 25 ms, at most `tries` times; the caller asserts afterwards. */
async function waitUntil(check: () => boolean, tries = 400): Promise<void> {
  for (let i = 0; i < tries && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
}

/** `src/main.ts` as a process on `portPath`; collects what it prints; SIGKILLed after 40 s if still running. */
function startRigProcess(
  portPath: string,
  topicPrefix: string,
  rigId: string,
  env: Record<string, string | undefined>,
) {
  const child = spawn(process.execPath, [tsxCli, 'examples/johnny-five-rig/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      RIG_PORT: portPath,
      FIRECODE_URL: mqttUrl(),
      FIRECODE_PREFIX: topicPrefix,
      RIG_ID: rigId,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk) => (output.stdout += chunk));
  child.stderr.on('data', (chunk) => (output.stderr += chunk));
  child.on('error', (error) => (output.stderr += `spawn error: ${error.message}`));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // Bounded: a hung example fails the test instead of the run.
  const guard = setTimeout(() => child.pid !== undefined && process.kill(child.pid, 'SIGKILL'), 40_000);
  const dispose = () => {
    clearTimeout(guard);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  return { child, output, exited, dispose };
}

describe('examples/johnny-five-rig on mock-firmata', () => {
  it('publishes the potentiometer as kPa readings and the button as a latched fire alarm', async () => {
    const topicPrefix = uniqueTopicPrefix('rig');
    const ingest = await startIngest({ url: mqttUrl(), topicPrefix });
    await ingest.connected();
    const batches: IngestBatch[] = [];
    ingest.on('batch', (batch) => batches.push(batch));

    const { io, analog, digital } = mockBoard();
    io.emit('ready');
    const client = await createFirecodeClient({
      url: mqttUrl(),
      gatewayId: 'rig-test',
      topicPrefix,
      ...rigCatalogParts(),
      thresholdEvents: false,
    });
    const rig = startPressureRig({ inputs: await firmataInputs(io), publisher: client });
    try {
      await client.whenConnected();
      for (const raw of [256, 512, 767]) analog.get(0)?.(raw);
      for (const level of [1, 0, 1]) digital.get(2)?.(level); // press and release
      await client.flush();
      await client.drained();
      for (let i = 0; i < 200 && batches.length < 2; i++) await new Promise((r) => setTimeout(r, 25));

      const readings = batches.flatMap((b) => b.readings);
      expect(readings.map((r) => [r.point, r.value, r.quality.level])).toEqual([
        [RIG_IDS.pressure, 400.4, 'good'],
        [RIG_IDS.pressure, 800.8, 'good'],
        [RIG_IDS.pressure, 1199.6, 'good'],
      ]);
      const fire = batches.find((b) => b.type === 'alarm');
      expect(fire?.events).toMatchObject([
        { kind: 'fire', active: true, component: RIG_IDS.callPoint, systemType: 1, componentType: 23 },
      ]);
    } finally {
      await rig.stop();
      await client.close();
      await ingest.close();
    }
  });
});

describe.each([
  { driver: 'johnny-five', env: {} },
  { driver: 'firmata', env: { RIG_DRIVER: 'firmata' } },
])('examples/johnny-five-rig as a process, $driver driver, on a fake StandardFirmata', ({ driver, env }) => {
  it.skipIf(!hasSocat)(
    'prints only its own lines, publishes A0 as kPa and the button as a fire alarm, stops on Ctrl-C (SIGINT)',
    async () => {
      const topicPrefix = uniqueTopicPrefix('rig-process');
      const ingest = await startIngest({ url: mqttUrl(), topicPrefix });
      await ingest.connected();
      const batches: IngestBatch[] = [];
      ingest.on('batch', (batch) => batches.push(batch));
      const cable = await openPtyPair();
      const arduino = await FakeStandardFirmata.open(cable.slavePath);
      const rig = startRigProcess(cable.masterPath, topicPrefix, 'rig-process', env);
      const { child, output, exited } = rig;
      try {
        await waitUntil(() => output.stdout.includes('Ctrl-C stops') || child.exitCode !== null);
        expect(output.stdout, output.stderr).toMatch(/Ctrl-C stops/);
        arduino.sendAnalog(0, 512);
        await waitUntil(() => output.stdout.includes('800.8 kPa'));
        arduino.sendAnalog(0, 1023);
        await waitUntil(() => output.stdout.includes('1600.0 kPa'));
        arduino.sendDigitalPort(0, 0b0000_0100); // pin 2 high: released (pull-up)
        arduino.sendDigitalPort(0, 0b0000_0000); // pin 2 low: pressed
        await waitUntil(() => output.stdout.includes('FIRE'));
        const fireEvents = () => batches.flatMap((b) => b.events).filter((e) => e.kind === 'fire');
        await waitUntil(() => fireEvents().length > 0);
        child.kill('SIGINT'); // Ctrl-C
        const code = await exited;

        expect(code, output.stderr).toBe(0);
        expect(output.stderr).toBe('');
        const lines = output.stdout.trim().split('\n');
        expect(lines).toEqual([
          `opening the Arduino on ${cable.masterPath} (StandardFirmata, 57600 baud) with the ${driver} driver…`,
          `connected to ${mqttUrl()}`,
          'turn the potentiometer; press the button to raise a fire alarm, press again to reset. Ctrl-C stops.',
          `${RIG_IDS.pressure} 800.8 kPa`,
          `${RIG_IDS.pressure} 1600.0 kPa`,
          `${RIG_IDS.callPoint}: FIRE (manual call point pressed)`,
          'stopped: 2 readings, 1 call-point events',
        ]);
        await waitUntil(() => batches.flatMap((b) => b.readings).length >= 2);
        expect(batches.flatMap((b) => b.readings).map((r) => [r.point, r.value])).toEqual([
          [RIG_IDS.pressure, 800.8],
          [RIG_IDS.pressure, 1600],
        ]);
        // 1600 kPa is also above the point's high threshold (1000): the SDK raises that alarm itself.
        expect(batches.flatMap((b) => b.events).map((e) => [e.kind, e.active, e.component])).toEqual(
          expect.arrayContaining([
            ['high-alarm', true, RIG_IDS.transmitter],
            ['fire', true, RIG_IDS.callPoint],
          ]),
        );
        expect(fireEvents()).toMatchObject([
          { kind: 'fire', active: true, component: RIG_IDS.callPoint, systemType: 1, componentType: 23 },
        ]);
      } finally {
        rig.dispose();
        await arduino.close();
        await cable.close();
        await ingest.close();
      }
    },
    60_000,
  );

  it.skipIf(!hasSocat)(
    'says the board is lost and exits 1, without a stack trace, when the cable is pulled while running',
    async () => {
      const cable = await openPtyPair();
      const arduino = await FakeStandardFirmata.open(cable.slavePath);
      const rig = startRigProcess(cable.masterPath, uniqueTopicPrefix('rig-unplug'), 'rig-unplug', env);
      const { child, output, exited } = rig;
      try {
        await waitUntil(() => output.stdout.includes('Ctrl-C stops') || child.exitCode !== null);
        expect(output.stdout, output.stderr).toMatch(/Ctrl-C stops/);
        // Pulling the USB cable: the Arduino's end and the line itself go away.
        await arduino.close();
        await cable.close();
        const code = await exited;
        expect(code, `${output.stdout}\n${output.stderr}`).toBe(1);
        expect(output.stderr).toMatch(
          new RegExp(
            `^lost the Arduino on ${cable.masterPath}: .+ reconnect it and start the rig again\\.\n$`,
          ),
        );
        expect(output.stdout.trim().split('\n').at(-1)).toBe('stopped: 0 readings, 0 call-point events');
      } finally {
        rig.dispose();
        await arduino.close().catch(() => {});
        await cable.close().catch(() => {});
      }
    },
    60_000,
  );
});
