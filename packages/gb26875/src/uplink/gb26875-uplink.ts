import { type Catalog, type FireEvent, isAlarmEventKind, type Reading } from '@firecode/schema';
import { DiskOutbox, MemoryOutbox, type MessageClass, type Outbox } from '@firecode/uplink';
import { encodeAdu, type Gb26875Adu } from '../adu/index.js';
import {
  CHINA_UTC_OFFSET_MINUTES,
  type Gb26875Quirks,
  type Gb26875Time,
  timeFromDate,
} from '../frame/index.js';
import { coalesce, Gb26875Mapper } from '../mapping/index.js';
import type { ReconnectOptions } from '../session/backoff.js';
import { type CheckInPolicy, Gb26875Session } from '../session/session.js';
import { type ConnectCentre, tcpCentre } from '../session/transport.js';
import type { GatewayFacts } from './gateway-facts.js';
import { MapperResponder } from './mapper-responder.js';

/** Options of {@link Gb26875Uplink.open}. */
export interface Gb26875UplinkOptions {
  readonly host: string;
  readonly port: number;
  readonly sourceAddress: number;
  readonly destinationAddress?: number;
  readonly heartbeatMs?: number;
  readonly timeoutMs?: number;
  readonly retries?: number;
  readonly quirks?: Gb26875Quirks;
  readonly checkIn?: CheckInPolicy;
  readonly reconnect?: ReconnectOptions;
  /** The uplink's own durable queue: a folder (a DiskOutbox of its own) or `:memory:`. */
  readonly queue: { readonly path: string; readonly maxBytes?: number; readonly fsync?: boolean } | Outbox;
  readonly facts: GatewayFacts;
  /** Default: TCP to host:port. */
  readonly connect?: ConnectCentre;
  readonly utcOffsetMinutes?: number;
  readonly now?: () => number;
  /** Told about anything worth a log line; the uplink never throws at its caller. */
  readonly log?: (
    level: 'info' | 'warn' | 'error',
    message: string,
    details?: Record<string, unknown>,
  ) => void;
}

/** What {@link Gb26875Uplink.health} reports (the gateway's /healthz check `centre`). */
export interface Gb26875UplinkHealth {
  ok: boolean;
  detail: string;
  queued: number;
}

/**
 * The GB/T 26875.3 uplink beside MQTT: its own crash-safe queue (a second DiskOutbox in its own
 * folder: the MQTT outbox deletes on the broker's ack, so it cannot also be this cursor, and a centre
 * down for a day must not fill the MQTT outbox), the mapping into units, the live state for read
 * requests, and the session that delivers the queue in priority order (alarms first). The units come
 * from the package's `Gb26875Mapper` (one per catalog: a reload that changes the catalog starts a new
 * one, whose live state then fills from the events that follow).
 */
export class Gb26875Uplink {
  readonly name = 'gb26875';
  readonly session: Gb26875Session;
  readonly queue: Outbox;
  #mapper: Gb26875Mapper;
  readonly #options: Gb26875UplinkOptions;
  readonly #ownsQueue: boolean;
  #closed = false;
  /** Appends still being written, so close() waits for them. */
  readonly #appending = new Set<Promise<unknown>>();

  private constructor(options: Gb26875UplinkOptions, queue: Outbox, ownsQueue: boolean) {
    this.#options = options;
    this.queue = queue;
    this.#ownsQueue = ownsQueue;
    this.#mapper = this.#newMapper({ gatewayId: 'gateway', components: [], points: [] });
    const quirks = options.quirks;
    this.session = new Gb26875Session({
      connect: options.connect ?? tcpCentre(options.host, options.port, options.timeoutMs ?? 10_000),
      queue,
      responder: new MapperResponder(() => this.#mapper, options.facts, quirks ? { quirks } : {}),
      sourceAddress: options.sourceAddress,
      ...(options.destinationAddress === undefined ? {} : { destinationAddress: options.destinationAddress }),
      ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.retries === undefined ? {} : { retries: options.retries }),
      ...(quirks ? { quirks } : {}),
      ...(options.checkIn ? { checkIn: options.checkIn } : {}),
      ...(options.reconnect ? { reconnect: options.reconnect } : {}),
      ...(options.utcOffsetMinutes === undefined ? {} : { utcOffsetMinutes: options.utcOffsetMinutes }),
      ...(options.now ? { now: options.now } : {}),
    });
    const log = options.log;
    if (log) {
      this.session.on('offline', ({ error, retryInMs }) =>
        log('warn', 'GB/T 26875.3 centre not reachable, redialling', {
          error: error?.message,
          retryInMs,
          queued: queue.size,
        }),
      );
      this.session.on('state', (_from, to) => {
        if (to === 'online') log('info', 'GB/T 26875.3 centre connected', { queued: queue.size });
      });
      this.session.on('clockSync', ({ offsetMs, centreTime }) =>
        log('info', 'GB/T 26875.3 centre synced the clock (applied to time labels, not to the host clock)', {
          offsetMs,
          centreTime,
        }),
      );
      this.session.on('checkIn', ({ answer, deadline }) =>
        log(answer === 'operator' ? 'warn' : 'info', 'GB/T 26875.3 centre check-in (查岗)', {
          answer,
          deadline: new Date(deadline).toISOString(),
        }),
      );
      this.session.on('checkInMissed', () =>
        log('error', 'GB/T 26875.3 check-in (查岗) not answered in time'),
      );
      this.session.on('denied', ({ sequence, retryInMs }) =>
        log('warn', 'GB/T 26875.3 centre denied a unit; kept and offered again later', {
          sequence: String(sequence),
          retryInMs,
        }),
      );
      this.session.on('warning', (message, details) => log('warn', `GB/T 26875.3: ${message}`, details));
    }
  }

