import type { CostModel, ModbusBus } from '@firecode/modbus';
import type { GatewayConfig } from '../../../config/gateway-config.js';
import type { BusConfig } from '../../../config/schema.js';
import { gatewayError } from '../../../errors.js';
import type { Logger } from '../../../observability/logger.js';
import type { BusStatsSample, GatewayMetrics } from '../../../observability/metrics.js';
import type { DeviceStage } from '../devices/device-stage.js';
import { costModelOf, openBus } from './open-bus.js';

/** The buses stage: one Modbus master per configured line, opened at `start()` and closed at `stop()`. */
export interface BusStage {
  /** The configured lines' ids. */
  readonly ids: readonly string[];
  /** Whether the lines are open (between `start()` and `stop()`). */
  readonly opened: boolean;
  /** The master of line `id`; only while opened (a poller is built at start, after the lines). */
  bus(id: string): ModbusBus;
  /** What one more request costs on line `id`, for the read planner (known before start). */
  costModel(id: string): CostModel;
  /** Each open line's counters, for the metrics' scrape (none while closed). */
  stats(): BusStatsSample[];
  start(): void;
  stop(): Promise<void>;
}

/** What the buses stage needs besides the configuration. */
export interface BusStageOptions {
  readonly config: GatewayConfig;
  /** The devices on the lines: a slow transmitter's profile widens its line's inter-request gap. */
  readonly devices: Pick<DeviceStage, 'slowestDeviceDelay'>;
  readonly logger: Logger;
  readonly metrics?: GatewayMetrics;
}

/** Builds the buses stage; opens nothing until `start()`. */
export function createBusStage(options: BusStageOptions): BusStage {
  const configs = new Map<string, BusConfig>(options.config.buses.map((bus) => [bus.id, bus]));
  let open = new Map<string, ModbusBus>();
  let opened = false;
  return {
    ids: [...configs.keys()],
    get opened() {
      return opened;
    },
    bus(id) {
      const bus = open.get(id);
      // The configuration check refuses a device on an unknown line; this is a start/stop order slip.
      if (!bus) throw gatewayError('GATEWAY_CONFIG_INVALID', `bus "${id}" is not open`);
      return bus;
    },
    costModel: (id) => costModelOf(configOf(configs, id)),
    stats: () => [...open].map(([id, bus]) => ({ bus: id, ...bus.stats() })),
    start() {
      opened = true;
      open = new Map(
        [...configs].map(([id, config]) => [id, openBus(config, options.devices.slowestDeviceDelay(id))]),
      );
      for (const [id, bus] of open) observeBus(id, bus, options.logger, options.metrics);
    },
    async stop() {
      const closing = [...open.values()];
      open = new Map();
      opened = false;
      await Promise.all(closing.map((bus) => bus.close()));
    },
  };
}

function configOf(configs: ReadonlyMap<string, BusConfig>, id: string): BusConfig {
  const config = configs.get(id);
  if (!config) throw gatewayError('GATEWAY_CONFIG_INVALID', `no bus "${id}" in the configuration`);
  return config;
}

/** Counts a line's errors and logs its line and breaker changes. */
function observeBus(id: string, bus: ModbusBus, logger: Logger, metrics: GatewayMetrics | undefined): void {
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
