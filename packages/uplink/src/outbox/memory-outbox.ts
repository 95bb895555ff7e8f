import { IndexedOutbox, resolveLimits } from './indexed-outbox.js';
import { type MessageCount, NO_MESSAGES, queuedCount } from './message-count.js';
import type { MessageMeta } from './outbox.js';
import type { IndexEntry } from './priority-index.js';
import { recordBytes } from './record-format.js';

/** Options of {@link MemoryOutbox}. */
export interface MemoryOutboxOptions {
  /** Bound on queued bytes (record header of 20 bytes + payload each). Default 64 MiB. */
  readonly maxBytes?: number;
  /** Extra bytes only alarms may use once the bound is reached. Default maxBytes / 10. */
  readonly alarmReserveBytes?: number;
  /** The first sequence number. Default 1. */
  readonly firstSequence?: bigint;
}

interface MemoryEntry extends IndexEntry {
  readonly payload: Uint8Array;
}

/**
 * An {@link Outbox} in memory: same ordering, bounds and eviction as {@link DiskOutbox}, but nothing
 * survives the process. For tests and for setups that accept losing the queue on restart. What it
 * still holds when it closes is counted in {@link MemoryOutbox.discarded}.
 */
export class MemoryOutbox extends IndexedOutbox<MemoryEntry> {
  /** Nothing it holds survives the process. */
  readonly durable = false;
  #discarded: MessageCount = NO_MESSAGES;

  constructor(options: MemoryOutboxOptions = {}) {
    const first = options.firstSequence ?? 1n;
    if (typeof first !== 'bigint' || first < 0n) {
      throw new TypeError(`MemoryOutbox: firstSequence must be a non-negative bigint, got ${String(first)}`);
    }
    super(resolveLimits('MemoryOutbox', options.maxBytes, options.alarmReserveBytes), first, 'MemoryOutbox');
  }

  /** @hidden */
  protected store(meta: MessageMeta, payload: Uint8Array): MemoryEntry {
    // Copy: the caller may reuse its buffer after append resolves.
    return { ...meta, payload: payload.slice(), bytes: recordBytes(payload.length), removed: false };
  }

  /** @hidden */
  protected settle(): Promise<void> {
    return Promise.resolve();
  }

  /** @hidden */
  protected forget(): void {}

  /** @hidden */
  protected load(entry: MemoryEntry): Uint8Array {
    return entry.payload;
  }

  /**
   * What was still queued (never delivered) when the outbox closed: gone with it. Zero while open and
   * after a close with nothing queued.
   */
  get discarded(): MessageCount {
    return this.#discarded;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.#discarded = queuedCount(this.stats());
    this.closed = true;
  }
}
