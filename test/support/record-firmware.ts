/**
 * Records our firmware running in simavr with `firecode-gateway capture`, as golden captures:
 *
 * - the pressure transmitter: the gateway's RTU bus polls hardware/firmware/pressure-transmitter
 *   through a pty "bus" that copies every frame to a second pty, where the recorder listens as a tap
 *   would on RS-485; the ADC walks a pressure ramp, and the bus also reads the address register,
 *   writes the zero offset and asks for what the device refuses;
 * - the panel printer port: `capture --panel gst9000-printer` on the board's UART while D2 is
 *   pressed three times (fire alarm, fault, reset).
 *
 * Used by test/record-firmware-captures.ts (writes hardware/captures) and
 * test/firmware-captures.test.ts (checks that those files are still what the firmware sends).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createRtuBus, SerialLink } from '@firecode/modbus';
import { openPtyPair } from '@firecode/simulator';
import { RtuFrameSplitter, type TappedFrame } from '../../packages/gateway/src/capture/rtu-splitter.js';
import { defaultDeps } from '../../packages/gateway/src/cli/deps.js';
import { memoryIo } from '../../packages/gateway/src/cli/io.js';
import { runCli } from '../../packages/gateway/src/cli/program.js';
import { sketchElf, startSimulatedBoard } from './firmware.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The short sha of the last commit that changed the sketch or the Modbus library; with `clean`, throws
 * when they have uncommitted changes (an origin must name the firmware it came from).
 */
export function firmwareSha(sketch: string, clean = true): string {
  const paths = [`hardware/firmware/${sketch}`, 'hardware/firmware/lib'];
  const sha = execFileSync('git', ['log', '-1', '--format=%h', '--', ...paths], {
    cwd: root,
    encoding: 'utf8',
  });
  const dirty = execFileSync('git', ['status', '--porcelain', '--', ...paths], {
    cwd: root,
    encoding: 'utf8',
  });
  if (clean && dirty.trim() !== '') throw new Error(`commit the firmware first: ${dirty.trim()}`);
  return sha.trim();
}

/** `capture` in this process; `stop()` is its Ctrl-C. */
async function startCapture(args: string[]) {
  const io = memoryIo();
  let interrupt: (() => void) | undefined;
  const deps = {
    ...defaultDeps(io),
    signals: {
      on: (signal: string, listener: () => void) => {
        if (signal === 'SIGINT') interrupt = listener;
      },
      off: () => {},
    },
  };
  delete deps.lastResort;
  const done = runCli(['node', 'firecode-gateway', 'capture', '--force', ...args], deps);
  for (let i = 0; i < 200 && !io.err().includes('capture: listening'); i++) {
    if (io.err().includes('firecode-gateway:')) break;
    await sleep(25);
  }
  if (!io.err().includes('capture: listening')) throw new Error(`capture did not start: ${io.err()}`);
  return {
    /** Ctrl-C; resolves to what the recorder printed. */
    async stop(): Promise<string> {
      interrupt?.();
      const code = await done;
      if (code !== 0) throw new Error(`capture ended with ${code}: ${io.err()}`);
      return io.err();
    },
  };
}

/**
 * Forwards what `from` receives to `to`, a whole frame at a time. The simulated UART sends a byte
 * per character time; relayed byte by byte through this process's event loop, a reply would reach
 * the gateway with gaps over 3.5 characters, which a strict RTU master rightly calls truncated.
 */
function relayFrames(from: SerialLink, to: SerialLink[]): void {
  const splitter = new RtuFrameSplitter({ silenceMs: 4 });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const forward = (frames: TappedFrame[]) => {
    for (const frame of frames) for (const link of to) void link.write(frame.bytes);
  };
  const onSilence = () => {
    forward(splitter.silence(performance.now()));
    if (splitter.holding) timer = setTimeout(onSilence, 5);
  };
  from.setReceiver({
    data(chunk) {
      forward(splitter.push(chunk, performance.now()));
      clearTimeout(timer);
      if (splitter.holding) timer = setTimeout(onSilence, 5);
    },
    closed: () => clearTimeout(timer),
  });
}

/** Records the pressure transmitter into `out` (a golden capture of profile mpd-380, unit 1). */
export async function recordPressureTransmitter(out: string, origin: string): Promise<string> {
  const board = await startSimulatedBoard({ elf: sketchElf('pressure-transmitter'), dePin: 'D3' });
  const masterLine = await openPtyPair();
  const tapLine = await openPtyPair();
  const links: SerialLink[] = [];
  const open = async (path: string) => {
    const link = new SerialLink({ path, baudRate: 9600 });
    await link.open();
    links.push(link);
    return link;
  };
  try {
    await board.setAnalog(0, 500);
    const capture = await startCapture([
      '--serial',
      tapLine.masterPath,
      '--profile',
      'mpd-380',
      '--unit',
      '1',
      '--device-id',
      'riser-1',
      '--origin',
      origin,
      '--out',
      out,
    ]);
    // The bus: the gateway's side, the board's side and the tap hear every frame either side sends.
    const gatewaySide = await open(masterLine.slavePath);
    const boardSide = await open(board.path);
    const tap = await open(tapLine.slavePath);
    relayFrames(gatewaySide, [boardSide, tap]);
    relayFrames(boardSide, [gatewaySide, tap]);
    const gateway = createRtuBus({
      path: masterLine.masterPath,
      baudRate: 9600,
      timeoutMs: 1000,
      retries: 0,
    });
    try {
      // The ramp: 0.5 V = 0 bar ... 4.5 V = 16.00 bar, and a 0.3 V wire fault below the range.
      for (const millivolts of [500, 1000, 2500, 4500, 300, 2500]) {
        await board.setAnalog(0, millivolts);
        await sleep(300); // 16 ADC samples and more
        await gateway.readHoldingRegisters(1, 2, 3);
      }
      await gateway.readHoldingRegisters(1, 0, 1); // the unit id
      await gateway.writeRegister(1, 0x000c, 5); // zero offset +0.05 bar (FC06, echoed)
      await gateway.readHoldingRegisters(1, 2, 3);
      await gateway.writeRegisters(1, 0x000c, [0]); // back to 0 (FC16)
      await gateway.readHoldingRegisters(1, 0x0040, 1).catch(() => {}); // exception 2: no such register
      await gateway.writeRegister(1, 0x0004, 1).catch(() => {}); // exception 2: the value is read-only
      await gateway.readCoils(1, 0, 1).catch(() => {}); // exception 1: no coils
      await sleep(100);
    } finally {
      await gateway.close();
    }
    return await capture.stop();
  } finally {
    for (const link of links) await link.close();
    await tapLine.close();
    await masterLine.close();
    await board.close();
  }
}

/** Records three presses of the panel printer port into `out` (a gst9000-printer panel capture). */
export async function recordPanelPrinterPort(out: string, origin: string): Promise<string> {
  const board = await startSimulatedBoard({ elf: sketchElf('panel-printer-port') });
  try {
    // The printer port only talks: the recorder is its one listener, as the gateway would be.
    const capture = await startCapture([
      '--serial',
      board.path,
      '--panel',
      'gst9000-printer',
      '--origin',
      origin,
      '--out',
      out,
    ]);
    for (let press = 0; press < 3; press++) {
      await board.simWait(200_000);
      await board.pulsePin('D2', 0, 120_000); // a finger's press, over the 30 ms debounce
      await sleep(300); // a record is about 70 bytes: 73 ms at 9600 baud
    }
    await sleep(200);
    return await capture.stop();
  } finally {
    await board.close();
  }
}
