import { gb26875Error } from '../errors.js';
import { MAX_ADU_BYTES } from '../frame/frame.js';
import type { Gb26875Quirks } from '../frame/quirks.js';
import { type FieldValue, fieldBytes, readField, valueBytes, writeField } from './fields.js';
import { type AduLayout, aduLayout } from './layouts.js';
import type { Gb26875Adu } from './objects.js';

/** Options of {@link encodeAdu} and {@link decodeAdu}. */
export interface AduOptions {
  /** `bcdTime` applies to every time label inside the objects too. */
  readonly quirks?: Gb26875Quirks;
}

/** Bytes before the objects: the type flag and the object count. */
export const ADU_HEADER_BYTES = 2;

function layoutFor(type: number): AduLayout {
  const layout = aduLayout(type);
  if (layout === undefined) {
    throw gb26875Error(
      'GB26875_BAD_ADU',
      `type flag ${type} is ${type >= 128 && type <= 254 ? 'user-defined' : 'reserved'} in GB/T 26875.3 table 3; this decoder reads the defined ones (1-8, 21-28, 61-68, 81-91)`,
      { typeFlag: type },
    );
  }
  return layout;
}

/** The bytes one object takes in its type's layout. */
export function objectBytes(layout: AduLayout, object: Readonly<Record<string, unknown>>): number {
  let size = 0;
  for (const field of layout.fields) {
    size +=
      field.kind === 'text8' ? valueBytes('text8', String(object[field.key] ?? '')) : fieldBytes[field.kind];
  }
  return size;
}

/**
 * Encodes an ADU. Throws `GB26875_INVALID_INPUT` for a field that does not fit (named with its type,
 * object and key), more objects than the type allows or an ADU over 1024 bytes (see `splitAdu`).
 */
export function encodeAdu(adu: Gb26875Adu, options: AduOptions = {}): Uint8Array {
  const layout = aduLayout(adu.type);
  if (layout === undefined) {
    throw gb26875Error('GB26875_INVALID_INPUT', `type flag ${adu.type} is not one the standard defines`, {
      typeFlag: adu.type,
    });
  }
  const objects = adu.objects as unknown as readonly Readonly<Record<string, unknown>>[];
  if (objects.length > layout.maxObjects) {
    throw gb26875Error(
      'GB26875_INVALID_INPUT',
      `type ${layout.type} (${layout.name}) carries at most ${layout.maxObjects} objects, got ${objects.length}; split them with splitAdu`,
      { typeFlag: layout.type, count: objects.length, max: layout.maxObjects },
    );
  }
  let size = ADU_HEADER_BYTES;
  for (const object of objects) size += objectBytes(layout, object);
  if (size > MAX_ADU_BYTES) {
    throw gb26875Error(
      'GB26875_INVALID_INPUT',
      `type ${layout.type} ADU of ${objects.length} objects is ${size} bytes, over the standard's ${MAX_ADU_BYTES}; split them with splitAdu`,
      { typeFlag: layout.type, size },
    );
  }
  const bcd = options.quirks?.bcdTime === true;
  const out = new Uint8Array(size);
  out[0] = layout.type;
  out[1] = objects.length;
  let offset = ADU_HEADER_BYTES;
  objects.forEach((object, index) => {
    for (const field of layout.fields) {
      const value = object[field.key] as FieldValue | undefined;
      // A reserved byte the caller left out is sent as 0, as the standard asks.
      const given = value === undefined && field.key === 'reserved' ? 0 : value;
      offset = writeField(
        out,
        offset,
        field.kind,
        given,
        { typeFlag: layout.type, object: index, key: field.key },
        bcd,
      );
    }
  });
  return out;
}

/**
 * Decodes an ADU. Strict: a known type flag, an object count within the type's limit, and exactly as
 * many bytes as the objects take; otherwise `GB26875_BAD_ADU` (or `GB26875_BAD_TIME` for a time
 * label) with the byte offset.
 */
export function decodeAdu(bytes: Uint8Array, options: AduOptions = {}): Gb26875Adu {
  if (bytes.length < ADU_HEADER_BYTES) {
    throw gb26875Error(
      'GB26875_BAD_ADU',
      `an ADU has a type flag and an object count (2 bytes), got ${bytes.length} bytes`,
      { length: bytes.length },
    );
  }
  const layout = layoutFor(bytes[0]!);
  const count = bytes[1]!;
  if (count > layout.maxObjects) {
    throw gb26875Error(
      'GB26875_BAD_ADU',
      `type ${layout.type} (${layout.name}) carries at most ${layout.maxObjects} objects, the count byte says ${count}`,
      { typeFlag: layout.type, count },
    );
  }
  const bcd = options.quirks?.bcdTime === true;
  const objects: Record<string, FieldValue>[] = [];
  let offset = ADU_HEADER_BYTES;
  for (let index = 0; index < count; index++) {
    const object: Record<string, FieldValue> = {};
    for (const field of layout.fields) {
      const need = field.kind === 'text8' ? 1 : fieldBytes[field.kind];
      if (offset + need > bytes.length) {
        throw gb26875Error(
          'GB26875_BAD_ADU',
          `type ${layout.type}: object ${index} of ${count} field "${field.key}" needs byte ${offset + need - 1}, the ADU has ${bytes.length} bytes`,
          { typeFlag: layout.type, object: index, offset },
        );
      }
      const { value, next } = readField(
        bytes,
        offset,
        field.kind,
        { typeFlag: layout.type, object: index, key: field.key },
        bcd,
      );
      object[field.key] = value;
      offset = next;
    }
    objects.push(object);
  }
  if (offset !== bytes.length) {
    throw gb26875Error(
      'GB26875_BAD_ADU',
      `type ${layout.type}: ${count} objects end at byte ${offset}, the ADU has ${bytes.length} bytes (${bytes.length - offset} left over)`,
      { typeFlag: layout.type, count, offset, length: bytes.length },
    );
  }
  return { type: layout.type, objects } as unknown as Gb26875Adu;
}
