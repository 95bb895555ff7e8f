/**
 * A tsx child process whose complete stdout lines the crash tests read (a line cut by a kill -9 does
 * not count), and a bounded wait for a line with a given prefix.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface LineChild {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
}

/** Runs `node --import tsx <script> ...args` from the repository root; `name` labels its errors. */
export function startLineChild(script: string, args: string[], name: string): LineChild {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let partial = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!; // a line cut by the kill does not count
    lines.push(...parts);
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      if (code !== null && code !== 0) console.error(`${name} exited ${code}: ${stderr}`);
      resolve(code);
    }),
  );
  return { child, lines, exited };
}

/** The first line starting with `prefix`, checked every 10 ms for at most `boundMs`. */
export async function waitForLine(
  { lines, exited }: Pick<LineChild, 'lines' | 'exited'>,
  prefix: string,
  name: string,
  boundMs = 15_000,
): Promise<string> {
  let gone = false;
  void exited.then(() => (gone = true));
  for (let i = 0; i < boundMs / 10; i++) {
    const line = lines.find((l) => l.startsWith(prefix));
    if (line) return line;
    if (gone) throw new Error(`${name} exited before printing ${prefix}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${name} did not print ${prefix} within ${boundMs / 1000} s`);
}
