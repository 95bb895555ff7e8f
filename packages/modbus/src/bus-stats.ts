import type { BreakerState } from './circuit-breaker.js';
import type { ModbusErrorCode } from './errors.js';
import type { TransportCounters, TransportKind } from './transport.js';

/** Upper bounds (ms) of the latency histogram buckets; the last bucket is everything above. */
export const LATENCY_BUCKETS_MS: readonly number[] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];

/** A latency histogram: `counts[i]` requests took at most `bucketsMs[i]` (and more than the bucket before); the last count is the overflow. */
export interface LatencyHistogram {
  bucketsMs: readonly number[];
  counts: number[];
  count: number;
  sumMs: number;
  maxMs: number;
}

/** Per-unit figures. */
export interface UnitStats {
  requests: number;
  successes: number;
  failures: number;
  breaker: BreakerState;
}

/** A snapshot of one bus (one physical line). */
export interface BusStats extends TransportCounters {
  line: string;
  kind: TransportKind;
  /** Attempts put on the wire (a retry counts again). */
  requests: number;
  /** Attempts answered with a normal response. */
  successes: number;
  /** Failed attempts and fast rejections by error code. */
  errors: Partial<Record<ModbusErrorCode, number>>;
  /** Exception responses by exception code. */
  exceptions: Record<number, number>;
  retries: number;
  queued: number;
  inFlight: number;
  /** Latency of answered attempts, from the first byte sent (after the inter-frame silence) to the answer. */
  latency: LatencyHistogram;
  /** Time with a request on the line (including its inter-frame silence) since the bus was created. */
  busyMs: number;
  elapsedMs: number;
  /** busyMs / elapsedMs. */
  lineUtilization: number;
  units: Record<number, UnitStats>;
}

/** Mutable counters behind {@link BusStats}. */
export class BusStatsRecorder {
  requests = 0;
  successes = 0;
  retries = 0;
  readonly errors: Partial<Record<ModbusErrorCode, number>> = {};
  readonly exceptions: Record<number, number> = {};
  readonly units = new Map<number, Omit<UnitStats, 'breaker'>>();
  readonly latency: LatencyHistogram = {
    bucketsMs: LATENCY_BUCKETS_MS,
    counts: new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0),
    count: 0,
    sumMs: 0,
    maxMs: 0,
  };
  busyMs = 0;
  private busySince: number | undefined;

  unit(unit: number): Omit<UnitStats, 'breaker'> {
    let stats = this.units.get(unit);
    if (!stats) {
      stats = { requests: 0, successes: 0, failures: 0 };
      this.units.set(unit, stats);
    }
    return stats;
  }

  recordError(code: ModbusErrorCode, exceptionCode?: number): void {
    this.errors[code] = (this.errors[code] ?? 0) + 1;
    if (exceptionCode !== undefined)
      this.exceptions[exceptionCode] = (this.exceptions[exceptionCode] ?? 0) + 1;
  }

  recordLatency(ms: number): void {
    const h = this.latency;
    let i = 0;
    while (i < h.bucketsMs.length && ms > h.bucketsMs[i]!) i++;
    h.counts[i]!++;
    h.count++;
    h.sumMs += ms;
    if (ms > h.maxMs) h.maxMs = ms;
  }

  lineBusy(now: number): void {
    this.busySince ??= now;
  }

  lineIdle(now: number): void {
    if (this.busySince === undefined) return;
    this.busyMs += now - this.busySince;
    this.busySince = undefined;
  }

  busyUntil(now: number): number {
    return this.busyMs + (this.busySince === undefined ? 0 : now - this.busySince);
  }
}
