/**
 * The series of a data batch are written by CborWriter, not cbor-x: these tests hold its bytes equal to
 * what cbor-x writes for the same data — item by item at every head-size boundary, and whole batches
 * against the format written the way it was before (the series as arrays handed to cbor-x).
 */
import { type Quality, qualityLevels, qualityReasons, type Reading, ReadingColumns } from '@firecode/schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PreparedCatalog, prepareCatalog } from './catalog.js';
import { encodeCbor, wireInteger } from './cbor.js';
import { CborWriter, encodedMap } from './cbor-writer.js';
import { encodeReadingColumns } from './reading-columns.js';
import { sampleCatalog } from './test-fixtures.js';
import { chooseDecimals } from './value-column.js';
import { qualityToCode } from './wire-codes.js';
import { RegularTimes } from './wire-keys.js';

const written = (write: (writer: CborWriter) => void) => {
  const writer = new CborWriter(4);
  write(writer);
  return [...writer.written()];
};

describe('CborWriter', () => {
  it('writes integers as cbor-x does, at every head-size boundary and beyond 2^32', () => {
    const edges = [
      0,
      -0,
      1,
      23,
      24,
      255,
      256,
      65535,
      65536,
      2 ** 32 - 1,
      2 ** 32,
      2 ** 53 - 1,
      -1,
      -24,
      -25,
      -256,
      -257,
      -65536,
      -65537,
      -(2 ** 31),
      -(2 ** 31) - 1,
      -(2 ** 32),
      -(2 ** 32) - 1,
      -(2 ** 53 - 1),
    ];
    for (const value of edges) {
      expect(
        written((w) => w.integer(value)),
        `${value}`,
      ).toEqual([...encodeCbor(wireInteger(value))]);
    }
  });

  it('writes array heads, null and items as cbor-x does, growing its buffer as needed', () => {
    for (const length of [0, 23, 24, 255, 256, 65535, 65536]) {
      const nulls = written((w) => {
        w.arrayHead(length);
        for (let i = 0; i < length; i++) w.null();
      });
      expect(nulls).toEqual([...encodeCbor(new Array(length).fill(null))]);
    }
    const items = [[1.5], [Number.NaN], new Map([[3, 7]]), 'text', 2n ** 63n];
    expect(written((w) => w.item(items))).toEqual([...encodeCbor(items)]);
  });

  it('encodedMap writes a map of encoded values as cbor-x writes the Map', () => {
    const values: [number, unknown][] = [
      [0, [[1], [2]]],
      [1, 'series'],
      [3, new Map([['droppedTotal', 0]])],
    ];
    const encoded = encodedMap(values.map(([key, value]) => [key, encodeCbor(value)]));
    expect([...encoded]).toEqual([...encodeCbor(new Map(values))]);
    expect([...encodedMap([])]).toEqual([...encodeCbor(new Map())]);
  });
});

/** The reading columns as cbor-x data, as the encoder built them before CborWriter: the reference. */
function referenceColumns(readings: readonly Reading[], catalog: PreparedCatalog, baseTime: number) {
  const byAlias = new Map<number, { times: number[]; values: (number | null)[]; qualities: Quality[] }>();
  for (const reading of readings) {
    const alias = catalog.pointAliases.get(reading.point)!;
    const series = byAlias.get(alias) ?? { times: [], values: [], qualities: [] };
    byAlias.set(alias, series);
    series.times.push(reading.time);
    series.values.push(reading.value);
    series.qualities.push(reading.quality);
  }
  const timeColumns: unknown[] = [];
  const columnIndex = new Map<string, number>();
  const series: unknown[] = [];
  for (const [alias, point] of byAlias) {
    const deltas = point.times.map((time, i) => time - (i === 0 ? baseTime : point.times[i - 1]!));
    const step = deltas[1];
    const regular = deltas.length >= 3 && deltas.every((delta, i) => i === 0 || delta === step);
    const key = regular ? `r${deltas[0]},${step},${deltas.length}` : deltas.join(',');
    if (!columnIndex.has(key)) {
      columnIndex.set(key, timeColumns.length);
      timeColumns.push(
        regular
          ? new Map([
              [RegularTimes.first, wireInteger(deltas[0]!)],
              [RegularTimes.step, wireInteger(step!)],
              [RegularTimes.count, deltas.length],
            ])
          : deltas.map(wireInteger),
      );
    }
    const decimals = chooseDecimals(point.values);
    let previous = 0;
    const values = point.values.map((value) => {
      if (value === null) return null;
      const scaled = Math.round(value * 10 ** decimals);
      if (Number.isFinite(value) && Math.abs(scaled) <= 2 ** 52 && scaled / 10 ** decimals === value) {
        const delta = wireInteger(scaled - previous);
        previous = scaled;
        return delta;
      }
      return [value];
    });
    const entry: unknown[] = [alias, columnIndex.get(key), decimals, values];
    const qualities = new Map<number, number>();
    point.qualities.forEach((quality, i) => {
      if (quality.level !== 'good' || quality.reason !== undefined) qualities.set(i, qualityToCode(quality)!);
    });
    if (qualities.size > 0) entry.push(qualities);
    series.push(entry);
  }
  return new Map<number, unknown>([
    [0, timeColumns],
    [1, series],
  ]);
}

