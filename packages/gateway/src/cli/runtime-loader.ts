import type { GatewayConfig } from '../config/gateway-config.js';
import type { Logger } from '../observability/logger.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import { notAvailableError } from './exit-codes.js';

/** What `run` needs from the runtime (packages/gateway/src/runtime/index.ts). */
export interface RunningGatewayHandle {
  stop(): Promise<void>;
  reload(next: GatewayConfig): Promise<void>;
  /** The runtime's status; a `health` member shaped like HealthReport is served on /healthz. */
  status(): unknown;
}

/** The runtime module's entry point. */
export interface RuntimeModule {
  startGateway(
    config: GatewayConfig,
    deps: { logger: Logger; metrics?: GatewayMetrics },
  ): Promise<RunningGatewayHandle>;
}

// A variable keeps the build from requiring the runtime while it is being written; `run` says so.
const runtimePath = '../runtime/index.js';

/** Loads the runtime lazily so that every other command works without it. */
export async function loadRuntime(): Promise<RuntimeModule> {
  let module: Record<string, unknown>;
  try {
    module = (await import(runtimePath)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw notAvailableError('the gateway runtime', 'packages/gateway/src/runtime/index.ts (startGateway)');
    }
    throw error;
  }
  if (typeof module.startGateway !== 'function') {
    throw notAvailableError(
      'the gateway runtime',
      'startGateway exported from packages/gateway/src/runtime/index.ts',
    );
  }
  return module as unknown as RuntimeModule;
}
