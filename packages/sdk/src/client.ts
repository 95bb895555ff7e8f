import { EventEmitter } from 'node:events';
import { signMessage } from '@firecode/codec';
import {
  type Catalog,
  evaluateThresholds,
  type FireEvent,
  NO_THRESHOLD_ALARM,
  type Reading,
  type ThresholdState,
} from '@firecode/schema';
import {
  type ConnectInfo,
  type DeliveredMessage,
  DiskOutbox,
  type DropReport,
  MemoryOutbox,
  type MessageCount,
  type OfflineInfo,
  type Outbox,
  Publisher,
  type PublisherStats,
  type Receipt,
  type UplinkTopics,
} from '@firecode/uplink';
import { sdkError } from './errors.js';
import { SigningSubmitter } from './message-submitter.js';
import {
  catalogFrom,
  checkClientOptions,
  diskOptions,
  type FirecodeClientOptions,
  isOutbox,
  uplinkSettings,
} from './options.js';
import { type EventInput, PointIndex, type ReadingOptions } from './point-index.js';

export type { Receipt } from '@firecode/uplink';

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

/**
 * A snapshot of the client's counters: readings accepted, readings pending, batches and events handed
 * to the outbox (yours and threshold crossings), those it refused, those lost at close, the last
 * background error and the uplink's own figures.
 */
export type FirecodeClientStats = PublisherStats;

/**
 * Publishes a vendor device's readings and events to the high-rise fire code platform: validates them
 * against the catalog, batches readings, sends events at once in the alarm lane, numbers every message,
 * keeps them in the outbox until the broker acknowledges them, flags what waited out an outage as
 * historical, and publishes the birth (catalog) and last will. Create it with {@link createFirecodeClient}.
 * The sending itself is the `Publisher` of `@firecode/uplink`, the gateway's too: both put the same
 * messages on the wire.
 */
export class FirecodeClient extends EventEmitter<FirecodeClientEvents> {
  /** The checked catalog the client publishes in its birth. */
  readonly catalog: Catalog;
  readonly #publisher: Publisher;
  readonly #ownsOutbox: boolean;
  readonly #points: PointIndex;
  readonly #now: () => number;
  readonly #thresholdEvents: boolean;
  readonly #closeTimeoutMs: number;
  readonly #thresholds = new Map<string, ThresholdState>();
  #closed = false;

  /** @internal Use {@link createFirecodeClient}. */
  constructor(parts: {
    options: FirecodeClientOptions;
    catalog: Catalog;
    publisher: Publisher;
    ownsOutbox: boolean;
  }) {
    super();
    const { options, publisher } = parts;
    this.catalog = parts.catalog;
    this.#publisher = publisher;
    this.#ownsOutbox = parts.ownsOutbox;
    this.#points = new PointIndex(
      parts.catalog,
      options.maxFutureSkewMs === undefined ? {} : { maxFutureSkewMs: options.maxFutureSkewMs },
    );
    this.#now = options.now ?? Date.now;
    this.#thresholdEvents = options.thresholdEvents ?? true;
    this.#closeTimeoutMs = options.closeTimeoutMs ?? 2000;
    publisher.on('connect', (info) => this.emit('connect', info));
    publisher.on('offline', (info) => this.emit('offline', info));
    publisher.on('drop', (report) => this.emit('drop', report));
    publisher.on('delivered', (message) => this.emit('delivered', message));
    // Emitted only when the program listens; the publisher keeps it as `stats().lastError` anyway.
    publisher.on('error', (error) => {
      if (this.listenerCount('error') > 0) this.emit('error', error);
    });
  }

  /** The topics it publishes to. */
  get topics(): UplinkTopics {
    return this.#publisher.topics;
  }

  /** True while the broker connection is up. */
  get connected(): boolean {
    return this.#publisher.connected;
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
    this.#publisher.addReading(reading);
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
    return this.#publisher.publishEvent(this.#points.event(input, this.#now()));
  }

  /** Sends the pending readings now; resolves when the outbox holds them. */
  async flush(): Promise<void> {
    this.#assertOpen('flush');
    await this.#publisher.flush();
  }

  /** Resolves once every accepted message has reached the broker (the outbox is empty). */
  drained(): Promise<void> {
    return this.#publisher.drained();
  }

  stats(): FirecodeClientStats {
    return this.#publisher.stats();
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
    this.#closed = true;
    return this.#publisher.close({ drainTimeoutMs: this.#closeTimeoutMs, closeOutbox: this.#ownsOutbox });
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
    if (events.length > 0) void this.#publisher.publishEvents(events);
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
  const choice = options.outbox ?? 'memory';
  const ownsOutbox = !isOutbox(choice);
  const outbox: Outbox = isOutbox(choice)
    ? choice
    : choice === 'memory'
      ? new MemoryOutbox()
      : 'memory' in choice
        ? new MemoryOutbox(choice.memory.maxBytes === undefined ? {} : { maxBytes: choice.memory.maxBytes })
        : await DiskOutbox.open(diskOptions(choice));
  const sign = options.sign;
  let publisher: Publisher;
  try {
    publisher = new Publisher({
      outbox,
      catalog,
      uplink: {
        url: options.url,
        ...uplinkSettings(options),
        ...(options.tls === undefined ? {} : { tls: options.tls }),
        ...(options.username === undefined ? {} : { username: options.username }),
        ...(options.password === undefined ? {} : { password: options.password }),
        ...(options.protocolVersion === undefined ? {} : { protocolVersion: options.protocolVersion }),
        ...(options.reconnect === undefined ? {} : { reconnect: options.reconnect }),
        ...(options.connect === undefined ? {} : { connect: options.connect }),
      },
      ...(options.batch === undefined ? {} : { batch: options.batch }),
      ...(options.now === undefined ? {} : { now: options.now }),
      ...(sign === undefined
        ? {}
        : {
            seal: (bytes: Uint8Array) => signMessage(bytes, sign),
            submitter: (uplink) => new SigningSubmitter(uplink, outbox, sign),
          }),
    });
  } catch (error) {
    if (ownsOutbox) await outbox.close();
    throw error;
  }
  const client = new FirecodeClient({ options, catalog, publisher, ownsOutbox });
  publisher.start();
  return client;
}
