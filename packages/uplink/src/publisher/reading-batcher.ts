import type { Reading } from '@firecode/schema';
import { PUBLISHER_DEFAULTS, PUBLISHER_LIMITS } from './defaults.js';

/** When a batch of readings leaves (defaults: `PUBLISHER_DEFAULTS.batch`, the same for SDK and gateway). */
export interface BatchOptions {
  /** A batch leaves at the latest this long after its first reading. Default 5000 ms; 10 ms to 1 h. */
  readonly maxAgeMs?: number;
  /** A batch leaves as soon as it holds this many readings. Default 500; at most 10,000. */
  readonly maxReadings?: number;
}

/** The largest `maxReadings`: keeps each batch far below the size receivers accept by default. */
export const MAX_BATCH_READINGS: number = PUBLISHER_LIMITS.batchMaxReadings.max;

/**
 * The batch options with defaults, checked: throws a TypeError naming the bad option, prefixed with
 * `where` (e.g. `createFirecodeClient`).
 */
export function resolveBatchOptions(
  options: BatchOptions = {},
  where = 'createFirecodeClient',
): Required<BatchOptions> {
  const maxAgeMs = options.maxAgeMs ?? PUBLISHER_DEFAULTS.batch.maxAgeMs;
  const maxReadings = options.maxReadings ?? PUBLISHER_DEFAULTS.batch.maxReadings;
  const age = PUBLISHER_LIMITS.batchMaxAgeMs;
  if (!Number.isFinite(maxAgeMs) || maxAgeMs < age.min || maxAgeMs > age.max) {
    throw new TypeError(
      `${where}: batch.maxAgeMs must be a number of ms within ${age.min}..${age.max}, got ${maxAgeMs}`,
    );
  }
  if (!Number.isSafeInteger(maxReadings) || maxReadings < 1 || maxReadings > MAX_BATCH_READINGS) {
    throw new TypeError(
      `${where}: batch.maxReadings must be an integer within 1..${MAX_BATCH_READINGS}, got ${maxReadings}`,
    );
  }
  return { maxAgeMs, maxReadings };
}

/**
 * Gathers readings into batches (few large messages cost less per reading on the wire than many small
 * ones) and hands each full or aged batch to `onBatch`. Events never wait here: they take the alarm
 * or status lane at once. The one batcher of the SDK and the gateway.
 */
export class ReadingBatcher {
  readonly #maxAgeMs: number;
  readonly #maxReadings: number;
  readonly #onBatch: (readings: Reading[]) => void;
  #pending: Reading[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** `onBatch` must not throw; what it submits is the caller's to count. */
  constructor(options: BatchOptions, onBatch: (readings: Reading[]) => void, where?: string) {
    const { maxAgeMs, maxReadings } = resolveBatchOptions(options, where);
    this.#maxAgeMs = maxAgeMs;
    this.#maxReadings = maxReadings;
    this.#onBatch = onBatch;
  }

  /** Readings waiting for the next batch. */
  get pending(): number {
    return this.#pending.length;
  }

  add(reading: Reading): void {
    this.#pending.push(reading);
    if (this.#pending.length >= this.#maxReadings) {
      this.flush();
      return;
    }
    this.#arm();
  }

  /** Adds several readings (one poll's): full batches leave as they fill. */
  addAll(readings: readonly Reading[]): void {
    for (const reading of readings) {
      this.#pending.push(reading);
      if (this.#pending.length >= this.#maxReadings) this.flush();
    }
    if (this.#pending.length > 0) this.#arm();
  }

  /** Hands on whatever is pending now. */
  flush(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#pending.length === 0) return;
    const batch = this.#pending;
    this.#pending = [];
    this.#onBatch(batch);
  }

  /** Stops the timer without sending (after {@link ReadingBatcher.flush}). */
  stop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Flushes and stops: what was gathered leaves now (shutdown, reload). */
  close(): void {
    this.flush();
    this.stop();
  }

  #arm(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => this.flush(), this.#maxAgeMs);
    // A program with nothing else to do may exit; close() flushes what is pending.
    this.#timer.unref?.();
  }
}
