import { isFirecodeError } from '@firecode/schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_ADU_BYTES } from '../frame/frame.js';
import { ADU_HEADER_BYTES, decodeAdu, encodeAdu } from './codec.js';
import { fieldBytes } from './fields.js';
import { aduLayouts } from './layouts.js';

// Table 3's object limits (GB/T 26875.3-2011, as in ../shared/domain/gb26875-3.md) and the object
// sizes the layouts give: each limit is exactly as many objects as fit 1024 bytes (type 6 with the
// longest, 255-byte, configuration texts).
const limits: Record<number, number> = { 1: 102, 2: 22, 3: 63, 4: 102, 6: 3, 7: 26, 24: 127 };
const sizes: Record<number, number> = { 1: 10, 2: 46, 3: 16, 4: 10, 6: 258, 7: 38, 24: 8 };

describe('ADU layouts', () => {
  it('covers the defined type flags and nothing else', () => {
    expect(aduLayouts.map((layout) => layout.type)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 21, 24, 25, 26, 28, 61, 62, 63, 64, 65, 66, 67, 68, 81, 84, 85, 86, 88, 89, 90,
      91,
    ]);
  });

  it.each(Object.entries(limits))('type %s: the object limit is what fits 1024 bytes', (type, limit) => {
    const layout = aduLayouts.find((entry) => entry.type === Number(type))!;
    expect(layout.maxObjects).toBe(limit);
    const size = layout.fields.reduce(
      (sum, field) => sum + (field.kind === 'text8' ? 256 : fieldBytes[field.kind]),
      0,
    );
    expect(size).toBe(sizes[Number(type)]);
    expect(ADU_HEADER_BYTES + limit * size).toBeLessThanOrEqual(MAX_ADU_BYTES);
    expect(ADU_HEADER_BYTES + (limit + 1) * size).toBeGreaterThan(MAX_ADU_BYTES);
  });

  it('every read request names the upload that answers it, and only those', () => {
    for (const layout of aduLayouts) {
      if (layout.direction === 'request') expect(layout.answeredBy).toBe(layout.type - 60);
      else expect(layout.answeredBy).toBeUndefined();
    }
  });

  it('decodes hostile ADU bytes to a unit or a package error, nothing else (50 000 cases)', () => {
    const known = aduLayouts.map((layout) => layout.type);
    const bytesArb = fc.oneof(
      fc.uint8Array({ maxLength: 80 }),
      // A known type flag and a plausible count, then noise: reaches the field readers.
      fc
        .tuple(fc.constantFrom(...known), fc.integer({ min: 0, max: 4 }), fc.uint8Array({ maxLength: 200 }))
        .map(([type, count, rest]) => Uint8Array.from([type, count, ...rest])),
    );
    let decoded = 0;
    fc.assert(
      fc.property(bytesArb, (bytes) => {
        try {
          const adu = decodeAdu(bytes);
          decoded += 1;
          if (adu.objects.length !== bytes[1]) return false;
          // What decodes re-encodes to a unit of the same type and object count, except text that was
          // malformed GB18030: each bad byte became U+FFFD, four bytes long, and may no longer fit.
          let again: ReturnType<typeof decodeAdu> | undefined;
          try {
            again = decodeAdu(encodeAdu(adu));
          } catch (error) {
            if (!isFirecodeError(error, 'GB26875_INVALID_INPUT') || !/GB18030/.test(error.message))
              throw error;
          }
          if (
            again !== undefined &&
            (again.type !== adu.type || again.objects.length !== adu.objects.length)
          ) {
            return false;
          }
        } catch (error) {
          if (!isFirecodeError(error) || !['GB26875_BAD_ADU', 'GB26875_BAD_TIME'].includes(error.code))
            throw error;
        }
        return true;
      }),
      { numRuns: 50_000 },
    );
    expect(decoded).toBeGreaterThan(100);
  });
});
