import type { DeviceProfile } from '@firecode/devices';
import type { ModbusBus } from '@firecode/modbus';
import type { Catalog } from '@firecode/schema';
import type { MqttConnect, Outbox, Uplink } from '@firecode/uplink';
import type { GatewayConfig } from '../config/gateway-config.js';
import { loadProfiles } from '../config/profile-catalog.js';
import { resolveReportPolicy } from '../config/report-policy.js';
import type { Logger } from '../observability/logger.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import { costModelOf, openBus } from './buses.js';
import { DevicePoller, type PollOutcome } from './device-poller.js';
import { type BoundDevice, bindDevices } from './devices.js';
import { createPanelMetrics } from './panel-metrics.js';
import { openSerialPanelPort, type PanelPortOpener } from './panel-port.js';
import { type PanelSource, panelComponent, startPanelSource } from './panel-source.js';
import { planReload, restartOnlyMessage } from './reload-plan.js';
import { ReportFilter } from './report-strategy.js';
import { type OpenSideUplinks, openSideUplinks, type SideUplink } from './side-uplinks.js';
import { createPublishStage } from './stages/publish/publish-stage.js';

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
  /** Opens the MQTT connection (default `mqtt.connect`); tests pass an in-memory broker's. */
  connect?: MqttConnect;
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
  const publish = await createPublishStage({
    config,
    catalog: () => catalog,
    logger,
    now,
    ...(metrics ? { metrics } : {}),
    ...(deps.outbox ? { outbox: deps.outbox } : {}),
    ...(deps.connect ? { connect: deps.connect } : {}),
    openSideUplinks: (conditions) =>
      (deps.openSideUplinks ?? openSideUplinks)(config, {
        logger,
        now,
        statusByte: (centreLinkUp) => conditions.statusByte(centreLinkUp),
        describe: () =>
          `Firecode gateway ${gatewayId}, building ${current.building.id} ${current.building.name}: ` +
          `${devices.length} devices, ${current.panels.filter((p) => p.enabled).length} panels, ${catalog.points.length} points`,
      }),
  });
  const { conditions, uplink, sideUplinks } = publish;

  const policyFor = (point: string) => {
    const cut = point.indexOf('.');
    return resolveReportPolicy(current, point.slice(0, cut), point.slice(cut + 1));
  };
  const reportFilter = new ReportFilter(policyFor);

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
    if (outcome.events.length > 0) void publish.events(outcome.events);
    reportFilter.reportTo(outcome.readings, publish);
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
    if ((previous?.online ?? true) !== online) publish.statusNow();
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
          onEvents: (events) => void publish.events(events),
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

  publish.start();
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

  return {
    get catalog() {
      return catalog;
    },
    uplink,
    sideUplinks,
    async stop() {
      await stopPolling();
      await publish.stop(STOP_DRAIN_MS);
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
      const connection = publish.prepareReload(applied);

      await stopPolling();
      // What was gathered under the old configuration leaves now, under the old catalog.
      publish.setBatch(applied.batch);
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
      // Reconnects when the connection settings changed, else publishes the new birth.
      await connection.apply();
      if (plan.restartOnly.length > 0)
        logger.warn({ restartRequired: plan.restartOnly }, restartOnlyMessage(plan.restartOnly));
      logger.info(
        { devices: devices.length, panels: panelSources.length, points: catalog.points.length },
        'configuration reloaded',
      );
    },
    status() {
      const stats = publish.outboxStats();
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
