import type { Quality } from './quality.js';
import type { Reading } from './reading.js';

const BRAND: unique symbol = Symbol.for('firecode.ReadingColumns');

/**
 * Readings held column-wise: point ids, times, values and qualities in four columns instead of one
 * object per reading. The gateway's hot path (normalizer → report filter → batcher → encoder) moves
 * 10,000 readings a second at building scale; as objects, each one (with its boxed time and value)
 * was ~90 bytes of garbage that lived until its batch left, so it survived young collections and had
 * to be copied and later marked. As columns a poll costs no allocation per reading: point ids and
 * qualities are references to strings and (mostly shared, frozen) quality objects that exist anyway,
 * times and values sit in typed arrays.
 *
 * A value of `null` is marked in a column of its own: NaN is a value the wire carries apart from
 * "no value".
 */
export class ReadingColumns {
  /** @hidden Marks instances for {@link isReadingColumns}, also across copies of the package. */
  readonly [BRAND] = true;
  #points: string[];
  #times: Float64Array;
  #values: Float64Array;
  /** 1 where the reading has no value (`null`). */
  #missing: Uint8Array;
  #qualities: Quality[];
  #length = 0;

  /** `capacity`: the readings it holds before it grows (it grows by doubling). */
  constructor(capacity = 16) {
    const size = Math.max(1, Math.floor(capacity));
    this.#points = new Array<string>(size);
    this.#times = new Float64Array(size);
    this.#values = new Float64Array(size);
    this.#missing = new Uint8Array(size);
    this.#qualities = new Array<Quality>(size);
  }

  /** The readings of an array, as columns (the point ids and qualities are not copied). */
  static from(readings: readonly Reading[]): ReadingColumns {
    const columns = new ReadingColumns(readings.length);
    for (const reading of readings) columns.push(reading.point, reading.time, reading.value, reading.quality);
    return columns;
  }

  /** Readings held. */
  get length(): number {
    return this.#length;
  }

  /** Appends one reading. */
  push(point: string, time: number, value: number | null, quality: Quality): void {
    const row = this.#length;
    if (row === this.#times.length) this.#grow(row * 2);
    this.#points[row] = point;
    this.#times[row] = time;
    if (value === null) {
      this.#values[row] = 0;
      this.#missing[row] = 1;
    } else {
      this.#values[row] = value;
      this.#missing[row] = 0;
    }
    this.#qualities[row] = quality;
    this.#length = row + 1;
  }

  /**
   * Appends a reading whose value and quality are read from `source`, with time 0 until
   * {@link ReadingColumns.stampTimes} sets it. The normalizer's path: a number passed to a function
   * that the optimizer does not inline is boxed (a heap number per call), a number read from an
   * object inside the call is not, and one poll's readings share one time.
   */
  pushFrom(point: string, source: { readonly value: number | null; readonly quality: Quality }): void {
    const row = this.#length;
    if (row === this.#times.length) this.#grow(row * 2);
    this.#points[row] = point;
    this.#times[row] = 0;
    const value = source.value;
    if (value === null) {
      this.#values[row] = 0;
      this.#missing[row] = 1;
    } else {
      this.#values[row] = value;
      this.#missing[row] = 0;
    }
    this.#qualities[row] = source.quality;
    this.#length = row + 1;
  }

  /** Sets the time of the rows from `fromRow` to the last one (see {@link ReadingColumns.pushFrom}). */
  stampTimes(fromRow: number, time: number): void {
    this.#times.fill(time, fromRow, this.#length);
  }

  /** Appends row `row` of `other`. */
  pushRow(other: ReadingColumns, row: number): void {
    const at = this.#length;
    if (at === this.#times.length) this.#grow(at * 2);
    this.#points[at] = other.#points[row]!;
    this.#times[at] = other.#times[row]!;
    this.#values[at] = other.#values[row]!;
    this.#missing[at] = other.#missing[row]!;
    this.#qualities[at] = other.#qualities[row]!;
    this.#length = at + 1;
  }

  pointAt(row: number): string {
    return this.#points[row]!;
  }

  timeAt(row: number): number {
    return this.#times[row]!;
  }

  /** The value of a row; `null` when it has none. */
  valueAt(row: number): number | null {
    return this.#missing[row] === 1 ? null : this.#values[row]!;
  }

  /** The value column as stored: the value, or 0 where {@link ReadingColumns.isMissing}. */
  rawValueAt(row: number): number {
    return this.#values[row]!;
  }

  /** True where the reading has no value (`null`). */
  isMissing(row: number): boolean {
    return this.#missing[row] === 1;
  }

  qualityAt(row: number): Quality {
    return this.#qualities[row]!;
  }

  /** Row `row` as a reading object (a new object each call). */
  reading(row: number): Reading {
    return {
      point: this.pointAt(row),
      time: this.timeAt(row),
      value: this.valueAt(row),
      quality: this.qualityAt(row),
    };
  }

  /** Every row as reading objects, for consumers that want them (tests, the GB/T 26875.3 uplink). */
  toReadings(): Reading[] {
    const readings: Reading[] = new Array<Reading>(this.#length);
    for (let row = 0; row < this.#length; row += 1) readings[row] = this.reading(row);
    return readings;
  }

  /** Empties the columns and keeps their storage, to be filled again (one poll after another). */
  clear(): void {
    // The old rows' ids and qualities stay referenced until overwritten: a poller refills the same
    // rows with the same strings and shared qualities every poll, so clearing them would be work for
    // nothing on the hot path.
    this.#length = 0;
  }

  #grow(capacity: number): void {
    const times = new Float64Array(capacity);
    times.set(this.#times);
    this.#times = times;
    const values = new Float64Array(capacity);
    values.set(this.#values);
    this.#values = values;
    const missing = new Uint8Array(capacity);
    missing.set(this.#missing);
    this.#missing = missing;
    this.#points.length = capacity;
    this.#qualities.length = capacity;
  }
}

/** True for a {@link ReadingColumns} (also one from another copy of this package). */
export function isReadingColumns(value: unknown): value is ReadingColumns {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/** Readings as an array or as columns: what the encoder and the batcher accept. */
export type ReadingRows = readonly Reading[] | ReadingColumns;
