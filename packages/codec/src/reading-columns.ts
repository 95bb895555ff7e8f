/**
 * Readings stored column-wise: one series per point (its alias, a time column, its decimals, its
 * values, and qualities only where they are not good). Series sampled at the same instants share one
 * time column, and a time column sampled at a fixed step is written as {first, step, count}: a batch
 * of 200 points polled together at 1 Hz spends a few bytes on time in total.
 */
import { GOOD, type Quality, type Reading, type ReadingColumns } from '@firecode/schema';
import type { PreparedCatalog } from './catalog.js';
import { wireInteger } from './cbor.js';
import { CborWriter } from './cbor-writer.js';
import { codecError } from './errors.js';
import { chooseDecimals, powerOfTen, writeSingleValue, writeValues } from './value-column.js';
import { qualityFromCode, qualityToCode } from './wire-codes.js';
import { RegularTimes, SeriesField } from './wire-keys.js';
import { asArray, asInteger, asMap, malformed } from './wire-read.js';

/**
 * Scratch space of {@link encodeReadingColumns}, reused from call to call (encoding is synchronous and
 * never re-entered), so that a batch costs no garbage per point: the writer of the series, one point's
 * values and time deltas while its series is written, and the series of each catalog alias (0: none
 * yet), cleared again after each batch. A batch of 5,000 readings at building scale used to build
 * three arrays per point, a delta array, a string key, a map entry and the series' arrays for cbor-x:
 * 9.5 of the 21.5 MB of garbage per cycle of `pnpm bench gateway-pipeline`. The scratch keeps the size
 * of the longest series, largest batch and largest catalog seen.
 */
const seriesWriter = new CborWriter();
// Typed: a JS array that may hold null boxes every double stored in it (a heap number per reading).
let seriesValues = new Float64Array(64);
let seriesMissing = new Uint8Array(64);
const seriesDeltas: number[] = [];
let seriesOfAlias = new Int32Array(0);
/** The five chain arrays of {@link chainByPoint}, one after the other, for the largest batch seen. */
let chainScratch = new Int32Array(0);

/** A batch's readings grouped by point, points in order of first appearance, without an array per point. */
interface PointChains {
  /** Points in the batch. */
  count: number;
  /** Per point (by order of appearance): its alias, first reading's index and number of readings. */
  aliasOf: Int32Array;
  firstOf: Int32Array;
  lengthOf: Int32Array;
  /** Per reading: the index of its point's next reading, -1 after the last. */
  next: Int32Array;
}

function chainByPoint(readings: ReadingColumns, catalog: PreparedCatalog): PointChains {
  if (seriesOfAlias.length < catalog.catalog.points.length) {
    seriesOfAlias = new Int32Array(catalog.catalog.points.length);
  }
  if (chainScratch.length < readings.length * 5) chainScratch = new Int32Array(readings.length * 5);
  // Views of one reused buffer (encoding is synchronous): a batch allocates no chain arrays.
  const size = readings.length;
  const next = chainScratch.subarray(0, size);
  const aliasOf = chainScratch.subarray(size, 2 * size);
  const firstOf = chainScratch.subarray(2 * size, 3 * size);
  const lastOf = chainScratch.subarray(3 * size, 4 * size);
  const lengthOf = chainScratch.subarray(4 * size, 5 * size);
  let count = 0;
  // Readings usually come in catalog order (a device's points one after the other, devices in turn):
  // the alias after the previous reading's is tried first, by comparing ids, before the hash lookup.
  // At building scale that lookup was a quarter of the encoder's time.
  const pointIds = catalog.pointIds;
  let previousAlias = -1;
  try {
    for (let index = 0; index < readings.length; index += 1) {
      const point = readings.pointAt(index);
      const guess = previousAlias + 1;
      const alias =
        guess < pointIds.length && pointIds[guess] === point ? guess : catalog.pointAliases.get(point);
      if (alias === undefined) {
        throw codecError(
          'CODEC_UNKNOWN_POINT',
          `readings[${index}] is for point "${point}", which is not in catalog ${catalog.hash}: add the point to the catalog (and send a new birth) before sending its readings`,
          { path: `readings[${index}].point`, point },
        );
      }
      const quality = readings.qualityAt(index);
      if (typeof quality !== 'object' || quality === null) {
        throw codecError(
          'CODEC_INVALID_INPUT',
          `readings[${index}].quality is missing: give { level: 'good' } at least`,
          {
            path: `readings[${index}].quality`,
          },
        );
      }
      previousAlias = alias;
      next[index] = -1;
      const series = seriesOfAlias[alias]! - 1;
      if (series < 0) {
        seriesOfAlias[alias] = count + 1;
        aliasOf[count] = alias;
        firstOf[count] = index;
        lastOf[count] = index;
        lengthOf[count] = 1;
        count += 1;
      } else {
        next[lastOf[series]!] = index;
        lastOf[series] = index;
        lengthOf[series] = lengthOf[series]! + 1;
      }
    }
  } finally {
    for (let point = 0; point < count; point += 1) seriesOfAlias[aliasOf[point]!] = 0;
  }
  return { count, aliasOf, firstOf, lengthOf, next };
}

