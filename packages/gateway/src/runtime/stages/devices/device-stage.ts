import type { DeviceProfile } from '@firecode/devices';
import type { Catalog } from '@firecode/schema';
import type { GatewayConfig } from '../../../config/gateway-config.js';
import { loadProfiles } from '../../../config/profile-catalog.js';
import { panelComponent } from '../../panel-source.js';
import { type BoundDevice, bindDevices } from './bind-devices.js';

/**
 * The devices stage: the configuration's enabled devices bound to their profiles and normalizers, and
 * the catalog they (and the enabled panels) publish under. Pure data: it opens nothing.
 */
export interface DeviceStage {
  /** The enabled devices, in configuration order. */
  readonly devices: readonly BoundDevice[];
  /** Components and points of every device and enabled panel: what births and batches are encoded under. */
  readonly catalog: Catalog;
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
  config: GatewayConfig,
  profiles: ReadonlyMap<string, DeviceProfile>,
): DeviceStage {
  const devices = bindDevices(config.devices, profiles);
  const byId = new Map(devices.map((d) => [d.config.id, d]));
  return {
    devices,
    catalog: buildCatalog(config, devices),
    device: (id) => byId.get(id),
    slowestDeviceDelay: (busId) =>
      Math.max(
        0,
        ...devices.filter((d) => d.config.bus === busId).map((d) => d.profile.quirks.interRequestDelayMs),
      ),
  };
}

function buildCatalog(config: GatewayConfig, devices: readonly BoundDevice[]): Catalog {
  const parts = devices.map((d) => d.normalizer.catalog());
  return {
    gatewayId: config.gateway.id,
    building: {
      id: config.building.id,
      name: config.building.name,
      address: config.building.address ?? config.building.name,
      ...(config.building.height === undefined ? {} : { height: config.building.height }),
      ...(config.building.useClass === undefined ? {} : { useClass: config.building.useClass }),
    },
    components: [
      ...parts.flatMap((p) => p.components),
      ...config.panels.filter((panel) => panel.enabled).map(panelComponent),
    ],
    points: parts.flatMap((p) => p.points),
  };
}
