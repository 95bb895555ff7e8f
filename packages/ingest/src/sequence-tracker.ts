/**
 * De-duplication and gap detection for one gateway's 64-bit sequence numbers.
 *
 * Delivery is at-least-once (MQTT QoS 1) and alarms overtake a replayed backlog, so sequences arrive
 * out of order and sometimes twice. The tracker keeps the highest sequence below which everything has
 * been seen (`contiguous`) plus the set seen above it; that set stays small because the backlog drains.
 */
export type SequenceVerdict = 'new' | 'duplicate';

export class SequenceTracker {
  /** Every sequence <= contiguous has been seen. -1n before the first. */
  #contiguous: bigint;
  readonly #above = new Set<bigint>();
  #highest: bigint;

  /** `start`: the first sequence expected (a gateway's outbox numbers its first message 1). */
  constructor(start = 1n) {
    this.#contiguous = start - 1n;
    this.#highest = start - 1n;
  }

  accept(sequence: bigint): SequenceVerdict {
    if (sequence <= this.#contiguous || this.#above.has(sequence)) return 'duplicate';
    if (sequence > this.#highest) this.#highest = sequence;
    if (sequence === this.#contiguous + 1n) {
      this.#contiguous = sequence;
      while (this.#above.delete(this.#contiguous + 1n)) this.#contiguous += 1n;
    } else {
      this.#above.add(sequence);
    }
    return 'new';
  }

  /** Highest sequence seen so far. */
  get highest(): bigint {
    return this.#highest;
  }

  /** Sequences not yet seen below the highest one seen: either still in flight, or lost. */
  missing(limit = 1000): bigint[] {
    const gaps: bigint[] = [];
    for (let s = this.#contiguous + 1n; s < this.#highest && gaps.length < limit; s++) {
      if (!this.#above.has(s)) gaps.push(s);
    }
    return gaps;
  }
}