/**
 * The readings of a batch as its time columns (for cbor-x) and its series, already CBOR: a view into
 * a reused buffer, valid until the next call.
 */
export function encodeReadingColumns(
  readings: ReadingColumns,
  catalog: PreparedCatalog,
  baseTime: number,
): { timeColumns: unknown[]; series: Uint8Array } {
  const { count, aliasOf, firstOf, lengthOf, next } = chainByPoint(readings, catalog);
  const timeColumns: unknown[] = [];
  // Time columns already written, by their content: one time (the usual batch, each point polled once)
  // by its offset, longer ones by a text key. The two kinds never describe the same column.
  const singleTimeIndex = new Map<number, number>();
  const columnIndex = new Map<string, number>();
  const writer = seriesWriter;
  writer.reset();
  writer.arrayHead(count);
  // The time column of the last single-reading series: a device's points share their poll's time, so
  // consecutive series usually do too (a map lookup by a double boxes it: one heap number per point).
  let lastSingleDelta = Number.NaN;
  let lastSingleColumn = -1;
  for (let point = 0; point < count; point += 1) {
    const length = lengthOf[point]!;
    const first = firstOf[point]!;
    if (length === 1) {
      // The usual series (each point polled once per batch), written without the column scratch.
      const delta = readings.timeAt(first) - baseTime;
      let column = lastSingleColumn;
      if (delta !== lastSingleDelta) {
        column = singleTimeIndex.get(delta) ?? -1;
        if (column === -1) {
          column = timeColumns.length;
          timeColumns.push([wireInteger(delta)]);
          singleTimeIndex.set(delta, column);
        }
        lastSingleDelta = delta;
        lastSingleColumn = column;
      }
      const qualities = qualityColumn(readings, first, next);
      writer.arrayHead(qualities ? 5 : 4);
      writer.integer(aliasOf[point]!);
      writer.integer(column);
      writeSingleValue(writer, readings, first);
      if (qualities) writer.item(qualities);
      continue;
    }
    if (seriesValues.length < length) {
      seriesValues = new Float64Array(length * 2);
      seriesMissing = new Uint8Array(length * 2);
    }
    let previous = baseTime;
    for (let index = first, position = 0; index !== -1; index = next[index]!, position += 1) {
      const time = readings.timeAt(index);
      seriesDeltas[position] = time - previous;
      previous = time;
      seriesValues[position] = readings.rawValueAt(index);
      seriesMissing[position] = readings.isMissing(index) ? 1 : 0;
    }
    const { key, times } = timeColumn(seriesDeltas, length);
    let column = columnIndex.get(key);
    if (column === undefined) {
      column = timeColumns.length;
      timeColumns.push(times);
      columnIndex.set(key, column);
    }
    const decimals = chooseDecimals(seriesValues, length, seriesMissing);
    const qualities = qualityColumn(readings, first, next);
    // [alias, time column, decimals, values, quality?]: the order of SeriesField.
    writer.arrayHead(qualities ? 5 : 4);
    writer.integer(aliasOf[point]!);
    writer.integer(column);
    writer.integer(decimals);
    writeValues(writer, seriesValues, decimals, length, seriesMissing);
    if (qualities) writer.item(qualities);
  }
  return { timeColumns, series: writer.written() };
}

/** The time column of `count` deltas (the first from the base time), with a key naming its content. */
function timeColumn(deltas: readonly number[], count: number): { key: string; times: unknown } {
  const step = deltas[1]!;
  let regular = count >= 3;
  for (let index = 2; regular && index < count; index += 1) regular = deltas[index] === step;
  if (regular) {
    const first = deltas[0]!;
    return {
      key: `r${first},${step},${count}`,
      times: new Map<number, unknown>([
        [RegularTimes.first, wireInteger(first)],
        [RegularTimes.step, wireInteger(step)],
        [RegularTimes.count, count],
      ]),
    };
  }
  const column = deltas.slice(0, count);
  return { key: column.join(','), times: column.map(wireInteger) };
}

/** The qualities that are not plain good, by position, of the readings chained from `first`. */
function qualityColumn(
  readings: ReadingColumns,
  first: number,
  next: Int32Array,
): Map<number, number> | undefined {
  let column: Map<number, number> | undefined;
  for (let index = first, position = 0; index !== -1; index = next[index]!, position += 1) {
    const quality = readings.qualityAt(index);
    if (quality === GOOD || (quality.level === 'good' && quality.reason === undefined)) continue;
    const code = qualityToCode(quality);
    if (code === undefined) {
      throw codecError(
        'CODEC_INVALID_INPUT',
        `a reading of point "${readings.pointAt(index)}" has quality ${JSON.stringify(quality)}: use a level and reason of the schema`,
        { point: readings.pointAt(index) },
      );
    }
    column ??= new Map();
    column.set(position, code);
  }
  return column;
}

