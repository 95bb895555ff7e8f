import { describe, expect, it } from 'vitest';
import { GOOD } from './quality-levels.js';
import type { Reading } from './reading.js';
import { isReadingColumns, ReadingColumns } from './reading-columns.js';

const bad = { level: 'bad', reason: 'sensor-fault' } as const;
const readings: Reading[] = [
  { point: 'pt-1.p', time: 1_700_000_000_000, value: 0.35, quality: GOOD },
  { point: 'pt-2.p', time: 1_700_000_000_001, value: null, quality: bad },
  { point: 'pt-3.p', time: 1_700_000_000_002, value: Number.NaN, quality: GOOD },
  { point: 'pt-4.p', time: 1_700_000_000_003, value: -0, quality: GOOD },
];

describe('ReadingColumns', () => {
  it('gives back what was pushed, telling null from NaN, growing past its capacity', () => {
    const columns = new ReadingColumns(1);
    for (const r of readings) columns.push(r.point, r.time, r.value, r.quality);
    expect(columns.length).toBe(4);
    expect(columns.toReadings()).toEqual(readings);
    expect(columns.valueAt(1)).toBeNull();
    expect(columns.valueAt(2)).toBeNaN();
    // Qualities are kept by reference: the shared GOOD stays the one object.
    expect(columns.qualityAt(0)).toBe(GOOD);
  });

  it('copies rows from other columns, and from arrays', () => {
    const from = ReadingColumns.from(readings);
    const into = new ReadingColumns(2);
    into.pushRow(from, 3);
    into.pushRow(from, 1);
    expect(into.toReadings()).toEqual([readings[3], readings[1]]);
  });

  it('empties on clear and can be filled again', () => {
    const columns = ReadingColumns.from(readings);
    columns.clear();
    expect(columns.length).toBe(0);
    expect(columns.toReadings()).toEqual([]);
    columns.push('pt-9.p', 5, null, bad);
    expect(columns.reading(0)).toEqual({ point: 'pt-9.p', time: 5, value: null, quality: bad });
  });

  it('is recognised by isReadingColumns, arrays and look-alikes are not', () => {
    expect(isReadingColumns(new ReadingColumns())).toBe(true);
    expect(isReadingColumns(readings)).toBe(false);
    expect(isReadingColumns({ length: 0, pointAt: () => '' })).toBe(false);
    expect(isReadingColumns(null)).toBe(false);
  });
});
