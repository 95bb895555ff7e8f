/**
 * Reads a data batch's time columns and series (see reading-columns.ts for the layout) from CBOR bytes
 * straight into typed arrays. It applies the same checks, in the same order, as `decodeReadingColumns`,
 * so a batch that one rejects the other rejects too.
 */
import { GOOD, type Quality, type Reading } from '@firecode/schema';
import type { PreparedCatalog } from './catalog.js';
import { type CborCursor, Major } from './cbor-cursor.js';
import { codecError } from './errors.js';
import { powerOfTen } from './value-column.js';
import { qualityFromCode } from './wire-codes.js';
import { RegularTimes } from './wire-keys.js';
import { malformed } from './wire-read.js';

/**
 * A batch's readings as columns: reading `i` is point `pointIds[alias[i]]` at `time[i]` (epoch ms)
 * with `value[i]`, missing (`null` in a `Reading`) where `missing[i]` is 1 (`value[i]` is then NaN),
 * and quality `qualityCode[i]`: 0 is good, otherwise the wire's `reason << 2 | level` code
 * (`qualityOfCode` turns it back into a `Quality`).
 */
export interface ReadingColumns {
  /** Number of readings. */
  readonly count: number;
  /** The catalog's point ids, indexed by alias. */
  readonly pointIds: readonly string[];
  readonly alias: Uint32Array;
  readonly time: Float64Array;
  readonly value: Float64Array;
  readonly missing: Uint8Array;
  readonly qualityCode: Uint8Array;
}

/**
 * Where a time column is: a regular one's map of `length` pairs (first offset, step, count), or a
 * list of `length` deltas; its first entry at `offset`. `invalid` is neither: an error once a series
 * uses it. Like the object decoder, a column's content is checked only when a series uses it.
 */
interface TimeColumn {
  kind: 'regular' | 'list' | 'invalid';
  offset: number;
  length: number;
}

const pointIdsOf = new WeakMap<PreparedCatalog, readonly string[]>();

/** The columns of `body.series`, given the offsets of the body's time columns and series (if any). */
export function readSeriesColumns(
  cursor: CborCursor,
  timeColumnsOffset: number | undefined,
  seriesOffset: number | undefined,
  catalog: PreparedCatalog,
  baseTime: number,
): ReadingColumns {
  const pointIds = pointIdsFor(catalog);
  if (seriesOffset === undefined) return emptyColumns(pointIds);
  if (timeColumnsOffset === undefined) malformed('body.timeColumns must be an array');
  cursor.offset = timeColumnsOffset!;
  const timeColumns = readTimeColumnOffsets(cursor);
  // Every value takes at least one byte, so the bytes from the series on bound the number of
  // readings: the columns are allocated once at that size and handed out as views of their used part.
  const capacity = cursor.bytes.length - seriesOffset;
  const columns = {
    alias: new Uint32Array(capacity),
    time: new Float64Array(capacity),
    value: new Float64Array(capacity),
    missing: new Uint8Array(capacity),
    qualityCode: new Uint8Array(capacity),
  };
  cursor.offset = seriesOffset;
  const seriesCount = cursor.arrayLength('body.series');
  let count = 0;
  for (let seriesIndex = 0; seriesIndex < seriesCount; seriesIndex += 1) {
    count = readSeries(cursor, seriesIndex, timeColumns, catalog, baseTime, columns, count);
  }
  return {
    count,
    pointIds,
    alias: columns.alias.subarray(0, count),
    time: columns.time.subarray(0, count),
    value: columns.value.subarray(0, count),
    missing: columns.missing.subarray(0, count),
    qualityCode: columns.qualityCode.subarray(0, count),
  };
}

function pointIdsFor(catalog: PreparedCatalog): readonly string[] {
  let ids = pointIdsOf.get(catalog);
  if (ids === undefined) {
    ids = catalog.catalog.points.map((point) => point.id);
    pointIdsOf.set(catalog, ids);
  }
  return ids;
}

function emptyColumns(pointIds: readonly string[]): ReadingColumns {
  return {
    count: 0,
    pointIds,
    alias: new Uint32Array(0),
    time: new Float64Array(0),
    value: new Float64Array(0),
    missing: new Uint8Array(0),
    qualityCode: new Uint8Array(0),
  };
}

/** Where each time column is; its content is checked only when a series uses it, as in the object decoder. */
function readTimeColumnOffsets(cursor: CborCursor): TimeColumn[] {
  const count = cursor.arrayLength('body.timeColumns');
  const columns: TimeColumn[] = new Array(count);
  for (let index = 0; index < count; index += 1) {
    const start = cursor.offset;
    cursor.readHead();
    const kind = cursor.major === Major.array ? 'list' : cursor.major === Major.map ? 'regular' : 'invalid';
    columns[index] = { kind, offset: cursor.offset, length: cursor.argument };
    cursor.offset = start;
    cursor.skip();
  }
  return columns;
}

