import { EventEmitter } from 'node:events';
import { isFirecodeError } from '@firecode/schema';
import { type UplinkError, uplinkError } from '../errors.js';
import { assertMessageClass, type MessageClass } from '../message-class.js';
import { queuedCount } from '../outbox/message-count.js';
import type { AppendResult, BuildPayload, Outbox } from '../outbox/outbox.js';
import { ClassHold } from './class-hold.js';
import { safeUrl } from './connect-errors.js';
import { ConnectionMachine } from './connection-machine.js';
import type { ConnectionState } from './connection-states.js';
import { PUBLISHER_DEFAULTS } from './defaults.js';
import { DropReports } from './drop-reports.js';
import { PublishPump } from './publish-pump.js';
import type { UplinkTopics } from './topics.js';
import { checkUplinkOptions, withConnection } from './uplink-options.js';
import type {
  DropReport,
  UplinkCloseReport,
  UplinkConnectionOptions,
  UplinkEvents,
  UplinkOptions,
  UplinkStats,
} from './uplink-types.js';

export type {
  ConnectInfo,
  DeliveredMessage,
  DropReport,
  OfflineInfo,
  UplinkCloseReport,
  UplinkConnectionOptions,
  UplinkEvents,
  UplinkOptions,
  UplinkStats,
  UplinkTls,
} from './uplink-types.js';

/**
 * The MQTT publisher: takes messages into the outbox, publishes them at QoS 1 over a persistent session
 * (alarms first), deletes each from the outbox on PUBACK, and reconnects with backoff and jitter. Data
 * is flagged historical when it is submitted while the link is down (alarms and status never are). Each connection uses a
 * fresh MQTT.js client; what was in flight when a connection died is published again from the outbox
 * (at least once: receivers de-duplicate by sequence number). The connection moves along the states of
 * `CONNECTION_TRANSITIONS` (docs/uplink.md, "Connection states").
 */
export class Uplink extends EventEmitter<UplinkEvents> {
  private readonly outbox: Outbox;
  private readonly connection: ConnectionMachine;
  private readonly pump: PublishPump;
  private readonly hold: ClassHold;
  private readonly drops: DropReports;
  private lastError: UplinkError | undefined;
  private closed: Promise<UplinkCloseReport> | undefined;

  constructor(options: UplinkOptions) {
    super();
    checkUplinkOptions(options);
    this.outbox = options.outbox;
    this.hold = new ClassHold(options.publishRetry ?? options.reconnect, options.random, () =>
      this.pump.pump(),
    );
    this.drops = new DropReports((report) => this.emit('drop', report));
    this.connection = new ConnectionMachine(options, {
      linkReset: () => this.pump.forgetInFlight(),
      online: (info) => {
        this.emit('connect', info);
        this.pump.pump();
      },
      offline: (info) => this.emit('offline', info),
      fail: (error) => this.fail(error),
      clearHolds: () => this.hold.clear(),
      alarmWaiting: () => this.outbox.stats().byClass.alarm.messages > 0,
      wake: () => this.pump.pump(),
    });
    const inFlightLimit = options.inFlight ?? PUBLISHER_DEFAULTS.inFlight;
    this.pump = new PublishPump(this.outbox, this.hold, inFlightLimit, this.connection, {
      delivered: (message) => this.emit('delivered', message),
      fail: (error) => this.fail(error),
    });
  }

  /** The topics this uplink publishes to (new ones after a {@link Uplink.reconfigure} that changes them). */
  get topics(): UplinkTopics {
    return this.connection.topics;
  }

  /** True while a connection is up. */
  get isConnected(): boolean {
    return this.connection.isConnected;
  }

  /** Where the connection is now; see `CONNECTION_TRANSITIONS` and docs/uplink.md ("Connection states"). */
  get connectionState(): ConnectionState {
    return this.connection.state;
  }

  /** Starts connecting (idempotent); submit works before, during and after. */
  start(): this {
    // A reconfiguration under way connects when it is done.
    this.connection.start();
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
    if (this.connection.isClosing) throw this.closedError();
    const next = withConnection(this.connection.options, connection);
    checkUplinkOptions(next);
    return this.connection.reconfigure(next);
  }

  /**
   * Accepts a message: the outbox assigns its sequence number, `build` encodes it (told whether it is
   * historical, i.e. data submitted while the link is down, which is queued in the `historical` class
   * behind live data; alarms and status are never historical), and it is stored. Resolves when the outbox holds it; delivery follows.
   * Rejects with `OUTBOX_FULL` (counted, and reported as a `refused` drop), `OUTBOX_BUILD_FAILED`,
   * `UPLINK_CLOSED`.
   */
  async submit(cls: MessageClass, build: BuildPayload): Promise<AppendResult> {
    if (this.connection.isClosing) throw this.closedError();
    assertMessageClass(cls, 'Uplink.submit');
    // Historical means old data: readings stored while the link was down. An event is news whenever
    // it arrives (its own time says when it was raised), so alarms and status are never flagged.
    const historical = cls === 'historical' || (cls === 'data' && !this.isConnected);
    const queueAs: MessageClass = historical && cls === 'data' ? 'historical' : cls;
    let result: AppendResult;
    try {
      result = await this.outbox.append(queueAs, build, { historical });
    } catch (error) {
      if (isFirecodeError(error, 'OUTBOX_FULL')) this.drops.refusedOne(queueAs);
      throw error;
    }
    if (result.dropped.length > 0) this.drops.evicted(result.dropped);
    if (cls === 'alarm' && !this.isConnected) this.connection.alarmSubmitted();
    this.pump.pump();
    return result;
  }

  /**
   * Drops reported since the last call, for the gateway to put into its next batch (the same reports
   * were emitted as `drop` events).
   */
  takeDropReports(): DropReport[] {
    return this.drops.take();
  }

  /**
   * Publishes the birth (and online state) again now, e.g. after a configuration reload changed the
   * catalog; when offline, the next connect publishes it anyway.
   */
  republishBirth(): void {
    this.connection.republishBirth();
  }

  /** Resolves once the outbox is empty and nothing is in flight (e.g. before a planned shutdown). */
  drained(): Promise<void> {
    return this.pump.drained();
  }

  stats(): UplinkStats {
    return {
      connected: this.isConnected,
      protocolVersion: this.connection.client ? this.connection.protocolVersion : undefined,
      inFlight: this.pump.inFlightCount,
      published: this.pump.counts.published,
      delivered: this.pump.counts.delivered,
      connects: this.connection.connects,
      publishRefused: this.pump.counts.refused,
      heldClasses: this.hold.classes(),
      dropped: { ...this.drops.dropped },
      refused: { ...this.drops.refused },
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
    await this.connection.close();
    this.pump.wakeIdleWaiters();
    return { undelivered: queuedCount(this.outbox.stats()), kept: this.outbox.durable === true };
  }

  private closedError(): UplinkError {
    return uplinkError('UPLINK_CLOSED', `the uplink to ${safeUrl(this.connection.url)} is closed`);
  }

  private fail(error: UplinkError): void {
    this.lastError = error;
    // An 'error' event without a listener would throw: a long-running loop must not crash on it.
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }
}

/** Creates an {@link Uplink} and starts connecting. */
export function createUplink(options: UplinkOptions): Uplink {
  return new Uplink(options).start();
}