  /** Opens the queue (recovering what a crash left in it) and starts dialling the centre. */
  static async open(options: Gb26875UplinkOptions): Promise<Gb26875Uplink> {
    const given = options.queue;
    let queue: Outbox;
    let owns = true;
    if ('append' in given) {
      queue = given;
      owns = false;
    } else if (given.path === ':memory:') {
      queue = new MemoryOutbox({ ...(given.maxBytes ? { maxBytes: given.maxBytes } : {}) });
    } else {
      queue = await DiskOutbox.open({
        dir: given.path,
        ...(given.maxBytes ? { maxBytes: given.maxBytes } : {}),
        fsync: given.fsync === false ? 'off' : 'always',
      });
    }
    const uplink = new Gb26875Uplink(options, queue, owns);
    uplink.session.start();
    return uplink;
  }

  /**
   * Queues the units for these events: alarms (fire, faults, …) in the alarm class, ahead of
   * everything. Resolves once they are in the queue (durable); never rejects (failures are logged).
   */
  events(events: readonly FireEvent[], catalog: Catalog): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    const cls: MessageClass = events.some((event) => isAlarmEventKind(event.kind)) ? 'alarm' : 'status';
    return this.#queue(cls, () => this.#map(catalog, events, (mapper, event) => mapper.event(event)));
  }

  /** Queues analog values for these readings (routine data: behind alarms and status changes). */
  readings(readings: readonly Reading[], catalog: Catalog): Promise<void> {
    if (readings.length === 0) return Promise.resolve();
    return this.#queue('data', () =>
      this.#map(catalog, readings, (mapper, reading) => {
        const adu = mapper.reading(reading);
        return adu ? [adu] : [];
      }),
    );
  }

  /** A person answers the centre's pending check-in; false when none is pending. */
  answerCheckIn(): boolean {
    return this.session.answerCheckIn();
  }

  health(): Gb26875UplinkHealth {
    const online = this.session.isOnline;
    const queued = this.queue.size;
    return {
      ok: online,
      detail: `${online ? 'connected to' : 'not connected to'} ${this.#options.host}:${this.#options.port}, ${queued} queued`,
      queued,
    };
  }

  /** Stops the session; what is queued stays in the queue's folder for the next start. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.allSettled([...this.#appending]);
    await this.session.close();
    if (this.#ownsQueue) await this.queue.close();
  }

  /** Labels carry the centre's clock: the host time plus the offset of the last clock sync. */
  readonly #time = (ms: number): Gb26875Time =>
    timeFromDate(ms + this.session.clockOffsetMs, this.#options.utcOffsetMinutes ?? CHINA_UTC_OFFSET_MINUTES);

  #newMapper(catalog: Catalog): Gb26875Mapper {
    return new Gb26875Mapper(catalog, { toTime: this.#time });
  }

  /**
   * Maps each item, skipping (and logging) what has no GB/T 26875.3 form, and packs consecutive units
   * of one type into multi-object units (fewer frames for a batch or a backlog).
   */
  #map<T>(
    catalog: Catalog,
    items: readonly T[],
    one: (mapper: Gb26875Mapper, item: T) => Gb26875Adu[],
  ): Gb26875Adu[] {
    if (this.#mapper.catalog !== catalog) this.#mapper = this.#newMapper(catalog);
    const adus: Gb26875Adu[] = [];
    for (const item of items) {
      try {
        adus.push(...one(this.#mapper, item));
      } catch (error) {
        this.#options.log?.('warn', 'GB/T 26875.3: not sent to the centre (no standard form)', {
          error: (error as Error).message,
        });
      }
    }
    return coalesce(adus);
  }

  #queue(cls: MessageClass, map: () => Gb26875Adu[]): Promise<void> {
    if (this.#closed) return Promise.resolve();
    let adus: Gb26875Adu[];
    try {
      adus = map();
    } catch (error) {
      this.#options.log?.('error', 'GB/T 26875.3: cannot map to units; not queued', {
        error: (error as Error).message,
      });
      return Promise.resolve();
    }
    const quirks = this.#options.quirks;
    // Every append starts now, in order: the queue numbers them as called, so units of concurrent
    // calls never interleave out of order.
    const work = Promise.all(
      adus.map((adu) => {
        return this.queue.append(cls, () => encodeAdu(adu, quirks ? { quirks } : {}));
      }),
    ).then(
      () => this.session.wake(),
      (error: Error) =>
        this.#options.log?.('error', 'GB/T 26875.3: unit not accepted into the queue', {
          cls,
          error: error.message,
        }),
    );
    this.#appending.add(work);
    void work.finally(() => this.#appending.delete(work));
    return work;
  }
}