function readRegular(
  cursor: CborCursor,
  pairs: number,
  where: string,
): { first: number; step: number; count: number } {
  let first: number | undefined;
  let step: number | undefined;
  let count: number | undefined;
  for (let pair = 0; pair < pairs; pair += 1) {
    cursor.readHead();
    const key = cursor.major === Major.unsigned ? cursor.argument : -1;
    if (cursor.major !== Major.unsigned) {
      cursor.offset -= 1;
      cursor.skip();
      cursor.skip();
      continue;
    }
    if (key === RegularTimes.first) first = cursor.integer(`${where}.first`);
    else if (key === RegularTimes.step) step = cursor.integer(`${where}.step`);
    else if (key === RegularTimes.count) count = cursor.integer(`${where}.count`);
    else cursor.skip();
  }
  if (first === undefined) malformed(`${where}.first must be an integer within ±2^53`);
  if (step === undefined) malformed(`${where}.step must be an integer within ±2^53`);
  if (count === undefined) malformed(`${where}.count must be an integer within ±2^53`);
  return { first: first!, step: step!, count: count! };
}

interface MutableColumns {
  alias: Uint32Array;
  time: Float64Array;
  value: Float64Array;
  missing: Uint8Array;
  qualityCode: Uint8Array;
}

function readSeries(
  cursor: CborCursor,
  seriesIndex: number,
  timeColumns: readonly TimeColumn[],
  catalog: PreparedCatalog,
  baseTime: number,
  columns: MutableColumns,
  start: number,
): number {
  const where = `body.series[${seriesIndex}]`;
  const fields = cursor.arrayLength(where);
  if (fields < 4 || fields > 5) malformed(`${where} has ${fields} fields, expected 4 or 5`);
  const alias = cursor.integer(`${where}.alias`);
  const points = catalog.catalog.points;
  if (points[alias] === undefined) {
    throw codecError(
      'CODEC_UNKNOWN_POINT',
      `${where} uses point alias ${alias}, but catalog ${catalog.hash} has ${points.length} points: the batch and the catalog do not match`,
      { path: where, alias },
    );
  }
  const columnIndex = cursor.integer(`${where}.timeColumn`);
  if (columnIndex < 0 || columnIndex >= timeColumns.length) {
    malformed(`${where} refers to time column ${columnIndex} of ${timeColumns.length}`);
  }
  const decimalsStart = cursor.offset;
  cursor.readHead();
  const power =
    cursor.major === Major.unsigned ? powerOfTen(cursor.argument) : floatDecimals(cursor, decimalsStart);
  if (power === undefined) malformed(`${where}.decimals must be an integer from 0 to 15`);
  const length = cursor.arrayLength(`${where}.values`);
  const valuesStart = cursor.offset;
  writeTimes(cursor, timeColumns[columnIndex], columnIndex, baseTime, length, where, columns.time, start);
  cursor.offset = valuesStart;
  if (fields === 5) {
    // Qualities come after the values in the bytes but are checked before them (as the object
    // decoder does): find and read them first.
    for (let index = 0; index < length; index += 1) cursor.skip();
    readQualities(cursor, length, where, columns.qualityCode, start);
    const seriesEnd = cursor.offset;
    cursor.offset = valuesStart;
    readValues(cursor, length, power!, where, columns, start);
    cursor.offset = seriesEnd;
  } else {
    readValues(cursor, length, power!, where, columns, start);
  }
  columns.alias.fill(alias, start, start + length);
  return start + length;
}

/** cbor-x hands an integral float as a number; the object decoder then accepts it as decimals. */
function floatDecimals(cursor: CborCursor, start: number): number | undefined {
  if (cursor.major !== Major.simple || cursor.info < 25) {
    cursor.offset = start;
    cursor.skip();
    return undefined;
  }
  return powerOfTen(cursor.readFloat());
}

function writeTimes(
  cursor: CborCursor,
  column: TimeColumn | undefined,
  columnIndex: number,
  baseTime: number,
  expected: number,
  seriesWhere: string,
  times: Float64Array,
  start: number,
): void {
  const where = `body.timeColumns[${columnIndex}]`;
  if (column === undefined || column.kind === 'invalid') {
    malformed(`${where} must be an array`);
    return;
  }
  cursor.offset = column.offset;
  if (column.kind === 'regular') {
    const regular = readRegular(cursor, column.length, where);
    if (regular.count !== expected) malformed(`${where} has ${regular.count} times for ${expected} values`);
    // Times step linearly, so they are all valid when the first and the last are.
    const first = baseTime + regular.first;
    const last = first + regular.step * (expected - 1);
    for (const [time, index] of [
      [first, 0],
      [last, expected - 1],
    ] as const) {
      if (expected > 0 && (!Number.isSafeInteger(time) || time < 0)) {
        malformed(`${where} yields an invalid time ${time} at ${index}`);
      }
    }
    let time = first;
    for (let index = start; index < start + expected; index += 1) {
      times[index] = time;
      time += regular.step;
    }
    return;
  }
  let time = baseTime;
  const fits = column.length === expected;
  for (let index = 0; index < column.length; index += 1) {
    time += cursor.integer(`${where}[${index}]`);
    if (fits) times[start + index] = time;
  }
  if (!fits) {
    malformed(`${seriesWhere} has ${expected} values but its time column has ${column.length} times`);
  }
  for (let index = 0; index < expected; index += 1) {
    const value = times[start + index]!;
    if (!Number.isSafeInteger(value) || value < 0) {
      malformed(`${where} yields an invalid time ${value} at ${index}`);
    }
  }
}

