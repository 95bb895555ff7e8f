import { devicesError } from './errors.js';

/**
 * Raw types a profile can read. Register types cover 1, 2 or 4 consecutive 16-bit registers; `bool`
 * is the one type of the bit tables (coils, discrete inputs).
 *
 * Kept local (not the Modbus engine's decoder) because the profile must also ENCODE values for the
 * simulator, and the validation needs the register counts before any bus exists.
 */
export const rawTypes = [
  'uint16',
  'int16',
  'uint32',
  'int32',
  'float32',
  'uint64',
  'int64',
  'float64',
  'bool',
] as const;
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
    case 'uint16':
    case 'int16':
      return 1;
    case 'uint32':
    case 'int32':
    case 'float32':
      return 2;
    default:
      return 4;
  }
}

/** Puts registers into the big-endian byte sequence the type is defined on. */
function toBytes(words: readonly number[], layout: RawLayout): DataView {
  const ordered = layout.wordOrder === 'big' ? [...words] : [...words].reverse();
  const view = new DataView(new ArrayBuffer(ordered.length * 2));
  ordered.forEach((word, index) => {
    view.setUint16(index * 2, word & 0xffff, layout.byteOrder === 'little');
  });
  return view;
}

function fromBytes(view: DataView, layout: RawLayout): number[] {
  const words: number[] = [];
  for (let offset = 0; offset < view.byteLength; offset += 2) {
    words.push(view.getUint16(offset, layout.byteOrder === 'little'));
  }
  return layout.wordOrder === 'big' ? words : words.reverse();
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
  const view = toBytes(words, layout);
  switch (layout.type) {
    case 'uint16':
      return view.getUint16(0);
    case 'int16':
      return view.getInt16(0);
    case 'uint32':
      return view.getUint32(0);
    case 'int32':
      return view.getInt32(0);
    case 'float32':
      return view.getFloat32(0);
    case 'uint64':
      return Number(view.getBigUint64(0));
    case 'int64':
      return Number(view.getBigInt64(0));
    case 'float64':
      return view.getFloat64(0);
  }
}

const integerLimits: Partial<Record<RawType, [number, number]>> = {
  bool: [0, 1],
  uint16: [0, 0xffff],
  int16: [-0x8000, 0x7fff],
  uint32: [0, 0xffffffff],
  int32: [-0x80000000, 0x7fffffff],
  uint64: [0, Number.MAX_SAFE_INTEGER],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
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
  const view = new DataView(new ArrayBuffer(registerCountOf(layout.type) * 2));
  switch (layout.type) {
    case 'uint16':
      view.setUint16(0, value);
      break;
    case 'int16':
      view.setInt16(0, value);
      break;
    case 'uint32':
      view.setUint32(0, value);
      break;
    case 'int32':
      view.setInt32(0, value);
      break;
    case 'float32':
      view.setFloat32(0, value);
      break;
    case 'uint64':
      view.setBigUint64(0, BigInt(value));
      break;
    case 'int64':
      view.setBigInt64(0, BigInt(value));
      break;
    case 'float64':
      view.setFloat64(0, value);
      break;
  }
  return fromBytes(view, layout);
}
