import type { GatewayConfig } from '../config/gateway-config.js';

/**
 * What a reload (SIGHUP) does with settings the running gateway cannot change.
 *
 * Chosen: apply everything else and log ONE warning naming each such setting with its running and its
 * configured value and saying "restart the gateway to apply". Not chosen: rejecting the whole reload.
 * Why, for the integrator on a ladder who just edited the file and sent SIGHUP:
 * - The file on disk is what the gateway runs after its next restart anyway (a power cut, a watchdog,
 *   an update). Rejecting the reload would not keep the restart-only change from taking effect; it
 *   would only hold back the safe parts (a fixed unit id, a new broker password) until then, and a
 *   rejected reload reads like "your file is wrong" when it is not.
 * - With this choice the running gateway is always "the file, except the settings the warning names":
 *   one log line says exactly what differs and what to do, and every reload repeats it until the
 *   restart, so it cannot be missed by looking at the last reload only.
 * - Nothing half-applied: each restart-only setting keeps its running value as a whole (a new
 *   `gateway.id` does not leak into the catalog, the topics or the client id while the old one runs).
 */

/** A setting the running gateway keeps until it is restarted. Values are never secrets. */
export interface RestartOnlyChange {
  /** The configuration key, e.g. `gateway.id`. */
  readonly field: string;
  readonly running: string | number | boolean;
  readonly configured: string | number | boolean;
}

interface RestartOnlySetting {
  readonly field: string;
  readonly value: (config: GatewayConfig) => string | number | boolean;
  /** Only used when the runtime opens the outbox itself (not when one is given in its deps). */
  readonly outbox?: true;
}

/**
 * Settings fixed for the life of the process: the gateway id is in the catalog, the topics, the
 * client id and every message; the outbox folder is locked and its size and fsync policy belong to
 * the open files; the metrics server is started once by `run`, outside the runtime.
 */
const RESTART_ONLY: readonly RestartOnlySetting[] = [
  { field: 'gateway.id', value: (c) => c.gateway.id },
  { field: 'uplink.outbox.path', value: (c) => c.uplink.outbox.path, outbox: true },
  { field: 'uplink.outbox.maxBytes', value: (c) => c.uplink.outbox.maxBytes, outbox: true },
  { field: 'uplink.outbox.fsync', value: (c) => c.uplink.outbox.fsync, outbox: true },
  // The GB/T 26875.3 session and its queue are opened once (a queue folder is locked while open).
  { field: 'uplinks.gb26875', value: (c) => JSON.stringify(c.uplinks?.gb26875 ?? null) },
  { field: 'metrics.enabled', value: (c) => c.metrics.enabled },
  { field: 'metrics.listen', value: (c) => c.metrics.listen },
];

/** What a reload applies, and what it leaves for a restart. */
export interface ReloadPlan {
  /** The new configuration with every restart-only setting kept at its running value. */
  readonly config: GatewayConfig;
  /** The restart-only settings the new configuration changes. */
  readonly restartOnly: readonly RestartOnlyChange[];
}

/** Splits a new configuration into what can be applied now and what needs a restart. */
export function planReload(
  running: GatewayConfig,
  next: GatewayConfig,
  options: { outboxGiven: boolean },
): ReloadPlan {
  const restartOnly = RESTART_ONLY.filter((setting) => !(setting.outbox && options.outboxGiven))
    .map((setting) => ({
      field: setting.field,
      running: setting.value(running),
      configured: setting.value(next),
    }))
    .filter((change) => change.running !== change.configured);
  const config: GatewayConfig = {
    ...next,
    gateway: { ...next.gateway, id: running.gateway.id },
    uplink: { ...next.uplink, outbox: running.uplink.outbox },
    metrics: running.metrics,
  };
  if (running.uplinks === undefined) delete config.uplinks;
  else config.uplinks = running.uplinks;
  return { config, restartOnly };
}

/** The one warning's text: each setting with its running and configured value, and what to do. */
export function restartOnlyMessage(changes: readonly RestartOnlyChange[]): string {
  const list = changes
    .map((c) => `${c.field} (running ${JSON.stringify(c.running)}, file ${JSON.stringify(c.configured)})`)
    .join(', ');
  return `configuration reload: ${list} cannot change while the gateway runs and keep${changes.length === 1 ? 's its' : ' their'} running value${changes.length === 1 ? '' : 's'}; restart the gateway to apply`;
}
