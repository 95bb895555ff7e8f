import { gb26875Error } from '../errors.js';
import { type Gb26875Time, readTime, TIME_BYTES, writeTime } from '../frame/time.js';
import { decodeGb18030, encodeGb18030 } from './gb18030.js';

/**
 * The kinds of field an information object is made of. Integers are little-endian like the rest of
 * the frame; text is GB18030.
 */
export type FieldKind =
  /** unsigned 8-bit */
  | 'u8'
  /** unsigned 16-bit (status words) */
  | 'u16'
  /** signed 16-bit (analog values) */
  | 'i16'
  /** unsigned 32-bit (component addresses) */
  | 'u32'
  /** six-byte time label */
  | 'time'
  /** 31 bytes of GB18030 text, padded with 0x00 (component descriptions) */
  | 'text31'
  /** one length byte L then L bytes of GB18030 text (configuration descriptions) */
  | 'text8';

/** Bytes a fixed-size field takes; `text8` is 1 + its text's length. */
export const fieldBytes: Readonly<Record<Exclude<FieldKind, 'text8'>, number>> = Object.freeze({
  u8: 1,
  u16: 2,
  i16: 2,
  u32: 4,
  time: TIME_BYTES,
  text31: 31,
});

/** A field's value: integers, text or a time label. */
export type FieldValue = number | string | Gb26875Time;

/** Where a field sits, for error messages. */
export interface FieldContext {
  readonly typeFlag: number;
  readonly object: number;
  readonly key: string;
}

function where(context: FieldContext): string {
  return `type ${context.typeFlag} object ${context.object} field "${context.key}"`;
}

const integerRange: Readonly<Record<'u8' | 'u16' | 'i16' | 'u32', readonly [number, number]>> = {
  u8: [0, 0xff],
  u16: [0, 0xffff],
  i16: [-0x8000, 0x7fff],
  u32: [0, 0xffffffff],
};

/** The bytes a value takes in a field (text8: 1 + encoded length). */
export function valueBytes(kind: FieldKind, value: FieldValue): number {
  if (kind === 'text8') return 1 + encodeGb18030(String(value)).length;
  return fieldBytes[kind];
}

/** Writes one field; returns the offset after it. Throws `GB26875_INVALID_INPUT` when it does not fit. */
export function writeField(
  out: Uint8Array,
  offset: number,
  kind: FieldKind,
  value: FieldValue | undefined,
  context: FieldContext,
  bcdTime: boolean,
): number {
  if (kind === 'time') {
    if (typeof value !== 'object' || value === null) {
      throw gb26875Error('GB26875_INVALID_INPUT', `${where(context)} must be a time label`, { ...context });
    }
    try {
      writeTime(out, offset, value, bcdTime);
    } catch (error) {
      throw gb26875Error('GB26875_INVALID_INPUT', `${where(context)}: ${(error as Error).message}`, {
        ...context,
      });
    }
    return offset + TIME_BYTES;
  }
  if (kind === 'text31' || kind === 'text8') {
    if (typeof value !== 'string') {
      throw gb26875Error('GB26875_INVALID_INPUT', `${where(context)} must be text`, { ...context });
    }
    const bytes = encodeGb18030(value);
    const max = kind === 'text31' ? 31 : 255;
    if (bytes.length > max) {
      throw gb26875Error(
        'GB26875_INVALID_INPUT',
        `${where(context)} is ${bytes.length} bytes in GB18030, the field holds ${max}; shorten it (fitGb18030 cuts at a character boundary)`,
        { ...context, length: bytes.length },
      );
    }
    if (kind === 'text8') {
      out[offset] = bytes.length;
      out.set(bytes, offset + 1);
      return offset + 1 + bytes.length;
    }
    out.fill(0, offset, offset + 31);
    out.set(bytes, offset);
    return offset + 31;
  }
  const [min, max] = integerRange[kind];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw gb26875Error(
      'GB26875_INVALID_INPUT',
      `${where(context)} is ${JSON.stringify(value)}, expected an integer ${min}..${max}`,
      { ...context, value },
    );
  }
  let rest = value < 0 ? value + 0x10000 : value;
  for (let i = 0; i < fieldBytes[kind]; i++) {
    out[offset + i] = rest & 0xff;
    rest = Math.floor(rest / 256);
  }
  return offset + fieldBytes[kind];
}

/** Reads one field at `offset`, which the caller has checked is in bounds for fixed kinds. */
export function readField(
  bytes: Uint8Array,
  offset: number,
  kind: FieldKind,
  context: FieldContext,
  bcdTime: boolean,
): { value: FieldValue; next: number } {
  switch (kind) {
    case 'u8':
      return { value: bytes[offset]!, next: offset + 1 };
    case 'u16':
      return { value: bytes[offset]! | (bytes[offset + 1]! << 8), next: offset + 2 };
    case 'i16': {
      const raw = bytes[offset]! | (bytes[offset + 1]! << 8);
      return { value: raw >= 0x8000 ? raw - 0x10000 : raw, next: offset + 2 };
    }
    case 'u32':
      return {
        value:
          (bytes[offset]! |
            (bytes[offset + 1]! << 8) |
            (bytes[offset + 2]! << 16) |
            (bytes[offset + 3]! << 24)) >>>
          0,
        next: offset + 4,
      };
    case 'time':
      try {
        return { value: readTime(bytes, offset, bcdTime), next: offset + TIME_BYTES };
      } catch (error) {
        throw gb26875Error('GB26875_BAD_TIME', `${where(context)}: ${(error as Error).message}`, {
          ...context,
          offset,
        });
      }
    case 'text31': {
      let end = offset + 31;
      while (end > offset && bytes[end - 1] === 0) end--;
      return { value: decodeGb18030(bytes.subarray(offset, end)), next: offset + 31 };
    }
    case 'text8': {
      const length = bytes[offset]!;
      if (offset + 1 + length > bytes.length) {
        throw gb26875Error(
          'GB26875_BAD_ADU',
          `${where(context)}: text length ${length} at ADU byte ${offset} runs past the ADU's ${bytes.length} bytes`,
          { ...context, offset, length },
        );
      }
      return {
        value: decodeGb18030(bytes.subarray(offset + 1, offset + 1 + length)),
        next: offset + 1 + length,
      };
    }
  }
}
