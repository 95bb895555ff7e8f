import { decodeRegisters, encodeRegisters } from '@firecode/modbus';
import { devicesError } from './errors.js';

/**
 * Raw types a profile can read: the Modbus engine's register types (1, 2 or 4 consecutive 16-bit
 * registers, decoded by its `decodeRegisters`), plus `bool`, the one type of the bit tables (coils,
 * discrete inputs). Bit fields inside a register are `u16` with `bit`/`bits` in the register spec.
 */
export const rawTypes = ['u16', 'i16', 'u32', 'i32', 'f32', 'u64', 'i64', 'f64', 'bool'] as const;
/** One of {@link rawTypes}. */
export type RawType = (typeof rawTypes)[number];

/** Order of the two bytes inside one register, and of the registers inside a multi-register value. */
export type Endianness = 'big' | 'little';

/** How a value sits in its registers. */
export interface RawLayout {
  type: RawType;
  /** Bytes inside each register: 'big' (Modbus standard, high byte first) or 'little' (byte swap). */
  byteOrder: Endianness;
  /** Registers of a 32/64-bit value: 'big' (high word first) or 'little' (word swap, "CDAB"). */
  wordOrder: Endianness;
}

/** How many 16-bit registers (or bits, for `bool`) a raw type occupies. */
export function registerCountOf(type: RawType): number {
  switch (type) {
    case 'bool':
    case 'u16':
    case 'i16':
      return 1;
    case 'u32':
    case 'i32':
    case 'f32':
      return 2;
    default:
      return 4;
  }
}

/**
 * Decodes the registers of one value. `words` must hold exactly `registerCountOf(type)` entries; for
 * `bool`, one 0/1 entry. 64-bit integers beyond 2^53 lose precision (they are not used for fire data).
 */
export function decodeRaw(words: readonly number[], layout: RawLayout): number {
  const count = registerCountOf(layout.type);
  if (words.length !== count) {
    throw devicesError(
      'DEVICES_OPTIONS_INVALID',
      `a ${layout.type} needs ${count} register(s), got ${words.length}: pass the value's registers only`,
    );
  }
  if (layout.type === 'bool') return words[0] ? 1 : 0;
  // The layout is the decoder's options as it is (no copy per value): its byte and word order are what
  // the decoder reads; `bit` and `length` it reads only for types a layout never has ('bit', 'string').
  return Number(decodeRegisters(words, layout.type, layout));
}

const integerLimits: Partial<Record<RawType, [number, number]>> = {
  bool: [0, 1],
  u16: [0, 0xffff],
  i16: [-0x8000, 0x7fff],
  u32: [0, 0xffffffff],
  i32: [-0x80000000, 0x7fffffff],
  u64: [0, Number.MAX_SAFE_INTEGER],
  i64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/** The smallest and largest integer a raw integer type holds; `undefined` for floats. */
export function integerLimitsOf(type: RawType): readonly [number, number] | undefined {
  return integerLimits[type];
}

/**
 * Encodes one value into its registers (the inverse of {@link decodeRaw}). Integers must be whole and
 * fit the type; the error says which limit was crossed.
 */
export function encodeRaw(value: number, layout: RawLayout): number[] {
  const limits = integerLimits[layout.type];
  if (limits) {
    if (!Number.isInteger(value) || value < limits[0] || value > limits[1]) {
      throw devicesError(
        'DEVICES_VALUE_NOT_ENCODABLE',
        `${value} does not fit a ${layout.type} (whole numbers ${limits[0]}..${limits[1]}): change the value or the decimals`,
      );
    }
  }
  if (layout.type === 'bool') return [value];
  const is64 = layout.type === 'u64' || layout.type === 'i64';
  return encodeRegisters(is64 ? BigInt(value) : value, layout.type, {
    byteOrder: layout.byteOrder,
    wordOrder: layout.wordOrder,
  });
}
