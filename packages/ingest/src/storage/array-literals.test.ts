import { describe, expect, it } from 'vitest';
import { numberArray, textArray } from './array-literals.js';

describe('PostgreSQL array literals', () => {
  it('writes numbers, nulls and non-finite values as PostgreSQL reads them', () => {
    expect(numberArray([1, 2.5, null, -0.125, Number.NaN, Number.POSITIVE_INFINITY], 6)).toBe(
      '{1,2.5,NULL,-0.125,NULL,Infinity}',
    );
    expect(numberArray(Float64Array.of(1e21, 3), 2)).toBe('{1e+21,3}');
    expect(numberArray([1, 2, 3], 2)).toBe('{1,2}');
  });

  it('quotes every text and escapes quotes and backslashes', () => {
    expect(textArray(['good', 'bad:communication-failure', 'a"b\\c', 'NULL', ''], 5)).toBe(
      '{"good","bad:communication-failure","a\\"b\\\\c","NULL",""}',
    );
  });
});
