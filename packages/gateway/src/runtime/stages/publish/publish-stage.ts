import type { Catalog, FireEvent, ReadingColumns, ReadingRows } from '@firecode/schema';
import {
  type GatewayConditions,
  type MqttConnect,
  type Outbox,
  type OutboxStats,
  Publisher,
  type Uplink,
} from '@firecode/uplink';
import type { GatewayConfig } from '../../../config/gateway-config.js';
import type { Logger } from '../../../observability/logger.js';
import type { GatewayMetrics } from '../../../observability/metrics.js';
import { openGatewayOutbox, reportRecovery } from './open-outbox.js';
import { observePublisher, trackOutbox } from './publish-observers.js';
import type { SideUplink } from './side-uplinks.js';
import {
  type ConnectionChange,
  type ConnectionOptions,
  connectionChanges,
  uplinkOptionsFrom,
} from './uplink-options.js';

/** What the publish stage needs from the gateway. */
export interface PublishStageOptions {
  readonly config: GatewayConfig;
  /** The catalog now (it changes on reload); births, batches and events are encoded under it. */
  readonly catalog: () => Catalog;
  readonly logger: Logger;
  readonly metrics?: GatewayMetrics;
  /** The outbox (default: the one `uplink.outbox` describes, which the stage then closes at stop). */
  readonly outbox?: Outbox;
  readonly now: () => number;
  /** Opens the uplinks beside MQTT, which read the status byte from the stage's conditions. */
  readonly openSideUplinks?: (conditions: GatewayConditions) => Promise<readonly SideUplink[]>;
  /** Opens the MQTT connection (default `mqtt.connect`); tests pass an in-memory broker's. */
  readonly connect?: MqttConnect;
}

/** A reload's new connection settings, read (TLS files too) before anything running is touched. */
export interface PreparedReload {
  /** The settings that differ from the running ones (none: only the birth is published again). */
  readonly changed: readonly ConnectionChange[];
  /** Reconnects with the new settings when they changed, else republishes the birth (new catalog). */
  apply(): Promise<void>;
}

/**
 * The gateway's publishing: the {@link Publisher} of `@firecode/uplink` (the SDK's too) on the
 * configured outbox and broker, plus the uplinks beside MQTT, which get every event and reading MQTT
 * gets, and the gateway's logging and metrics of it.
 */
export interface PublishStage {
  /** One object for the life of the gateway (a reload reconfigures it). */
  readonly uplink: Uplink;
  readonly publisher: Publisher;
  readonly sideUplinks: readonly SideUplink[];
  /** Alarms, faults and unreachable devices behind the status byte; tell it devices' reachability. */
  readonly conditions: GatewayConditions;
  /**
   * Sends events at once (alarm or status lane) to MQTT and to every side uplink. Resolves when the
   * outbox holds them, or could not take them (counted and logged): it never rejects.
   */
  events(events: readonly FireEvent[]): Promise<void>;
  /** Adds reported readings to the pending batch. */
  readings(readings: ReadingRows): void;
  /** Adds row `row` of a poll's columns (what the report filter hands on, see `ReportFilter.reportTo`). */
  addRow(readings: ReadingColumns, row: number): void;
  /** Sends the status byte now (a panel's reachability changed). */
  statusNow(): void;
  outboxStats(): OutboxStats;
  /** Reads the connection settings of `next`: throws, changing nothing, when a TLS file cannot be read. */
  prepareReload(next: GatewayConfig): PreparedReload;
  /** New batch settings: what is pending leaves now, under the catalog it was gathered with. */
  setBatch(batch: GatewayConfig['batch']): void;
  start(): void;
  /** Sends what is pending, waits up to `drainMs` for the broker, disconnects, closes side uplinks. */
  stop(drainMs: number): Promise<void>;
}

/** Creates the publish stage (opening the outbox and the side uplinks); `start()` connects. */
export async function createPublishStage(options: PublishStageOptions): Promise<PublishStage> {
  const outbox = options.outbox ?? (await openGatewayOutbox(options.config));
  reportRecovery(outbox, options.logger);
  const connection = uplinkOptionsFrom(options.config);
  const publisher = new Publisher({
    outbox,
    catalog: options.catalog,
    uplink: { ...connection, ...(options.connect ? { connect: options.connect } : {}) },
    batch: options.config.batch,
    where: 'gateway batch',
    now: options.now,
  });
  observePublisher(publisher, options.logger, options.metrics, options.now);
  // The one seam where uplinks beside MQTT start: each gets every event and reading MQTT gets.
  const sideUplinks = (await options.openSideUplinks?.(publisher.conditions)) ?? [];
  publisher.on('batch', ({ readings, catalog }) => {
    // Reading objects only for the uplinks beside MQTT (GB/T 26875.3), and only when there are some.
    if (readings.length === 0 || sideUplinks.length === 0) return;
    const asObjects = readings.toReadings();
    for (const side of sideUplinks) side.readings(asObjects, catalog);
  });
  return new GatewayPublishStage(options, publisher, sideUplinks, connection);
}

