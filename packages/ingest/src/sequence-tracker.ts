/**
 * De-duplication and gap detection for one gateway's 64-bit sequence numbers.
 *
 * Delivery is at-least-once (MQTT QoS 1) and alarms overtake a replayed backlog, so sequences arrive
 * out of order and sometimes twice. The tracker keeps the highest sequence below which everything has
 * been seen (`contiguous`) plus the set seen above it.
 *
 * That set is bounded: a sequence that never comes (the gateway's outbox evicted it when full, or
 * this worker receives only a share of the gateway's messages) would otherwise keep every later
 * sequence in the set forever. When the set exceeds `maxTracked`, the oldest gaps are given up: they
 * are counted in `abandoned`, and a late arrival of one of them is still delivered (verdict
 * `'unverified'`), because at-least-once allows a repeat but nothing allows a loss.
 */
export type SequenceVerdict = 'new' | 'duplicate' | 'unverified';

/** Options of {@link SequenceTracker}. */
export interface SequenceTrackerOptions {
  /** Sequences remembered above the contiguous run before the oldest gaps are given up. Default 100,000. */
  maxTracked?: number;
}

const DEFAULT_MAX_TRACKED = 100_000;

/** Tells new sequences from repeats and lists the gaps, for one gateway (see the file comment). */
export class SequenceTracker {
  /** Every sequence <= contiguous has been seen, or was given up as a gap. start - 1 before the first. */
  #contiguous: bigint;
  readonly #above = new Set<bigint>();
  #highest: bigint;
  /** Gaps at or below this were given up: whether such a sequence was seen is no longer known. */
  #horizon: bigint;
  #abandoned = 0n;
  readonly #maxTracked: number;

  /** `start`: the first sequence expected (a gateway's outbox numbers its first message 1). */
  constructor(start = 1n, options: SequenceTrackerOptions = {}) {
    const maxTracked = options.maxTracked ?? DEFAULT_MAX_TRACKED;
    if (!Number.isSafeInteger(maxTracked) || maxTracked < 1) {
      throw new TypeError(
        `SequenceTracker: maxTracked must be a positive integer, got ${String(maxTracked)}`,
      );
    }
    this.#maxTracked = maxTracked;
    this.#contiguous = start - 1n;
    this.#highest = start - 1n;
    this.#horizon = start - 1n;
  }

  /** Records `sequence`: `'new'` the first time, `'duplicate'` after, `'unverified'` below a given-up gap. */
  accept(sequence: bigint): SequenceVerdict {
    if (this.#above.has(sequence)) return 'duplicate';
    if (sequence <= this.#contiguous) return sequence <= this.#horizon ? 'unverified' : 'duplicate';
    if (sequence > this.#highest) this.#highest = sequence;
    if (sequence === this.#contiguous + 1n) {
      this.#contiguous = sequence;
      this.#absorb();
    } else {
      this.#above.add(sequence);
      if (this.#above.size > this.#maxTracked) this.#giveUpOldestGaps();
    }
    return 'new';
  }

  /** Highest sequence seen so far. */
  get highest(): bigint {
    return this.#highest;
  }

  /** Gap sequences given up because the set of out-of-order sequences hit `maxTracked`. */
  get abandoned(): bigint {
    return this.#abandoned;
  }

  /** Sequences not yet seen below the highest one seen: either still in flight, or lost. */
  missing(limit = 1000): bigint[] {
    const gaps: bigint[] = [];
    for (let s = this.#contiguous + 1n; s < this.#highest && gaps.length < limit; s++) {
      if (!this.#above.has(s)) gaps.push(s);
    }
    return gaps;
  }

  /**
   * Moves `contiguous` over the lower half of the remembered sequences, abandoning the gaps between
   * them. Half at a time so that the sort is paid once per maxTracked/2 arrivals, not per arrival.
   */
  #giveUpOldestGaps(): void {
    const sorted = [...this.#above].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const cut = sorted[Math.floor(sorted.length / 2)];
    if (cut === undefined) return;
    let skippedSeen = 0n;
    for (const s of sorted) {
      if (s > cut) break;
      this.#above.delete(s);
      skippedSeen += 1n;
    }
    this.#abandoned += cut - this.#contiguous - skippedSeen;
    this.#horizon = cut;
    this.#contiguous = cut;
    this.#absorb();
  }

  #absorb(): void {
    while (this.#above.delete(this.#contiguous + 1n)) this.#contiguous += 1n;
  }
}
