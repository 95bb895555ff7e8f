export { DevicePoller, type DevicePollerOptions, type PollOutcome } from './device-poller.js';
export { type GatewayDeps, type GatewayRuntimeStatus, type RunningGateway, startGateway } from './gateway.js';
export { createPanelMetrics, type PanelMetrics } from './panel-metrics.js';
export {
  createMemoryPanelPorts,
  type MemoryPanelPorts,
  openSerialPanelPort,
  type PanelPort,
  type PanelPortOpener,
  type PanelPortSettings,
} from './panel-port.js';
export {
  type PanelSource,
  type PanelSourceOptions,
  type PanelSourceStats,
  panelComponent,
  startPanelSource,
} from './panel-source.js';
export {
  ReportFilter,
  type ReportPolicy,
} from './report-strategy.js';
export {
  type OpenSideUplinks,
  openSideUplinks,
  type SideUplink,
  type SideUplinkContext,
} from './side-uplinks.js';
