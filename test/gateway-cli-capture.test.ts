/**
 * `firecode-gateway capture` on real socat pty pairs: a raw writer plays a bus's frames into the
 * tap, and the simulator answers the gateway's RTU bus through a small pty "bus" that copies every
 * byte to the tap too. The recorder's file is read back by the golden runner of
 * packages/devices, which must give the readings the devices held.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeGst9000Record, getProfile } from '@firecode/devices';
import {
  checkGoldenExchange,
  checkGoldenPolls,
  checkPanelCapture,
  type GoldenCapture,
  type PanelCapture,
} from '@firecode/devices/testing';
import { crc16, createRtuBus, SerialLink } from '@firecode/modbus';
import {
  MemoryRegisterBank,
  openPtyPair,
  type PtyPair,
  socatAvailable,
  startRtuSlave,
} from '@firecode/simulator';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { defaultDeps } from '../packages/gateway/src/cli/deps.js';
import { memoryIo } from '../packages/gateway/src/cli/io.js';
import { runCli } from '../packages/gateway/src/cli/program.js';
import { waitFor } from './support/wait.js';

const noSocat = !socatAvailable();
/** Said in the test name when it skips: why. */
const skipReason = noSocat
  ? ' [skipped: socat is not installed (apt-get install socat); it makes the pty pairs]'
  : '';

const bytes = (hex: string) => Uint8Array.from(hex.split(' '), (b) => Number.parseInt(b, 16));
const withCrc = (hex: string) => {
  const body = bytes(hex);
  const crc = crc16(body, 0, body.length);
  return Uint8Array.from([...body, crc & 0xff, crc >> 8]);
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function ptyPair(): Promise<PtyPair> {
  const pair = await openPtyPair();
  cleanups.push(() => pair.close());
  return pair;
}

async function openLink(path: string): Promise<SerialLink> {
  const link = new SerialLink({ path, baudRate: 9600 });
  await link.open();
  cleanups.push(() => link.close());
  return link;
}

function outFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'firecode-capture-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'capture.yaml');
}

/** Starts the recorder in this process; resolves once it listens, with its end. */
async function startCapture(args: string[]) {
  const io = memoryIo();
  const deps = { ...defaultDeps(io), signals: { on: () => {}, off: () => {} } };
  delete deps.lastResort;
  const done = runCli(['node', 'firecode-gateway', 'capture', ...args], deps);
  await waitFor(
    () =>
      io.err().includes('capture: listening') || io.err().includes('firecode-gateway:') ? true : undefined,
    () => `the recorder to listen (stderr: ${io.err()})`,
    5000,
  );
  return { io, done };
}

function runGolden(file: string): GoldenCapture {
  const capture = parse(readFileSync(file, 'utf8')) as GoldenCapture;
  const profile = getProfile(capture.profile);
  for (const exchange of capture.exchanges ?? []) checkGoldenExchange(profile, capture, exchange);
  checkGoldenPolls(profile, capture);
  return capture;
}

