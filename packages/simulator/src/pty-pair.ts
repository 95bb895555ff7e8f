import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulatorError } from './errors.js';

/** A virtual null-modem cable: two pseudo-terminals joined by socat. */
export interface PtyPair {
  /** The end the simulator opens. */
  readonly slavePath: string;
  /** The end the master (gateway, mbpoll) opens. */
  readonly masterPath: string;
  /** Process id of the shell that owns socat (socat ends with it). */
  readonly pid: number;
  /** Ends socat (by its pid) and removes the links. */
  close(): Promise<void>;
}

/** Options of `openPtyPair`. */
export interface PtyPairOptions {
  /** Folder for the two links; default a fresh temporary folder. */
  dir?: string;
  /** How long to wait for socat to create the links; default 5000 ms. */
  timeoutMs?: number;
}

/** True when the `socat` binary can be started. */
export function socatAvailable(): boolean {
  return ['/usr/bin/socat', '/usr/local/bin/socat', '/bin/socat'].some((path) => existsSync(path));
}

/**
 * Starts `socat -d -d pty,raw,echo=0,link=<dir>/slave pty,raw,echo=0,link=<dir>/master` and waits until
 * both links exist. Throws `SIM_PORT_FAILED` when socat is missing or does not come up.
 */
export async function openPtyPair(options: PtyPairOptions = {}): Promise<PtyPair> {
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'firecode-pty-'));
  const slavePath = join(dir, 'slave');
  const masterPath = join(dir, 'master');
  // socat runs under a small shell that ends it when our end of its stdin closes: on close(), and
  // also when this process dies without closing (a killed test run leaves no orphaned socat behind).
  const child: ChildProcess = spawn(
    'sh',
    [
      '-c',
      'socat "$@" & pid=$!; read _ignored; kill "$pid" 2>/dev/null; wait "$pid"',
      'firecode-pty',
      '-d',
      '-d',
      `pty,raw,echo=0,link=${slavePath}`,
      `pty,raw,echo=0,link=${masterPath}`,
    ],
    { stdio: ['pipe', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));

  const cleanup = () => {
    if (ownDir) rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + (options.timeoutMs ?? 5000);
  for (;;) {
    const failed = await Promise.race([spawnError, delay(20).then(() => undefined)]);
    if (failed) {
      cleanup();
      throw simulatorError(
        'SIM_PORT_FAILED',
        `cannot start socat (${failed.message}); install it (apt-get install socat)`,
        {
          cause: failed,
        },
      );
    }
    if (existsSync(slavePath) && existsSync(masterPath)) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.stdin?.end();
      cleanup();
      throw simulatorError(
        'SIM_PORT_FAILED',
        `socat did not create the pty pair in ${dir}: ${stderr.trim() || 'no output'}`,
        {
          details: { dir },
        },
      );
    }
  }
  return {
    slavePath,
    masterPath,
    pid: child.pid as number,
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        child.stdin?.end();
        await exited;
      }
      cleanup();
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
