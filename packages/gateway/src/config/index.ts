export { closestMatch, didYouMean } from './did-you-mean.js';
export type { GatewayConfig, Gb26875Config, UplinkConfig } from './gateway-config.js';
export {
  type ConfigErrorCode,
  type ConfigIssue,
  type ConfigPath,
  formatConfigIssue,
  type LocatedConfigIssue,
} from './issues.js';
export { configJsonSchema } from './json-schema.js';
export {
  loadConfig,
  loadConfigWithWarnings,
  MEMORY_OUTBOX,
  type ParseConfigOptions,
  type ParsedConfig,
  parseConfig,
  parseConfigWithWarnings,
} from './parse.js';
export {
  builtInProfileCatalog,
  catalogFromProfiles,
  createProfileCatalog,
  loadProfiles,
  type ProfileCatalog,
} from './profile-catalog.js';
export { splitListen } from './references.js';
export { type ResolvedReportPolicy, resolveReportPolicy } from './report-policy.js';
export {
  type BusConfig,
  baudRates,
  busSchema,
  type DeviceConfig,
  deviceSchema,
  type Gb26875UplinkConfig,
  gatewayConfigSchema,
  gb26875UplinkSchema,
  type LogLevel,
  logLevels,
  type PanelConfig,
  type PanelPointConfig,
  type PanelProtocol,
  type PointOverride,
  panelPointSchema,
  panelProtocols,
  panelSchema,
  pointOverrideSchema,
  type RawGatewayConfig,
  type ReportOverride,
  type ReportStrategy,
  type RtuBusConfig,
  type RtuOverTcpBusConfig,
  reportOverrideSchema,
  reportStrategies,
  rtuBusSchema,
  rtuOverTcpBusSchema,
  type TcpBusConfig,
  tcpBusSchema,
} from './schema.js';
export { resolveSecretReference, Secret, type SecretResolution, type SecretSource } from './secret.js';
