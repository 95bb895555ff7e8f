import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { isFirecodeError } from '@firecode/schema';
import type { IClientOptions, IClientPublishOptions } from 'mqtt';
import { type UplinkError, uplinkError } from '../errors.js';
import { assertMessageClass, MESSAGE_CLASSES, type MessageClass } from '../message-class.js';
import { type MessageCount, queuedCount } from '../outbox/message-count.js';
import type { AppendResult, BuildPayload, DroppedMessage, Outbox, OutboxStats } from '../outbox/outbox.js';
import { alarmAttemptGapMs, type BackoffOptions, backoffDelay, checkBackoff } from './backoff.js';
import { ClassHold } from './class-hold.js';
import { describeConnectError, isProtocolRefusal, safeUrl } from './connect-errors.js';
import { PUBLISHER_DEFAULTS } from './defaults.js';
import { type MqttConnect, mqttConnect, type UplinkMqttClient } from './mqtt-client.js';
import { buildPayload, type PayloadSource } from './payload-source.js';
import { topicFor, type UplinkTopics, uplinkTopics } from './topics.js';

/** TLS material for `mqtts://` URLs (PEM strings or buffers). */
export interface UplinkTls {
  /** CA certificate(s) the broker's certificate must chain to. */
  readonly ca?: string | Buffer;
  /** Client certificate for mutual TLS. */
  readonly cert?: string | Buffer;
  /** Client private key for mutual TLS. */
  readonly key?: string | Buffer;
  /** Default true. Only turn off on a test bench. */
  readonly rejectUnauthorized?: boolean;
  /** Host name to verify the broker's certificate against, when it differs from the URL's host. */
  readonly servername?: string;
}

/** Options of {@link createUplink}. */
export interface UplinkOptions {
  /** `mqtt://host:1883`, `mqtts://host:8883`, `ws://`, `wss://`. */
  readonly url: string;
  /** MQTT client id; stays the same across restarts so the broker keeps the session. */
  readonly clientId: string;
  /** The gateway's id in topics. Default: `clientId`. */
  readonly gatewayId?: string;
  /** Topic prefix, e.g. `firecode/v1`; see {@link uplinkTopics}. */
  readonly topicPrefix: string;
  /** Where messages wait; the uplink never closes it. */
  readonly outbox: Outbox;
  /**
   * Builds the birth (catalog) message, published retained on every (re)connect (built anew each time,
   * so it carries that connect's time). May be asynchronous (e.g. signed).
   */
  readonly birth: PayloadSource;
  /**
   * Last will: published retained on the state topic by the broker when the link dies without a
   * DISCONNECT. A builder is called before every connection attempt, so the will carries the time of
   * its connect (the broker sends it later, unchanged); bytes are used as they are.
   */
  readonly will: Uint8Array | PayloadSource;
  /**
   * Builds the "online" state published retained on the state topic on every connect. Default: an
   * empty retained message, which clears the will so the state topic is empty while online.
   */
  readonly online?: PayloadSource;
  /**
   * Builds the offline state that {@link Uplink.close} (and a reconfiguration) publishes before its
   * clean DISCONNECT, so it carries the time it was sent. Default: the will of the connection.
   */
  readonly offline?: PayloadSource;
  readonly tls?: UplinkTls;
  readonly username?: string;
  readonly password?: string;
  /** 5, 4 (= 3.1.1), or `'auto'` (default): MQTT 5, falling back to 3.1.1 when the broker refuses it. */
  readonly protocolVersion?: 4 | 5 | 'auto';
  /** Messages published and not yet acknowledged, at most. Alarms may use 4 more. Default 16. */
  readonly inFlight?: number;
  readonly reconnect?: BackoffOptions;
  /**
   * Delays before a class is tried again after the broker refused one of its publishes (an MQTT 5
   * PUBACK with a failure reason code, e.g. 0x87 not authorized). Default: as `reconnect`.
   */
  readonly publishRetry?: BackoffOptions;
  /** Default 10 s ({@link PUBLISHER_DEFAULTS}). */
  readonly connectTimeoutMs?: number;
  /** Default 30 s ({@link PUBLISHER_DEFAULTS}). */
  readonly keepaliveSeconds?: number;
  /** MQTT 5 session expiry. Default 7 days. */
  readonly sessionExpirySeconds?: number;
  /** Random source for the backoff jitter (tests). Default Math.random. */
  readonly random?: () => number;
  /**
   * Opens each connection. Default MQTT.js's `mqtt.connect`; unit tests pass `MemoryBroker.connect`
   * (from `@firecode/uplink/testing`) so no broker is needed.
   */
  readonly connect?: MqttConnect;
}

