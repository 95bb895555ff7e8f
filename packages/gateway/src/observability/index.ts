export {
  type CreateLoggerOptions,
  createLogger,
  type Logger,
  REDACTED_KEYS,
  redactionPaths,
} from './logger.js';
export {
  type BusStatsSample,
  createGatewayMetrics,
  type GatewayMetrics,
  type GatewayMetricsOptions,
} from './metrics.js';
export {
  type HealthReport,
  type HealthStatus,
  type ObservabilityErrorCode,
  type ObservabilityServer,
  type ObservabilityServerOptions,
  startObservabilityServer,
} from './server.js';
