/** Options of the per-slave circuit breaker. */
export interface CircuitBreakerOptions {
  /** Consecutive failed attempts (timeouts, truncated or corrupt answers) that open the breaker (default 3). */
  failureThreshold?: number;
  /** Wait before the first probe of an open breaker (default 5000 ms); doubles per failed probe. */
  probeIntervalMs?: number;
  /** Upper bound of the probe interval (default 60000 ms). */
  maxProbeIntervalMs?: number;
}

/** `closed`: requests flow; `open`: requests fail fast until a probe is due; `probing`: one request is testing the slave. */
export type BreakerState = 'closed' | 'open' | 'probing';

/**
 * Per-slave circuit breaker: a dead slave is skipped (requests fail fast with MODBUS_CIRCUIT_OPEN) and
 * probed now and then with one real request, so it never stalls the other slaves on the line.
 */
export class CircuitBreaker {
  private failures = 0;
  private currentState: BreakerState = 'closed';
  private probeAt = 0;
  private interval: number;
  private readonly threshold: number;
  private readonly baseInterval: number;
  private readonly maxInterval: number;

  constructor(options: CircuitBreakerOptions = {}) {
    this.threshold = options.failureThreshold ?? 3;
    this.baseInterval = options.probeIntervalMs ?? 5000;
    this.maxInterval = Math.max(this.baseInterval, options.maxProbeIntervalMs ?? 60_000);
    this.interval = this.baseInterval;
    if (!Number.isInteger(this.threshold) || this.threshold < 1) {
      throw new TypeError(`circuit breaker: failureThreshold ${this.threshold} must be an integer >= 1`);
    }
  }

  get state(): BreakerState {
    return this.currentState;
  }

  /** Time at which an open breaker lets its next probe through. */
  get nextProbeAt(): number {
    return this.probeAt;
  }

  /** Whether a request may go now; when a probe is due this switches to `probing` (one request only). */
  tryAcquire(now: number): boolean {
    if (this.currentState === 'closed') return true;
    if (this.currentState === 'open' && now >= this.probeAt) {
      this.currentState = 'probing';
      return true;
    }
    return false;
  }

  /** The slave answered (normally or with an exception). Returns true when this closed an open breaker. */
  recordSuccess(): boolean {
    const wasOpen = this.currentState !== 'closed';
    this.failures = 0;
    this.currentState = 'closed';
    this.interval = this.baseInterval;
    return wasOpen;
  }

  /** The slave failed to answer properly. Returns true when this opened the breaker (from closed). */
  recordFailure(now: number): boolean {
    this.failures++;
    if (this.currentState === 'probing') {
      this.interval = Math.min(this.interval * 2, this.maxInterval);
      this.currentState = 'open';
      this.probeAt = now + this.interval;
      return false;
    }
    if (this.currentState === 'closed' && this.failures >= this.threshold) {
      this.currentState = 'open';
      this.probeAt = now + this.interval;
      return true;
    }
    return false;
  }
}