/**
 * The settings of the connection itself, which {@link Uplink.reconfigure} replaces on a running uplink
 * (the outbox, the birth, the will and the publishing limits stay as created).
 */
export type UplinkConnectionOptions = Pick<
  UplinkOptions,
  | 'url'
  | 'clientId'
  | 'gatewayId'
  | 'topicPrefix'
  | 'tls'
  | 'username'
  | 'password'
  | 'protocolVersion'
  | 'connectTimeoutMs'
  | 'keepaliveSeconds'
  | 'sessionExpirySeconds'
>;

const CONNECTION_KEYS: readonly (keyof UplinkConnectionOptions)[] = [
  'url',
  'clientId',
  'gatewayId',
  'topicPrefix',
  'tls',
  'username',
  'password',
  'protocolVersion',
  'connectTimeoutMs',
  'keepaliveSeconds',
  'sessionExpirySeconds',
];

/** Told with `connect`. */
export interface ConnectInfo {
  readonly url: string;
  readonly protocolVersion: 4 | 5;
  /** The broker still had our session. */
  readonly sessionPresent: boolean;
}

/** Told with `offline`. */
export interface OfflineInfo {
  readonly url: string;
  /** Why, when known. */
  readonly error?: UplinkError;
  /** Delay before the next attempt. */
  readonly retryInMs: number;
}

/** Messages of one class the outbox dropped or refused, for the metrics and the next batch. */
export interface DropReport {
  readonly cls: MessageClass;
  /**
   * `overflow`: evicted to make room; `refused`: a new message the full outbox could not take;
   * `lost`: still undelivered in a memory outbox when it closed (reported by its owner, e.g. the SDK's
   * `close()`), so gone with the process.
   */
  readonly reason: 'overflow' | 'refused' | 'lost';
  readonly messages: number;
  readonly bytes: number;
  /** Sequence numbers of evicted messages (refused messages never got one). */
  readonly sequences: readonly bigint[];
}

/** Told with `delivered`: the broker acknowledged the message and the outbox deleted it. */
export interface DeliveredMessage {
  readonly sequence: bigint;
  readonly cls: MessageClass;
  readonly historical: boolean;
}

/** The uplink's typed events. */
export interface UplinkEvents {
  connect: [info: ConnectInfo];
  offline: [info: OfflineInfo];
  /** Only emitted when someone listens; otherwise kept as `stats().lastError`. */
  error: [error: UplinkError];
  drop: [report: DropReport];
  delivered: [message: DeliveredMessage];
}

/** What {@link Uplink.close} left behind. */
export interface UplinkCloseReport {
  /** Messages still in the outbox: not delivered. */
  readonly undelivered: MessageCount;
  /**
   * True when the outbox keeps them for the next run (`outbox.durable`, a `DiskOutbox`); false when
   * they are lost once the outbox closes or the process ends (`MemoryOutbox`).
   */
  readonly kept: boolean;
}

/** A snapshot of the uplink's counters. */
export interface UplinkStats {
  readonly connected: boolean;
  readonly protocolVersion: 4 | 5 | undefined;
  readonly inFlight: number;
  readonly published: number;
  readonly delivered: number;
  readonly connects: number;
  /**
   * Publishes the broker refused (MQTT 5 PUBACK failure reason codes) or that failed on a live
   * connection; each one was retried from the outbox after a backoff.
   */
  readonly publishRefused: number;
  /** Classes held back by a refusal now, waiting for their retry or probing with one message. */
  readonly heldClasses: readonly MessageClass[];
  readonly dropped: Readonly<Record<MessageClass, number>>;
  readonly refused: Readonly<Record<MessageClass, number>>;
  readonly lastError: UplinkError | undefined;
  readonly outbox: OutboxStats;
}

const ALARM_EXTRA_IN_FLIGHT = 4;

/**
 * The MQTT publisher: takes messages into the outbox, publishes them at QoS 1 over a persistent session
 * (alarms first), deletes each from the outbox on PUBACK, and reconnects with backoff and jitter. Data
 * is flagged historical when it is submitted while the link is down (alarms and status never are). Each connection uses a
 * fresh MQTT.js client; what was in flight when a connection died is published again from the outbox
 * (at least once: receivers de-duplicate by sequence number).
 */
