import { gb26875Error } from '../errors.js';
import type { Gb26875Frame } from '../frame/frame.js';
import { MAX_ADU_BYTES } from '../frame/frame.js';
import { ADU_HEADER_BYTES, type AduOptions, encodeAdu, objectBytes } from './codec.js';
import { aduLayout } from './layouts.js';
import type { Gb26875Adu } from './objects.js';

/**
 * Splits an ADU with many objects into ADUs that each fit the type's object limit and 1024 bytes,
 * keeping object order. An ADU with no objects stays one (empty) ADU.
 */
export function splitAdu(adu: Gb26875Adu): Gb26875Adu[] {
  const layout = aduLayout(adu.type);
  if (layout === undefined) {
    throw gb26875Error('GB26875_INVALID_INPUT', `type flag ${adu.type} is not one the standard defines`, {
      typeFlag: adu.type,
    });
  }
  const objects = adu.objects as unknown as readonly Readonly<Record<string, unknown>>[];
  if (objects.length === 0) return [adu];
  const parts: Gb26875Adu[] = [];
  let current: Readonly<Record<string, unknown>>[] = [];
  let size = ADU_HEADER_BYTES;
  for (const object of objects) {
    const bytes = objectBytes(layout, object);
    if (current.length > 0 && (current.length === layout.maxObjects || size + bytes > MAX_ADU_BYTES)) {
      parts.push({ type: adu.type, objects: current } as unknown as Gb26875Adu);
      current = [];
      size = ADU_HEADER_BYTES;
    }
    current.push(object);
    size += bytes;
  }
  parts.push({ type: adu.type, objects: current } as unknown as Gb26875Adu);
  return parts;
}

/**
 * Splits an ADU (see {@link splitAdu}) and wraps each part in a frame from `template`; serial numbers
 * count up from `template.serial` (wrapping at 65536), so no frame exceeds the length limit.
 */
export function splitIntoFrames(
  adu: Gb26875Adu,
  template: Omit<Gb26875Frame, 'adu'>,
  options: AduOptions = {},
): Gb26875Frame[] {
  return splitAdu(adu).map((part, index) => ({
    ...template,
    serial: (template.serial + index) % 0x10000,
    adu: encodeAdu(part, options),
  }));
}
