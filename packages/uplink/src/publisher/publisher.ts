import { EventEmitter } from 'node:events';
import { encodeAlarm, encodeDataBatch } from '@firecode/codec';
import {
  type Catalog,
  type FireEvent,
  isAlarmEventKind,
  type Reading,
  ReadingColumns,
  type ReadingRows,
} from '@firecode/schema';
import { uplinkError } from '../errors.js';
import { MESSAGE_CLASSES } from '../message-class.js';
import type { MessageCount } from '../outbox/message-count.js';
import type { AppendResult, Outbox } from '../outbox/outbox.js';
import { BatchStatusBuilder } from './batch-status.js';
import type { GatewayConditions } from './gateway-conditions.js';
import { type MessageSubmitter, PlainSubmitter, type SubmitClass } from './message-submitter.js';
import { type PublishedBatch, type PublisherOptions, uplinkFromSettings } from './publisher-options.js';
import { type BatchOptions, ReadingBatcher } from './reading-batcher.js';
import type { UplinkTopics } from './topics.js';
import {
  type ConnectInfo,
  type DeliveredMessage,
  type DropReport,
  type OfflineInfo,
  Uplink,
  type UplinkStats,
} from './uplink.js';

/** A message the broker acknowledged; for events, when the earliest of them was raised. */
export interface PublishedDelivery extends DeliveredMessage {
  /** Epoch ms of the earliest event in the message (alarm and status messages only): its latency base. */
  readonly raisedAt?: number;
}

/** The publisher's typed events. */
export interface PublisherEvents {
  /** Connected to the broker (again); the birth (catalog) has been published. */
  connect: [info: ConnectInfo];
  /** The link is down; messages keep being accepted and wait in the outbox. */
  offline: [info: OfflineInfo];
  /** The outbox evicted (`overflow`), refused (`refused`) or lost at close (`lost`) messages. */
  drop: [report: DropReport];
  delivered: [message: PublishedDelivery];
  /** A data batch was built (before the outbox takes it): for channels beside MQTT. */
  batch: [batch: PublishedBatch];
  /**
   * Something failed in the background (the uplink's errors, a message the outbox refused). Only
   * emitted when listened to; otherwise kept as `stats().lastError`, so it never crashes the program.
   */
  error: [error: Error];
}

/** What an accepted event or batch got. */
export interface Receipt {
  /** The message's sequence number (64-bit, never reused). */
  readonly sequence: bigint;
}

/** A snapshot of the publisher's counters. */
export interface PublisherStats {
  /** Readings accepted. */
  readonly readings: number;
  /** Readings waiting for the next batch. */
  readonly pendingReadings: number;
  /** Data batches handed to the outbox. */
  readonly batches: number;
  /** Events handed to the outbox. */
  readonly events: number;
  /** Batches and event messages the outbox refused (also reported as `drop` events). */
  readonly refused: number;
  /** Messages lost at `close()` with an outbox closed in memory (also `drop` events, reason `lost`). */
  readonly lost: number;
  readonly lastError: Error | undefined;
  readonly uplink: UplinkStats;
}

/** How {@link Publisher.close} ends. */
export interface PublisherCloseOptions {
  /** How long to wait for the outbox to drain before disconnecting. Default 2000 ms; 0 waits not. */
  readonly drainTimeoutMs?: number;
  /** Close the outbox too (it is the publisher's own). Default false. */
  readonly closeOutbox?: boolean;
}

/** What {@link Publisher.close} could not deliver: nothing is lost without a word. */
export interface PublisherCloseResult {
  /** True when everything accepted reached the broker. */
  readonly delivered: boolean;
  /** What had not reached the broker, in total and per class. */
  readonly undelivered: MessageCount;
  /** Of those, the messages that are gone: in a memory outbox that was closed with the publisher. */
  readonly lost: number;
  /** Of those, the messages that wait for the next run: in a disk outbox, or an outbox left open. */
  readonly kept: number;
}

/**
 * The one sending side of the SDK and the gateway, so a vendor's device and an integrator's gateway
 * publish exactly the same wire: the birth (catalog) and states, events at once (alarms and faults in
 * the alarm lane, which overtakes any backlog; other kinds in the status lane), readings batched by
 * age and size with one set of limits, every data batch carrying the same `BatchStatus` of `@firecode/codec`
 * (status byte, drops since the last batch, running total), all through the outbox and the MQTT uplink.
 */