export class Uplink extends EventEmitter<UplinkEvents> {
  private currentTopics: UplinkTopics;
  private options: UplinkOptions;
  private readonly outbox: Outbox;
  private url: string;
  private readonly inFlightLimit: number;
  private client: UplinkMqttClient | undefined;
  private generation = 0;
  private connected = false;
  private protocolVersion: 4 | 5;
  private negotiating: boolean;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  /** performance.now() of the last connection attempt, so an alarm forces attempts at most this often. */
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  private closing = false;
  /** `start()` was called: connect (again) after a reconfiguration. */
  private started = false;
  /** A reconfiguration is under way: nothing else may open a connection meanwhile. */
  private switching = false;
  /** The connection being retired by a reconfiguration must not schedule a reconnect when it closes. */
  private retiring = false;
  private reconfigurations: Promise<void> = Promise.resolve();
  private readonly inFlight = new Map<bigint, MessageClass>();
  /** The generation whose will is being built (no client yet): nothing else may open a connection. */
  private opening: number | undefined;
  /** The will of the current connection: the default offline state. */
  private connectionWill: Uint8Array = new Uint8Array(0);
  /** Birth and online state of a new connection are on their way: messages wait until they are out. */
  private announcing = false;
  private pumping = false;
  private pumpAgain = false;
  private published = 0;
  private deliveredCount = 0;
  private connects = 0;
  private publishRefused = 0;
  private readonly hold: ClassHold;
  private lastError: UplinkError | undefined;
  private readonly dropped: Record<MessageClass, number> = { alarm: 0, status: 0, data: 0, historical: 0 };
  private readonly refused: Record<MessageClass, number> = { alarm: 0, status: 0, data: 0, historical: 0 };
  private pendingDrops: DropReport[] = [];
  private closed: Promise<UplinkCloseReport> | undefined;
  private idleWaiters: (() => void)[] = [];

  constructor(options: UplinkOptions) {
    super();
    checkOptions(options);
    this.options = options;
    this.outbox = options.outbox;
    this.url = options.url;
    this.currentTopics = uplinkTopics(options.topicPrefix, options.gatewayId ?? options.clientId);
    this.inFlightLimit = options.inFlight ?? PUBLISHER_DEFAULTS.inFlight;
    const version = options.protocolVersion ?? 'auto';
    this.protocolVersion = version === 4 ? 4 : 5;
    this.negotiating = version === 'auto';
    this.hold = new ClassHold(options.publishRetry ?? options.reconnect, options.random, () => this.pump());
  }

  /** The topics this uplink publishes to (new ones after a {@link Uplink.reconfigure} that changes them). */
  get topics(): UplinkTopics {
    return this.currentTopics;
  }

  /** True while a connection is up. */
  get isConnected(): boolean {
    return this.connected;
  }

  /** Starts connecting (idempotent); submit works before, during and after. */
  start(): this {
    if (this.closing) return this;
    this.started = true;
    // A reconfiguration under way connects when it is done.
    if (!this.client && !this.reconnectTimer && !this.switching && this.opening === undefined) this.connect();
    return this;
  }

  /**
   * Moves to new connection settings (broker URL, client id, topics, credentials, TLS, ...) without
   * losing anything: the outbox with its sequence numbers, the counters, the pending drop reports and
   * the listeners all stay. The connection up now stops taking new messages, publishes the offline
   * state (the will's payload) on its old state topic, so that what it had in flight is acknowledged
   * first, and ends; then the uplink connects with `connection`, which replaces the connection
   * settings as a whole (a setting left out goes back to its default, e.g. no password). The new
   * connection publishes the birth like any connect, then everything still queued, oldest first (at
   * least once: a message whose acknowledgement the old connection did not get is sent again).
   * Messages submitted meanwhile are accepted as while offline. An uplink not started is only
   * reconfigured, not started. Calls are applied one after another.
   *
   * Rejects with a TypeError, before anything changes, when the new settings are invalid (as
   * {@link createUplink} would), and with `UPLINK_CLOSED` after {@link Uplink.close}.
   */
  async reconfigure(connection: UplinkConnectionOptions): Promise<void> {
    if (this.closing) throw uplinkError('UPLINK_CLOSED', `the uplink to ${safeUrl(this.url)} is closed`);
    const kept = Object.fromEntries(
      Object.entries(this.options).filter(([key]) => !(CONNECTION_KEYS as readonly string[]).includes(key)),
    ) as Omit<UplinkOptions, keyof UplinkConnectionOptions>;
    const next: UplinkOptions = { ...kept, ...connection };
    checkOptions(next);
    const switched = this.reconfigurations.then(() => this.switchTo(next));
    this.reconfigurations = switched.catch(() => undefined);
    return switched;
  }

