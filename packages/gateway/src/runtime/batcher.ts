import type { Reading } from '@firecode/schema';

export interface BatcherOptions {
  /** Send a batch at the latest this long after its first reading arrived. */
  maxAgeMs: number;
  /** Send a batch as soon as it holds this many readings. */
  maxReadings: number;
  /** Receives each full or aged batch. Must not throw; errors are the caller's to count. */
  onBatch: (readings: Reading[]) => void;
}

/**
 * Gathers routine readings into batches: few large messages compress better and cost less per byte on
 * the wire than many small ones. Alarms never wait here; they take the fast lane.
 */
export class Batcher {
  readonly #options: BatcherOptions;
  #pending: Reading[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: BatcherOptions) {
    if (!(options.maxAgeMs > 0))
      throw new TypeError(`Batcher: maxAgeMs must be > 0, got ${options.maxAgeMs}`);
    if (!(options.maxReadings >= 1)) {
      throw new TypeError(`Batcher: maxReadings must be >= 1, got ${options.maxReadings}`);
    }
    this.#options = options;
  }

  get pendingCount(): number {
    return this.#pending.length;
  }

  add(readings: readonly Reading[]): void {
    for (const reading of readings) {
      this.#pending.push(reading);
      if (this.#pending.length >= this.#options.maxReadings) this.flush();
    }
    if (this.#pending.length > 0 && this.#timer === undefined) {
      this.#timer = setTimeout(() => this.flush(), this.#options.maxAgeMs);
    }
  }

  /** Sends whatever is pending now (also used on shutdown). */
  flush(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#pending.length === 0) return;
    const batch = this.#pending;
    this.#pending = [];
    this.#options.onBatch(batch);
  }

  /** Flushes and stops the timer. */
  close(): void {
    this.flush();
  }
}
