/**
 * A point's values on the wire: integers are decimal-scaled (value × 10^decimals) and written as the
 * difference from the previous integer in the column, so a slowly drifting pressure costs one byte per
 * sample. A value that no scale represents exactly (NaN, ±Infinity, or beyond 2^52 once scaled) is
 * written raw as a one-element array `[float]`, and `null` is a missing value. Negative zero is sent
 * as 0 (integers have no sign of zero; no sensor reports one that means anything). Decoding divides by
 * 10^decimals, which gives back exactly the double that was encoded: the encoder checks that round trip
 * for every value before it picks the scale.
 */

import type { ReadingColumns } from '@firecode/schema';
import type { CborWriter } from './cbor-writer.js';

/** Largest number of decimals a column may use (10^15 still multiplies exactly). */
export const MAX_DECIMALS = 15;
/** Scaled integers stay within ±2^52 so that differences stay safe integers. */
const MAX_SCALED = 2 ** 52;

const powers: number[] = Array.from({ length: MAX_DECIMALS + 1 }, (_, index) => 10 ** index);

/** Fewest decimals that represent `value` exactly, or -1 when none does. */
function decimalsOf(value: number, atLeast: number): number {
  if (!Number.isFinite(value)) return -1;
  for (let decimals = atLeast; decimals <= MAX_DECIMALS; decimals += 1) {
    const power = powers[decimals]!;
    const scaled = Math.round(value * power);
    if (Math.abs(scaled) > MAX_SCALED) return -1;
    if (scaled / power === value) return decimals;
  }
  return -1;
}

/**
 * The one scale for a column: the most decimals any exactly representable value needs. `count` limits
 * the column to the first values of `values` (a reused buffer); `missing[i] === 1` marks a value as
 * `null` (for values in a typed array, which cannot hold one).
 */
export function chooseDecimals(
  values: ArrayLike<number | null>,
  count = values.length,
  missing?: ArrayLike<number>,
): number {
  let decimals = 0;
  for (let index = 0; index < count; index += 1) {
    const value = values[index]!;
    if (value === null || missing?.[index] === 1) continue;
    const needed = decimalsOf(value, decimals);
    if (needed > decimals) decimals = needed;
  }
  return decimals;
}

/** Writes the first `count` values as a column with the given decimals (see the file comment and {@link chooseDecimals}). */
export function writeValues(
  writer: CborWriter,
  values: ArrayLike<number | null>,
  decimals: number,
  count = values.length,
  missing?: ArrayLike<number>,
): void {
  const power = powers[decimals]!;
  writer.arrayHead(count);
  let previous = 0;
  for (let index = 0; index < count; index += 1) {
    const value = values[index]!;
    if (value === null || missing?.[index] === 1) {
      writer.null();
      continue;
    }
    const scaled = Math.round(value * power);
    if (Number.isFinite(value) && Math.abs(scaled) <= MAX_SCALED && scaled / power === value) {
      writer.integer(scaled - previous);
      previous = scaled;
    } else {
      writer.item([value]);
    }
  }
}

/**
 * Writes the decimals and the one-value column of row `row` of `readings`, a single-reading series:
 * what {@link chooseDecimals} and {@link writeValues} write for a column of one, without the column
 * buffer (the usual series of a batch, each point polled once). The value is read here, not passed
 * in: a double passed to a call that is not inlined is boxed, a heap number per reading.
 */
export function writeSingleValue(writer: CborWriter, readings: ReadingColumns, row: number): void {
  if (readings.isMissing(row)) {
    writer.integer(0);
    writer.arrayHead(1);
    writer.null();
    return;
  }
  const value = readings.rawValueAt(row);
  const decimals = decimalsOf(value, 0);
  if (decimals < 0) {
    // No scale represents it (see writeValues): decimals 0 and the raw float.
    writer.integer(0);
    writer.arrayHead(1);
    writer.item([value]);
    return;
  }
  writer.integer(decimals);
  writer.arrayHead(1);
  writer.integer(Math.round(value * powers[decimals]!));
}

/** Power of ten for a decoded `decimals` field, or undefined when it is out of range. */
export function powerOfTen(decimals: unknown): number | undefined {
  return typeof decimals === 'number' && Number.isInteger(decimals) ? powers[decimals] : undefined;
}
