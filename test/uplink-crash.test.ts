/**
 * Must hold: kill -9 of the producing process at random moments, 20 times. After a restart every
 * message that was accepted into the outbox arrives; duplicates appear only as at-least-once allows
 * (same sequence number, same bytes) and no sequence number is ever reused for other content.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { MessageCollector, parseTestPayload } from '../packages/uplink/src/testing/message-collector.js';
import { type LineChild, startLineChild, waitForLine } from './support/line-child.js';
import { mqttUrl, uniqueTopicPrefix } from './support/mqtt.js';

const KILLS = 20;
const producer = fileURLToPath(new URL('./fixtures/uplink/producer.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'firecode-uplink-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A producer child; collects the complete lines it printed. */
const startProducer = (args: string[]) => startLineChild(producer, args, 'producer');
const waitForProducerLine = (child: Pick<LineChild, 'lines' | 'exited'>, prefix: string) =>
  waitForLine(child, prefix, 'producer', 15000);

describe('kill -9 of the producing process, 20 times', () => {
  it('delivers every accepted message after restart; duplicates only by sequence', async () => {
    const prefix = uniqueTopicPrefix('uplink-crash');
    const outboxDir = join(dir, 'outbox');
    const received = await MessageCollector.start(mqttUrl(), `${prefix}/#`);
    const accepted = new Set<bigint>();
    const truncations: unknown[] = [];
    try {
      for (let run = 0; run < KILLS; run++) {
        const { child, lines, exited } = startProducer([outboxDir, mqttUrl(), prefix, String(run)]);
        const ready = await waitForProducerLine({ lines, exited }, 'READY ');
        truncations.push(...JSON.parse(ready.slice('READY '.length)).truncated);
        await waitForProducerLine({ lines, exited }, 'ACCEPTED ');
        // A random moment: somewhere in appending, publishing, acking or reclaiming segments.
        await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 400));
        process.kill(child.pid!, 'SIGKILL');
        expect(await exited).toBe(null);
        for (const line of lines) if (line.startsWith('ACCEPTED ')) accepted.add(BigInt(line.slice(9)));
      }
      const drain = startProducer([outboxDir, mqttUrl(), prefix, 'final', 'drain']);
      await waitForProducerLine(drain, 'DRAINED');
      expect(await drain.exited).toBe(0);

      await received.until(`all ${accepted.size} accepted messages`, () => {
        const got = new Set(received.messages.map((m) => parseTestPayload(m.payload).sequence));
        for (const sequence of accepted) if (!got.has(sequence)) return false;
        return true;
      });
      const bySequence = new Map<bigint, string>();
      let duplicates = 0;
      for (const m of received.messages) {
        if (!/\/(alarm|status|data)$/.test(m.topic)) continue;
        const p = parseTestPayload(m.payload);
        const previous = bySequence.get(p.sequence);
        if (previous === undefined) bySequence.set(p.sequence, m.payload.toString());
        else {
          duplicates++;
          // At-least-once: a duplicate is the very same message, never other content under a reused number.
          expect(m.payload.toString()).toBe(previous);
        }
      }
      for (const sequence of accepted) expect(bySequence.has(sequence), `message #${sequence}`).toBe(true);
      if (truncations.length === 0) {
        // No torn tail was cut, so no number was skipped: what arrived is exactly 1..highest.
        const highest = [...bySequence.keys()].sort((a, b) => (a < b ? -1 : 1)).at(-1);
        expect(BigInt(bySequence.size)).toBe(highest);
      }
      expect(accepted.size).toBeGreaterThan(KILLS * 5);
      console.log(
        `[kill -9] ${KILLS} kills, ${accepted.size} accepted, ${bySequence.size} distinct delivered, ` +
          `${duplicates} duplicates, ${truncations.length} torn tails cut`,
      );
    } finally {
      await received.stop();
    }
    // 21 producer processes each start tsx: ~1 s apiece on a quiet machine, far more on a loaded one.
  }, 300_000);
});
