export { Batcher, type BatcherOptions } from './batcher.js';
export { DevicePoller, type DevicePollerOptions, type PollOutcome } from './device-poller.js';
export { type GatewayDeps, type GatewayRuntimeStatus, type RunningGateway, startGateway } from './gateway.js';
export {
  DEFAULT_REPORT_POLICY,
  ReportFilter,
  type ReportPolicy,
} from './report-strategy.js';
