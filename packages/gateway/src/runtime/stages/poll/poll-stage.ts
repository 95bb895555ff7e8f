import type { FireEvent, ReadingColumns } from '@firecode/schema';
import type { GatewayConfig } from '../../../config/gateway-config.js';
import { createReportPolicyResolver } from '../../../config/report-policy.js';
import type { Logger } from '../../../observability/logger.js';
import type { GatewayMetrics } from '../../../observability/metrics.js';
import { DevicePoller, type PollOutcome } from '../../device-poller.js';
import type { Reachability } from '../../reachability.js';
import { ReportFilter } from '../../report-strategy.js';
import type { BusStage } from '../buses/bus-stage.js';
import type { DeviceStage } from '../devices/device-stage.js';

/** Where the poll stage hands what it gathered: the publish stage's intake. */
export interface PollSink {
  /** Events of a poll (alarms, faults, offline/online), sent at once. */
  events(events: readonly FireEvent[]): Promise<void>;
  /** Row `row` of a poll's columns that the report filter let through. */
  addRow(readings: ReadingColumns, row: number): void;
}

/**
 * The poll stage: one poller per bound device on its line; each poll's outcome goes through the report
 * filter (config report policies) into the publish stage, and its reachability into {@link Reachability}.
 */
export interface PollStage {
  /** The pollers, one per device (empty until `start()`). */
  readonly pollers: readonly DevicePoller[];
  /** Builds and starts the pollers; the buses stage must be started first. */
  start(): void;
  /** Stops polling; resolves once every poll under way has finished. */
  stop(): Promise<void>;
}

/** What the poll stage needs: the configuration and the interfaces of the stages around it. */
export interface PollStageOptions {
  readonly config: GatewayConfig;
  readonly devices: DeviceStage;
  readonly buses: Pick<BusStage, 'bus' | 'costModel'>;
  readonly publish: PollSink;
  readonly reachability: Reachability;
  readonly logger: Logger;
  readonly metrics?: GatewayMetrics;
  readonly now: () => number;
}

/** Builds the poll stage (and its report filter); no timer runs until `start()`. */
export function createPollStage(options: PollStageOptions): PollStage {
  const { config, devices, buses, now } = options;
  const policyOf = createReportPolicyResolver(config);
  const reportFilter = new ReportFilter((point) => {
    const cut = point.indexOf('.');
    return policyOf(point.slice(0, cut), point.slice(cut + 1));
  });
  const onPoll = (outcome: PollOutcome) => {
    observePoll(outcome, options);
    if (outcome.events.length > 0) void options.publish.events(outcome.events);
    reportFilter.reportTo(outcome.readings, options.publish);
  };
  let pollers: DevicePoller[] = [];
  return {
    get pollers() {
      return pollers;
    },
    start() {
      pollers = devices.devices.map(
        (device) =>
          new DevicePoller({
            deviceId: device.config.id,
            unit: device.config.unit,
            bus: buses.bus(device.config.bus),
            normalizer: device.normalizer,
            pollIntervalMs: device.config.pollIntervalMs,
            onPoll,
            cost: buses.costModel(device.config.bus),
            now,
          }),
      );
      for (const poller of pollers) poller.start();
    },
    async stop() {
      await Promise.all(pollers.map((poller) => poller.stop()));
      pollers = [];
    },
  };
}

/** A poll's reachability (state, status byte, metric, a log line on change) and its data diagnostics. */
function observePoll(outcome: PollOutcome, options: PollStageOptions): void {
  const { logger, metrics } = options;
  const device = options.devices.device(outcome.deviceId);
  const online = outcome.failedReads < outcome.totalReads || outcome.totalReads === 0;
  const previous = options.reachability.set(outcome.deviceId, online);
  // On a change only (and the first poll): the gauge keeps its value, and prom-client sorts and
  // joins the labels on every set, 100 times a second at building scale.
  if (device && previous?.online !== online)
    metrics?.deviceOnline.set({ bus: device.config.bus, device: outcome.deviceId }, online ? 1 : 0);
  if (previous?.online !== online && previous !== undefined) {
    logger[online ? 'info' : 'warn'](
      { device: outcome.deviceId, error: online ? undefined : String((outcome.error as Error)?.message) },
      online ? 'device back online' : 'device not answering',
    );
  }
  for (const diagnostic of outcome.diagnostics)
    logger.warn({ device: outcome.deviceId, ...diagnostic }, 'device data');
}
