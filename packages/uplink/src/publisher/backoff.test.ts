import { describe, expect, it } from 'vitest';
import { backoffDelay, checkBackoff } from './backoff.js';

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
