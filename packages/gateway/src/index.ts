/**
 * @packageDocumentation
 * The edge gateway runtime integrators install in a building's fire-control room: one configuration
 * file, buses → device profiles → normalizer → report strategy → batcher + alarm fast lane → durable
 * outbox → MQTT; the `firecode-gateway` CLI; logs, Prometheus metrics and health.
 */
export * from './config/index.js';
export { GATEWAY_ERROR_CODES, type GatewayError, type GatewayErrorCode, gatewayError } from './errors.js';
export * from './observability/index.js';
export * from './runtime/index.js';