  /**
   * Accepts a message: the outbox assigns its sequence number, `build` encodes it (told whether it is
   * historical, i.e. data submitted while the link is down, which is queued in the `historical` class
   * behind live data; alarms and status are never historical), and it is stored. Resolves when the outbox holds it; delivery follows.
   * Rejects with `OUTBOX_FULL` (counted, and reported as a `refused` drop), `OUTBOX_BUILD_FAILED`,
   * `UPLINK_CLOSED`.
   */
  async submit(cls: MessageClass, build: BuildPayload): Promise<AppendResult> {
    if (this.closing) throw uplinkError('UPLINK_CLOSED', `the uplink to ${safeUrl(this.url)} is closed`);
    assertMessageClass(cls, 'Uplink.submit');
    // Historical means old data: readings stored while the link was down. An event is news whenever
    // it arrives (its own time says when it was raised), so alarms and status are never flagged.
    const historical = cls === 'historical' || (cls === 'data' && !this.connected);
    const queueAs: MessageClass = historical && cls === 'data' ? 'historical' : cls;
    let result: AppendResult;
    try {
      result = await this.outbox.append(queueAs, build, { historical });
    } catch (error) {
      if (isFirecodeError(error, 'OUTBOX_FULL')) {
        this.refused[queueAs]++;
        this.reportDrop({ cls: queueAs, reason: 'refused', messages: 1, bytes: 0, sequences: [] });
      }
      throw error;
    }
    if (result.dropped.length > 0) this.reportEvictions(result.dropped);
    if (cls === 'alarm' && !this.connected) this.hurryReconnect();
    this.pump();
    return result;
  }

  /**
   * Drops reported since the last call, for the gateway to put into its next batch (the same reports
   * were emitted as `drop` events).
   */
  takeDropReports(): DropReport[] {
    const reports = this.pendingDrops;
    this.pendingDrops = [];
    return reports;
  }

  /**
   * Publishes the birth (and online state) again now, e.g. after a configuration reload changed the
   * catalog; when offline, the next connect publishes it anyway.
   */
  republishBirth(): void {
    if (this.client && this.connected) this.publishBirth(this.client, this.generation, () => this.pump());
  }

