/**
 * Must hold: kill -9 of the gateway side of a GB/T 26875.3 link mid-send, again and again. Every unit
 * that was accepted into the queue reaches the centre (confirmed) after a restart, and a kill makes
 * the device send again at most the one unit that was in flight and not yet confirmed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CentreSimulator, TypeFlag } from '@firecode/gb26875';
import { afterAll, describe, expect, it } from 'vitest';

const KILLS = 10;
const device = fileURLToPath(new URL('./fixtures/gb26875/device.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'firecode-gb26875-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function startDevice(args: string[]): {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', device, ...args], {
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
      if (code !== null && code !== 0) console.error(`device exited ${code}: ${stderr}`);
      resolve(code);
    }),
  );
  return { child, lines, exited };
}

async function waitForLine(lines: string[], prefix: string, exited: Promise<unknown>): Promise<string> {
  let gone = false;
  void exited.then(() => (gone = true));
  for (let i = 0; i < 3000; i++) {
    const line = lines.find((l) => l.startsWith(prefix));
    if (line) return line;
    if (gone) throw new Error(`device exited before printing ${prefix}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`device did not print ${prefix} within 30 s`);
}

describe('kill -9 of the GB/T 26875.3 device side mid-send', () => {
  it('delivers every accepted unit after restart; re-sends at most the unconfirmed one per kill', async () => {
    // Confirms come 15 ms late, so most kills land with a frame in flight.
    const centre = await CentreSimulator.start({ faults: { delayMs: 15 } });
    const port = String(centre.port);
    const accepted = new Set<number>();
    try {
      for (let run = 1; run <= KILLS; run++) {
        const { child, lines, exited } = startDevice([dir, port, String(run)]);
        await waitForLine(lines, 'READY', exited);
        await waitForLine(lines, 'ACCEPTED ', exited);
        await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 300));
        process.kill(child.pid!, 'SIGKILL');
        expect(await exited).toBe(null);
        for (const line of lines) if (line.startsWith('ACCEPTED ')) accepted.add(Number(line.slice(9)));
      }
      const drain = startDevice([dir, port, 'final', 'drain']);
      const last = await waitForLine(drain.lines, 'DRAINED', drain.exited);
      expect(last).toBe('DRAINED');
      expect(await drain.exited).toBe(0);

      // Every upload the centre confirmed, by id, with the connections it came on: an id on two
      // connections was sent again after a kill (a retransmit after a timeout stays on one).
      const confirmed = new Map<number, Set<number>>();
      for (const r of centre.uploads()) {
        if (r.answer !== 'confirm' || r.adu?.type !== TypeFlag.componentStatus) continue;
        const id = (r.adu.objects[0] as { componentAddress: number }).componentAddress;
        const connections = confirmed.get(id) ?? new Set<number>();
        connections.add(r.connection);
        confirmed.set(id, connections);
      }
      const missing = [...accepted].filter((id) => !confirmed.has(id));
      expect(missing, 'accepted units the centre never confirmed').toEqual([]);
      const resent = [...confirmed.values()].reduce((sum, connections) => sum + connections.size - 1, 0);
      expect(resent).toBeLessThanOrEqual(KILLS);
      expect(accepted.size).toBeGreaterThan(KILLS * 3);
      console.log(
        `[gb26875 kill -9] ${KILLS} kills, ${accepted.size} accepted, ${confirmed.size} distinct confirmed, ${resent} sent again`,
      );
    } finally {
      await centre.close();
    }
  }, 300_000);
});
