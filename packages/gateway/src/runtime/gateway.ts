import { encodeAlarm, encodeBirth, encodeDataBatch, encodeState } from '@firecode/codec';
import type { DeviceProfile } from '@firecode/devices';
import type { ModbusBus } from '@firecode/modbus';
import { type Catalog, type FireEvent, ReadingColumns } from '@firecode/schema';
import {
  BatchStatusBuilder,
  createUplink,
  DiskOutbox,
  MemoryOutbox,
  type Outbox,
  ReadingBatcher,
  type Uplink,
} from '@firecode/uplink';
import type { GatewayConfig } from '../config/gateway-config.js';
import { loadProfiles } from '../config/profile-catalog.js';
import { resolveReportPolicy } from '../config/report-policy.js';
import type { Logger } from '../observability/logger.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import { costModelOf, openBus } from './buses.js';
import { DevicePoller, type PollOutcome } from './device-poller.js';
import { type BoundDevice, bindDevices } from './devices.js';
import { laneOf } from './event-lane.js';
import { createPanelMetrics } from './panel-metrics.js';
import { openSerialPanelPort, type PanelPortOpener } from './panel-port.js';
import { type PanelSource, panelComponent, startPanelSource } from './panel-source.js';
import { planReload, restartOnlyMessage } from './reload-plan.js';
import { ReportFilter } from './report-strategy.js';
import { type OpenSideUplinks, openSideUplinks, type SideUplink } from './side-uplinks.js';
import { connectionChanges, uplinkOptionsFrom } from './uplink-options.js';

/** What the runtime needs besides the configuration. */
export interface GatewayDeps {
  logger: Logger;
  metrics?: GatewayMetrics;
  /**
   * Device profiles (default: the built-in ones plus the config's `profiles.dirs`, read again on every
   * reload).
   */
  profiles?: readonly DeviceProfile[];
  /** The outbox (default: a DiskOutbox at `uplink.outbox.path`, or memory when the path is `:memory:`). */
  outbox?: Outbox;
  /** How fire panels' serial ports are opened (default: serialport 13). */
  openPanelPort?: PanelPortOpener;
  /** Opens the uplinks beside MQTT (default: those of `config.uplinks`, i.e. GB/T 26875.3). */
  openSideUplinks?: OpenSideUplinks;
  now?: () => number;
}

/** What `status()` reports (also served on /healthz). */
export interface GatewayRuntimeStatus {
  gatewayId: string;
  connected: boolean;
  /** Modbus devices and serial fire panels, by id. */
  devices: Record<string, { online: boolean; lastPoll?: number }>;
  outbox: { messages: number; bytes: number };
  health: { status: 'ok' | 'degraded' | 'failing'; checks: Record<string, { ok: boolean; detail?: string }> };
}

/** A running gateway. */
export interface RunningGateway {
  readonly catalog: Catalog;
  /**
   * The uplink: one object for the life of the gateway (a reload that changes the connection settings
   * reconfigures it), so listeners added here keep hearing after a reload.
   */
  readonly uplink: Uplink;
  /** The uplinks beside MQTT (GB/T 26875.3), fed the same events and readings; fixed until restart. */
  readonly sideUplinks: readonly SideUplink[];
  stop(): Promise<void>;
  /**
   * Applies a new configuration (see "Reload" in docs/gateway-runtime.md): devices, panels, report
   * policies, batching, building, logging level, device profiles and the uplink's connection settings.
   * Settings that need a restart keep their running values and are named in one warning. Rejects, with
   * nothing changed, when the new devices cannot be bound or a TLS file cannot be read.
   */
  reload(next: GatewayConfig): Promise<void>;
  status(): GatewayRuntimeStatus;
}

/** How long `stop()` waits for queued messages to reach the broker before leaving them on disk. */
const STOP_DRAIN_MS = 1000;

function buildCatalog(config: GatewayConfig, devices: readonly BoundDevice[]): Catalog {
  const parts = devices.map((d) => d.normalizer.catalog());
  return {
    gatewayId: config.gateway.id,
    building: {
      id: config.building.id,
      name: config.building.name,
      address: config.building.address ?? config.building.name,
      ...(config.building.height === undefined ? {} : { height: config.building.height }),
      ...(config.building.useClass === undefined ? {} : { useClass: config.building.useClass }),
    },
    components: [
      ...parts.flatMap((p) => p.components),
      ...config.panels.filter((panel) => panel.enabled).map(panelComponent),
    ],
    points: parts.flatMap((p) => p.points),
  };
}

