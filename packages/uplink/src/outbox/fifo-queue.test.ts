import { describe, expect, it } from 'vitest';
import { FifoQueue } from './fifo-queue.js';

describe('FifoQueue', () => {
  it('keeps order across compaction', () => {
    const queue = new FifoQueue<number>();
    const out: number[] = [];
    for (let i = 0; i < 5000; i++) {
      queue.push(i);
      if (i % 3 === 0) out.push(queue.shift()!);
    }
    while (queue.length > 0) out.push(queue.shift()!);
    expect(out).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    expect(queue.shift()).toBeUndefined();
  });

  it('peeks by index and iterates live items only', () => {
    const queue = new FifoQueue<string>();
    for (const s of ['a', 'b', 'c']) queue.push(s);
    queue.shift();
    expect(queue.at(0)).toBe('b');
    expect(queue.at(5)).toBeUndefined();
    expect([...queue]).toEqual(['b', 'c']);
  });
});
