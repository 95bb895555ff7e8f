import type { DeviceProfile } from '@firecode/devices';
import type { Catalog } from '@firecode/schema';
import type { GatewayConfig } from '../../../config/gateway-config.js';
import { loadProfiles } from '../../../config/profile-catalog.js';
import { type BoundDevice, bindDevices } from './bind-devices.js';

/**
 * The devices stage: the configuration's enabled devices bound to their profiles and normalizers, and
 * their part of the catalog. Pure data: it opens nothing.
 */
export interface DeviceStage {
  /** The enabled devices, in configuration order. */
  readonly devices: readonly BoundDevice[];
  /** The devices' components and points, for the catalog births and batches are encoded under. */
  readonly catalogPart: Pick<Catalog, 'components' | 'points'>;
  /** The bound device `id`, if enabled. */
  device(id: string): BoundDevice | undefined;
  /** The largest inter-request delay the profiles of line `busId`'s devices ask for (0 when none). */
  slowestDeviceDelay(busId: string): number;
}

/**
 * The device profiles a configuration is read with: `given` when the caller passed some, else the
 * built-in ones plus the config's `profiles.dirs` (read from disk, again on every reload).
 */
export async function resolveProfiles(
  config: GatewayConfig,
  given: readonly DeviceProfile[] | undefined,
): Promise<ReadonlyMap<string, DeviceProfile>> {
  const list = given ?? (await loadProfiles(config.profiles?.dirs ?? []));
  return new Map(list.map((p) => [p.id, p]));
}

/** Binds the configuration's devices; throws (GATEWAY_CONFIG_INVALID) on a device with an unknown profile. */
export function createDeviceStage(
  config: Pick<GatewayConfig, 'devices'>,
  profiles: ReadonlyMap<string, DeviceProfile>,
): DeviceStage {
  const devices = bindDevices(config.devices, profiles);
  const byId = new Map(devices.map((d) => [d.config.id, d]));
  const parts = devices.map((d) => d.normalizer.catalog());
  return {
    devices,
    catalogPart: { components: parts.flatMap((p) => p.components), points: parts.flatMap((p) => p.points) },
    device: (id) => byId.get(id),
    slowestDeviceDelay: (busId) =>
      Math.max(
        0,
        ...devices.filter((d) => d.config.bus === busId).map((d) => d.profile.quirks.interRequestDelayMs),
      ),
  };
}