export class Publisher extends EventEmitter<PublisherEvents> {
  /** The uplink underneath: reconfigure or republish the birth through it. */
  readonly uplink: Uplink;
  /** The alarms, faults and unreachable devices behind the status byte (events feed it themselves). */
  readonly conditions: GatewayConditions;
  readonly #outbox: Outbox;
  readonly #catalog: () => Catalog;
  readonly #status: BatchStatusBuilder;
  readonly #submitter: MessageSubmitter;
  readonly #where: string | undefined;
  #batcher: ReadingBatcher;
  readonly #raisedAt = new Map<bigint, number>();
  readonly #inProgress = new Set<Promise<unknown>>();
  #counts = { readings: 0, batches: 0, events: 0, refused: 0, lost: 0 };
  #lastError: Error | undefined;
  #closing: Promise<PublisherCloseResult> | undefined;

  /** Throws a TypeError for bad batch options (and the uplink's TypeErrors for bad settings). */
  constructor(options: PublisherOptions) {
    super();
    const { catalog } = options;
    this.#catalog = typeof catalog === 'function' ? catalog : () => catalog;
    this.#outbox = options.outbox;
    this.#where = options.where;
    this.#batcher = this.#batcherFor(options.batch ?? {});
    this.uplink =
      options.uplink instanceof Uplink
        ? options.uplink
        : uplinkFromSettings(
            options.uplink,
            options.outbox,
            this.#catalog,
            options.now ?? Date.now,
            options.seal,
          );
    this.#status = new BatchStatusBuilder(this.uplink);
    this.conditions = this.#status.conditions;
    this.#submitter = options.submitter?.(this.uplink) ?? new PlainSubmitter(this.uplink);
    this.#forwardUplinkEvents();
  }

  /** The catalog births, batches and events are encoded under now. */
  get catalog(): Catalog {
    return this.#catalog();
  }

  /** The topics it publishes to. */
  get topics(): UplinkTopics {
    return this.uplink.topics;
  }

  /** True while the broker connection is up. */
  get connected(): boolean {
    return this.uplink.isConnected;
  }

  /** Starts connecting (idempotent); readings and events are accepted before, during and after. */
  start(): this {
    this.uplink.start();
    return this;
  }

  /**
   * Adds readings (an array, or {@link ReadingColumns}) to the pending batch; full batches leave as
   * they fill, the rest at `maxAgeMs`.
   */
  addReadings(readings: ReadingRows): void {
    this.#assertOpen('addReadings');
    this.#counts.readings += readings.length;
    this.#batcher.addAll(readings);
  }

  /**
   * Adds row `row` of `readings`: the gateway's path from a poll's reused columns (through its report
   * filter) to the batch, with no reading object.
   */
  addRow(readings: ReadingColumns, row: number): void {
    this.#assertOpen('addRow');
    this.#counts.readings++;
    this.#batcher.addRow(readings, row);
  }

  /** One reading: {@link Publisher.addReadings}. */
  addReading(reading: Reading): void {
    this.#assertOpen('addReading');
    this.#counts.readings++;
    this.#batcher.add(reading);
  }

