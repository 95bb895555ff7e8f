/**
 * Firmware in the loop: builds hardware/firmware with the Debian AVR toolchain and runs an ELF in the
 * simavr harness (hardware/firmware/sim/simavr-run.c), whose UART0 is a pty the gateway opens like
 * /dev/ttyUSB0 and whose ADC and pins the test drives over the harness's stdin.
 */
import { type ChildProcessByStdio, execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const firmwareDir = fileURLToPath(new URL('../../hardware/firmware', import.meta.url));
const buildDir = join(firmwareDir, 'build');
const arduinoCore = '/usr/share/arduino/hardware/arduino/avr/cores/arduino/Arduino.h';

/** The ELF of a sketch once built. */
export const sketchElf = (sketch: string) => join(buildDir, sketch, `${sketch}.elf`);

function onPath(command: string, args: string[]): boolean {
  return spawnSync(command, args).error === undefined;
}

/**
 * Why the firmware tests cannot run here (a missing tool, and the package to install), or undefined
 * when everything they need is installed.
 */
export function firmwareToolsMissing(): string | undefined {
  const missing: string[] = [];
  if (!onPath('make', ['--version'])) missing.push('make');
  if (!onPath('avr-gcc', ['--version'])) missing.push('gcc-avr avr-libc');
  if (!existsSync(arduinoCore)) missing.push('arduino-core-avr');
  if (!onPath('cc', ['--version'])) missing.push('gcc');
  if (!existsSync('/usr/include/simavr/sim_avr.h')) missing.push('libsimavr-dev libsimavrparts1');
  if (!onPath('flock', ['--version'])) missing.push('util-linux (flock)');
  return missing.length === 0
    ? undefined
    : `firmware toolchain missing: apt-get install ${missing.join(' ')}`;
}

/**
 * `make` in hardware/firmware (sketches and harness), under a lock: test files build in parallel
 * workers and must not compile into the same build folder at once. Returns make's output, which ends
 * with each sketch's flash and RAM use.
 */
export async function buildFirmware(): Promise<string> {
  const { stdout } = await promisify(execFile)(
    'flock',
    [join(tmpdir(), 'firecode-firmware-build.lock'), 'make', '-s', '-C', firmwareDir, 'all'],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  return stdout;
}

/** What the harness reports on `stats`. */
export interface SimStats {
  sim_ms: number;
  slips: number;
  lag_max_ms: number;
  bytes_in: number;
  bytes_out: number;
  de_rises: number;
  de_high_bytes: number;
  de_low_bytes: number;
  /** Shortest and longest time the driver stayed enabled after the last byte of a reply was written. */
  de_hold_min_us: number;
  de_hold_max_us: number;
}

/** A firmware running in simavr. */
export interface SimulatedBoard {
  /** The pty to open as the board's serial port. */
  readonly path: string;
  /** The voltage on an analog input, in mV (A0 = channel 0). */
  setAnalog(channel: number, millivolts: number): Promise<void>;
  /** Drives an input pin from outside, e.g. `setPin('D2', 0)` for a pressed button. */
  setPin(pin: string, level: 0 | 1): Promise<void>;
  /** Holds an input pin at `level` for exactly `micros` of simulated time, then releases it. */
  pulsePin(pin: string, level: 0 | 1, micros: number): Promise<void>;
  /** Resolves once `micros` of simulated time have passed (the simulation may lag the wall clock). */
  simWait(micros: number): Promise<void>;
  stats(): Promise<SimStats>;
  /** Everything the harness printed, for failure messages. */
  output(): string;
  close(): Promise<void>;
}

/** Options of {@link startSimulatedBoard}. */
export interface SimulatedBoardOptions {
  elf: string;
  /** Pin to watch as the RS-485 driver enable, e.g. 'D3'. */
  dePin?: string;
  /** Keep the EEPROM in this file across runs. */
  eeprom?: string;
}

/** Starts simavr-run on an ELF and resolves once the firmware runs and its pty exists. */
export async function startSimulatedBoard(options: SimulatedBoardOptions): Promise<SimulatedBoard> {
  const dir = mkdtempSync(join(tmpdir(), 'firecode-simavr-'));
  const path = join(dir, 'tty');
  const args = ['--elf', options.elf, '--pty', path];
  if (options.dePin) args.push('--de-pin', options.dePin);
  if (options.eeprom) args.push('--eeprom', options.eeprom);
  const child: ChildProcessByStdio<Writable, Readable, Readable> = spawn(join(buildDir, 'simavr-run'), args, {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let log = '';
  const lines: string[] = [];
  const waiters: { match: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  let partial = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    log += chunk;
    partial += chunk;
    const parts = partial.split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      const at = waiters.findIndex((w) => w.match(line));
      if (at >= 0) waiters.splice(at, 1)[0]!.resolve(line);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  /** The next line that matches, bounded so that a dead harness fails the test instead of hanging it. */
  const nextLine = (match: (line: string) => boolean, what: string, boundMs = 20_000) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`simavr-run: no ${what} within ${boundMs} ms:\n${log}`)),
        boundMs,
      );
      const seen = lines.find(match);
      if (seen) {
        lines.splice(lines.indexOf(seen), 1);
        clearTimeout(timer);
        resolve(seen);
        return;
      }
      waiters.push({
        match,
        resolve: (line) => {
          clearTimeout(timer);
          lines.splice(lines.indexOf(line), 1);
          resolve(line);
        },
      });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`simavr-run exited (${code}) before ${what}:\n${log}`));
      });
    });
  const command = async (text: string) => {
    child.stdin.write(`${text}\n`);
    const answer = await nextLine((l) => l === `ok ${text}` || l.startsWith('error '), `answer to "${text}"`);
    if (answer.startsWith('error ')) throw new Error(`simavr-run refused "${text}": ${answer}`);
  };

  await nextLine((l) => l === 'ready', 'ready line');
  return {
    path,
    setAnalog: (channel, millivolts) => command(`adc ${channel} ${Math.round(millivolts)}`),
    setPin: (pin, level) => command(`pin ${pin} ${level}`),
    pulsePin: (pin, level, micros) => command(`pulse ${pin} ${level} ${Math.round(micros)}`),
    simWait: (micros) => command(`wait ${Math.round(micros)}`),
    async stats() {
      child.stdin.write('stats\n');
      const line = await nextLine((l) => l.startsWith('stats '), 'stats line');
      return Object.fromEntries(
        line
          .slice('stats '.length)
          .split(' ')
          .map((pair) => pair.split('='))
          .map(([key, value]) => [key, Number(value)]),
      ) as unknown as SimStats;
    },
    output: () => log,
    async close() {
      if (child.exitCode === null) {
        child.stdin.end('quit\n');
        const guard = setTimeout(() => child.pid !== undefined && process.kill(child.pid, 'SIGKILL'), 5_000);
        await exited;
        clearTimeout(guard);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
