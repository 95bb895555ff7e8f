import { describe, expect, it } from 'vitest';
import { describeOutbox } from '../testing/describe-outbox.js';
import { MemoryOutbox } from './memory-outbox.js';

describeOutbox('MemoryOutbox', async (limits) => new MemoryOutbox(limits));

describe('MemoryOutbox what dies with it', () => {
  it('is not durable, and counts what it still held when it closed', async () => {
    const outbox = new MemoryOutbox();
    expect(outbox.durable).toBe(false);
    await outbox.append('alarm', () => new Uint8Array(5));
    await outbox.append('data', () => new Uint8Array(10));
    const acked = await outbox.append('data', () => new Uint8Array(10));
    await outbox.ack(acked.sequence);
    expect(outbox.discarded.messages).toBe(0);
    await outbox.close();
    expect(outbox.discarded).toMatchObject({
      messages: 2,
      bytes: 20 + 5 + 20 + 10,
      byClass: { alarm: { messages: 1, bytes: 25 }, data: { messages: 1, bytes: 30 } },
    });
    await outbox.close(); // idempotent: the count stays
    expect(outbox.discarded.messages).toBe(2);
  });
});
