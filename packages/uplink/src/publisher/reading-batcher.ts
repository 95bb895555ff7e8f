import { isReadingColumns, type Reading, ReadingColumns, type ReadingRows } from '@firecode/schema';
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
 *
 * A batch is {@link ReadingColumns}, not an array of reading objects: at building scale 10,000
 * readings a second wait here up to `maxAgeMs`, long enough to outlive young collections, and as
 * objects each had to be copied and later marked by the garbage collector. A batch's columns are
 * sized like the largest yet and come back through {@link ReadingBatcher.recycle} once the batch is
 * encoded: new columns per batch (80 kB of arrays for 5,000 readings) lived long enough to be
 * promoted to the old generation, a third of what the gateway promoted at building scale.
 */
export class ReadingBatcher {
  readonly #maxAgeMs: number;
  readonly #maxReadings: number;
  readonly #onBatch: (readings: ReadingColumns) => void;
  #pending: ReadingColumns;
  /** Columns of a batch already encoded, to gather the next batch in. */
  #spare: ReadingColumns | undefined;
  /** The columns this batcher made: only those come back as spares (not, say, a status-only batch). */
  readonly #own = new WeakSet<ReadingColumns>();
  #largest = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** `onBatch` must not throw; what it submits is the caller's to count. */
  constructor(options: BatchOptions, onBatch: (readings: ReadingColumns) => void, where?: string) {
    const { maxAgeMs, maxReadings } = resolveBatchOptions(options, where);
    this.#maxAgeMs = maxAgeMs;
    this.#maxReadings = maxReadings;
    this.#onBatch = onBatch;
    this.#pending = this.#columns(Math.min(maxReadings, 64));
  }

  /** Readings waiting for the next batch. */
  get pending(): number {
    return this.#pending.length;
  }

  add(reading: Reading): void {
    this.#pending.push(reading.point, reading.time, reading.value, reading.quality);
    this.#added();
  }

  /** Adds row `row` of `readings` (e.g. of a poll whose columns are reused). */
  addRow(readings: ReadingColumns, row: number): void {
    this.#pending.pushRow(readings, row);
    this.#added();
  }

  /** Adds several readings (one poll's): full batches leave as they fill. */
  addAll(readings: ReadingRows): void {
    if (isReadingColumns(readings)) {
      for (let row = 0; row < readings.length; row += 1) {
        this.#pending.pushRow(readings, row);
        if (this.#pending.length >= this.#maxReadings) this.flush();
      }
    } else {
      for (const r of readings) {
        this.#pending.push(r.point, r.time, r.value, r.quality);
        if (this.#pending.length >= this.#maxReadings) this.flush();
      }
    }
    if (this.#pending.length > 0) this.#arm();
  }

  /** Hands on whatever is pending now. */
  flush(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#pending.length === 0) return;
    const batch = this.#pending;
    // Sized for the largest batch so far: columns that grow while they fill copy themselves each time.
    this.#largest = Math.max(this.#largest, batch.length);
    const spare = this.#spare;
    this.#spare = undefined;
    this.#pending = spare ?? this.#columns(this.#largest);
    this.#onBatch(batch);
  }

  /**
   * Gives back the columns of a batch handed to `onBatch` once nothing reads them any more (it is
   * encoded, or will never be): the next batch is gathered in them. Optional: columns not given back
   * are garbage like any other.
   */
  recycle(batch: ReadingColumns): void {
    if (batch === this.#pending || !this.#own.has(batch)) return;
    batch.clear();
    this.#spare = batch;
  }

  #columns(capacity: number): ReadingColumns {
    const columns = new ReadingColumns(capacity);
    this.#own.add(columns);
    return columns;
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

  #added(): void {
    if (this.#pending.length >= this.#maxReadings) this.flush();
    else this.#arm();
  }

  /**
   * The timer's callback, made once: an arrow inside {@link ReadingBatcher.#arm} made V8 allocate
   * the method's context (which holds `this` for the arrow) on every call, also on the calls that
   * return at once, i.e. for every reading added: 40 bytes × 10,000 readings a second.
   */
  readonly #flushOnTimer = (): void => this.flush();

  #arm(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(this.#flushOnTimer, this.#maxAgeMs);
    // A program with nothing else to do may exit; close() flushes what is pending.
    this.#timer.unref?.();
  }
}