describe('reading columns written by CborWriter', () => {
  const catalog = prepareCatalog(sampleCatalog);
  const pointIds = sampleCatalog.points.map((point) => point.id);
  const reading: fc.Arbitrary<Reading> = fc.record({
    point: fc.constantFrom(...pointIds),
    time: fc.integer({ min: 1_000_000, max: 1_000_000 + 2 ** 40 }),
    value: fc.oneof(
      fc.constant(null),
      fc.double(),
      fc.integer({ min: -1e6, max: 1e6 }).map((n) => n / 100),
      fc.constantFrom(0, -0, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 52, 2 ** 53, -(2 ** 33), 4e9),
    ),
    quality: fc.oneof(
      fc.constant({ level: 'good' as const }),
      fc.record({ level: fc.constantFrom(...qualityLevels), reason: fc.constantFrom(...qualityReasons) }),
    ),
  });

  it('are the bytes cbor-x wrote for the same batch (2 000 cases)', () => {
    fc.assert(
      fc.property(fc.array(reading, { maxLength: 40 }), (readings) => {
        const baseTime = Math.min(1_000_000, ...readings.map((r) => r.time));
        const { timeColumns, series } = encodeReadingColumns(
          ReadingColumns.from(readings),
          catalog,
          baseTime,
        );
        const body = encodedMap([
          [0, encodeCbor(timeColumns)],
          [1, series],
        ]);
        expect([...body]).toEqual([...encodeCbor(referenceColumns(readings, catalog, baseTime))]);
      }),
      { numRuns: 2000 },
    );
  });

  // One poll: every series has one reading (the encoder's shortcut for those); three: the general path.
  it.each([1, 3])(
    'are the bytes cbor-x wrote for a building-scale batch: 5,000 points × %i polls, regular and irregular times',
    (polls) => {
      const points = Array.from({ length: 5000 }, (_, i) => ({
        id: `dev-${Math.floor(i / 100)}.p${i % 100}`,
        kind: 'pressure' as const,
        unit: 'MPa',
        component: 'pt-riser-1',
      }));
      const big = prepareCatalog({ ...sampleCatalog, points });
      const readings: Reading[] = [];
      for (let poll = 0; poll < polls; poll++) {
        for (const [i, point] of points.entries()) {
          const time = 1_700_000_000_000 + poll * 1000 + Math.floor(i / 100) * 7 + (i % 3 === 0 ? poll : 0);
          // Values of several scales, a missing one and a raw float now and then.
          const value =
            i % 97 === 0 ? null : i % 89 === 0 ? Math.PI : i % 7 === 0 ? i : 0.3 + (i % 100) / 1000;
          readings.push({ point: point.id, time, value, quality: { level: 'good' } });
        }
      }
      const { timeColumns, series } = encodeReadingColumns(
        ReadingColumns.from(readings),
        big,
        1_700_000_000_000,
      );
      const body = encodedMap([
        [0, encodeCbor(timeColumns)],
        [1, series],
      ]);
      expect([...body]).toEqual([...encodeCbor(referenceColumns(readings, big, 1_700_000_000_000))]);
    },
  );
});