  /** Resolves once the outbox is empty and nothing is in flight (e.g. before a planned shutdown). */
  drained(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  stats(): UplinkStats {
    return {
      connected: this.connected,
      protocolVersion: this.client ? this.protocolVersion : undefined,
      inFlight: this.inFlight.size,
      published: this.published,
      delivered: this.deliveredCount,
      connects: this.connects,
      publishRefused: this.publishRefused,
      heldClasses: this.hold.classes(),
      dropped: { ...this.dropped },
      refused: { ...this.refused },
      lastError: this.lastError,
      outbox: this.outbox.stats(),
    };
  }

  /**
   * Publishes the offline state (`offline()`, stamped now; default: the will) when connected, then
   * disconnects cleanly (an MQTT DISCONNECT, so the broker does not also publish the will: one offline
   * state per close). Does not close the outbox. Resolves with what was not delivered and whether the
   * outbox keeps it for the next run (a disk outbox) or it dies with the process (a memory outbox).
   * Idempotent: later calls resolve with the same report.
   */
  close(): Promise<UplinkCloseReport> {
    this.closed ??= this.shutDown();
    return this.closed;
  }

  private async shutDown(): Promise<UplinkCloseReport> {
    this.closing = true;
    // A reconfiguration under way retires its connection first and then, seeing `closing`, opens none.
    await this.reconfigurations;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.hold.clear();
    const client = this.client;
    this.client = undefined;
    this.generation++;
    if (client && this.connected) await this.sayOffline(client);
    this.connected = false;
    this.inFlight.clear();
    if (client) await endClient(client);
    for (const wake of this.idleWaiters.splice(0)) wake();
    return { undelivered: queuedCount(this.outbox.stats()), kept: this.outbox.durable === true };
  }

  /**
   * Publishes the offline state on the state topic, as the broker would publish the will if the link
   * died, and waits for its PUBACK; at most 2 s. The caller then disconnects cleanly.
   */
  private sayOffline(client: UplinkMqttClient): Promise<void> {
    const source = this.options.offline ?? (() => this.connectionWill);
    return new Promise<void>((resolve) => {
      setTimeout(resolve, 2000).unref();
      buildPayload(
        source,
        (offline) =>
          client.publish(this.topics.state, Buffer.from(offline), { qos: 1, retain: true }, () => resolve()),
        (cause) => {
          this.fail(
            uplinkError(
              'UPLINK_PUBLISH_FAILED',
              `building the offline state for ${safeUrl(this.url)} failed`,
              {
                cause,
              },
            ),
          );
          resolve();
        },
      );
    });
  }

  private async switchTo(options: UplinkOptions): Promise<void> {
    if (this.closing) return;
    this.switching = true;
    try {
      await this.retireConnection();
      this.options = options;
      this.url = options.url;
      this.currentTopics = uplinkTopics(options.topicPrefix, options.gatewayId ?? options.clientId);
      const version = options.protocolVersion ?? 'auto';
      this.protocolVersion = version === 4 ? 4 : 5;
      this.negotiating = version === 'auto';
      this.attempt = 0;
    } finally {
      this.switching = false;
    }
    if (this.started && !this.closing) this.connect();
  }

  /**
   * Ends the current connection (or the wait for the next attempt) for a reconfiguration. A live one
   * publishes nothing new, then says offline: the broker acknowledges in order, so the messages it had
   * in flight are acknowledged (and deleted from the outbox) before that, instead of being sent again.
   */
  private async retireConnection(): Promise<void> {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    // Holds are the old broker's verdicts (its ACL, its quotas); the new one starts with none.
    this.hold.clear();
    const client = this.client;
    if (client && this.connected) {
      this.connected = false;
      this.retiring = true;
      try {
        await this.sayOffline(client);
      } finally {
        this.retiring = false;
      }
    }
    this.connected = false;
    this.generation++;
    this.client = undefined;
    this.inFlight.clear();
    if (client) await endClient(client);
  }

  private connect(): void {
    const generation = ++this.generation;
    this.lastAttemptAt = performance.now();
    const will = this.options.will;
    if (will instanceof Uint8Array) {
      this.open(generation, will);
      return;
    }
    // Built before every attempt, so the will carries the time of its connect.
    this.opening = generation;
    buildPayload(
      will,
      (bytes) => {
        if (this.opening === generation) this.opening = undefined;
        if (generation === this.generation && !this.closing) this.open(generation, bytes);
      },
      (cause) => {
        if (this.opening === generation) this.opening = undefined;
        if (generation !== this.generation || this.closing) return;
        const error = uplinkError(
          'UPLINK_CONNECT_FAILED',
          `building the last will for ${safeUrl(this.url)} failed: ${(cause as Error)?.message ?? cause}`,
          { cause },
        );
        this.fail(error);
        this.scheduleReconnect(error, false);
      },
    );
  }

  private open(generation: number, will: Uint8Array): void {
    this.connectionWill = will;
    const options: IClientOptions = {
      clientId: this.options.clientId,
      clean: false,
      protocolVersion: this.protocolVersion,
      reconnectPeriod: 0,
      // mqtt-packet's number cache pre-builds 65,536 small buffers (~6 MB of heap) to save an
      // allocation per packet: a poor trade for a gateway that publishes a few messages a second.
      writeCache: false,
      connectTimeout: this.options.connectTimeoutMs ?? PUBLISHER_DEFAULTS.connectTimeoutMs,
      keepalive: this.options.keepaliveSeconds ?? PUBLISHER_DEFAULTS.keepaliveSeconds,
      will: { topic: this.topics.state, payload: Buffer.from(will), qos: 1, retain: true },
      ...(this.protocolVersion === 5
        ? {
            properties: {
              sessionExpiryInterval:
                this.options.sessionExpirySeconds ?? PUBLISHER_DEFAULTS.sessionExpirySeconds,
            },
          }
        : {}),
      ...(this.options.username === undefined ? {} : { username: this.options.username }),
      ...(this.options.password === undefined ? {} : { password: this.options.password }),
      ...tlsOptions(this.options.tls),
    };
    let client: UplinkMqttClient;
    try {
      client = (this.options.connect ?? mqttConnect)(this.url, options);
    } catch (error) {
      this.fail(describeConnectError(this.url, error));
      this.scheduleReconnect(undefined);
      return;
    }
    this.client = client;
    let failure: UplinkError | undefined;
    let fallBack = false;
    client.on('connect', (connack) => {
      if (generation !== this.generation) return;
      this.connected = true;
      this.negotiating = false;
      this.attempt = 0;
      this.connects++;
      this.inFlight.clear();
      // Messages wait for the birth, so a receiver has the catalog before the data that needs it.
      this.announcing = true;
      this.publishBirth(client, generation, () => {
        this.announcing = false;
        this.emit('connect', {
          url: safeUrl(this.url),
          protocolVersion: this.protocolVersion,
          sessionPresent: connack.sessionPresent === true,
        });
        this.pump();
      });
    });
    client.on('error', (error) => {
      if (generation !== this.generation) return;
      if (this.negotiating && this.protocolVersion === 5 && isProtocolRefusal(error)) {
        fallBack = true;
        return;
      }
      failure = describeConnectError(this.url, error);
      this.fail(failure);
    });
    let closed = false;
    client.on('close', () => {
      // end(true) below may emit 'close' again, re-entrantly: handle each connection's end once.
      if (closed || generation !== this.generation) return;
      closed = true;
      const wasConnected = this.connected;
      this.connected = false;
      this.announcing = false;
      this.inFlight.clear();
      this.client = undefined;
      client.end(true);
      if (this.closing || this.retiring) return;
      if (fallBack) {
        this.protocolVersion = 4;
        this.negotiating = false;
        this.connect();
        return;
      }
      this.scheduleReconnect(failure, wasConnected);
    });
  }

  /**
   * An alarm arrived while the link is down: the wait for the next attempt is cut, so the alarm does
   * not sit out a backoff of up to 30 s (GB 26875.1 gives it 10 s to reach the centre). Attempts stay
   * at least {@link alarmAttemptGapMs} apart, so a burst of alarms is not a burst of connects. While
   * an attempt is under way nothing changes: its failure schedules the next with the alarm cap.
   */
  private hurryReconnect(): void {
    if (!this.reconnectTimer || this.closing || this.switching) return;
    clearTimeout(this.reconnectTimer);
    const gap = alarmAttemptGapMs(this.options.reconnect);
    const waitMs = Math.max(0, this.lastAttemptAt + gap - performance.now());
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (!this.closing) this.connect();
    }, waitMs);
  }

  private scheduleReconnect(error: UplinkError | undefined, wasConnected = true): void {
    // While an alarm waits, the backoff is capped (`reconnect.alarmMaxMs`, default 2 s).
    const alarmWaiting = this.outbox.stats().byClass.alarm.messages > 0;
    const retryInMs = backoffDelay(this.attempt++, this.options.reconnect, this.options.random, alarmWaiting);
    if (wasConnected || error) {
      this.emit('offline', { url: safeUrl(this.url), ...(error ? { error } : {}), retryInMs });
    }
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (!this.closing) this.connect();
    }, retryInMs);
  }

  /**
   * Builds the birth and online state now (each carries this connect's time), publishes both, then
   * calls `done` — also when building failed (reported as an error; the messages still flow).
   */
  private publishBirth(client: UplinkMqttClient, generation: number, done: () => void): void {
    const online = this.options.online ?? (() => new Uint8Array(0));
    const failed = (cause: unknown) => {
      if (generation !== this.generation) return;
      this.fail(
        uplinkError(
          'UPLINK_PUBLISH_FAILED',
          `building the birth/online message for ${safeUrl(this.url)} failed`,
          {
            cause,
          },
        ),
      );
      done();
    };
    buildPayload(
      this.options.birth,
      (birth) =>
        buildPayload(
          online,
          (state) => {
            if (generation !== this.generation || this.client !== client) return;
            client.publish(this.topics.birth, Buffer.from(birth), { qos: 1, retain: true });
            client.publish(this.topics.state, Buffer.from(state), { qos: 1, retain: true });
            done();
          },
          failed,
        ),
      failed,
    );
  }

  /** Publishes from the outbox while connected and the window has room. One pump runs at a time. */
  private pump(): void {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    void this.pumpLoop()
      .catch((error) => this.fail(asUplinkError(error, this.url)))
      .finally(() => {
        this.pumping = false;
        // A wake-up that arrived after the loop's last check but before this callback must not be lost.
        if (this.pumpAgain) this.pump();
      });
  }

  private async pumpLoop(): Promise<void> {
    do {
      this.pumpAgain = false;
      while (
        this.connected &&
        !this.announcing &&
        this.client &&
        this.inFlight.size < this.inFlightLimit + ALARM_EXTRA_IN_FLIGHT
      ) {
        const skip = new Set(this.inFlight.keys());
        const message = await this.outbox.next(skip, this.classesToSkip());
        if (!message) break;
        // The extra slots are for alarms only, so one can overtake a full window of backlog.
        if (message.cls !== 'alarm' && this.inFlight.size >= this.inFlightLimit) break;
        if (!this.connected || !this.client) break;
        this.publish(this.client, message.sequence, message.cls, message.historical, message.payload);
      }
    } while (this.pumpAgain);
    if (this.isIdle()) for (const wake of this.idleWaiters.splice(0)) wake();
  }

  /**
   * Classes that must not publish now: held after a refusal, or probing with their one message
   * already in flight (so a class the broker refused gets through in order, oldest first).
   */
  private classesToSkip(): Set<MessageClass> | undefined {
    const classes = this.hold.classes();
    if (classes.length === 0) return undefined;
    const inFlightClasses = new Set(this.inFlight.values());
    return new Set(
      classes.filter(
        (cls) => this.hold.isHeld(cls) || (this.hold.isProbing(cls) && inFlightClasses.has(cls)),
      ),
    );
  }

  private publish(
    client: UplinkMqttClient,
    sequence: bigint,
    cls: MessageClass,
    historical: boolean,
    payload: Uint8Array,
  ): void {
    const generation = this.generation;
    this.inFlight.set(sequence, cls);
    this.published++;
    const options: IClientPublishOptions = { qos: 1 };
    if (this.protocolVersion === 5) {
      options.properties = {
        userProperties: { seq: sequence.toString(), cls, historical: String(historical) },
      };
    }
    const topic = topicFor(this.topics, cls);
    client.publish(
      topic,
      Buffer.from(payload.buffer, payload.byteOffset, payload.length),
      options,
      (error) => {
        if (generation !== this.generation) return; // a dead connection: the outbox still has it
        this.inFlight.delete(sequence);
        if (error && this.client === client && this.connected) {
          this.onPublishRefused(sequence, cls, topic, error);
          return;
        }
        if (error) {
          // The connection is going away: the next connection publishes it again from the outbox.
          this.fail(
            uplinkError(
              'UPLINK_PUBLISH_FAILED',
              `publishing message #${sequence} to ${safeUrl(this.url)} failed: ${error.message}; it stays in the outbox`,
              {
                cause: error,
                details: { sequence },
              },
            ),
          );
          return;
        }
        this.outbox
          .ack(sequence)
          .then((acked) => {
            this.deliveredCount++;
            this.hold.delivered(cls);
            if (acked) this.emit('delivered', { sequence, cls, historical });
            this.pump();
          })
          .catch((ackError) => this.fail(asUplinkError(ackError, this.url)));
      },
    );
  }

  /**
   * The broker refused a publish on a live connection (e.g. PUBACK 0x87 not authorized under MQTT 5):
   * the message stays in the outbox, its class is held back and retried after a backoff, oldest first.
   */
  private onPublishRefused(sequence: bigint, cls: MessageClass, topic: string, error: Error): void {
    this.publishRefused++;
    const { attempt, retryInMs } = this.hold.refused(cls);
    const reasonCode = (error as { code?: unknown }).code;
    const reason =
      typeof reasonCode === 'number' ? ` (reason code 0x${reasonCode.toString(16).padStart(2, '0')})` : '';
    this.fail(
      uplinkError(
        'UPLINK_PUBLISH_REFUSED',
        `the broker at ${safeUrl(this.url)} refused message #${sequence} (${cls}) on ${topic}: ${error.message}${reason}; it stays in the outbox and ${cls} messages wait for retry ${attempt} in ${retryInMs} ms (check the broker's ACL and message size limit for this topic)`,
        {
          cause: error,
          details: {
            sequence,
            cls,
            topic,
            ...(typeof reasonCode === 'number' ? { reasonCode } : {}),
            attempt,
            retryInMs,
          },
        },
      ),
    );
  }

  private reportEvictions(dropped: readonly DroppedMessage[]): void {
    for (const cls of MESSAGE_CLASSES) {
      const ofClass = dropped.filter((d) => d.cls === cls);
      if (ofClass.length === 0) continue;
      this.dropped[cls] += ofClass.length;
      this.reportDrop({
        cls,
        reason: 'overflow',
        messages: ofClass.length,
        bytes: ofClass.reduce((sum, d) => sum + d.bytes, 0),
        sequences: ofClass.map((d) => d.sequence),
      });
    }
  }

  private reportDrop(report: DropReport): void {
    this.pendingDrops.push(report);
    this.emit('drop', report);
  }

  private isIdle(): boolean {
    return this.inFlight.size === 0 && this.outbox.size === 0;
  }

  private fail(error: UplinkError): void {
    this.lastError = error;
    // An 'error' event without a listener would throw: a long-running loop must not crash on it.
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }
}

