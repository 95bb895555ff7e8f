import {
  createDeviceNormalizer,
  type DeviceNormalizer,
  type DeviceProfile,
  type PanelPointInfo,
  type PointOverride,
} from '@firecode/devices';
import { FirecodeError } from '@firecode/schema';
import { resolveComponentType } from '../../../config/references.js';
import type { DeviceConfig } from '../../../config/schema.js';

/** A configured device bound to its profile and normalizer. */
export interface BoundDevice {
  config: DeviceConfig;
  profile: DeviceProfile;
  normalizer: DeviceNormalizer;
}

/** The normalizer's view of the config's per-point overrides: thresholds only (report policy is ours). */
function thresholdOverrides(device: DeviceConfig): Record<string, PointOverride> {
  const result: Record<string, PointOverride> = {};
  for (const [point, override] of Object.entries(device.overrides?.points ?? {})) {
    if (override.low === undefined && override.high === undefined && override.hysteresis === undefined)
      continue;
    result[point] = {
      thresholds: {
        ...(override.low === undefined ? {} : { low: override.low }),
        ...(override.high === undefined ? {} : { high: override.high }),
        ...(override.hysteresis === undefined ? {} : { hysteresis: override.hysteresis }),
      },
    };
  }
  return result;
}

function enabledPoints(device: DeviceConfig, profile: DeviceProfile): string[] | undefined {
  const disabled = Object.entries(device.overrides?.points ?? {})
    .filter(([, o]) => o.disabled)
    .map(([id]) => id);
  if (disabled.length === 0) return undefined;
  return [...profile.points.map((p) => p.id), ...profile.events.map((e) => e.id)].filter(
    (id) => !disabled.includes(id),
  );
}

/** The config's panel points in the normalizer's terms (types were checked when the config loaded). */
function commissionedPanelPoints(device: DeviceConfig): PanelPointInfo[] {
  return (device.panelPoints ?? []).map((point) => ({
    loop: point.loop,
    address: point.address,
    componentType: resolveComponentType(point.type) ?? 0,
    ...(point.location === undefined ? {} : { description: point.location }),
  }));
}

/** Binds every enabled device of the configuration to its profile. */
export function bindDevices(
  devices: readonly DeviceConfig[],
  profiles: ReadonlyMap<string, DeviceProfile>,
): BoundDevice[] {
  return devices
    .filter((device) => device.enabled)
    .map((device) => {
      const profile = profiles.get(device.profile);
      if (!profile) {
        throw new FirecodeError(
          'GATEWAY_CONFIG_INVALID',
          `device "${device.id}": no device profile "${device.profile}"; known profiles: ${[...profiles.keys()].join(', ')}`,
          { details: { device: device.id, profile: device.profile } },
        );
      }
      const points = enabledPoints(device, profile);
      const normalizer = createDeviceNormalizer(profile, {
        deviceId: device.id,
        ...(device.name === undefined ? {} : { name: device.name }),
        ...(device.location === undefined ? {} : { location: device.location }),
        ...(device.loops === undefined ? {} : { loops: device.loops }),
        ...(points === undefined ? {} : { points }),
        ...(device.panelPoints === undefined ? {} : { panelPoints: commissionedPanelPoints(device) }),
        overrides: thresholdOverrides(device),
      });
      return { config: device, profile, normalizer };
    });
}
