import { BusStatsRecorder } from './bus-stats.js';
import { CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker.js';
import { nowMs } from './clock.js';
import { isModbusError, type ModbusError, modbusError } from './errors.js';
import type { ModbusTransport } from './transport.js';

/**
 * Request priority: `'high'` (alarm points, writes: the default for writes) goes before `'normal'`
 * (routine polls: the default for reads), which goes before `'low'` (slow housekeeping reads).
 */
export type RequestPriority = 'high' | 'normal' | 'low';

const PRIORITY_RANK: Record<RequestPriority, number> = { high: 0, normal: 1, low: 2 };
const PRIORITY_LEVELS = 3;

/** Per-unit (per-slave) settings. */
export interface UnitOptions {
  /** How long this slave may take to start answering, wire time excluded (default: the bus's). */
  timeoutMs?: number;
  /** Retries after a failed attempt (default: the bus's). */
  retries?: number;
}

/** Scheduler settings (part of the bus options). */
export interface SchedulerOptions extends UnitOptions {
  /** First retry waits this long, doubling per attempt up to `maxRetryBackoffMs` (default 20 ms). */
  retryBackoffMs?: number;
  maxRetryBackoffMs?: number;
  /** Per-slave circuit breaker settings. */
  breaker?: CircuitBreakerOptions;
  /** First reconnect delay after a failed open, doubling up to `maxReconnectDelayMs` (default 250 ms / 30 s). */
  reconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
  /** Settings per unit id. */
  units?: Record<number, UnitOptions>;
  /**
   * Requests that may wait for the line at once (retries already queued do not count twice); one more
   * is refused with `MODBUS_QUEUE_FULL`, counted in `stats().errors`, so a caller that does not await
   * cannot grow memory without limit. Default {@link DEFAULT_MAX_QUEUED}.
   */
  maxQueued?: number;
}

/** Default of {@link SchedulerOptions.maxQueued}: far above any poll plan, far below a memory problem. */
export const DEFAULT_MAX_QUEUED = 10_000;

/** Per-request settings. */
export interface RequestOptions {
  priority?: RequestPriority;
  /** Overrides the unit's response timeout for this request. */
  timeoutMs?: number;
  /** Overrides the unit's retry count for this request. */
  retries?: number;
}

/** What the scheduler tells its owner (the bus turns these into events). */
export interface SchedulerHooks {
  lineOnline(): void;
  lineOffline(error: ModbusError): void;
  unitOnline(unit: number): void;
  unitOffline(unit: number, error: ModbusError): void;
  attemptFailed(error: ModbusError): void;
}

interface Job {
  unit: number;
  pdu: Uint8Array;
  rank: number;
  timeoutMs: number;
  retriesLeft: number;
  attempt: number;
  notBefore: number;
  /** Checks and decodes the response PDU; throws a ModbusError (exception, wrong function...) to fail the attempt. */
  decode(pdu: Uint8Array): unknown;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** Errors after which an attempt is worth repeating. Exceptions are answers, except "busy"/"acknowledge". */
function isRetryable(error: ModbusError): boolean {
  switch (error.code) {
    case 'MODBUS_TIMEOUT':
    case 'MODBUS_TRUNCATED':
    case 'MODBUS_CRC':
    case 'MODBUS_WRONG_UNIT':
    case 'MODBUS_WRONG_FUNCTION':
    case 'MODBUS_BAD_RESPONSE':
    case 'MODBUS_DISCONNECTED':
      return true;
    case 'MODBUS_EXCEPTION': {
      const code = error.details?.['exceptionCode'];
      return code === 5 || code === 6;
    }
    default:
      return false;
  }
}

/**
 * Errors that mean the slave itself did not answer properly (they feed its circuit breaker): silence,
 * a cut or corrupt frame, or an answer that is not an answer to the request (garbage). A connection
 * that dropped while this slave's request was the only one on it counts too: on Modbus TCP a slave
 * that answers garbage puts the stream out of step and the master must drop it, so without this such
 * a slave never opened its breaker and cost every other unit on the endpoint a reconnect per poll.
 */
function isSlaveFailure(error: ModbusError, aloneOnLine: boolean): boolean {
  switch (error.code) {
    case 'MODBUS_TIMEOUT':
    case 'MODBUS_TRUNCATED':
    case 'MODBUS_CRC':
    case 'MODBUS_WRONG_UNIT':
    case 'MODBUS_WRONG_FUNCTION':
    case 'MODBUS_BAD_RESPONSE':
      return true;
    case 'MODBUS_DISCONNECTED':
      return aloneOnLine;
    default:
      return false;
  }
}

function asModbusError(error: unknown): ModbusError {
  if (isModbusError(error)) return error;
  return modbusError(
    'MODBUS_DISCONNECTED',
    `transport failed: ${(error as Error)?.message ?? String(error)}`,
    {},
    error,
  );
}

/**
 * The bus scheduler of one physical line. At most `transport.maxInFlight` requests are on the line at
 * once (one for serial lines, across all unit ids); the next request is chosen by priority, then
 * round-robin over unit ids so no slave starves another; failed attempts are retried with backoff
 * without holding the line; each slave has a circuit breaker; the connection is reopened with backoff.
 */
export class BusScheduler {
  /** queues[rank] maps unit id -> FIFO of jobs (only units with queued jobs). */
  private readonly queues: Map<number, Job[]>[] = Array.from({ length: PRIORITY_LEVELS }, () => new Map());
  /** When each unit was last given the line (a sequence number): the round-robin order. */
  private readonly lastServed = new Map<number, number>();
  private serviceCounter = 0;
  private readonly breakers = new Map<number, CircuitBreaker>();
  private inFlight = 0;
  private queuedCount = 0;
  private wakeTimer: ReturnType<typeof setTimeout> | undefined;
  private wakeAt = Number.POSITIVE_INFINITY;
  private closed = false;
  private opening: Promise<void> | undefined;
  private nextOpenAt = 0;
  private reconnectDelay: number;
  private lineState: 'unknown' | 'online' | 'offline' = 'unknown';
  private readonly maxQueued: number;
  readonly stats = new BusStatsRecorder();
  readonly createdAt = nowMs();

  constructor(
    readonly transport: ModbusTransport,
    private readonly options: SchedulerOptions,
    private readonly hooks: SchedulerHooks,
  ) {
    this.reconnectDelay = options.reconnectDelayMs ?? 250;
    this.maxQueued = options.maxQueued ?? DEFAULT_MAX_QUEUED;
    if (!Number.isSafeInteger(this.maxQueued) || this.maxQueued < 1) {
      throw modbusError(
        'MODBUS_INVALID_ARGUMENT',
        `maxQueued ${String(options.maxQueued)} for ${transport.lineName} must be an integer >= 1`,
        { line: transport.lineName },
      );
    }
    transport.onDisconnect((error) => this.setLineOffline(asModbusError(error)));
  }

  get queued(): number {
    return this.queuedCount;
  }

  get active(): number {
    return this.inFlight;
  }

  /** Changes one unit's timeout or retries from now on (requests already queued keep theirs). */
  configureUnit(unit: number, options: UnitOptions): void {
    this.options.units = { ...this.options.units, [unit]: { ...this.options.units?.[unit], ...options } };
  }

  breaker(unit: number): CircuitBreaker {
    let breaker = this.breakers.get(unit);
    if (!breaker) {
      breaker = new CircuitBreaker(this.options.breaker);
      this.breakers.set(unit, breaker);
    }
    return breaker;
  }

  /**
   * Queues one request; resolves with `decode(responsePdu)`. `decode` runs inside the attempt, so an
   * exception or inconsistent answer it throws is counted, retried when worth it, and fed to the breaker.
   */
  submit<T>(
    unit: number,
    pdu: Uint8Array,
    options: RequestOptions,
    decode: (response: Uint8Array) => T,
  ): Promise<T> {
    if (this.closed) {
      return Promise.reject(
        modbusError('MODBUS_CLOSED', `bus ${this.transport.lineName} is closed`, { unit }),
      );
    }
    const unitOptions = this.options.units?.[unit];
    const timeoutMs = options.timeoutMs ?? unitOptions?.timeoutMs ?? this.options.timeoutMs ?? 1000;
    const retries = options.retries ?? unitOptions?.retries ?? this.options.retries ?? 1;
    if (!(timeoutMs > 0) || !Number.isInteger(retries) || retries < 0) {
      return Promise.reject(
        modbusError(
          'MODBUS_INVALID_ARGUMENT',
          `timeoutMs ${timeoutMs} must be > 0 and retries ${retries} an integer >= 0`,
          {
            unit,
          },
        ),
      );
    }
    if (this.queuedCount >= this.maxQueued) {
      this.stats.recordError('MODBUS_QUEUE_FULL');
      return Promise.reject(
        modbusError(
          'MODBUS_QUEUE_FULL',
          `bus ${this.transport.lineName} already has ${this.queuedCount} requests waiting (maxQueued ${this.maxQueued}); await requests before submitting more, poll less often, or raise maxQueued`,
          { unit, line: this.transport.lineName, queued: this.queuedCount, maxQueued: this.maxQueued },
        ),
      );
    }
    const rank = PRIORITY_RANK[options.priority ?? 'normal'];
    if (rank === undefined) {
      return Promise.reject(
        modbusError(
          'MODBUS_INVALID_ARGUMENT',
          `priority "${String(options.priority)}" is not high, normal or low`,
          { unit },
        ),
      );
    }
    return new Promise<T>((resolve, reject) => {
      this.enqueue(
        {
          unit,
          pdu,
          rank,
          timeoutMs,
          retriesLeft: retries,
          attempt: 0,
          notBefore: 0,
          decode,
          resolve: resolve as (value: unknown) => void,
          reject,
        },
        false,
      );
      this.pump();
    });
  }

  private enqueue(job: Job, front: boolean): void {
    const queues = this.queues[job.rank]!;
    let queue = queues.get(job.unit);
    if (!queue) {
      queue = [];
      queues.set(job.unit, queue);
    }
    if (front) queue.unshift(job);
    else queue.push(job);
    this.queuedCount++;
  }

  /** Whether `unit` has a circuit breaker (a broadcast on a serial line has nobody to answer). */
  private usesBreaker(unit: number): boolean {
    return unit !== 0 || !this.transport.broadcastUnit0;
  }

  /**
   * Picks the next job: highest priority first; within it, the unit served longest ago (round-robin by
   * construction, so a slave with many queued requests cannot starve the others). Units whose breaker is
   * open have their queue failed fast instead.
   */
  private pick(now: number): Job | undefined {
    for (let rank = 0; rank < PRIORITY_LEVELS; rank++) {
      const queues = this.queues[rank]!;
      let best: number | undefined;
      let bestServed = Number.POSITIVE_INFINITY;
      for (const [unit, queue] of queues) {
        const job = queue[0]!;
        if (job.notBefore > now) {
          this.wakeNoLaterThan(job.notBefore);
          continue;
        }
        if (this.usesBreaker(unit)) {
          const breaker = this.breaker(unit);
          if (breaker.state === 'probing' || (breaker.state === 'open' && now < breaker.nextProbeAt)) {
            this.rejectUnitQueue(rank, unit, breaker);
            continue;
          }
        }
        const served = this.lastServed.get(unit) ?? -1;
        if (served < bestServed) {
          best = unit;
          bestServed = served;
        }
      }
      if (best === undefined) continue;
      if (this.usesBreaker(best)) this.breaker(best).tryAcquire(now);
      const queue = queues.get(best)!;
      const job = queue.shift()!;
      this.queuedCount--;
      if (queue.length === 0) queues.delete(best);
      this.lastServed.set(best, ++this.serviceCounter);
      return job;
    }
    return undefined;
  }

  /** A skipped (open-breaker) slave's queued requests fail fast rather than wait for the next probe. */
  private rejectUnitQueue(rank: number, unit: number, breaker: CircuitBreaker): void {
    const queue = this.queues[rank]!.get(unit)!;
    this.queues[rank]!.delete(unit);
    this.queuedCount -= queue.length;
    const waitMs = Math.max(0, Math.round(breaker.nextProbeAt - nowMs()));
    for (const job of queue) {
      this.stats.recordError('MODBUS_CIRCUIT_OPEN');
      job.reject(
        modbusError(
          'MODBUS_CIRCUIT_OPEN',
          `unit ${unit} on ${this.transport.lineName} is not answering; skipped until its next probe in ${waitMs} ms`,
          { unit, line: this.transport.lineName, nextProbeInMs: waitMs },
        ),
      );
    }
  }

  private wakeNoLaterThan(at: number): void {
    if (at >= this.wakeAt) return;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeAt = at;
    this.wakeTimer = setTimeout(
      () => {
        this.wakeTimer = undefined;
        this.wakeAt = Number.POSITIVE_INFINITY;
        this.pump();
      },
      Math.max(0, Math.ceil(at - nowMs())),
    );
  }

  private pump(): void {
    if (this.closed) return;
    while (this.inFlight < this.transport.maxInFlight && this.queuedCount > 0) {
      const job = this.pick(nowMs());
      if (!job) return;
      void this.run(job);
    }
  }

  private async run(job: Job): Promise<void> {
    this.inFlight++;
    const startedAt = nowMs();
    this.stats.lineBusy(startedAt);
    const unitStats = this.stats.unit(job.unit);
    // Set once the request is on an open line alone: a drop from then on is this slave's doing.
    let aloneOnLine = false;
    try {
      if (!this.transport.isOpen) await this.ensureOpen();
      aloneOnLine = this.inFlight === 1;
      job.attempt++;
      this.stats.requests++;
      unitStats.requests++;
      const response = await this.transport.exchange({
        unit: job.unit,
        pdu: job.pdu,
        timeoutMs: job.timeoutMs,
      });
      const value = job.decode(response);
      this.stats.successes++;
      unitStats.successes++;
      this.stats.recordLatency(nowMs() - startedAt);
      if (job.unit !== 0 || !this.transport.broadcastUnit0) {
        if (this.breaker(job.unit).recordSuccess()) this.hooks.unitOnline(job.unit);
      }
      job.resolve(value);
    } catch (caught) {
      if (this.closed) {
        job.reject(
          modbusError('MODBUS_CLOSED', `bus ${this.transport.lineName} was closed`, { unit: job.unit }),
        );
        return;
      }
      this.onAttemptFailed(job, asModbusError(caught), aloneOnLine);
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) this.stats.lineIdle(nowMs());
      this.pump();
    }
  }

  private onAttemptFailed(job: Job, error: ModbusError, aloneOnLine: boolean): void {
    const now = nowMs();
    this.stats.recordError(
      error.code,
      error.code === 'MODBUS_EXCEPTION' ? (error.details?.['exceptionCode'] as number) : undefined,
    );
    this.stats.unit(job.unit).failures++;
    this.hooks.attemptFailed(error);
    if (isSlaveFailure(error, aloneOnLine)) {
      if (this.breaker(job.unit).recordFailure(now)) this.hooks.unitOffline(job.unit, error);
    } else if (error.code === 'MODBUS_EXCEPTION') {
      // An exception is an answer: the slave is alive.
      if (this.breaker(job.unit).recordSuccess()) this.hooks.unitOnline(job.unit);
    }
    if (!this.closed && job.retriesLeft > 0 && isRetryable(error)) {
      job.retriesLeft--;
      this.stats.retries++;
      const base = this.options.retryBackoffMs ?? 20;
      const backoff = Math.min(
        base * 2 ** Math.max(0, job.attempt - 1),
        this.options.maxRetryBackoffMs ?? 1000,
      );
      job.notBefore = Math.max(now + backoff, error.code === 'MODBUS_DISCONNECTED' ? this.nextOpenAt : 0);
      this.enqueue(job, true);
      return;
    }
    job.reject(error);
  }

  /** Opens the line now (reporting `online`/`offline` like a request would). */
  async open(): Promise<void> {
    if (!this.transport.isOpen) await this.ensureOpen();
  }

  private async ensureOpen(): Promise<void> {
    if (this.transport.isOpen) return;
    if (!this.opening) {
      const now = nowMs();
      if (now < this.nextOpenAt) {
        throw modbusError(
          'MODBUS_DISCONNECTED',
          `${this.transport.lineName} is down; next connection attempt in ${Math.ceil(this.nextOpenAt - now)} ms`,
          { line: this.transport.lineName },
        );
      }
      this.opening = this.transport.open().then(
        () => {
          this.opening = undefined;
          this.reconnectDelay = this.options.reconnectDelayMs ?? 250;
          this.setLineOnline();
        },
        (error: unknown) => {
          this.opening = undefined;
          this.nextOpenAt = nowMs() + this.reconnectDelay;
          this.reconnectDelay = Math.min(this.reconnectDelay * 2, this.options.maxReconnectDelayMs ?? 30_000);
          const failure = asModbusError(error);
          this.setLineOffline(failure);
          throw failure;
        },
      );
    }
    await this.opening;
  }

  private setLineOnline(): void {
    if (this.lineState === 'online') return;
    this.lineState = 'online';
    this.hooks.lineOnline();
  }

  private setLineOffline(error: ModbusError): void {
    if (this.lineState === 'offline' || this.closed) return;
    this.lineState = 'offline';
    this.hooks.lineOffline(error);
  }

  /** Rejects everything queued with MODBUS_CLOSED and stops; in-flight requests end with the transport. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    for (let rank = 0; rank < PRIORITY_LEVELS; rank++) {
      for (const queue of this.queues[rank]!.values()) {
        for (const job of queue) {
          job.reject(
            modbusError('MODBUS_CLOSED', `bus ${this.transport.lineName} was closed`, { unit: job.unit }),
          );
        }
      }
      this.queues[rank]!.clear();
    }
    this.queuedCount = 0;
    await this.transport.close();
  }
}
