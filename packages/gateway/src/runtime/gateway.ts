import type { DeviceProfile } from '@firecode/devices';
import type { Catalog } from '@firecode/schema';
import type { MqttConnect, Outbox, Uplink } from '@firecode/uplink';
import type { GatewayConfig } from '../config/gateway-config.js';
import type { Logger } from '../observability/logger.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import { type AssembleDeps, assemble, type Pipeline } from './assemble.js';
import type { GatewayRuntimeStatus } from './pipeline-status.js';
import { Reachability } from './reachability.js';
import { planReload, restartOnlyMessage } from './reload-plan.js';
import { resolveProfiles } from './stages/devices/device-stage.js';
import { createPanelMetrics } from './stages/panels/panel-metrics.js';
import type { PanelPortOpener } from './stages/panels/panel-port.js';
import { createPublishStage, type PublishStage } from './stages/publish/publish-stage.js';
import { type OpenSideUplinks, openSideUplinks, type SideUplink } from './stages/publish/side-uplinks.js';

export type { GatewayRuntimeStatus } from './pipeline-status.js';

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

/**
 * Starts the gateway: assembles the pipeline of `config` (`assemble` in runtime/assemble.ts: buses,
 * devices, poll, panels, publish), starts it, and on `reload` swaps in a pipeline assembled for the new
 * configuration, keeping the publish stage (outbox, uplink, side uplinks) so that nothing queued is lost.
 */
export async function startGateway(config: GatewayConfig, deps: GatewayDeps): Promise<RunningGateway> {
  const { logger } = deps;
  const now = deps.now ?? Date.now;
  const profiles = await resolveProfiles(config, deps.profiles);
  // Read by the publish stage (catalog, side uplinks' description) and the metrics: the pipeline now.
  const held: { pipeline?: Pipeline } = {};
  const running = (): Pipeline => {
    if (!held.pipeline) throw new Error('the gateway pipeline is not assembled yet');
    return held.pipeline;
  };
  const publish = await openPublishStage(config, deps, now, running);
  const reachability = new Reachability(publish.conditions, now);
  const panelMetrics = deps.metrics ? createPanelMetrics(deps.metrics.registry) : undefined;
  const stageDeps = (byId: AssembleDeps['profiles']): AssembleDeps => ({
    logger,
    now,
    profiles: byId,
    publish,
    reachability,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    ...(deps.openPanelPort ? { openPanelPort: deps.openPanelPort } : {}),
    ...(panelMetrics ? { panelMetrics } : {}),
  });
  try {
    held.pipeline = assemble(config, stageDeps(profiles));
  } catch (error) {
    // A device that cannot be bound: close the outbox (and side uplinks) the publish stage opened.
    await publish.stop(0);
    throw error;
  }
  // Requests and line utilisation per bus, read from the buses' own counters at every scrape.
  deps.metrics?.trackBuses(() => running().buses.stats());
  publish.start();
  held.pipeline.start();
  logStarted(logger, held.pipeline);

  const swap: PipelineSwap = {
    deps,
    publish,
    reachability,
    stageDeps,
    running,
    replace: (p) => (held.pipeline = p),
  };
  return {
    get catalog() {
      return running().catalog;
    },
    uplink: publish.uplink,
    sideUplinks: publish.sideUplinks,
    async stop() {
      await running().stop();
      await publish.stop(STOP_DRAIN_MS);
      logger.info({ gateway: config.gateway.id }, 'gateway stopped');
    },
    reload: (next) => reloadPipeline(swap, next),
    status: () => running().status(),
  };
}

function logStarted(logger: Logger, pipeline: Pipeline): void {
  logger.info(
    {
      gateway: pipeline.config.gateway.id,
      devices: pipeline.devices.devices.length,
      buses: pipeline.buses.ids.length,
      panels: pipeline.panels.ids.length,
      points: pipeline.catalog.points.length,
    },
    'gateway started',
  );
}

/** What a reload swaps pipelines with: the parts that outlive a pipeline. */
interface PipelineSwap {
  readonly deps: GatewayDeps;
  readonly publish: PublishStage;
  readonly reachability: Reachability;
  readonly stageDeps: (profiles: AssembleDeps['profiles']) => AssembleDeps;
  running(): Pipeline;
  replace(next: Pipeline): void;
}

/**
 * Assembles the pipeline of `next` and swaps it for the running one, on the same publish stage: what
 * the old pipeline gathered leaves under the old catalog, the new one's readings queue behind it.
 */
async function reloadPipeline(swap: PipelineSwap, next: GatewayConfig): Promise<void> {
  const { deps, publish } = swap;
  const { logger } = deps;
  const outgoing = swap.running();
  // Settings that cannot change while running keep their running values: why this applies the rest
  // and warns, instead of rejecting the reload, is argued in reload-plan.ts.
  const plan = planReload(outgoing.config, next, { outboxGiven: deps.outbox !== undefined });
  const applied = plan.config;
  // Whatever can fail comes first, before anything running is touched: a failed reload changes nothing.
  const incoming = assemble(applied, swap.stageDeps(await resolveProfiles(applied, deps.profiles)));
  // Reads the TLS files again: a certificate renewed under the same path is a change.
  const connection = publish.prepareReload(applied);

  await outgoing.stop();
  // What was gathered under the old configuration leaves now, under the old catalog.
  publish.setBatch(applied.batch);
  if (applied.logging.level !== outgoing.config.logging.level) logger.level = applied.logging.level;
  swap.reachability.keepOnly(incoming.componentIds);
  swap.replace(incoming);
  incoming.start();
  // Reconnects when the connection settings changed, else publishes the new birth.
  await connection.apply();
  if (plan.restartOnly.length > 0)
    logger.warn({ restartRequired: plan.restartOnly }, restartOnlyMessage(plan.restartOnly));
  logger.info(
    {
      devices: incoming.devices.devices.length,
      panels: incoming.panels.ids.length,
      points: incoming.catalog.points.length,
    },
    'configuration reloaded',
  );
}

/**
 * The publish stage for the life of the gateway, on the outbox of `deps` or of the configuration, with
 * the side uplinks of `config.uplinks`. It reads the catalog (and the side uplinks their description)
 * from whichever pipeline runs at the time.
 */
function openPublishStage(
  config: GatewayConfig,
  deps: GatewayDeps,
  now: () => number,
  running: () => Pipeline,
): Promise<PublishStage> {
  const { logger, metrics } = deps;
  return createPublishStage({
    config,
    catalog: () => running().catalog,
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
        describe: () => describePipeline(config.gateway.id, running()),
      }),
  });
}

/** The gateway in one line, for the side uplinks (GB/T 26875.3 asks for a description). */
function describePipeline(gatewayId: string, pipeline: Pipeline): string {
  const { building } = pipeline.config;
  return (
    `Firecode gateway ${gatewayId}, building ${building.id} ${building.name}: ` +
    `${pipeline.devices.devices.length} devices, ${pipeline.panels.ids.length} panels, ${pipeline.catalog.points.length} points`
  );
}
