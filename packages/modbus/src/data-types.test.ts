import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DataType, decodeRegisters, encodeRegisters, registerCount } from './data-types.js';
import { isModbusError } from './errors.js';

const orders = [
  { byteOrder: 'big', wordOrder: 'big' },
  { byteOrder: 'little', wordOrder: 'big' },
  { byteOrder: 'big', wordOrder: 'little' },
  { byteOrder: 'little', wordOrder: 'little' },
] as const;

describe('registerCount', () => {
  it('gives fixed sizes and honours length for string and bcd', () => {
    expect(registerCount('bit')).toBe(1);
    expect(registerCount('i16')).toBe(1);
    expect(registerCount('f32')).toBe(2);
    expect(registerCount('u64')).toBe(4);
    expect(registerCount('f64')).toBe(4);
    expect(registerCount('string', 10)).toBe(10);
    expect(registerCount('bcd')).toBe(1);
    expect(registerCount('bcd', 2)).toBe(2);
  });
  it('rejects impossible lengths with a clear error', () => {
    expect(() => registerCount('string', 0)).toThrow(/length 0 .*1-125/);
    expect(() => registerCount('bcd', 4)).toThrow(/1-3/);
    expect(() => registerCount('nope' as DataType)).toThrow(/unknown data type/);
  });
});

describe('decodeRegisters', () => {
  it('decodes known layouts (float 1.5 in ABCD, CDAB, BADC, DCBA)', () => {
    // 1.5f = 0x3FC00000
    expect(decodeRegisters([0x3fc0, 0x0000], 'f32')).toBe(1.5);
    expect(decodeRegisters([0x0000, 0x3fc0], 'f32', { wordOrder: 'little' })).toBe(1.5);
    expect(decodeRegisters([0xc03f, 0x0000], 'f32', { byteOrder: 'little' })).toBe(1.5);
    expect(decodeRegisters([0x0000, 0xc03f], 'f32', { byteOrder: 'little', wordOrder: 'little' })).toBe(1.5);
  });
  it('decodes signed and unsigned integers', () => {
    expect(decodeRegisters([0xffff], 'u16')).toBe(65535);
    expect(decodeRegisters([0xffff], 'i16')).toBe(-1);
    expect(decodeRegisters([0xfffe, 0x0000], 'i32')).toBe(-131072);
    expect(decodeRegisters([0x0001, 0x0002], 'u32')).toBe(0x00010002);
    expect(decodeRegisters([0x0002, 0x0001], 'u32', { wordOrder: 'little' })).toBe(0x00010002);
  });
  it('decodes 64-bit integers exactly as bigint', () => {
    expect(decodeRegisters([0xffff, 0xffff, 0xffff, 0xffff], 'u64')).toBe(0xffff_ffff_ffff_ffffn);
    expect(decodeRegisters([0xffff, 0xffff, 0xffff, 0xffff], 'i64')).toBe(-1n);
    // 2^53 + 1 is not representable as a double: must stay exact.
    expect(decodeRegisters([0x0020, 0x0000, 0x0000, 0x0001], 'u64')).toBe(9007199254740993n);
    expect(decodeRegisters([0x0001, 0x0000, 0x0000, 0x0020], 'i64', { wordOrder: 'little' })).toBe(
      9007199254740993n,
    );
  });
  it('decodes bits of a register', () => {
    expect(decodeRegisters([0b1000_0000_0000_0100], 'bit', { bit: 2 })).toBe(true);
    expect(decodeRegisters([0b1000_0000_0000_0100], 'bit', { bit: 15 })).toBe(true);
    expect(decodeRegisters([0b1000_0000_0000_0100], 'bit', { bit: 3 })).toBe(false);
    // Byte order swaps which byte holds bit 0.
    expect(decodeRegisters([0x0100], 'bit', { bit: 0, byteOrder: 'little' })).toBe(true);
    expect(() => decodeRegisters([1], 'bit', { bit: 16 })).toThrow(/bit index 16/);
  });
  it('decodes strings and BCD', () => {
    expect(decodeRegisters([0x4142, 0x4300, 0x0000], 'string', { length: 3 })).toBe('ABC');
    expect(decodeRegisters([0x4241, 0x0043], 'string', { length: 2, byteOrder: 'little' })).toBe('ABC');
    expect(decodeRegisters([0x1234], 'bcd')).toBe(1234);
    expect(decodeRegisters([0x0012, 0x3456], 'bcd', { length: 2 })).toBe(123456);
    expect(() => decodeRegisters([0x12a4], 'bcd')).toThrow(/nibble 0xA/);
  });
  it('names what is wrong with bad input', () => {
    expect(() => decodeRegisters([1], 'u32')).toThrow(/needs 2 register\(s\) but only 1/);
    expect(() => decodeRegisters([70000], 'u16')).toThrow(/not a 16-bit word/);
    try {
      decodeRegisters([], 'f64');
    } catch (error) {
      expect(isModbusError(error, 'MODBUS_INVALID_ARGUMENT')).toBe(true);
    }
  });
});

describe('encodeRegisters', () => {
  it('is the inverse of decodeRegisters for every type and order', () => {
    const cases: [DataType, fc.Arbitrary<number | bigint | string | boolean>, number?][] = [
      ['u16', fc.integer({ min: 0, max: 0xffff })],
      ['i16', fc.integer({ min: -0x8000, max: 0x7fff })],
      ['u32', fc.integer({ min: 0, max: 0xffffffff })],
      ['i32', fc.integer({ min: -0x80000000, max: 0x7fffffff })],
      ['f32', fc.float({ noNaN: true }).map((x) => Math.fround(x))],
      ['f64', fc.double({ noNaN: true })],
      ['u64', fc.bigInt({ min: 0n, max: (1n << 64n) - 1n })],
      ['i64', fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n })],
      ['bcd', fc.integer({ min: 0, max: 99_999_999 }), 2],
      ['string', fc.string({ maxLength: 8, unit: fc.constantFrom(...'ABCxyz019-_.'.split('')) }), 4],
    ];
    for (const [type, values, length] of cases) {
      fc.assert(
        fc.property(values, fc.constantFrom(...orders), (value, order) => {
          const options = { ...order, ...(length === undefined ? {} : { length }) };
          const words = encodeRegisters(value, type, options);
          expect(words).toHaveLength(registerCount(type, length));
          expect(decodeRegisters(words, type, options)).toStrictEqual(value);
        }),
        { numRuns: 200 },
      );
    }
  });
  it('encodes bits and rejects values that do not fit', () => {
    expect(encodeRegisters(true, 'bit', { bit: 3 })).toEqual([8]);
    expect(encodeRegisters(false, 'bit', { bit: 3 })).toEqual([0]);
    expect(() => encodeRegisters(70000, 'u16')).toThrow(/outside 0..65535/);
    expect(() => encodeRegisters(1.5, 'i32')).toThrow(/not an integer/);
    expect(() => encodeRegisters(2 ** 60, 'u64')).toThrow(/bigint/);
    expect(() => encodeRegisters('too long', 'string', { length: 2 })).toThrow(/longer than 4/);
    expect(() => encodeRegisters(-1, 'bcd')).toThrow(/outside 0..9999/);
  });
});
