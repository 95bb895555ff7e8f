import type { MessageClass } from '../message-class.js';

/** What the payload builder learns about the message it encodes. */
export interface MessageMeta {
  /** The 64-bit sequence number the outbox assigned: increasing, never reused, gap-free while running. */
  readonly sequence: bigint;
  /** The message class it is queued in. */
  readonly cls: MessageClass;
  /** True when the message was produced while the link was down (replayed later). */
  readonly historical: boolean;
}

/** Encodes one message once its sequence number is known. Must return the bytes to publish. */
export type BuildPayload = (meta: MessageMeta) => Uint8Array;

/** Options of {@link Outbox.append}. */
export interface AppendOptions {
  /** Flag the message as historical (produced while the link was down). Default false. */
  readonly historical?: boolean;
}

/** A message the outbox evicted to make room, so that the caller can count and report it. */
export interface DroppedMessage {
  readonly sequence: bigint;
  readonly cls: MessageClass;
  /** Bytes it occupied (record header included). */
  readonly bytes: number;
  readonly reason: 'overflow';
}

/** The outcome of {@link Outbox.append}: the message is accepted (durable as the fsync policy says). */
export interface AppendResult {
  readonly sequence: bigint;
  /** Bytes the message occupies (record header included). */
  readonly bytes: number;
  /** Older messages evicted to make room, oldest first. Empty in the normal case. */
  readonly dropped: readonly DroppedMessage[];
}

/** One queued message, as handed to the publisher. */
export interface OutboxMessage extends MessageMeta {
  readonly payload: Uint8Array;
}

/** Per-class counters. */
export interface ClassStats {
  /** Messages queued now. */
  readonly messages: number;
  /** Bytes queued now (record headers included). */
  readonly bytes: number;
  /** Messages of this class evicted since the outbox was opened. */
  readonly dropped: number;
  readonly droppedBytes: number;
}

/** A snapshot of the outbox's counters. */
export interface OutboxStats {
  readonly messages: number;
  readonly bytes: number;
  readonly maxBytes: number;
  readonly alarmReserveBytes: number;
  /** Messages accepted since open. */
  readonly appended: number;
  /** Messages acknowledged (deleted after delivery) since open. */
  readonly acked: number;
  /** Messages evicted since open (all classes). */
  readonly dropped: number;
  readonly droppedBytes: number;
  /** The sequence number the next accepted message will get. */
  readonly nextSequence: bigint;
  readonly byClass: Readonly<Record<MessageClass, ClassStats>>;
}

/**
 * A bounded, prioritised queue of encoded messages waiting for delivery. Implementations:
 * {@link MemoryOutbox} (tests, volatile setups) and {@link DiskOutbox} (crash-safe). Both pass the same
 * conformance suite, `describeOutbox`.
 *
 * Order: {@link Outbox.next} returns the highest-priority class first (alarm > status > data >
 * historical) and, within a class, the oldest message first. Overflow: when a message does not fit in
 * `maxBytes`, the oldest data/historical messages are evicted first, then (for incoming status or alarm)
 * status; alarms are never evicted and may use an extra `alarmReserveBytes`. Anything that still does
 * not fit is refused with `OUTBOX_FULL` — never dropped silently.
 */
export interface Outbox {
  /**
   * Assigns the next sequence number, lets `build` encode the payload with it, and stores the message.
   * Resolves once the message is accepted (for a disk outbox: written, and synced if the policy says
   * so). Throws `OUTBOX_FULL`, `OUTBOX_BUILD_FAILED`, `OUTBOX_CLOSED` or `OUTBOX_IO`.
   */
  append(cls: MessageClass, build: BuildPayload, options?: AppendOptions): Promise<AppendResult>;
  /**
   * The message to send next, skipping the sequence numbers in `skip` (e.g. those already in flight)
   * and every message of the classes in `skipClasses` (e.g. a class the broker refused for a while).
   */
  next(
    skip?: ReadonlySet<bigint>,
    skipClasses?: ReadonlySet<MessageClass>,
  ): Promise<OutboxMessage | undefined>;
  /** Deletes a delivered message. Resolves false when it is not queued (already acked or evicted). */
  ack(sequence: bigint): Promise<boolean>;
  /** Messages queued now. */
  readonly size: number;
  /** Bytes queued now (record headers included). */
  readonly bytes: number;
  stats(): OutboxStats;
  /**
   * True when what it holds survives the process (`DiskOutbox`: a restart sends it); false for
   * `MemoryOutbox`, whose queued messages are lost when it closes or the process ends.
   */
  readonly durable: boolean;
  /** Flushes and releases resources; later calls throw `OUTBOX_CLOSED`. Idempotent. */
  close(): Promise<void>;
}
