import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker.js';

describe('CircuitBreaker', () => {
  it('opens after the threshold, probes after the interval, backs off, and closes on success', () => {
    const breaker = new CircuitBreaker({
      failureThreshold: 2,
      probeIntervalMs: 100,
      maxProbeIntervalMs: 300,
    });
    expect(breaker.tryAcquire(0)).toBe(true);
    expect(breaker.recordFailure(0)).toBe(false);
    expect(breaker.recordFailure(10)).toBe(true);
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire(50)).toBe(false);
    expect(breaker.tryAcquire(110)).toBe(true);
    expect(breaker.state).toBe('probing');
    expect(breaker.tryAcquire(111)).toBe(false); // only one probe at a time
    breaker.recordFailure(120);
    expect(breaker.nextProbeAt).toBe(320); // interval doubled
    expect(breaker.tryAcquire(319)).toBe(false);
    expect(breaker.tryAcquire(320)).toBe(true);
    breaker.recordFailure(330);
    expect(breaker.nextProbeAt).toBe(630); // capped at 300
    expect(breaker.tryAcquire(700)).toBe(true);
    expect(breaker.recordSuccess()).toBe(true);
    expect(breaker.state).toBe('closed');
    expect(breaker.recordSuccess()).toBe(false);
  });
  it('rejects a nonsense threshold', () => {
    expect(() => new CircuitBreaker({ failureThreshold: 0 })).toThrow(/failureThreshold/);
  });
});
