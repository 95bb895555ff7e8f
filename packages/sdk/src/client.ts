import { EventEmitter } from 'node:events';
import { encodeAlarm, encodeBirth, encodeDataBatch, encodeState, signMessage } from '@firecode/codec';
import {
  type Catalog,
  evaluateThresholds,
  type FireEvent,
  isAlarmEventKind,
  NO_THRESHOLD_ALARM,
  type Reading,
  type ReadingColumns,
  type ThresholdState,
} from '@firecode/schema';
import {
  type AppendResult,
  BatchStatusBuilder,
  type ConnectInfo,
  createUplink,
  type DeliveredMessage,
  DiskOutbox,
  type DropReport,
  MESSAGE_CLASSES,
  MemoryOutbox,
  type MessageCount,
  type OfflineInfo,
  type Outbox,
  ReadingBatcher,
  type Uplink,
  type UplinkError,
  type UplinkStats,
  type UplinkTopics,
} from '@firecode/uplink';
import { sdkError } from './errors.js';
import {
  type MessageSubmitter,
  PlainSubmitter,
  SigningSubmitter,
  type SubmitClass,
} from './message-submitter.js';
import {
  catalogFrom,
  checkClientOptions,
  diskOptions,
  type FirecodeClientOptions,
  isOutbox,
  uplinkSettings,
} from './options.js';
import { type EventInput, PointIndex, type ReadingOptions } from './point-index.js';

/** The client's typed events. */
export interface FirecodeClientEvents {
  /** Connected to the broker (again); the birth (catalog) has been published. */
  connect: [info: ConnectInfo];
  /** The link is down; readings keep being accepted and are sent, flagged historical, once it is back. */
  offline: [info: OfflineInfo];
  /** The outbox evicted (`overflow`) or refused (`refused`) messages: counted, never silent. */
  drop: [report: DropReport];
  /** A message the broker acknowledged. */
  delivered: [message: DeliveredMessage];
  /**
   * Something failed in the background (a batch the outbox refused, a publish that will be retried).
   * Only emitted when listened to; otherwise kept as `stats().lastError`, so it never crashes the program.
   */
  error: [error: Error];
}

/** What an accepted event or batch got. */
export interface Receipt {
  /** The message's sequence number (64-bit, never reused). */
  readonly sequence: bigint;
}

/**
 * What {@link FirecodeClient.close} could not deliver. Nothing is lost silently: messages that die
 * with a memory outbox are counted here and reported as `drop` events with reason `lost`.
 */
export interface CloseResult {
  /** True when everything accepted reached the broker. */
  readonly delivered: boolean;
  /** What had not reached the broker when the client closed, in total and per class. */
  readonly undelivered: MessageCount;
  /**
   * Of those, the messages that are gone: they were in the memory outbox the client opened itself
   * (the default), which closed with it.
   */
  readonly lost: number;
  /**
   * Of those, the messages that wait for the next run: in a disk outbox, or in an outbox you passed
   * in (it stays open and yours; a `MemoryOutbox` of yours loses them when you close it).
   */
  readonly kept: number;
}

/** A snapshot of the client's counters. */
export interface FirecodeClientStats {
  /** Readings accepted by `reading()`. */
  readonly readings: number;
  /** Readings waiting for the next batch. */
  readonly pendingReadings: number;
  /** Data batches handed to the outbox. */
  readonly batches: number;
  /** Events handed to the outbox (yours and threshold crossings). */
  readonly events: number;
  /** Batches and events the outbox refused (also reported as `drop` events). */
  readonly refused: number;
  /** Messages lost at `close()` with a memory outbox (also reported as `drop` events, reason `lost`). */
  readonly lost: number;
  readonly lastError: Error | undefined;
  readonly uplink: UplinkStats;
}

/**
 * Publishes a vendor device's readings and events to the high-rise fire code platform: validates them
 * against the catalog, batches readings, sends events at once in the alarm lane, numbers every message,
 * keeps them in the outbox until the broker acknowledges them, flags what waited out an outage as
 * historical, and publishes the birth (catalog) and last will. Create it with {@link createFirecodeClient}.
 */
export class FirecodeClient extends EventEmitter<FirecodeClientEvents> {
  /** The checked catalog the client publishes in its birth. */
  readonly catalog: Catalog;
  /** The topics it publishes to. */
  readonly topics: UplinkTopics;
  readonly #uplink: Uplink;
  readonly #outbox: Outbox;
  readonly #ownsOutbox: boolean;
  readonly #points: PointIndex;
  readonly #batcher: ReadingBatcher;
  readonly #status: BatchStatusBuilder;
  readonly #submitter: MessageSubmitter;
  readonly #now: () => number;
  readonly #thresholdEvents: boolean;
  readonly #closeTimeoutMs: number;
  readonly #thresholds = new Map<string, ThresholdState>();
  readonly #inProgress = new Set<Promise<unknown>>();
  #counts = { readings: 0, batches: 0, events: 0, refused: 0, lost: 0 };
  #lastError: Error | undefined;
  #closed = false;
  #closing: Promise<CloseResult> | undefined;

