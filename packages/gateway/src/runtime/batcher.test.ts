import { GOOD, type Reading } from '@firecode/schema';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Batcher } from './batcher.js';

const reading = (i: number): Reading => ({ point: `p${i}`, time: i, value: i, quality: GOOD });

describe('Batcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends a batch when it is full', () => {
    const batches: Reading[][] = [];
    const batcher = new Batcher({ maxAgeMs: 1000, maxReadings: 3, onBatch: (b) => batches.push(b) });
    batcher.add([reading(1), reading(2), reading(3), reading(4)]);
    expect(batches.map((b) => b.length)).toEqual([3]);
    expect(batcher.pendingCount).toBe(1);
  });

  it('sends a batch when its first reading is maxAgeMs old', () => {
    const batches: Reading[][] = [];
    const batcher = new Batcher({ maxAgeMs: 1000, maxReadings: 100, onBatch: (b) => batches.push(b) });
    batcher.add([reading(1)]);
    vi.advanceTimersByTime(600);
    batcher.add([reading(2)]);
    vi.advanceTimersByTime(399);
    expect(batches).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(batches.map((b) => b.map((r) => r.point))).toEqual([['p1', 'p2']]);
  });

  it('close() flushes what is pending and leaves no timer behind', () => {
    const batches: Reading[][] = [];
    const batcher = new Batcher({ maxAgeMs: 1000, maxReadings: 100, onBatch: (b) => batches.push(b) });
    batcher.add([reading(1)]);
    batcher.close();
    expect(batches).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects nonsense options with a TypeError that names the option', () => {
    expect(() => new Batcher({ maxAgeMs: 0, maxReadings: 1, onBatch: () => {} })).toThrow(/maxAgeMs/);
    expect(() => new Batcher({ maxAgeMs: 1, maxReadings: 0, onBatch: () => {} })).toThrow(/maxReadings/);
  });
});
