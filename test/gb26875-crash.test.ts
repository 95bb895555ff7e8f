/**
 * Must hold: kill -9 of the gateway side of a GB/T 26875.3 link mid-send, again and again. Every unit
 * that was accepted into the queue reaches the centre (confirmed) after a restart, and a kill makes
 * the device send again at most the one unit that was in flight and not yet confirmed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CentreSimulator, TypeFlag } from '@firecode/gb26875';
import { afterAll, describe, expect, it } from 'vitest';
import { type LineChild, startLineChild, waitForLine } from './support/line-child.js';

const KILLS = 10;
const device = fileURLToPath(new URL('./fixtures/gb26875/device.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'firecode-gb26875-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const startDevice = (args: string[]) => startLineChild(device, args, 'device');
const waitForDeviceLine = (child: Pick<LineChild, 'lines' | 'exited'>, prefix: string) =>
  waitForLine(child, prefix, 'device', 30000);

describe('kill -9 of the GB/T 26875.3 device side mid-send', () => {
  it('delivers every accepted unit after restart; re-sends at most the unconfirmed one per kill', async () => {
    // Confirms come 15 ms late, so most kills land with a frame in flight.
    const centre = await CentreSimulator.start({ faults: { delayMs: 15 } });
    const port = String(centre.port);
    const accepted = new Set<number>();
    try {
      for (let run = 1; run <= KILLS; run++) {
        const { child, lines, exited } = startDevice([dir, port, String(run)]);
        await waitForDeviceLine({ lines, exited }, 'READY');
        await waitForDeviceLine({ lines, exited }, 'ACCEPTED ');
        await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 300));
        process.kill(child.pid!, 'SIGKILL');
        expect(await exited).toBe(null);
        for (const line of lines) if (line.startsWith('ACCEPTED ')) accepted.add(Number(line.slice(9)));
      }
      const drain = startDevice([dir, port, 'final', 'drain']);
      const last = await waitForDeviceLine(drain, 'DRAINED');
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