describe('firecode-gateway capture', () => {
  it.skipIf(noSocat)(`records a bus a raw writer plays, bad CRCs kept and counted${skipReason}`, async () => {
    const pair = await ptyPair();
    const file = outFile();
    const { io, done } = await startCapture([
      '--serial',
      pair.masterPath,
      '--out',
      file,
      '--profile',
      'qdy30a',
      '--device-id',
      'tank-1',
      '--note',
      'raw writer test',
      '--max-frames',
      '10',
    ]);
    const bus = await openLink(pair.slavePath);
    // The frames of hardware/captures/qdy30a.yaml, as a master and a QDY30A would put them on the line.
    const poll = bytes('01 03 00 02 00 03 A4 0B');
    const cm1234 = bytes('01 03 06 00 01 00 01 04 D2 CF E8');
    const garbled = Uint8Array.from(cm1234);
    garbled[6] = garbled[6]! ^ 0x01;
    for (const frame of [
      poll,
      cm1234,
      withCrc('01 03 00 00 00 01'), // slave address
      withCrc('01 03 02 00 01'),
      poll,
      garbled,
      withCrc('01 03 00 64 00 01'), // a register the device does not have
      withCrc('01 83 02'),
    ]) {
      await bus.write(frame);
      await sleep(15);
    }
    // A request and its reply in one read, as a USB adapter's latency timer delivers them.
    await bus.write(Uint8Array.from([...poll, ...cm1234]));
    expect(await done).toBe(0);
    expect(io.err()).toContain('10 frames, 5 exchanges, 2 polls, 1 bad CRC');

    const capture = runGolden(file) as GoldenCapture & { recording: Record<string, unknown> };
    expect(capture.recording).toMatchObject({ frames: 10, badCrc: 1, exchanges: 5, polls: 2, unanswered: 1 });
    expect(capture.polls.map((p) => (p.expect.readings[0] as { value: number }).value)).toEqual([
      1.234, 1.234,
    ]);
    expect(capture.polls[0]!.origin).toMatch(/^recorded \d{4}-\d{2}-\d{2} raw writer test$/);
    expect(capture.exchanges!.map((e) => e.expect)).toEqual([
      { registers: { 'slave-address': 1 } },
      undefined, // the request whose reply was garbled
      { exception: 2 },
    ]);
    expect((capture as unknown as { badCrcFrames: { bytes: string }[] }).badCrcFrames[0]!.bytes).toBe(
      '01 03 06 00 01 00 00 04 D2 CF E8',
    );
  });

  it.skipIf(noSocat)(
    `records the gateway's RTU bus polling the simulator through a tap${skipReason}`,
    async () => {
      const masterLine = await ptyPair();
      const slaveLine = await ptyPair();
      const tapLine = await ptyPair();
      // The simulator: a QDY30A at unit 3 reading 123.4 cm (unit code 1 = cm, 1 decimal).
      const slave = await startRtuSlave({
        path: slaveLine.slavePath,
        baudRate: 9600,
        units: { 3: new MemoryRegisterBank().setHolding(0, 3, 3, 1, 1, 1234) },
        timing: true,
      });
      cleanups.push(() => slave.close());
      const file = outFile();
      const { io, done } = await startCapture([
        '--serial',
        tapLine.masterPath,
        '--out',
        file,
        '--profile',
        'qdy30a',
        '--origin',
        'recorded 2026-12-03 simulator through a pty bus',
        '--duration',
        '3',
      ]);
      // The "bus": what either side sends reaches the other side and the tap, as on RS-485.
      const masterSide = await openLink(masterLine.slavePath);
      const slaveSide = await openLink(slaveLine.masterPath);
      const tap = await openLink(tapLine.slavePath);
      masterSide.setReceiver({
        data: (chunk) => void Promise.all([slaveSide.write(chunk), tap.write(chunk)]),
        closed: () => {},
      });
      slaveSide.setReceiver({
        data: (chunk) => void Promise.all([masterSide.write(chunk), tap.write(chunk)]),
        closed: () => {},
      });
      const gateway = createRtuBus({
        path: masterLine.masterPath,
        baudRate: 9600,
        timeoutMs: 500,
        retries: 0,
      });
      cleanups.push(() => gateway.close());
      const plan = getProfile('qdy30a');
      expect(plan.id).toBe('qdy30a');
      for (let i = 0; i < 3; i++) {
        expect(Array.from(await gateway.readHoldingRegisters(3, 2, 3))).toEqual([1, 1, 1234]);
      }
      expect(Array.from(await gateway.readHoldingRegisters(3, 0, 1))).toEqual([3]);
      expect(await done).toBe(0);
      expect(io.err(), readFileSync(file, 'utf8')).toContain('0 bad CRC');

      const capture = runGolden(file);
      expect(capture.device.unit).toBe(3);
      expect(capture.polls).toHaveLength(3);
      for (const poll of capture.polls) {
        expect(poll.expect.readings).toMatchObject([{ point: 'qdy30a.level', value: 1.234 }]);
      }
      expect(capture.exchanges!.map((e) => e.expect)).toEqual([{ registers: { 'slave-address': 3 } }]);
    },
  );

  it.skipIf(noSocat)(`records a GST9000 printer port cut into its records${skipReason}`, async () => {
    const pair = await ptyPair();
    const file = outFile();
    const { io, done } = await startCapture([
      '--serial',
      pair.masterPath,
      '--out',
      file,
      '--panel',
      'gst9000-printer',
      '--origin',
      'recorded 2026-12-03 raw writer test',
      '--max-frames',
      '4',
    ]);
    const port = await openLink(pair.slavePath);
    const fire = {
      printedTime: '26/12/03  13:30',
      loop: 1,
      point: 23,
      kindText: '首次火警',
      location: '2F corridor',
      deviceText: '光电感烟',
    };
    const reset = { ...fire, point: 0, kindText: '系统复位', location: '主机', deviceText: '控制器' };
    // Two records in one write, then line noise in between, then a record in pieces.
    await port.write(Uint8Array.from([...encodeGst9000Record(fire), ...encodeGst9000Record(reset)]));
    await sleep(20);
    const again = encodeGst9000Record({ ...fire, point: 24 });
    await port.write(Uint8Array.from([0x00, 0xff, ...again.subarray(0, 10)]));
    await sleep(20);
    await port.write(again.subarray(10));
    expect(await done).toBe(0);
    expect(io.err(), readFileSync(file, 'utf8')).toContain('3 records');
    const capture = parse(readFileSync(file, 'utf8')) as PanelCapture;
    checkPanelCapture(capture);
    expect(capture.segments.flatMap((s) => s.records ?? [])).toMatchObject([
      { loop: 1, point: 23, kindText: '首次火警' },
      { kindText: '系统复位' },
      { loop: 1, point: 24 },
    ]);
  });

  it('refuses a capture without a profile or panel, and an origin that is not a recording', async () => {
    const io = memoryIo();
    const deps = { ...defaultDeps(io), signals: { on: () => {}, off: () => {} } };
    delete deps.lastResort;
    const run = (args: string[]) => runCli(['node', 'firecode-gateway', 'capture', ...args], deps);
    const base = ['--serial', '/dev/null', '--out', join(tmpdir(), 'never-written.yaml')];
    expect(await run([...base, '--note', 'x'])).toBe(2);
    expect(io.err()).toContain('give exactly one of --profile <id>');
    expect(await run([...base, '--profile', 'qdy30a', '--origin', 'synthesized'])).toBe(2);
    expect(io.err()).toContain('must start with "recorded " or "firmware "');
    expect(await run([...base, '--profile', 'no-such', '--note', 'x'])).toBe(2);
    expect(io.err()).toContain('no profile "no-such"; known: ');
    expect(await run([...base, '--profile', 'qdy30a'])).toBe(2);
    expect(io.err()).toContain('--note: say what was recorded');
  });
});
