import type { DeviceProfile } from '@firecode/devices';
import type { Catalog } from '@firecode/schema';
import type { GatewayConfig } from '../config/gateway-config.js';
import type { Logger } from '../observability/logger.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import { type GatewayRuntimeStatus, pipelineStatus } from './pipeline-status.js';
import type { Reachability } from './reachability.js';
import { type BusStage, createBusStage } from './stages/buses/bus-stage.js';
import { createDeviceStage, type DeviceStage } from './stages/devices/device-stage.js';
import type { PanelMetrics } from './stages/panels/panel-metrics.js';
import { openSerialPanelPort, type PanelPortOpener } from './stages/panels/panel-port.js';
import { createPanelStage, type PanelStage } from './stages/panels/panel-stage.js';
import { createPollStage, type PollStage } from './stages/poll/poll-stage.js';
import type { PublishStage } from './stages/publish/publish-stage.js';

/** What {@link assemble} wires the stages with besides the configuration. */
export interface AssembleDeps {
  readonly logger: Logger;
  readonly metrics?: GatewayMetrics;
  /** Device profiles by id (see `resolveProfiles`): reading them from disk is the caller's, not assembly's. */
  readonly profiles: ReadonlyMap<string, DeviceProfile>;
  /**
   * The publish stage, made once per gateway and handed from pipeline to pipeline: its outbox and
   * uplink outlive a reload, so nothing queued is lost when a new pipeline replaces the old one. It is
   * the one stage whose making does I/O (it opens the outbox), which is why it is made outside.
   */
  readonly publish: PublishStage;
  /** Devices' and panels' reachability, also kept from pipeline to pipeline. */
  readonly reachability: Reachability;
  /** How fire panels' serial ports are opened (default: serialport 13). */
  readonly openPanelPort?: PanelPortOpener;
  readonly panelMetrics?: PanelMetrics;
  readonly now: () => number;
}

/**
 * The gateway's stages for one configuration, wired: buses → devices (profiles, normalizers) → poll
 * (pollers → report filter) → publish, with the panels beside the poll stage. `start()` opens the
 * lines and ports and starts the timers; the publish stage is started and stopped by its owner.
 */
export interface Pipeline {
  readonly config: GatewayConfig;
  readonly devices: DeviceStage;
  readonly buses: BusStage;
  readonly poll: PollStage;
  readonly panels: PanelStage;
  readonly publish: PublishStage;
  /** The catalog this pipeline publishes under: the building, its devices' and panels' parts. */
  readonly catalog: Catalog;
  /** The ids of the pipeline's devices and enabled panels. */
  readonly componentIds: ReadonlySet<string>;
  /** Opens the buses, then starts the pollers and the panels (the publish stage is not touched). */
  start(): void;
  /** Stops the panels and the pollers, then closes the buses (the publish stage is not touched). */
  stop(): Promise<void>;
  status(): GatewayRuntimeStatus;
}

/**
 * Builds the pipeline of `config`: pure wiring, no socket, port or timer opened before `start()`.
 * Throws (GATEWAY_CONFIG_INVALID) when a device cannot be bound to its profile, having opened nothing.
 */
export function assemble(config: GatewayConfig, deps: AssembleDeps): Pipeline {
  const { logger, now, publish, reachability } = deps;
  const metrics = deps.metrics ? { metrics: deps.metrics } : {};
  const devices = createDeviceStage(config, deps.profiles);
  const buses = createBusStage({ config, devices, logger, ...metrics });
  const poll = createPollStage({ config, devices, buses, publish, reachability, logger, now, ...metrics });
  const panels = createPanelStage({
    config,
    openPort: deps.openPanelPort ?? openSerialPanelPort,
    publish,
    reachability,
    logger,
    now,
    ...metrics,
    ...(deps.panelMetrics ? { panelMetrics: deps.panelMetrics } : {}),
  });
  const catalog = buildCatalog(config, devices, panels);
  const ids = [...devices.devices.map((d) => d.config.id), ...panels.ids];
  return {
    config,
    devices,
    buses,
    poll,
    panels,
    publish,
    catalog,
    componentIds: new Set(ids),
    start() {
      buses.start();
      poll.start();
      panels.start();
    },
    async stop() {
      await panels.stop();
      await poll.stop();
      await buses.stop();
    },
    status: () => pipelineStatus(config.gateway.id, ids, reachability, publish),
  };
}

/** The catalog of the pipeline: the configuration's building, the devices' points, the panels. */
function buildCatalog(config: GatewayConfig, devices: DeviceStage, panels: PanelStage): Catalog {
  const { building } = config;
  return {
    gatewayId: config.gateway.id,
    building: {
      id: building.id,
      name: building.name,
      address: building.address ?? building.name,
      ...(building.height === undefined ? {} : { height: building.height }),
      ...(building.useClass === undefined ? {} : { useClass: building.useClass }),
    },
    components: [...devices.catalogPart.components, ...panels.components],
    points: devices.catalogPart.points,
  };
}