/** Expands `[time columns, series]` back to readings, grouped by point in the order they were sent. */
export function decodeReadingColumns(
  timeColumnsItem: unknown,
  seriesItem: unknown,
  catalog: PreparedCatalog,
  baseTime: number,
): Reading[] {
  const timeColumns = asArray(timeColumnsItem, 'body.timeColumns');
  const expanded: (number[] | undefined)[] = new Array(timeColumns.length);
  const seriesList = asArray(seriesItem, 'body.series');
  const points = catalog.catalog.points;
  const readings: Reading[] = [];
  for (let seriesIndex = 0; seriesIndex < seriesList.length; seriesIndex += 1) {
    const where = `body.series[${seriesIndex}]`;
    const series = asArray(seriesList[seriesIndex], where);
    if (series.length < 4 || series.length > 5)
      malformed(`${where} has ${series.length} fields, expected 4 or 5`);
    const alias = asInteger(series[SeriesField.alias], `${where}.alias`);
    const point = points[alias];
    if (point === undefined) {
      throw codecError(
        'CODEC_UNKNOWN_POINT',
        `${where} uses point alias ${alias}, but catalog ${catalog.hash} has ${points.length} points: the batch and the catalog do not match`,
        { path: where, alias },
      );
    }
    const columnIndex = asInteger(series[SeriesField.timeColumn], `${where}.timeColumn`);
    if (columnIndex < 0 || columnIndex >= timeColumns.length) {
      malformed(`${where} refers to time column ${columnIndex} of ${timeColumns.length}`);
    }
    const power = powerOfTen(series[SeriesField.decimals]);
    if (power === undefined) malformed(`${where}.decimals must be an integer from 0 to 15`);
    const values = asArray(series[SeriesField.values], `${where}.values`);
    let times = expanded[columnIndex];
    if (times === undefined) {
      times = expandTimeColumn(
        timeColumns[columnIndex],
        baseTime,
        values.length,
        `body.timeColumns[${columnIndex}]`,
      );
      expanded[columnIndex] = times;
    }
    if (times.length !== values.length) {
      malformed(`${where} has ${values.length} values but its time column has ${times.length} times`);
    }
    const qualities =
      series.length === 5 ? decodeQualities(series[SeriesField.quality], values.length, where) : undefined;
    let previous = 0;
    for (let index = 0; index < values.length; index += 1) {
      const item = values[index];
      let value: number | null;
      if (item === null) {
        value = null;
      } else if (typeof item === 'number' && Number.isInteger(item)) {
        previous += item;
        value = previous / power!;
      } else if (typeof item === 'bigint') {
        previous += asInteger(item, `${where}.values[${index}]`);
        value = previous / power!;
      } else if (Array.isArray(item) && item.length === 1 && typeof item[0] === 'number') {
        value = item[0];
      } else {
        return malformed(`${where}.values[${index}] must be an integer, [float] or null`);
      }
      if (!Number.isSafeInteger(previous)) malformed(`${where}.values[${index}] overflows`);
      readings.push({
        point: point.id,
        time: times[index]!,
        value,
        quality: qualities?.get(index) ?? GOOD,
      });
    }
  }
  return readings;
}

function expandTimeColumn(item: unknown, baseTime: number, expected: number, where: string): number[] {
  let times: number[];
  if (item instanceof Map) {
    const first = asInteger(item.get(RegularTimes.first), `${where}.first`);
    const step = asInteger(item.get(RegularTimes.step), `${where}.step`);
    const count = asInteger(item.get(RegularTimes.count), `${where}.count`);
    // The count is bounded by the values it must match, so a hostile count cannot allocate.
    if (count !== expected) malformed(`${where} has ${count} times for ${expected} values`);
    times = new Array(count);
    let time = baseTime + first;
    for (let index = 0; index < count; index += 1) {
      times[index] = time;
      time += step;
    }
  } else {
    const deltas = asArray(item, where);
    times = new Array(deltas.length);
    let time = baseTime;
    for (let index = 0; index < deltas.length; index += 1) {
      time += asInteger(deltas[index], `${where}[${index}]`);
      times[index] = time;
    }
  }
  for (let index = 0; index < times.length; index += 1) {
    const time = times[index]!;
    if (!Number.isSafeInteger(time) || time < 0)
      malformed(`${where} yields an invalid time ${time} at ${index}`);
  }
  return times;
}

function decodeQualities(item: unknown, length: number, where: string): Map<number, Quality> {
  const column = asMap(item, `${where}.quality`);
  const qualities = new Map<number, Quality>();
  for (const [key, code] of column) {
    const index = asInteger(key, `${where}.quality key`);
    if (index < 0 || index >= length) malformed(`${where}.quality names value ${index} of ${length}`);
    const quality = qualityFromCode(asInteger(code, `${where}.quality[${index}]`));
    if (quality === undefined)
      malformed(`${where}.quality[${index}] is an unknown quality code ${String(code)}`);
    qualities.set(index, quality!);
  }
  return qualities;
}