/**
 * Ends a connection with an MQTT DISCONNECT (normal disconnection), so the broker discards the will:
 * the offline state was just published, and a second one from the broker would be a duplicate. What
 * MQTT.js still has in flight is dropped first (it stays in our outbox, and its PUBACK would only be
 * ignored), so the DISCONNECT goes out at once; a connection that cannot even send it is destroyed
 * after 2 s. A connection already lost is just torn down.
 */
function endClient(client: UplinkMqttClient): Promise<void> {
  return new Promise<void>((resolve) => {
    if (!client.connected) {
      client.end(true, {}, () => resolve());
      return;
    }
    for (const id of Object.keys(client.outgoing)) client.removeOutgoingMessage(Number(id));
    const timer = setTimeout(() => {
      client.stream?.destroy();
      resolve();
    }, 2000);
    timer.unref();
    client.end(false, {}, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Creates an {@link Uplink} and starts connecting. */
export function createUplink(options: UplinkOptions): Uplink {
  return new Uplink(options).start();
}

function tlsOptions(tls: UplinkTls | undefined): Partial<IClientOptions> {
  if (!tls) return {};
  return {
    ...(tls.ca === undefined ? {} : { ca: tls.ca }),
    ...(tls.cert === undefined ? {} : { cert: tls.cert }),
    ...(tls.key === undefined ? {} : { key: tls.key }),
    ...(tls.servername === undefined ? {} : { servername: tls.servername }),
    rejectUnauthorized: tls.rejectUnauthorized ?? true,
  };
}

function asUplinkError(error: unknown, url: string): UplinkError {
  if (isFirecodeError(error)) return error as UplinkError;
  return uplinkError(
    'UPLINK_PUBLISH_FAILED',
    `uplink to ${safeUrl(url)}: ${(error as Error)?.message ?? error}`,
    {
      cause: error,
    },
  );
}

function checkOptions(options: UplinkOptions): void {
  if (!options || typeof options !== 'object') throw new TypeError('createUplink: options are required');
  try {
    const protocol = new URL(options.url).protocol;
    if (!['mqtt:', 'mqtts:', 'ws:', 'wss:', 'tcp:', 'ssl:', 'tls:'].includes(protocol))
      throw new Error(protocol);
  } catch {
    throw new TypeError(
      `createUplink: url ${JSON.stringify(options.url)} is not an MQTT URL; use e.g. mqtt://127.0.0.1:1883 or mqtts://broker:8883`,
    );
  }
  if (typeof options.clientId !== 'string' || options.clientId === '') {
    throw new TypeError(
      'createUplink: clientId must be a non-empty string that stays the same across restarts',
    );
  }
  const outbox = options.outbox as Partial<Outbox> | undefined;
  if (!outbox || typeof outbox.append !== 'function' || typeof outbox.next !== 'function') {
    throw new TypeError('createUplink: outbox must be an Outbox (MemoryOutbox or DiskOutbox)');
  }
  if (options.connect !== undefined && typeof options.connect !== 'function')
    throw new TypeError(
      'createUplink: connect must be a function (url, options) => client, like mqtt.connect',
    );
  if (typeof options.birth !== 'function')
    throw new TypeError('createUplink: birth must be a function returning bytes (or a promise of them)');
  if (!(options.will instanceof Uint8Array) && typeof options.will !== 'function')
    throw new TypeError(
      'createUplink: will must be a Uint8Array or a function returning one (or a promise of one)',
    );
  for (const key of ['online', 'offline'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'function')
      throw new TypeError(`createUplink: ${key} must be a function returning bytes (or a promise of them)`);
  }
  const inFlight = options.inFlight ?? PUBLISHER_DEFAULTS.inFlight;
  if (!Number.isSafeInteger(inFlight) || inFlight < 1 || inFlight > 65_000) {
    throw new TypeError(`createUplink: inFlight must be an integer within 1..65000, got ${options.inFlight}`);
  }
  if (![undefined, 4, 5, 'auto'].includes(options.protocolVersion)) {
    throw new TypeError(
      `createUplink: protocolVersion must be 4, 5 or 'auto', got ${options.protocolVersion}`,
    );
  }
  checkBackoff(options.reconnect);
  checkBackoff(options.publishRetry);
}
