/**
 * Nothing lost silently: a vendor program whose broker never comes up closes; with the default memory
 * outbox, close() resolves with what it could not deliver — the fire alarm among it — and reports each
 * class as a `drop` event with reason `lost`; with a disk outbox the same messages are `kept` and are
 * there on the next open.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFirecodeClient, DiskOutbox, type DropReport } from '@firecode/sdk';
import { pressureHubParts } from '@firecode/sdk/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../packages/uplink/src/testing/private-mosquitto.js';

const dir = mkdtempSync(join(tmpdir(), 'firecode-sdk-close-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function neverConnected(outbox: { dir: string } | 'memory') {
  const client = await createFirecodeClient({
    url: `mqtt://127.0.0.1:${await freePort()}`, // nothing listens there
    gatewayId: 'hub-lost',
    ...pressureHubParts('hub-lost'),
    outbox,
    closeTimeoutMs: 300,
  });
  client.on('error', () => {});
  const drops: DropReport[] = [];
  client.on('drop', (report) => drops.push(report));
  client.reading('riser-1-pressure', 410);
  client.reading('riser-2-pressure', 411);
  await client.event({ kind: 'fire', component: 'hub-lost' });
  await client.event({ kind: 'restored', component: 'hub-lost' });
  return { client, drops };
}

describe('close() when the broker never came up', () => {
  it('with the memory outbox: reports the fire alarm and the rest as lost, as a result and as drop events', async () => {
    const { client, drops } = await neverConnected('memory');
    const result = await client.close();
    // One batch of the two readings, the fire (alarm lane), the restored event (status lane).
    expect(result).toMatchObject({ delivered: false, lost: 3, kept: 0 });
    expect(result.undelivered.messages).toBe(3);
    expect(result.undelivered.byClass.alarm.messages).toBe(1);
    expect(result.undelivered.byClass.status.messages).toBe(1);
    // Data batched while offline is queued as historical.
    expect(result.undelivered.byClass.historical.messages).toBe(1);
    expect(drops.map((d) => [d.cls, d.reason, d.messages])).toEqual([
      ['alarm', 'lost', 1],
      ['status', 'lost', 1],
      ['historical', 'lost', 1],
    ]);
    expect(client.stats().lost).toBe(3);
    // Idempotent: the same result, no second report.
    expect(await client.close()).toBe(result);
    expect(drops).toHaveLength(3);
  });

  it('with a disk outbox: the same messages are kept for the next run, not reported as lost', async () => {
    const outboxDir = join(dir, 'outbox');
    const { client, drops } = await neverConnected({ dir: outboxDir });
    const result = await client.close();
    expect(result).toMatchObject({ delivered: false, lost: 0 });
    expect(result.kept).toBe(result.undelivered.messages);
    expect(result.undelivered.byClass.alarm.messages).toBe(1);
    expect(drops).toEqual([]);
    const reopened = await DiskOutbox.open({ dir: outboxDir });
    try {
      expect(reopened.stats().messages).toBe(result.kept);
      expect(reopened.stats().byClass.alarm.messages).toBe(1);
    } finally {
      await reopened.close();
    }
  });
});
