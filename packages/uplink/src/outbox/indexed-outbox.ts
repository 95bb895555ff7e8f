import { uplinkError } from '../errors.js';
import { assertMessageClass, MESSAGE_CLASSES, type MessageClass } from '../message-class.js';
import type {
  AppendOptions,
  AppendResult,
  BuildPayload,
  ClassStats,
  DroppedMessage,
  MessageMeta,
  Outbox,
  OutboxMessage,
  OutboxStats,
} from './outbox.js';
import { type IndexEntry, type OutboxLimits, PriorityIndex } from './priority-index.js';
import { recordBytes } from './record-format.js';

/** Checks the size limits shared by both outboxes; throws TypeError on nonsense. */
export function resolveLimits(
  where: string,
  maxBytes: number | undefined,
  alarmReserveBytes: number | undefined,
): OutboxLimits {
  const max = maxBytes ?? 64 * 1024 * 1024;
  if (!Number.isSafeInteger(max) || max <= 0) {
    throw new TypeError(`${where}: maxBytes must be a positive integer number of bytes, got ${maxBytes}`);
  }
  const reserve = alarmReserveBytes ?? Math.ceil(max / 10);
  if (!Number.isSafeInteger(reserve) || reserve < 0) {
    throw new TypeError(
      `${where}: alarmReserveBytes must be a non-negative integer, got ${alarmReserveBytes}`,
    );
  }
  return { maxBytes: max, alarmReserveBytes: reserve };
}

/**
 * The append/evict/next/ack logic both outboxes share. Subclasses decide where payloads live and how
 * removals are made durable.
 */
export abstract class IndexedOutbox<E extends IndexEntry> implements Outbox {
  /** @hidden */
  protected readonly index = new PriorityIndex<E>();
  protected nextSequence: bigint;
  protected closed = false;
  /** @inheritDoc */
  abstract readonly durable: boolean;
  private appended = 0;
  private acked = 0;
  private readonly dropped: Record<MessageClass, { messages: number; bytes: number }> = {
    alarm: { messages: 0, bytes: 0 },
    status: { messages: 0, bytes: 0 },
    data: { messages: 0, bytes: 0 },
    historical: { messages: 0, bytes: 0 },
  };

  protected constructor(
    /** @hidden */
    protected readonly limits: OutboxLimits,
    firstSequence: bigint,
    private readonly label: string,
  ) {
    this.nextSequence = firstSequence;
  }

  /** Stores a new message durably enough for the policy; returns its index entry. @hidden */
  protected abstract store(meta: MessageMeta, payload: Uint8Array): E;
  /** Waits until stored messages are as durable as the policy promises (e.g. fsync). @hidden */
  protected abstract settle(): Promise<void>;
  /** Makes the removal of these entries durable (they are already out of the index). @hidden */
  protected abstract forget(entries: readonly E[]): void;
  /** Reads back a stored payload. @hidden */
  protected abstract load(entry: E): Uint8Array;

  get size(): number {
    return this.index.size;
  }

  get bytes(): number {
    return this.index.bytes;
  }

  async append(cls: MessageClass, build: BuildPayload, options: AppendOptions = {}): Promise<AppendResult> {
    this.assertOpen();
    assertMessageClass(cls, `${this.label}.append`);
    if (typeof build !== 'function') throw new TypeError(`${this.label}.append: build must be a function`);
    const meta: MessageMeta = { sequence: this.nextSequence, cls, historical: options.historical === true };
    let payload: Uint8Array;
    try {
      payload = build(meta);
    } catch (cause) {
      throw uplinkError(
        'OUTBOX_BUILD_FAILED',
        `${this.label}: the payload builder threw for ${describe(meta)}`,
        {
          cause,
          details: { sequence: meta.sequence, cls },
        },
      );
    }
    if (!(payload instanceof Uint8Array)) {
      throw uplinkError(
        'OUTBOX_BUILD_FAILED',
        `${this.label}: the payload builder must return a Uint8Array, got ${typeof payload} for ${describe(meta)}`,
        { details: { sequence: meta.sequence, cls } },
      );
    }
    const bytes = recordBytes(payload.length);
    const victims = this.index.planEviction(cls, bytes, this.limits);
    if (!victims) {
      throw uplinkError(
        'OUTBOX_FULL',
        `${this.label}: no room for a ${bytes}-byte ${cls} message (${this.index.bytes} of ${this.limits.maxBytes} bytes ` +
          `used, alarm reserve ${this.limits.alarmReserveBytes}) and nothing left that a ${cls} message may evict; ` +
          'raise maxBytes (see sizeOutbox) or restore the link',
        { details: { cls, bytes, used: this.index.bytes, maxBytes: this.limits.maxBytes } },
      );
    }
    for (const victim of victims) this.index.remove(victim.sequence);
    if (victims.length > 0) this.forget(victims);
    const entry = this.store(meta, payload);
    this.nextSequence++;
    this.index.add(entry);
    this.appended++;
    const dropped: DroppedMessage[] = victims.map((v) => {
      this.dropped[v.cls].messages++;
      this.dropped[v.cls].bytes += v.bytes;
      return { sequence: v.sequence, cls: v.cls, bytes: v.bytes, reason: 'overflow' };
    });
    await this.settle();
    return { sequence: meta.sequence, bytes, dropped };
  }

  async next(
    skip?: ReadonlySet<bigint>,
    skipClasses?: ReadonlySet<MessageClass>,
  ): Promise<OutboxMessage | undefined> {
    this.assertOpen();
    const entry = this.index.next(skip, skipClasses);
    if (!entry) return undefined;
    return {
      sequence: entry.sequence,
      cls: entry.cls,
      historical: entry.historical,
      payload: this.load(entry),
    };
  }

  async ack(sequence: bigint): Promise<boolean> {
    this.assertOpen();
    if (typeof sequence !== 'bigint') throw new TypeError(`${this.label}.ack: sequence must be a bigint`);
    const entry = this.index.remove(sequence);
    if (!entry) return false;
    this.forget([entry]);
    this.acked++;
    return true;
  }

  stats(): OutboxStats {
    const byClass = {} as Record<MessageClass, ClassStats>;
    let dropped = 0;
    let droppedBytes = 0;
    for (const cls of MESSAGE_CLASSES) {
      byClass[cls] = {
        messages: this.index.messagesOf(cls),
        bytes: this.index.bytesOf(cls),
        dropped: this.dropped[cls].messages,
        droppedBytes: this.dropped[cls].bytes,
      };
      dropped += this.dropped[cls].messages;
      droppedBytes += this.dropped[cls].bytes;
    }
    return {
      messages: this.index.size,
      bytes: this.index.bytes,
      maxBytes: this.limits.maxBytes,
      alarmReserveBytes: this.limits.alarmReserveBytes,
      appended: this.appended,
      acked: this.acked,
      dropped,
      droppedBytes,
      nextSequence: this.nextSequence,
      byClass,
    };
  }

  abstract close(): Promise<void>;

  protected assertOpen(): void {
    if (this.closed) {
      throw uplinkError('OUTBOX_CLOSED', `${this.label} is closed; open a new outbox to continue`);
    }
  }
}

function describe(meta: MessageMeta): string {
  return `${meta.cls} message #${meta.sequence}`;
}
