import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rawTypes } from '../data-types.js';
import type { RegisterSpec } from '../profile/schema.js';
import { createRegisterSnapshot } from '../snapshot.js';
import { readWith, registerReader } from './register-reader.js';
import { readRegister } from './transform.js';

/*
 * The reader must give readRegister's result bit for bit (Object.is: -0, NaN and undefined included),
 * or a specialised decoding is wrong. One-register types are checked on every word; the rest, and bit
 * fields, on random ones.
 */

const spec = (fields: Partial<RegisterSpec>): RegisterSpec => ({
  table: 'holding',
  address: 0,
  type: 'u16',
  byteOrder: 'big',
  wordOrder: 'big',
  writable: false,
  ...fields,
});

/** What a snapshot may hold at an address: words, and what no register can hold. */
const cell = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 0xffff }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom<number | undefined>(
      undefined,
      -1,
      0x10000,
      70_000,
      1.5,
      -0,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      2 ** 32 + 5,
    ),
  },
);

const specArbitrary = fc.record({
  table: fc.constantFrom('holding', 'input', 'coils', 'discrete'),
  address: fc.integer({ min: 0, max: 3 }),
  type: fc.constantFrom(...rawTypes),
  byteOrder: fc.constantFrom('big', 'little'),
  wordOrder: fc.constantFrom('big', 'little'),
  bit: fc.option(fc.integer({ min: 0, max: 15 }), { nil: undefined }),
  bits: fc.option(fc.integer({ min: 1, max: 16 }), { nil: undefined }),
});

describe('registerReader', () => {
  it('gives readRegister’s value for every word of the one-register types, in both byte orders', () => {
    for (const type of ['u16', 'i16', 'bool'] as const) {
      for (const byteOrder of ['big', 'little'] as const) {
        const one = spec({ type, byteOrder, address: 7 });
        const reader = registerReader(one);
        const snapshot = createRegisterSnapshot();
        for (let word = 0; word <= 0xffff; word++) {
          snapshot.set('holding', 7, [word]);
          const expected = readRegister(snapshot, one);
          if (!Object.is(readWith(reader, snapshot), expected)) {
            expect(readWith(reader, snapshot), `${type} ${byteOrder} ${word}`).toBe(expected);
          }
        }
      }
    }
  });

  it('gives readRegister’s value for any spec, bit field and snapshot (property)', () => {
    fc.assert(
      fc.property(specArbitrary, fc.array(cell, { minLength: 8, maxLength: 8 }), (fields, cells) => {
        const one = spec(fields);
        const snapshot = createRegisterSnapshot();
        cells.forEach((value, address) => {
          if (value !== undefined) snapshot.set(one.table, address, [value]);
        });
        expect(Object.is(readWith(registerReader(one), snapshot), readRegister(snapshot, one))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('reads nothing from another table or a missing register', () => {
    const reader = registerReader(spec({ type: 'i16', table: 'input', address: 2 }));
    expect(readWith(reader, createRegisterSnapshot([{ table: 'holding', address: 2, values: [1] }]))).toBe(
      undefined,
    );
    expect(readWith(reader, createRegisterSnapshot([{ table: 'input', address: 2, values: [0xffff] }]))).toBe(
      -1,
    );
  });
});
