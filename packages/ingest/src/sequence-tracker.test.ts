import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SequenceTracker } from './sequence-tracker.js';

describe('SequenceTracker', () => {
  it('flags repeats as duplicates and reports gaps until they fill', () => {
    const tracker = new SequenceTracker(0n);
    expect(tracker.accept(0n)).toBe('new');
    expect(tracker.accept(3n)).toBe('new');
    expect(tracker.missing()).toEqual([1n, 2n]);
    expect(tracker.accept(0n)).toBe('duplicate');
    expect(tracker.accept(3n)).toBe('duplicate');
    expect(tracker.accept(2n)).toBe('new');
    expect(tracker.accept(1n)).toBe('new');
    expect(tracker.missing()).toEqual([]);
    expect(tracker.highest).toBe(3n);
  });

  it('handles sequences beyond 2^53 exactly', () => {
    const base = 2n ** 60n;
    const tracker = new SequenceTracker(base);
    expect(tracker.accept(base)).toBe('new');
    expect(tracker.accept(base + 1n)).toBe('new');
    expect(tracker.accept(base + 1n)).toBe('duplicate');
  });

  it('any delivery order with repeats: each sequence is new exactly once', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 200 }), { maxLength: 500 }), (order) => {
        const tracker = new SequenceTracker(0n);
        const firstSeen = new Set<number>();
        for (const s of order) {
          const verdict = tracker.accept(BigInt(s));
          expect(verdict).toBe(firstSeen.has(s) ? 'duplicate' : 'new');
          firstSeen.add(s);
        }
        const highest = Math.max(-1, ...order);
        const expectedMissing = [];
        for (let s = 0; s < highest; s++) if (!firstSeen.has(s)) expectedMissing.push(BigInt(s));
        expect(tracker.missing()).toEqual(expectedMissing);
      }),
    );
  });
});
