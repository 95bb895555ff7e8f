import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frameArb } from '../testing/arbitraries.js';
import { Gb26875Deframer } from './deframer.js';
import { decodeFrame, encodeFrame } from './frame.js';

/** Cuts bytes at the given (sorted, deduplicated) positions. */
function chunked(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(from, point));
    from = point;
  }
  return chunks;
}

describe('frame properties', () => {
  it('every frame round-trips, binary and BCD time', () => {
    fc.assert(
      fc.property(frameArb, fc.boolean(), (frame, bcdTime) => {
        const quirks = { bcdTime };
        expect(decodeFrame(encodeFrame(frame, { quirks }), { quirks })).toEqual(frame);
      }),
      { numRuns: 1000 },
    );
  });

  it('any single changed byte between the markers is caught (checksum or a later check)', () => {
    fc.assert(
      fc.property(frameArb, fc.nat(), fc.integer({ min: 1, max: 255 }), (frame, at, delta) => {
        const bytes = encodeFrame(frame);
        const index = 2 + (at % (bytes.length - 4));
        bytes[index] = (bytes[index]! + delta) & 0xff;
        expect(() => decodeFrame(bytes)).toThrow();
      }),
      { numRuns: 1000 },
    );
  });

  it('the deframer delivers every frame in order however the stream is cut and whatever noise without @ lies between', () => {
    const noise = fc
      .uint8Array({ maxLength: 40 })
      .map((bytes) => bytes.map((byte) => (byte === 0x40 ? 0 : byte)));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(noise, frameArb), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (parts, cuts) => {
          const stream = Uint8Array.from(parts.flatMap(([gap, frame]) => [...gap, ...encodeFrame(frame)]));
          const deframer = new Gb26875Deframer();
          const out = chunked(stream, cuts).flatMap((chunk) => deframer.push(chunk));
          expect(out).toEqual(parts.map(([, frame]) => frame));
          expect(deframer.pendingBytes).toBe(0);
          const stats = deframer.stats();
          expect(stats.rejectedTotal).toBe(0);
          expect(stats.garbageBytes).toBe(parts.reduce((sum, [gap]) => sum + gap.length, 0));
        },
      ),
      { numRuns: 500 },
    );
  });
});