class GatewayPublishStage implements PublishStage {
  readonly uplink: Uplink;
  readonly conditions: GatewayConditions;
  #stopTracking = () => {};

  constructor(
    private readonly options: PublishStageOptions,
    readonly publisher: Publisher,
    readonly sideUplinks: readonly SideUplink[],
    /** What the uplink connects with now; a reload compares the new configuration's settings with it. */
    private connection: ConnectionOptions,
  ) {
    this.uplink = publisher.uplink;
    this.conditions = publisher.conditions;
  }

  events(events: readonly FireEvent[]): Promise<void> {
    for (const event of events) {
      if (event.kind === 'offline' || event.kind === 'online') {
        this.options.logger.info(
          { component: event.component, detail: event.description },
          `device ${event.kind}`,
        );
      }
    }
    // The catalog the events were produced under, even if a reload swaps it before the outbox builds.
    const catalog = this.options.catalog();
    const stored = this.publisher.publishEvents(events);
    for (const side of this.sideUplinks) side.events(events, catalog);
    return stored.then(
      () => undefined,
      () => undefined,
    );
  }

  readings(readings: ReadingRows): void {
    this.publisher.addReadings(readings);
  }

  addRow(readings: ReadingColumns, row: number): void {
    this.publisher.addRow(readings, row);
  }

  statusNow(): void {
    this.publisher.publishStatus();
  }

  outboxStats(): OutboxStats {
    return this.uplink.stats().outbox;
  }

  prepareReload(next: GatewayConfig): PreparedReload {
    // Reads the TLS files again: a certificate renewed under the same path is a change.
    const nextConnection = uplinkOptionsFrom(next);
    const changed = connectionChanges(this.connection, nextConnection);
    return { changed, apply: () => this.#applyConnection(changed, nextConnection) };
  }

  async #applyConnection(changed: readonly ConnectionChange[], next: ConnectionOptions): Promise<void> {
    if (changed.length === 0) {
      this.uplink.republishBirth();
      return;
    }
    this.options.logger.info(
      { changed },
      `uplink settings changed (${changed.map((c) => c.field).join(', ')}): reconnecting with them, queued messages kept`,
    );
    // The same uplink and outbox on a new connection: nothing queued is lost, sequence numbers go on,
    // and the new connection publishes the new birth as any connect does. Readings polled meanwhile
    // wait in the outbox. Reconfigured rather than replaced by a new Uplink on the same outbox: its
    // counters are the `droppedTotal` every batch carries (a new one would restart it at 0), its
    // listeners and pending drop reports stay, `gateway.uplink` stays true, and there is never a
    // moment with two clients on one client id or a closed uplink refusing a submit. (It can only
    // reject on settings the configuration check already refuses; `connection` then stays as it
    // was, so the next reload tries again.)
    await this.uplink.reconfigure(next);
    this.connection = next;
  }

  setBatch(batch: GatewayConfig['batch']): void {
    this.publisher.setBatchOptions(batch);
  }

  start(): void {
    this.publisher.start();
    this.#stopTracking = trackOutbox(this.publisher, this.options.metrics);
  }

  async stop(drainMs: number): Promise<void> {
    this.#stopTracking();
    const result = await this.publisher.close({
      drainTimeoutMs: drainMs,
      closeOutbox: this.options.outbox === undefined,
    });
    await Promise.all(this.sideUplinks.map((side) => side.close()));
    // Never silent: what a memory outbox (`:memory:`) still held is gone with the process.
    if (result.undelivered.messages > 0) {
      const counts = {
        undelivered: result.undelivered.messages,
        alarms: result.undelivered.byClass.alarm.messages,
      };
      if (result.lost === 0) {
        this.options.logger.info(counts, 'undelivered messages kept in the outbox for the next start');
      } else {
        this.options.logger.error(
          counts,
          'undelivered messages lost: the outbox is in memory (uplink.outbox.path :memory:)',
        );
      }
    }
  }
}
