import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_ADU_BYTES } from '../frame/frame.js';
import { aduArb, anyAduArb, objectArb } from '../testing/arbitraries.js';
import { decodeAdu, encodeAdu } from './codec.js';
import { aduLayouts } from './layouts.js';
import type { Gb26875Adu } from './objects.js';
import { splitAdu, splitIntoFrames } from './split.js';

describe('ADU properties', () => {
  it.each(aduLayouts.map((layout) => [layout.type, layout.name, layout] as const))(
    'type %i (%s) round-trips, binary and BCD time',
    (_type, _name, layout) => {
      fc.assert(
        fc.property(aduArb(layout), fc.boolean(), (adu, bcdTime) => {
          const quirks = { bcdTime };
          const bytes = encodeAdu(adu, { quirks });
          expect(bytes.length).toBeLessThanOrEqual(MAX_ADU_BYTES);
          expect(decodeAdu(bytes, { quirks })).toEqual(adu);
        }),
        { numRuns: 60 },
      );
    },
  );

  it('one byte more or less than an ADU takes is always rejected', () => {
    fc.assert(
      fc.property(anyAduArb, (adu) => {
        const bytes = encodeAdu(adu);
        expect(() => decodeAdu(Uint8Array.from([...bytes, 0]))).toThrow();
        if (adu.objects.length > 0) expect(() => decodeAdu(bytes.subarray(0, bytes.length - 1))).toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it.each(
    aduLayouts.filter((layout) => layout.maxObjects > 1).map((layout) => [layout.name, layout] as const),
  )('splitting %s keeps every object in order and every part within the limits', (_name, layout) => {
    fc.assert(
      fc.property(aduArb(layout, 3 * layout.maxObjects + 5), (adu) => {
        const parts = splitAdu(adu);
        expect(parts.flatMap((part) => part.objects as readonly unknown[])).toEqual(adu.objects);
        for (const part of parts) {
          expect(part.objects.length).toBeLessThanOrEqual(layout.maxObjects);
          expect(encodeAdu(part).length).toBeLessThanOrEqual(MAX_ADU_BYTES);
        }
      }),
      { numRuns: 15 },
    );
  });

  it('splitIntoFrames numbers the frames from the template serial, wrapping at 65536', () => {
    const layout = aduLayouts.find((entry) => entry.name === 'componentStatus')!;
    const [objects] = fc.sample(fc.array(objectArb(layout), { minLength: 50, maxLength: 50 }), 1);
    const adu = { type: layout.type, objects } as unknown as Gb26875Adu;
    const frames = splitIntoFrames(adu, {
      serial: 65535,
      version: { major: 1, minor: 0 },
      time: { year: 2026, month: 12, day: 3, hour: 21, minute: 16, second: 53 },
      source: 1,
      destination: 2,
      command: 2,
    });
    expect(frames.map((frame) => frame.serial)).toEqual([65535, 0, 1]);
    expect(frames.map((frame) => decodeAdu(frame.adu).objects.length)).toEqual([22, 22, 6]);
  });
});
