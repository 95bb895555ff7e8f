import { describe, expect, it } from 'vitest';
import { alarmAttemptGapMs, backoffDelay, checkBackoff } from './backoff.js';

describe('backoffDelay', () => {
  it('doubles from minMs up to maxMs', () => {
    const noJitter = { minMs: 100, maxMs: 1000, jitter: 0 };
    expect([0, 1, 2, 3, 4, 10, 100].map((a) => backoffDelay(a, noJitter))).toEqual([
      100, 200, 400, 800, 1000, 1000, 1000,
    ]);
  });

  it('takes up to the jitter share off each delay', () => {
    const options = { minMs: 1000, maxMs: 1000, jitter: 0.5 };
    expect(backoffDelay(0, options, () => 0)).toBe(1000);
    expect(backoffDelay(0, options, () => 0.999999)).toBe(500);
    expect(backoffDelay(0, options, () => 0.5)).toBe(750);
  });

  it('rejects impossible options', () => {
    expect(() => checkBackoff({ minMs: 10, maxMs: 5 })).toThrow(/0 <= minMs <= maxMs/);
    expect(() => checkBackoff({ jitter: 2 })).toThrow(/jitter must be within 0..1/);
  });
});

describe('backoffDelay while an alarm waits', () => {
  it('caps the delay at alarmMaxMs (default 2 s) and returns to the normal cap after', () => {
    const options = { minMs: 500, maxMs: 30_000, jitter: 0 };
    expect(backoffDelay(10, options, Math.random, true)).toBe(2000);
    expect(backoffDelay(10, { ...options, alarmMaxMs: 1200 }, Math.random, true)).toBe(1200);
    expect(backoffDelay(0, options, Math.random, true)).toBe(500);
    expect(backoffDelay(10, options, Math.random, false)).toBe(30_000);
    // A first delay above the alarm cap is cut to it too.
    expect(backoffDelay(0, { minMs: 30_000, maxMs: 30_000, jitter: 0 }, Math.random, true)).toBe(2000);
  });

  it('never lets the jitter push past the cap', () => {
    for (const r of [0, 0.3, 0.9999]) {
      expect(backoffDelay(20, {}, () => r, true)).toBeLessThanOrEqual(2000);
    }
  });

  it('spaces alarm-forced attempts by the smaller of minMs and alarmMaxMs', () => {
    expect(alarmAttemptGapMs()).toBe(500);
    expect(alarmAttemptGapMs({ minMs: 10_000 })).toBe(2000);
  });

  it('rejects an impossible alarm cap', () => {
    expect(() => checkBackoff({ alarmMaxMs: -1 })).toThrow(/alarmMaxMs/);
    expect(() => checkBackoff({ alarmMaxMs: Number.POSITIVE_INFINITY })).toThrow(/alarmMaxMs/);
  });
});