  /** @internal Use {@link createFirecodeClient}. */
  constructor(parts: {
    options: FirecodeClientOptions;
    catalog: Catalog;
    uplink: Uplink;
    outbox: Outbox;
    ownsOutbox: boolean;
  }) {
    super();
    const { options } = parts;
    this.catalog = parts.catalog;
    this.#uplink = parts.uplink;
    this.topics = parts.uplink.topics;
    this.#outbox = parts.outbox;
    this.#ownsOutbox = parts.ownsOutbox;
    this.#points = new PointIndex(
      parts.catalog,
      options.maxFutureSkewMs === undefined ? {} : { maxFutureSkewMs: options.maxFutureSkewMs },
    );
    this.#now = options.now ?? Date.now;
    this.#thresholdEvents = options.thresholdEvents ?? true;
    this.#closeTimeoutMs = options.closeTimeoutMs ?? 2000;
    this.#batcher = new ReadingBatcher(options.batch ?? {}, (readings) => this.#sendBatch(readings));
    this.#status = new BatchStatusBuilder(parts.uplink);
    this.#submitter = options.sign
      ? new SigningSubmitter(parts.uplink, parts.outbox, options.sign)
      : new PlainSubmitter(parts.uplink);
    parts.uplink.on('connect', (info) => this.emit('connect', info));
    parts.uplink.on('offline', (info) => this.emit('offline', info));
    parts.uplink.on('drop', (report) => this.emit('drop', report));
    parts.uplink.on('delivered', (message) => this.emit('delivered', message));
    parts.uplink.on('error', (error: UplinkError) => this.#fail(error));
  }

  /** True while the broker connection is up. */
  get connected(): boolean {
    return this.#uplink.isConnected;
  }

  /** Resolves at the next connect (at once when connected). */
  whenConnected(): Promise<void> {
    if (this.connected) return Promise.resolve();
    return new Promise((resolve) => this.once('connect', () => resolve()));
  }

  /**
   * Records one value of a point; it leaves with the next batch. Throws at once, with a FirecodeError
   * that says what to fix, for an unknown point (`SDK_UNKNOWN_POINT`), a unit of another quantity
   * (`SCHEMA_UNIT_MISMATCH`, `SCHEMA_UNKNOWN_UNIT`), NaN/Infinity (`SCHEMA_NOT_FINITE`), a bad time or
   * quality (`SDK_INVALID_READING`), or after `close()` (`SDK_CLOSED`). A value outside the point's
   * range is sent flagged `uncertain`/`out-of-range`; a threshold crossing also sends an event.
   */
  reading(pointId: string, value: number | null, options: ReadingOptions = {}): Reading {
    this.#assertOpen('reading');
    const reading = this.#points.reading(pointId, value, options, this.#now());
    this.#counts.readings++;
    this.#batcher.add(reading);
    if (this.#thresholdEvents && reading.value !== null) this.#checkThresholds(reading);
    return reading;
  }

  /**
   * Sends an event at once (fire, fault and other alarms in the alarm lane, which overtakes any backlog;
   * other kinds such as `restored` in the status lane). The component's GB/T 26875.3 codes come from the
   * catalog. Throws at once for an unknown component or a bad kind; the promise resolves when the outbox
   * holds the event and rejects (`OUTBOX_FULL`) only when it cannot take it, which is also reported as a
   * `drop` event, so an unawaited call never crashes the program.
   */
  event(input: EventInput): Promise<Receipt> {
    this.#assertOpen('event');
    return this.#sendEvents([this.#points.event(input, this.#now())]);
  }

  /** Sends the pending readings now; resolves when the outbox holds them. */
  async flush(): Promise<void> {
    this.#assertOpen('flush');
    this.#batcher.flush();
    await this.#settled();
  }

  /** Resolves once every accepted message has reached the broker (the outbox is empty). */
  async drained(): Promise<void> {
    await this.#settled();
    await this.#uplink.drained();
  }

  stats(): FirecodeClientStats {
    return {
      ...this.#counts,
      pendingReadings: this.#batcher.pending,
      lastError: this.#lastError,
      uplink: this.#uplink.stats(),
    };
  }

  /**
   * Sends the pending readings, waits up to `closeTimeoutMs` for the outbox to drain (connecting first
   * if the link is not up yet), publishes the offline state and disconnects. Resolves with what did
   * not reach the broker: in a disk outbox it is `kept` for the next run; in the default memory
   * outbox it is `lost`, and each class of it is also reported as a `drop` event (reason `lost`), so
   * a fire alarm that never left is never lost without a word. Never rejects for undelivered
   * messages. Idempotent: later calls resolve with the same result.
   */
  close(): Promise<CloseResult> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<CloseResult> {
    this.#batcher.flush();
    this.#closed = true;
    this.#batcher.stop();
    await this.#settled();
    // Also when not connected yet: a program that starts, reports and closes at once still delivers.
    if (this.#closeTimeoutMs > 0) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        this.#uplink.drained(),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, this.#closeTimeoutMs);
        }),
      ]);
      clearTimeout(timer);
    }
    const { undelivered } = await this.#uplink.close();
    if (this.#ownsOutbox) await this.#outbox.close();
    // Gone: a memory outbox the client opened (and just closed). Kept: a durable one, or the caller's.
    const gone = this.#ownsOutbox && !this.#outbox.durable;
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

  #assertOpen(what: string): void {
    if (this.#closed) {
      throw sdkError('SDK_CLOSED', `${what}() after close(): create a new client with createFirecodeClient`);
    }
  }

  #checkThresholds(reading: Reading): void {
    const point = this.#points.point(reading.point);
    if (point.thresholds === undefined || reading.value === null) return;
    const before = this.#thresholds.get(point.id) ?? NO_THRESHOLD_ALARM;
    const after = evaluateThresholds(point.thresholds, reading.value, before);
    this.#thresholds.set(point.id, after);
    const events: FireEvent[] = [];
    for (const side of ['high', 'low'] as const) {
      if (after[side] === before[side]) continue;
      events.push(
        this.#points.event(
          {
            kind: side === 'high' ? 'high-alarm' : 'low-alarm',
            component: point.component,
            point: point.id,
            active: after[side],
            time: reading.time,
            source: { value: reading.value },
          },
          reading.time,
        ),
      );
    }
    if (events.length > 0) void this.#sendEvents(events);
  }

  #sendEvents(events: FireEvent[]): Promise<Receipt> {
    const cls: SubmitClass = events.some((event) => isAlarmEventKind(event.kind)) ? 'alarm' : 'status';
    // Active fires and faults set their bits in the status byte of the following batches.
    this.#status.conditions.apply(events);
    const gatewayId = this.catalog.gatewayId;
    const catalog = this.catalog;
    this.#counts.events += events.length;
    return this.#track(
      this.#submitter.submit(cls, (sequence, historical) =>
        encodeAlarm({ gatewayId, sequence, historical, events }, catalog),
      ),
    );
  }

  #sendBatch(readings: ReadingColumns): void {
    // The same status fields as the gateway's: status byte, drops since the last batch, running total.
    const status = this.#status.next();
    const gatewayId = this.catalog.gatewayId;
    const catalog = this.catalog;
    this.#counts.batches++;
    void this.#track(
      this.#submitter.submit('data', (sequence, historical) =>
        encodeDataBatch(
          {
            gatewayId,
            sequence,
            historical,
            readings,
            events: [],
            status,
          },
          catalog,
        ),
      ),
    );
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

  #fail(error: Error): void {
    this.#lastError = error;
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }
}