/**
 * Starts the gateway: opens every bus, polls every device, normalizes, filters by report policy,
 * batches routine readings, sends events at once, and hands everything to the durable uplink.
 */
export async function startGateway(config: GatewayConfig, deps: GatewayDeps): Promise<RunningGateway> {
  const { logger, metrics } = deps;
  const now = deps.now ?? Date.now;
  const gatewayId = config.gateway.id;
  const profilesOf = async (settings: GatewayConfig): Promise<Map<string, DeviceProfile>> => {
    const list = deps.profiles ?? (await loadProfiles(settings.profiles?.dirs ?? []));
    return new Map(list.map((p) => [p.id, p]));
  };
  let profiles = await profilesOf(config);

  let current = config;
  let devices = bindDevices(config.devices, profiles);
  let deviceById = new Map(devices.map((d) => [d.config.id, d]));
  let catalog = buildCatalog(config, devices);
  const outbox =
    deps.outbox ??
    (config.uplink.outbox.path === ':memory:'
      ? new MemoryOutbox({ maxBytes: config.uplink.outbox.maxBytes })
      : await DiskOutbox.open({
          dir: config.uplink.outbox.path,
          maxBytes: config.uplink.outbox.maxBytes,
          fsync: config.uplink.outbox.fsync ? 'always' : 'off',
        }));
  if (outbox instanceof DiskOutbox) {
    // A power cut can tear the last record, rarely damage one in the middle: the outbox keeps what is
    // valid on both sides and tells what it could not keep, which must reach the operator.
    const { truncated, skipped } = outbox.recovery;
    if (truncated.length > 0) logger.warn({ truncated }, 'outbox recovery cut a torn or corrupt tail');
    if (skipped.length > 0) logger.warn({ skipped }, 'outbox recovery skipped damaged records mid-segment');
  }

  // What the uplink connects with now; a reload compares the new configuration's settings with it.
  let connection = uplinkOptionsFrom(current);
  const uplink = createUplink({
    ...connection,
    outbox,
    // Stamped when built: birth, online state and will at each connect, the offline state when sent.
    birth: () => encodeBirth(catalog, { time: now() }),
    will: () => encodeState({ gatewayId, online: false, time: now() }),
    online: () => encodeState({ gatewayId, online: true, time: now() }),
    offline: () => encodeState({ gatewayId, online: false, time: now() }),
  });
  const alarmTimes = new Map<bigint, number>();
  uplink.on('connect', (info) =>
    logger.info({ url: info.url, protocol: info.protocolVersion }, 'uplink connected'),
  );
  uplink.on('offline', (info) =>
    logger.warn(
      { url: info.url, retryInMs: info.retryInMs, error: info.error?.message },
      'uplink offline, retrying',
    ),
  );
  uplink.on('error', (error) => logger.warn({ code: error.code, error: error.message }, 'uplink error'));
  uplink.on('drop', (report) => {
    logger.error(
      { cls: report.cls, reason: report.reason, messages: report.messages },
      'outbox dropped messages',
    );
    metrics?.outboxDropped.inc({ lane: report.cls, reason: report.reason }, report.messages);
  });
  uplink.on('delivered', (message) => {
    metrics?.publishes.inc({ lane: message.cls });
    metrics?.markPublished(now());
    const detected = alarmTimes.get(message.sequence);
    if (detected !== undefined) {
      alarmTimes.delete(message.sequence);
      metrics?.alarmLatency.observe((now() - detected) / 1000);
    }
  });

  const submit = (
    lane: 'alarm' | 'status' | 'data',
    build: (sequence: bigint, historical: boolean) => Uint8Array,
  ) =>
    uplink
      .submit(lane, (meta) => build(meta.sequence, meta.historical))
      .catch((error: unknown) => {
        // Counted by the uplink (refused drop); the gateway keeps running.
        logger.error({ lane, error: (error as Error).message }, 'message not accepted into the outbox');
        return undefined;
      });

  // The status every batch carries (status byte, drops), built as the SDK builds it.
  const batchStatus = new BatchStatusBuilder(uplink);
  const conditions = batchStatus.conditions;
  // The one seam where uplinks beside MQTT start: each gets every event and reading MQTT gets.
  const sideUplinks = await (deps.openSideUplinks ?? openSideUplinks)(config, {
    logger,
    now,
    statusByte: (centreLinkUp) => conditions.statusByte(centreLinkUp),
    describe: () =>
      `Firecode gateway ${gatewayId}, building ${current.building.id} ${current.building.name}: ` +
      `${devices.length} devices, ${current.panels.filter((p) => p.enabled).length} panels, ${catalog.points.length} points`,
  });
  const sendEvents = (events: FireEvent[]) => {
    conditions.apply(events);
    for (const event of events) {
      if (event.kind === 'offline' || event.kind === 'online') {
        logger.info({ component: event.component, detail: event.description }, `device ${event.kind}`);
      }
    }
    const lane = laneOf(events);
    const detected = Math.min(...events.map((e) => e.time));
    // The catalog the events were produced under, even if a reload swaps it before the outbox builds.
    const eventCatalog = catalog;
    void submit(lane, (sequence, historical) => {
      if (lane === 'alarm') alarmTimes.set(sequence, detected);
      return encodeAlarm({ gatewayId, sequence, historical, events }, eventCatalog);
    });
    for (const side of sideUplinks) side.events(events, eventCatalog);
  };

  const sendBatch = (readings: ReadingColumns) => {
    const batchCatalog = catalog;
    if (readings.length > 0 && sideUplinks.length > 0) {
      // Reading objects only for the uplinks beside MQTT (GB/T 26875.3), and only when there are some.
      const asObjects = readings.toReadings();
      for (const side of sideUplinks) side.readings(asObjects, batchCatalog);
    }
    const status = batchStatus.next();
    void submit('data', (sequence, historical) =>
      encodeDataBatch({ gatewayId, sequence, historical, readings, events: [], status }, batchCatalog),
    );
  };

  const policyFor = (point: string) => {
    const cut = point.indexOf('.');
    return resolveReportPolicy(current, point.slice(0, cut), point.slice(cut + 1));
  };
  const reportFilter = new ReportFilter(policyFor);
  const batcherFor = (settings: GatewayConfig['batch']) =>
    new ReadingBatcher(settings, sendBatch, 'gateway batch');
  let batcher = batcherFor(config.batch);

  const deviceState = new Map<string, { online: boolean; lastPoll?: number }>();
  const onPoll = (outcome: PollOutcome) => {
    const device = deviceById.get(outcome.deviceId);
    const online = outcome.failedReads < outcome.totalReads || outcome.totalReads === 0;
    const previous = deviceState.get(outcome.deviceId);
    deviceState.set(outcome.deviceId, { online, lastPoll: now() });
    conditions.setDeviceOnline(outcome.deviceId, online);
    if (device)
      metrics?.deviceOnline.set({ bus: device.config.bus, device: outcome.deviceId }, online ? 1 : 0);
    if (previous?.online !== online && previous !== undefined) {
      logger[online ? 'info' : 'warn'](
        { device: outcome.deviceId, error: online ? undefined : String((outcome.error as Error)?.message) },
        online ? 'device back online' : 'device not answering',
      );
    }
    for (const diagnostic of outcome.diagnostics)
      logger.warn({ device: outcome.deviceId, ...diagnostic }, 'device data');
    if (outcome.events.length > 0) sendEvents(outcome.events);
    reportFilter.reportTo(outcome.readings, batcher);
  };

  const panelMetrics = metrics ? createPanelMetrics(metrics.registry) : undefined;
  let panelSources: PanelSource[] = [];
  // A panel's reachability changes the status byte's monitoring-line bit; a panel has no readings to
  // carry it in a routine batch, so a batch with the status alone goes out at once.
  const onPanelOnline = (panelId: string, path: string, online: boolean) => {
    const previous = deviceState.get(panelId);
    deviceState.set(panelId, { online, lastPoll: now() });
    conditions.setDeviceOnline(panelId, online);
    metrics?.deviceOnline.set({ bus: path, device: panelId }, online ? 1 : 0);
    // A panel counts as online until told otherwise: send on every change, and on a first "offline".
    if ((previous?.online ?? true) !== online) sendBatch(new ReadingColumns(1));
  };
  const startPanels = () => {
    panelSources = current.panels
      .filter((panel) => panel.enabled)
      .map((panel) =>
        startPanelSource({
          panel,
          openPort: deps.openPanelPort ?? openSerialPanelPort,
          logger,
          now,
          onEvents: sendEvents,
          onOnline: (online) => onPanelOnline(panel.id, panel.path, online),
          onFrame: (kind) => panelMetrics?.frame(panel.id, kind),
        }),
      );
  };

  let buses = new Map<string, ModbusBus>();
  let pollers: DevicePoller[] = [];
  // Requests and line utilisation per bus, read from the buses' own counters at every scrape.
  metrics?.trackBuses(() => [...buses].map(([id, bus]) => ({ bus: id, ...bus.stats() })));
  const startPolling = () => {
    buses = new Map(current.buses.map((bus) => [bus.id, openBus(bus, slowestDeviceDelay(devices, bus.id))]));
    for (const [id, bus] of buses) {
      bus.on('error', (error) => metrics?.busErrors.inc({ bus: id, kind: error.code }));
      // Line and breaker changes at info: what an integrator on site reads first in the journal.
      bus.on('offline', ({ unit, error }) =>
        logger.info(
          { bus: id, ...(unit === null ? {} : { unit }), code: error.code, error: error.message },
          unit === null ? 'bus line down' : 'breaker open: unit isolated, probing it',
        ),
      );
      bus.on('online', ({ unit }) =>
        logger.info(
          { bus: id, ...(unit === null ? {} : { unit }) },
          unit === null ? 'bus line up' : 'breaker closed: unit answers again',
        ),
      );
    }
    pollers = devices.map(
      (device) =>
        new DevicePoller({
          deviceId: device.config.id,
          unit: device.config.unit,
          bus: buses.get(device.config.bus)!,
          normalizer: device.normalizer,
          pollIntervalMs: device.config.pollIntervalMs,
          onPoll,
          cost: costModelOf(current.buses.find((bus) => bus.id === device.config.bus)!),
          now,
        }),
    );
    for (const poller of pollers) poller.start();
    startPanels();
  };
  const stopPolling = async () => {
    await Promise.all(panelSources.map((source) => source.stop()));
    panelSources = [];
    await Promise.all(pollers.map((p) => p.stop()));
    await Promise.all([...buses.values()].map((b) => b.close()));
    pollers = [];
    buses = new Map();
  };

  uplink.start();
  startPolling();
  logger.info(
    {
      gateway: gatewayId,
      devices: devices.length,
      buses: current.buses.length,
      panels: panelSources.length,
      points: catalog.points.length,
    },
    'gateway started',
  );

  const metricsTimer = setInterval(() => {
    const stats = outbox.stats();
    metrics?.outboxBytes.set(stats.bytes);
    for (const [lane, cls] of Object.entries(stats.byClass)) metrics?.outboxDepth.set({ lane }, cls.messages);
  }, 1000);
  metricsTimer.unref();

  return {
    get catalog() {
      return catalog;
    },
    uplink,
    sideUplinks,
    async stop() {
      clearInterval(metricsTimer);
      await stopPolling();
      batcher.close();
      await Promise.race([
        uplink.drained(),
        new Promise((resolve) => setTimeout(resolve, STOP_DRAIN_MS).unref()),
      ]);
      const { undelivered, kept } = await uplink.close();
      await Promise.all(sideUplinks.map((side) => side.close()));
      if (!deps.outbox) await outbox.close();
      // Never silent: what a memory outbox (`:memory:`) still held is gone with the process.
      if (undelivered.messages > 0) {
        const counts = { undelivered: undelivered.messages, alarms: undelivered.byClass.alarm.messages };
        if (kept) logger.info(counts, 'undelivered messages kept in the outbox for the next start');
        else
          logger.error(
            counts,
            'undelivered messages lost: the outbox is in memory (uplink.outbox.path :memory:)',
          );
      }
      logger.info({ gateway: gatewayId }, 'gateway stopped');
    },
    async reload(next) {
      // Settings that cannot change while running keep their running values: why this applies the rest
      // and warns, instead of rejecting the reload, is argued in reload-plan.ts.
      const plan = planReload(current, next, { outboxGiven: deps.outbox !== undefined });
      const applied = plan.config;
      // Whatever can fail comes first, before anything running is touched: a failed reload changes nothing.
      const nextProfiles = deps.profiles ? profiles : await profilesOf(applied);
      const nextDevices = bindDevices(applied.devices, nextProfiles);
      // Reads the TLS files again: a certificate renewed under the same path is a change.
      const nextConnection = uplinkOptionsFrom(applied);
      const connectionChanged = connectionChanges(connection, nextConnection);

      await stopPolling();
      // What was gathered under the old configuration leaves now, under the old catalog.
      batcher.close();
      batcher = batcherFor(applied.batch);
      if (applied.logging.level !== current.logging.level) logger.level = applied.logging.level;
      current = applied;
      profiles = nextProfiles;
      devices = nextDevices;
      deviceById = new Map(devices.map((d) => [d.config.id, d]));
      catalog = buildCatalog(applied, devices);
      const kept = new Set([
        ...devices.map((d) => d.config.id),
        ...applied.panels.filter((panel) => panel.enabled).map((panel) => panel.id),
      ]);
      for (const id of deviceState.keys()) if (!kept.has(id)) deviceState.delete(id);
      conditions.keepOnly(kept);
      reportFilter.forget();
      startPolling();
      if (connectionChanged.length > 0) {
        logger.info(
          { changed: connectionChanged },
          `uplink settings changed (${connectionChanged.map((c) => c.field).join(', ')}): reconnecting with them, queued messages kept`,
        );
        // The same uplink and outbox on a new connection: nothing queued is lost, sequence numbers go
        // on, and the new connection publishes the new birth as any connect does. Readings polled
        // meanwhile wait in the outbox. Reconfigured rather than replaced by a new Uplink on the same
        // outbox: its counters are the `droppedTotal` every batch carries (a new one would restart it
        // at 0), its listeners and pending drop reports stay, `gateway.uplink` stays true, and there is
        // never a moment with two clients on one client id or a closed uplink refusing a submit.
        // (It can only reject on settings the configuration check already refuses; `connection` then
        // stays as it was, so the next reload tries again.)
        await uplink.reconfigure(nextConnection);
        connection = nextConnection;
      } else {
        uplink.republishBirth();
      }
      if (plan.restartOnly.length > 0)
        logger.warn({ restartRequired: plan.restartOnly }, restartOnlyMessage(plan.restartOnly));
      logger.info(
        { devices: devices.length, panels: panelSources.length, points: catalog.points.length },
        'configuration reloaded',
      );
    },
    status() {
      const stats = outbox.stats();
      const deviceEntries = Object.fromEntries(
        [...devices.map((d) => d.config.id), ...panelSources.map((source) => source.id)].map((id) => [
          id,
          deviceState.get(id) ?? { online: false },
        ]),
      );
      const offline = Object.entries(deviceEntries).filter(([, s]) => !s.online);
      const checks: GatewayRuntimeStatus['health']['checks'] = {
        broker: { ok: uplink.isConnected, detail: uplink.isConnected ? 'connected' : 'not connected' },
        devices: {
          ok: offline.length === 0,
          detail:
            offline.length === 0 ? 'all answering' : `not answering: ${offline.map(([id]) => id).join(', ')}`,
        },
      };
      for (const side of sideUplinks) checks[side.name] = side.health();
      const status =
        !uplink.isConnected || offline.length > 0 || sideUplinks.some((side) => !side.health().ok)
          ? 'degraded'
          : 'ok';
      return {
        gatewayId,
        connected: uplink.isConnected,
        devices: deviceEntries,
        outbox: { messages: stats.messages, bytes: stats.bytes },
        health: { status, checks },
      };
    },
  };
}

/** The largest inter-request delay the profiles of a line's devices ask for. */
function slowestDeviceDelay(devices: readonly BoundDevice[], busId: string): number {
  return Math.max(
    0,
    ...devices.filter((d) => d.config.bus === busId).map((d) => d.profile.quirks.interRequestDelayMs),
  );
}
