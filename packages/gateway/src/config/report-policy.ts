import { FirecodeError } from '@firecode/schema';
import type { GatewayConfig } from './gateway-config.js';
import type { ReportOverride, ReportStrategy } from './schema.js';

/** A report policy with every field decided. Assignable to the runtime's `ReportPolicy`. */
export interface ResolvedReportPolicy {
  strategy: ReportStrategy;
  /** Absolute change in the point's canonical unit that counts as a change (strategy `deadband`). */
  deadband: number;
  /** Report at least this often (strategies `period`, `on-change-or-period`). */
  periodMs: number;
  /** Report an unchanged value after this long whatever the strategy; 0 = no heartbeat. */
  heartbeatMs: number;
}

const fields = ['strategy', 'deadband', 'periodMs', 'heartbeatMs'] as const;

function apply(policy: ResolvedReportPolicy, override: ReportOverride | undefined): ResolvedReportPolicy {
  if (override === undefined) return policy;
  const next = { ...policy };
  for (const field of fields) {
    const value = override[field];
    if (value !== undefined) (next as Record<string, unknown>)[field] = value;
  }
  return next;
}

/**
 * The report policy of one point: the gateway's `report`, overridden field by field by its bus's
 * `report`, its device's `report`, and finally the point's own override (point > device > bus > gateway).
 * Throws FirecodeError `GATEWAY_CONFIG_UNKNOWN_DEVICE` when the device is not in the configuration.
 */
export function resolveReportPolicy(
  config: GatewayConfig,
  deviceId: string,
  pointId: string,
): ResolvedReportPolicy {
  const device = config.devices.find((d) => d.id === deviceId);
  if (device === undefined) {
    throw new FirecodeError(
      'GATEWAY_CONFIG_UNKNOWN_DEVICE',
      `resolveReportPolicy: no device "${deviceId}" in the configuration`,
      {
        details: { deviceId, pointId },
      },
    );
  }
  const bus = config.buses.find((b) => b.id === device.bus);
  let policy: ResolvedReportPolicy = { ...config.report };
  policy = apply(policy, bus?.report);
  policy = apply(policy, device.report);
  policy = apply(policy, device.overrides?.points[pointId]);
  return policy;
}

/**
 * {@link resolveReportPolicy} under one configuration, returning one shared frozen object per distinct
 * policy: at building scale 10,000 points resolve to a handful of policies, and a copy each was
 * 0.56 MB of the gateway's heap. The report filter only reads the policies it keeps.
 */
export function createReportPolicyResolver(
  config: GatewayConfig,
): (deviceId: string, pointId: string) => Readonly<ResolvedReportPolicy> {
  const shared = new Map<string, Readonly<ResolvedReportPolicy>>();
  return (deviceId, pointId) => {
    const policy = resolveReportPolicy(config, deviceId, pointId);
    const key = fields.map((field) => policy[field]).join(' ');
    let found = shared.get(key);
    if (found === undefined) {
      found = Object.freeze(policy);
      shared.set(key, found);
    }
    return found;
  };
}