/**
 * Creates a client and starts connecting; resolves at once (an unreachable broker is retried with
 * backoff and reported by `offline` events, while readings wait in the outbox). Throws `SCHEMA_INVALID`
 * for a catalog with problems (each listed with its path) and `TypeError` for bad options.
 *
 * @example
 * ```ts
 * const client = await createFirecodeClient({
 *   url: 'mqtt://broker.example:1883', gatewayId: 'hub-0042', components, points, outbox: { dir: './outbox' },
 * });
 * client.reading('riser-1-pressure', 412.5);
 * await client.event({ kind: 'fault', component: 'hub-0042' });
 * ```
 */
export async function createFirecodeClient(options: FirecodeClientOptions): Promise<FirecodeClient> {
  checkClientOptions(options);
  const catalog = catalogFrom(options);
  const now = options.now ?? Date.now;
  const choice = options.outbox ?? 'memory';
  const ownsOutbox = !isOutbox(choice);
  const outbox: Outbox = isOutbox(choice)
    ? choice
    : choice === 'memory'
      ? new MemoryOutbox()
      : 'memory' in choice
        ? new MemoryOutbox(choice.memory.maxBytes === undefined ? {} : { maxBytes: choice.memory.maxBytes })
        : await DiskOutbox.open(diskOptions(choice));
  const gatewayId = catalog.gatewayId;
  // Built on every connect (birth, online state, last will) and at close (offline state), so each
  // carries the time it stands for: the will its connect's, the offline state the time it was sent.
  const signed = (bytes: Uint8Array) => (options.sign ? signMessage(bytes, options.sign) : bytes);
  const birth = () => signed(encodeBirth(catalog, { time: now() }));
  const state = (online: boolean) => () => signed(encodeState({ gatewayId, online, time: now() }));
  let uplink: Uplink;
  try {
    uplink = createUplink({
      url: options.url,
      ...uplinkSettings(options),
      outbox,
      birth,
      will: state(false),
      online: state(true),
      offline: state(false),
      ...(options.tls === undefined ? {} : { tls: options.tls }),
      ...(options.username === undefined ? {} : { username: options.username }),
      ...(options.password === undefined ? {} : { password: options.password }),
      ...(options.protocolVersion === undefined ? {} : { protocolVersion: options.protocolVersion }),
      ...(options.reconnect === undefined ? {} : { reconnect: options.reconnect }),
    });
  } catch (error) {
    if (ownsOutbox) await outbox.close();
    throw error;
  }
  return new FirecodeClient({ options, catalog, uplink, outbox, ownsOutbox });
}
