import type { GatewayConfig } from '../config/gateway-config.js';
import type { Logger } from '../observability/logger.js';
import type { GatewayMetrics } from '../observability/metrics.js';

/** What `run` needs from a running gateway (the runtime's `RunningGateway` has more). */
export interface RunningGatewayHandle {
  stop(): Promise<void>;
  reload(next: GatewayConfig): Promise<void>;
  /** The runtime's status; its `health` member (a HealthReport) is served on /healthz. */
  status(): unknown;
}

/** The runtime's entry point, as `run` calls it. */
export interface RuntimeModule {
  startGateway(
    config: GatewayConfig,
    deps: { logger: Logger; metrics?: GatewayMetrics },
  ): Promise<RunningGatewayHandle>;
}

/**
 * Loads the runtime only for `run`: the commissioning commands then start without loading the
 * MQTT client, the outbox and the codec.
 */
export async function loadRuntime(): Promise<RuntimeModule> {
  return import('../runtime/index.js');
}
