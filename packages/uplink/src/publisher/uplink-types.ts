import type { UplinkError } from '../errors.js';
import type { MessageClass } from '../message-class.js';
import type { MessageCount } from '../outbox/message-count.js';
import type { Outbox, OutboxStats } from '../outbox/outbox.js';
import type { BackoffOptions } from './backoff.js';
import type { MqttConnect } from './mqtt-client.js';
import type { PayloadSource } from './payload-source.js';

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
