import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tidy } from './tidy.js';

/** What tidy must give, by definition. */
const byString = (value: number) => Number(value.toPrecision(12));

describe('tidy', () => {
  it('rounds binary noise to 12 significant digits', () => {
    expect(tidy(0.1 * 3)).toBe(0.3);
    expect(tidy(1.1 * 1.1)).toBe(1.21);
    expect(tidy(300 / 1000)).toBe(0.3);
    expect(tidy(-0.7 * 3)).toBe(-2.1);
    expect(tidy(123456789.0123456)).toBe(123456789.012);
  });

  it('gives 0 for -0, and NaN and infinities unchanged, as toPrecision does', () => {
    expect(Object.is(tidy(-0), 0)).toBe(true);
    expect(tidy(Number.NaN)).toBeNaN();
    expect(tidy(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(tidy(Number.NEGATIVE_INFINITY)).toBe(Number.NEGATIVE_INFINITY);
  });

  it('equals Number(value.toPrecision(12)) at and around every power of ten', () => {
    for (let exponent = -30; exponent <= 30; exponent++) {
      const power = 10 ** exponent;
      for (const value of [power, power * (1 + 1e-16), power * (1 - 1e-16), power * 0.9999999999995]) {
        for (const signed of [value, -value]) {
          for (const near of [signed, nextUp(signed), nextDown(signed)]) {
            expect(Object.is(tidy(near), byString(near)), `${near}`).toBe(true);
          }
        }
      }
    }
  });

  it('equals Number(value.toPrecision(12)) on exact and near ties of the 12th digit', () => {
    for (let exponent = -8; exponent <= 11; exponent++) {
      for (const digits of [100000000000.5, 123456789012.5, 999999999999.5, 500000000000.5]) {
        const value = digits * 10 ** (exponent - 11);
        for (const near of [value, nextUp(value), nextDown(value), -value]) {
          expect(Object.is(tidy(near), byString(near)), `${near}`).toBe(true);
        }
      }
    }
  });

  it('equals Number(value.toPrecision(12)) on half a million values of every magnitude', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: false }), (value) => Object.is(tidy(value), byString(value))),
      { numRuns: 200_000 },
    );
    // Sensor-like values: a raw integer scaled by a power of ten and a unit factor.
    fc.assert(
      fc.property(
        fc.integer({ min: -2_000_000, max: 2_000_000 }),
        fc.integer({ min: 0, max: 6 }),
        fc.constantFrom(1, 1000, 0.001, 0.1, 9.80665, 0.0980665, 6.894757, 133.322, 1 / 3),
        (raw, decimals, factor) => {
          const value = (raw / 10 ** decimals) * factor;
          return Object.is(tidy(value), byString(value));
        },
      ),
      { numRuns: 300_000 },
    );
  });
});

const scratch = new DataView(new ArrayBuffer(8));

/** The next double above `value` (finite, non-zero values only). */
function nextUp(value: number): number {
  scratch.setFloat64(0, value);
  const bits = scratch.getBigUint64(0);
  scratch.setBigUint64(0, value > 0 ? bits + 1n : bits - 1n);
  return scratch.getFloat64(0);
}

/** The next double below `value` (finite, non-zero values only). */
function nextDown(value: number): number {
  scratch.setFloat64(0, value);
  const bits = scratch.getBigUint64(0);
  scratch.setBigUint64(0, value > 0 ? bits - 1n : bits + 1n);
  return scratch.getFloat64(0);
}
