export { DevicePoller, type DevicePollerOptions, type PollOutcome } from './device-poller.js';
export { type GatewayDeps, type GatewayRuntimeStatus, type RunningGateway, startGateway } from './gateway.js';
export {
  ReportFilter,
  type ReportPolicy,
} from './report-strategy.js';
export { createPanelMetrics, type PanelMetrics } from './stages/panels/panel-metrics.js';
export {
  createMemoryPanelPorts,
  type MemoryPanelPorts,
  openSerialPanelPort,
  type PanelPort,
  type PanelPortOpener,
  type PanelPortSettings,
} from './stages/panels/panel-port.js';
export {
  type PanelSource,
  type PanelSourceOptions,
  type PanelSourceStats,
  panelComponent,
  startPanelSource,
} from './stages/panels/panel-source.js';
export {
  type OpenSideUplinks,
  openSideUplinks,
  type SideUplink,
  type SideUplinkContext,
} from './stages/publish/side-uplinks.js';