  /**
   * Sends events at once, in one message: in the alarm lane when any is an alarm or fault, else in the
   * status lane. Active fires and faults set their bits in the status byte of the following batches.
   * Resolves when the outbox holds the message; rejects (`OUTBOX_FULL`) only when it cannot take it,
   * which is counted and reported as a `drop` event, so an unawaited call never crashes the program.
   */
  publishEvents(events: readonly FireEvent[]): Promise<Receipt> {
    this.#assertOpen('publishEvents');
    if (events.length === 0) throw new TypeError('Publisher.publishEvents: give at least one event');
    const list = [...events];
    const cls: SubmitClass = list.some((event) => isAlarmEventKind(event.kind)) ? 'alarm' : 'status';
    this.conditions.apply(list);
    // The catalog the events were produced under, even if it changes before the outbox builds them.
    const catalog = this.#catalog();
    const gatewayId = catalog.gatewayId;
    const raisedAt = Math.min(...list.map((event) => event.time));
    this.#counts.events += list.length;
    return this.#track(
      this.#submitter.submit(cls, (sequence, historical) => {
        this.#raisedAt.set(sequence, raisedAt);
        return encodeAlarm({ gatewayId, sequence, historical, events: list }, catalog);
      }),
    );
  }

  /** One event: {@link Publisher.publishEvents}. */
  publishEvent(event: FireEvent): Promise<Receipt> {
    return this.publishEvents([event]);
  }

  /**
   * Sends the status byte now (a condition without readings changed, e.g. a panel stopped answering):
   * the pending readings leave with it, or a batch with the status alone when none are pending.
   */
  publishStatus(): void {
    this.#assertOpen('publishStatus');
    if (this.#batcher.pending > 0) this.#batcher.flush();
    else this.#sendBatch(new ReadingColumns(1));
  }

  /** Sends the pending readings now; resolves when the outbox holds everything accepted so far. */
  async flush(): Promise<void> {
    this.#batcher.flush();
    await this.#settled();
  }

  /** Resolves once every accepted message has reached the broker (the outbox is empty). */
  async drained(): Promise<void> {
    await this.#settled();
    await this.uplink.drained();
  }

  /** New batch settings (a reload): what is pending leaves now, under the settings it was gathered with. */
  setBatchOptions(batch: BatchOptions): void {
    const next = this.#batcherFor(batch);
    this.#batcher.close();
    this.#batcher = next;
  }

  stats(): PublisherStats {
    return {
      ...this.#counts,
      pendingReadings: this.#batcher.pending,
      lastError: this.#lastError,
      uplink: this.uplink.stats(),
    };
  }

  /**
   * Sends the pending readings, waits up to `drainTimeoutMs` for the outbox to drain (connecting
   * first if the link is not up yet), publishes the offline state and disconnects, then closes the
   * outbox when asked. Resolves with what did not reach the broker; what dies with a memory outbox it
   * closed is also reported as a `drop` event per class (reason `lost`). Idempotent.
   */
  close(options: PublisherCloseOptions = {}): Promise<PublisherCloseResult> {
    this.#closing ??= this.#close(options);
    return this.#closing;
  }

  async #close(options: PublisherCloseOptions): Promise<PublisherCloseResult> {
    this.#batcher.close();
    await this.#settled();
    const drainTimeoutMs = options.drainTimeoutMs ?? 2000;
    // Also when not connected yet: a program that starts, reports and closes at once still delivers.
    if (drainTimeoutMs > 0) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        this.uplink.drained(),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, drainTimeoutMs);
        }),
      ]);
      clearTimeout(timer);
    }
    const { undelivered } = await this.uplink.close();
    if (options.closeOutbox) await this.#outbox.close();
    this.#raisedAt.clear();
    // Gone: a memory outbox closed here. Kept: a durable one, or one left open for its owner.
    const gone = options.closeOutbox === true && !this.#outbox.durable;
    if (gone) {
      for (const cls of MESSAGE_CLASSES) {
        const { messages, bytes } = undelivered.byClass[cls];
        if (messages > 0) this.emit('drop', { cls, reason: 'lost', messages, bytes, sequences: [] });
      }
      this.#counts.lost += undelivered.messages;
    }
    return {
      delivered: undelivered.messages === 0,
      undelivered,
      lost: gone ? undelivered.messages : 0,
      kept: gone ? 0 : undelivered.messages,
    };
  }

  #batcherFor(batch: BatchOptions): ReadingBatcher {
    return new ReadingBatcher(batch, (readings) => this.#sendBatch(readings), this.#where);
  }

  #forwardUplinkEvents(): void {
    this.uplink.on('connect', (info) => this.emit('connect', info));
    this.uplink.on('offline', (info) => this.emit('offline', info));
    this.uplink.on('drop', (report) => {
      for (const sequence of report.sequences) this.#raisedAt.delete(sequence);
      this.emit('drop', report);
    });
    this.uplink.on('delivered', (message) => {
      const raisedAt = this.#raisedAt.get(message.sequence);
      this.#raisedAt.delete(message.sequence);
      this.emit('delivered', raisedAt === undefined ? message : { ...message, raisedAt });
    });
    this.uplink.on('error', (error) => this.#fail(error));
  }

  #sendBatch(readings: ReadingColumns): void {
    // Built now, not when the outbox takes the batch: the drops it reports are those before it.
    const status = this.#status.next();
    const catalog = this.#catalog();
    const gatewayId = catalog.gatewayId;
    this.emit('batch', { readings, status, catalog });
    this.#counts.batches++;
    const submitted = this.#submitter.submit('data', (sequence, historical) =>
      encodeDataBatch({ gatewayId, sequence, historical, readings, events: [], status }, catalog),
    );
    void this.#track(submitted);
    // Once the submission settles, no submitter encodes the batch again (the plain one encodes inside
    // the append, the signing one before it): its columns gather the next batch.
    const batcher = this.#batcher;
    const recycle = () => batcher.recycle(readings);
    submitted.then(recycle, recycle);
  }

  /** Counts failures and keeps an unawaited rejection from crashing the program. */
  #track(submitted: Promise<AppendResult>): Promise<Receipt> {
    const receipt = submitted.then((result) => ({ sequence: result.sequence }));
    const settled = receipt.then(
      () => undefined,
      (error: unknown) => {
        this.#counts.refused++;
        this.#fail(error instanceof Error ? error : new Error(String(error)));
      },
    );
    this.#inProgress.add(settled);
    void settled.finally(() => this.#inProgress.delete(settled));
    return receipt;
  }

  async #settled(): Promise<void> {
    while (this.#inProgress.size > 0) await Promise.all([...this.#inProgress]);
  }

  #assertOpen(what: string): void {
    if (this.#closing) throw uplinkError('UPLINK_CLOSED', `Publisher.${what}() after close()`);
  }

  #fail(error: Error): void {
    this.#lastError = error;
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }
}
