/**
 * `firecode-gateway run --config <file>` as a child process under tsx, as the crash tests need it: its
 * output collected, and killed (SIGKILL, by its pid) by the returned cleanup if it is still running.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'packages/gateway/src/cli.ts');

export interface GatewayCliProcess {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output: () => string;
  /** Kills it if it still runs (for afterEach). */
  cleanup: () => void;
}

export function startGatewayCli(configPath: string): GatewayCliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'run', '--config', configPath], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
  const cleanup = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  return { child, output: () => output, cleanup };
}
