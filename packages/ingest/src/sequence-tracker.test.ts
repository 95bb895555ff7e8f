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

describe('SequenceTracker with a gap that never fills', () => {
  it('stays bounded: gives up the oldest gaps, counts them, and still delivers a late arrival', () => {
    const tracker = new SequenceTracker(1n, { maxTracked: 100 });
    // Sequence 2 was evicted by the gateway's full outbox: it never comes.
    expect(tracker.accept(1n)).toBe('new');
    for (let s = 3n; s <= 10_000n; s++) expect(tracker.accept(s)).toBe('new');
    expect(tracker.abandoned).toBe(1n);
    expect(tracker.missing()).toEqual([]);
    expect(tracker.highest).toBe(10_000n);
    // Repeats above the horizon are still recognised.
    expect(tracker.accept(10_000n)).toBe('duplicate');
    expect(tracker.accept(9_999n)).toBe('duplicate');
    // The given-up sequence turning up after all is handed on, flagged, not dropped as a duplicate.
    expect(tracker.accept(2n)).toBe('unverified');
  });

  it('counts every abandoned gap when a worker sees only every other sequence (shared subscription)', () => {
    const tracker = new SequenceTracker(1n, { maxTracked: 64 });
    for (let s = 1n; s <= 2_001n; s += 2n) tracker.accept(s);
    // Everything strictly between 1 and the cut was even, hence abandoned; the rest are still gaps.
    expect(tracker.abandoned + BigInt(tracker.missing(10_000).length)).toBe(1_000n);
    expect(tracker.missing(10_000).length).toBeLessThanOrEqual(64);
  });

  it('refuses a nonsense bound', () => {
    expect(() => new SequenceTracker(1n, { maxTracked: 0 })).toThrow(/maxTracked must be a positive integer/);
  });
});
