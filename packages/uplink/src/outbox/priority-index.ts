import { MESSAGE_CLASSES, type MessageClass } from '../message-class.js';
import { FifoQueue } from './fifo-queue.js';

/** What the index needs to know of a queued message; implementations add where its payload lives. */
export interface IndexEntry {
  readonly sequence: bigint;
  readonly cls: MessageClass;
  readonly historical: boolean;
  /** Accounted bytes: record header + payload. */
  readonly bytes: number;
  /** Set once acked or evicted; the queues drop removed entries lazily. */
  removed: boolean;
}

/** Limits that decide when and what to evict. */
export interface OutboxLimits {
  readonly maxBytes: number;
  readonly alarmReserveBytes: number;
}

/**
 * Which classes an incoming message may evict, in eviction order. Data and historical form one pool
 * evicted oldest first (by sequence); status only gives way to status and alarms; alarms are never
 * evicted.
 */
const EVICTABLE_BY: Record<MessageClass, readonly ('data-pool' | 'status')[]> = {
  alarm: ['data-pool', 'status'],
  status: ['data-pool', 'status'],
  data: ['data-pool'],
  historical: ['data-pool'],
};

/**
 * The in-memory priority index both outboxes share: one FIFO per class, byte accounting, lookup by
 * sequence for acks, and the eviction plan.
 */
export class PriorityIndex<E extends IndexEntry> {
  private readonly queues: Record<MessageClass, FifoQueue<E>> = {
    alarm: new FifoQueue(),
    status: new FifoQueue(),
    data: new FifoQueue(),
    historical: new FifoQueue(),
  };
  private readonly bySequence = new Map<bigint, E>();
  private readonly classMessages: Record<MessageClass, number> = {
    alarm: 0,
    status: 0,
    data: 0,
    historical: 0,
  };
  private readonly classBytes: Record<MessageClass, number> = { alarm: 0, status: 0, data: 0, historical: 0 };
  private totalBytes = 0;

  get size(): number {
    return this.bySequence.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  messagesOf(cls: MessageClass): number {
    return this.classMessages[cls];
  }

  bytesOf(cls: MessageClass): number {
    return this.classBytes[cls];
  }

  /** Adds an entry; entries of one class must arrive in increasing sequence order. */
  add(entry: E): void {
    this.queues[entry.cls].push(entry);
    this.bySequence.set(entry.sequence, entry);
    this.classMessages[entry.cls]++;
    this.classBytes[entry.cls] += entry.bytes;
    this.totalBytes += entry.bytes;
  }

  get(sequence: bigint): E | undefined {
    return this.bySequence.get(sequence);
  }

  /** Removes the entry with `sequence`; returns it, or undefined when it is not queued. */
  remove(sequence: bigint): E | undefined {
    const entry = this.bySequence.get(sequence);
    if (!entry) return undefined;
    entry.removed = true;
    this.bySequence.delete(sequence);
    this.classMessages[entry.cls]--;
    this.classBytes[entry.cls] -= entry.bytes;
    this.totalBytes -= entry.bytes;
    const queue = this.queues[entry.cls];
    while (queue.length > 0 && queue.at(0)!.removed) queue.shift();
    return entry;
  }

  /** Highest class first, oldest first within a class; entries in `skip` and classes in `skipClasses` are passed over. */
  next(skip?: ReadonlySet<bigint>, skipClasses?: ReadonlySet<MessageClass>): E | undefined {
    for (const cls of MESSAGE_CLASSES) {
      if (skipClasses?.has(cls)) continue;
      const queue = this.queues[cls];
      for (let i = 0; i < queue.length; i++) {
        const entry = queue.at(i)!;
        if (entry.removed || skip?.has(entry.sequence)) continue;
        return entry;
      }
    }
    return undefined;
  }

  /**
   * The entries to evict so that a message of `incomingBytes` fits, or undefined when it cannot fit
   * even after evicting everything its class may evict. Nothing is removed here.
   */
  planEviction(cls: MessageClass, incomingBytes: number, limits: OutboxLimits): E[] | undefined {
    const fits = (freed: number) => this.totalBytes - freed + incomingBytes <= limits.maxBytes;
    if (fits(0)) return [];
    const victims: E[] = [];
    let freed = 0;
    for (const pool of EVICTABLE_BY[cls]) {
      const candidates = pool === 'status' ? this.live('status') : this.dataPoolOldestFirst();
      for (const entry of candidates) {
        if (fits(freed)) break;
        victims.push(entry);
        freed += entry.bytes;
      }
      if (fits(freed)) return victims;
    }
    if (
      cls === 'alarm' &&
      this.totalBytes - freed + incomingBytes <= limits.maxBytes + limits.alarmReserveBytes
    ) {
      return victims;
    }
    return undefined;
  }

  private *live(cls: MessageClass): Generator<E> {
    for (const entry of this.queues[cls]) if (!entry.removed) yield entry;
  }

  /** Data and historical merged by sequence, oldest first. */
  private *dataPoolOldestFirst(): Generator<E> {
    const data = this.live('data');
    const historical = this.live('historical');
    let a = data.next();
    let b = historical.next();
    while (!a.done || !b.done) {
      if (b.done || (!a.done && a.value.sequence < b.value.sequence)) {
        yield a.value as E;
        a = data.next();
      } else {
        yield b.value;
        b = historical.next();
      }
    }
  }
}