function readQualities(
  cursor: CborCursor,
  length: number,
  where: string,
  codes: Uint8Array,
  start: number,
): void {
  const pairs = cursor.mapSize(`${where}.quality`);
  for (let pair = 0; pair < pairs; pair += 1) {
    const index = cursor.integer(`${where}.quality key`);
    if (index < 0 || index >= length) malformed(`${where}.quality names value ${index} of ${length}`);
    const codeStart = cursor.offset;
    cursor.readHead();
    const code = cursor.integerOfHead(`${where}.quality[${index}]`);
    if (qualityFromCode(code) === undefined) {
      cursor.offset = codeStart;
      malformed(`${where}.quality[${index}] is an unknown quality code ${String(code)}`);
    }
    codes[start + index] = code;
  }
}

function readValues(
  cursor: CborCursor,
  length: number,
  power: number,
  where: string,
  columns: MutableColumns,
  start: number,
): void {
  const { value: values, missing } = columns;
  const bytes = cursor.bytes;
  let previous = 0;
  for (let index = 0; index < length; index += 1) {
    const at = start + index;
    // Fast path: a delta of -24..23 is one byte (most of a slowly changing pressure's samples).
    const initial = bytes[cursor.offset]!;
    if (initial < 0x18 || (initial >= 0x20 && initial < 0x38)) {
      previous += initial < 0x18 ? initial : 0x1f - initial;
      cursor.offset += 1;
      values[at] = previous / power;
      continue;
    }
    cursor.readHead();
    const major = cursor.major;
    if (major === Major.unsigned || major === Major.negative) {
      previous += major === Major.unsigned ? cursor.argument : -1 - cursor.argument;
      if (!Number.isFinite(previous)) malformed(`${where}.values[${index}] must be an integer within ±2^53`);
      values[at] = previous / power;
    } else if (major === Major.simple) {
      if (cursor.info === 22) {
        values[at] = Number.NaN;
        missing[at] = 1;
      } else if (cursor.info >= 25) {
        const float = cursor.readFloat();
        if (!Number.isInteger(float))
          malformed(`${where}.values[${index}] must be an integer, [float] or null`);
        previous += float;
        values[at] = previous / power;
      } else {
        malformed(`${where}.values[${index}] must be an integer, [float] or null`);
      }
    } else if (major === Major.array && cursor.argument === 1) {
      values[at] = rawFloat(cursor, `${where}.values[${index}]`);
    } else {
      malformed(`${where}.values[${index}] must be an integer, [float] or null`);
    }
    if (!Number.isSafeInteger(previous)) malformed(`${where}.values[${index}] overflows`);
  }
}

/** The number inside a one-element array: a float, or an integer as cbor-x would hand it over. */
function rawFloat(cursor: CborCursor, where: string): number {
  cursor.readHead();
  if (cursor.major === Major.simple && cursor.info >= 25) return cursor.readFloat();
  if (cursor.major === Major.unsigned && Number.isFinite(cursor.argument)) return cursor.argument;
  if (cursor.major === Major.negative && Number.isFinite(cursor.argument)) return -1 - cursor.argument;
  return malformed(`${where} must be an integer, [float] or null`);
}

/** The quality of a column's code (0: good). Throws nothing: the decoder only lets known codes through. */
export function qualityOfCode(code: number): Quality {
  return code === 0 ? GOOD : (qualityFromCode(code) ?? GOOD);
}

/** The columns as `Reading` objects again (what `decodeMessage` gives), for code that wants objects. */
export function columnsToReadings(columns: ReadingColumns): Reading[] {
  const readings: Reading[] = new Array(columns.count);
  for (let index = 0; index < columns.count; index += 1) {
    readings[index] = {
      point: columns.pointIds[columns.alias[index]!]!,
      time: columns.time[index]!,
      value: columns.missing[index] === 1 ? null : columns.value[index]!,
      quality: qualityOfCode(columns.qualityCode[index]!),
    };
  }
  return readings;
}
