import { GOOD, type Reading, ReadingColumns } from '@firecode/schema';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReadingBatcher, resolveBatchOptions } from './reading-batcher.js';

const reading = (value: number): Reading => ({ point: 'p', time: 1, value, quality: { level: 'good' } });

afterEach(() => {
  vi.useRealTimers();
});

describe('ReadingBatcher', () => {
  it('gathers the next batch in the columns of an encoded one given back, and in new ones until then', () => {
    const batches: ReadingColumns[] = [];
    const batcher = new ReadingBatcher({ maxReadings: 2, maxAgeMs: 60_000 }, (b) => batches.push(b));
    for (let i = 0; i < 4; i++) batcher.add(reading(i));
    // Not given back: the second batch has columns of its own, the first is untouched.
    expect(batches[1]).not.toBe(batches[0]);
    expect(batches[0]!.toReadings().map((r) => r.value)).toEqual([0, 1]);
    batcher.recycle(batches[0]!);
    // The batch being filled when the first came back leaves first; the one after is in its columns.
    for (let i = 4; i < 8; i++) batcher.add(reading(i));
    expect(batches[2]).not.toBe(batches[0]);
    expect(batches[3]).toBe(batches[0]);
    expect(batches[3]!.toReadings().map((r) => r.value)).toEqual([6, 7]);
    expect(batches[1]!.toReadings().map((r) => r.value)).toEqual([2, 3]);
    batcher.stop();
  });

  it('takes back only columns it made, and not the ones it is filling', () => {
    const batches: ReadingColumns[] = [];
    const batcher = new ReadingBatcher({ maxReadings: 2, maxAgeMs: 60_000 }, (b) => batches.push(b));
    const foreign = new ReadingColumns(1);
    foreign.push('p', 1, 9, GOOD);
    batcher.recycle(foreign);
    batcher.add(reading(1));
    batcher.add(reading(2));
    batcher.add(reading(3));
    batcher.add(reading(4));
    expect(batches).not.toContain(foreign);
    expect(foreign.length).toBe(1);
    batcher.stop();
  });

  it('sends a batch as soon as it holds maxReadings', () => {
    const batches: Reading[][] = [];
    const batcher = new ReadingBatcher({ maxReadings: 3, maxAgeMs: 60_000 }, (b) =>
      batches.push(b.toReadings()),
    );
    for (let i = 0; i < 7; i++) batcher.add(reading(i));
    expect(batches.map((b) => b.map((r) => r.value))).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    expect(batcher.pending).toBe(1);
    batcher.flush();
    expect(batches).toHaveLength(3);
    batcher.stop();
  });

  it('sends a batch maxAgeMs after its first reading', () => {
    vi.useFakeTimers();
    const batches: Reading[][] = [];
    const batcher = new ReadingBatcher({ maxReadings: 100, maxAgeMs: 1000 }, (b) =>
      batches.push(b.toReadings()),
    );
    batcher.add(reading(1));
    vi.advanceTimersByTime(600);
    batcher.add(reading(2));
    expect(batches).toHaveLength(0);
    vi.advanceTimersByTime(400);
    expect(batches).toEqual([[reading(1), reading(2)]]);
    vi.advanceTimersByTime(5000);
    expect(batches).toHaveLength(1);
  });

  it('takes rows of reused columns and whole arrays alike, splitting at maxReadings', () => {
    const batches: Reading[][] = [];
    const batcher = new ReadingBatcher({ maxReadings: 2, maxAgeMs: 60_000 }, (b) =>
      batches.push(b.toReadings()),
    );
    const poll = new ReadingColumns();
    poll.push('a', 1, 10, GOOD);
    poll.push('b', 1, null, { level: 'bad', reason: 'communication-failure' });
    batcher.addRow(poll, 1);
    poll.clear(); // the next poll reuses the columns: what was added must not change
    poll.push('c', 2, 30, GOOD);
    batcher.addAll(poll);
    batcher.addAll([reading(4), reading(5)]);
    batcher.close();
    expect(batches.map((b) => b.map((r) => [r.point, r.value]))).toEqual([
      [
        ['b', null],
        ['c', 30],
      ],
      [
        ['p', 4],
        ['p', 5],
      ],
    ]);
  });

  it('refuses options that cannot work, naming them', () => {
    expect(() => resolveBatchOptions({ maxAgeMs: 0 })).toThrow(/batch.maxAgeMs/);
    expect(() => resolveBatchOptions({ maxReadings: 0 })).toThrow(/batch.maxReadings/);
    expect(() => resolveBatchOptions({ maxReadings: 1.5 })).toThrow(/batch.maxReadings/);
    expect(resolveBatchOptions()).toEqual({ maxAgeMs: 5000, maxReadings: 500 });
  });
});
