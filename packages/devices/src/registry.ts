import { devicesError } from './errors.js';
import type { DeviceProfile } from './profile/schema.js';
import { ningboArcFaultDetector, residualCurrentMonitor4 } from './vendors/electrical-fire.js';
import { digitalInputModule } from './vendors/io-modules.js';
import { gstModbusPanel } from './vendors/panels.js';
import {
  familyBPressureRev1,
  familyBPressureRev2,
  genericLevelTransmitter,
  genericPressureTransmitter,
  mpd380,
  qdy30a,
} from './vendors/transmitters.js';

/** Every built-in profile. A test fails when a vendor file's profile is missing here. */
export const profiles: readonly DeviceProfile[] = Object.freeze([
  qdy30a,
  mpd380,
  familyBPressureRev1,
  familyBPressureRev2,
  genericPressureTransmitter,
  genericLevelTransmitter,
  ningboArcFaultDetector,
  residualCurrentMonitor4,
  gstModbusPanel,
  digitalInputModule,
]);

/** A set of profiles looked up by id: the built-ins plus whatever an integrator loads. */
export interface ProfileRegistry {
  readonly profiles: readonly DeviceProfile[];
  /** @throws FirecodeError `DEVICES_PROFILE_NOT_FOUND` naming the known ids. */
  get(id: string): DeviceProfile;
  has(id: string): boolean;
}

/**
 * Builds a registry; ids must be unique.
 * @throws FirecodeError `DEVICES_PROFILE_DUPLICATE`
 */
export function createProfileRegistry(list: readonly DeviceProfile[]): ProfileRegistry {
  const byId = new Map<string, DeviceProfile>();
  for (const profile of list) {
    if (byId.has(profile.id)) {
      throw devicesError(
        'DEVICES_PROFILE_DUPLICATE',
        `two profiles have the id "${profile.id}": rename one (ids are unique across built-in and loaded profiles)`,
        { profile: profile.id },
      );
    }
    byId.set(profile.id, profile);
  }
  return {
    profiles: [...byId.values()],
    has: (id) => byId.has(id),
    get(id) {
      const profile = byId.get(id);
      if (!profile) {
        throw devicesError(
          'DEVICES_PROFILE_NOT_FOUND',
          `no device profile "${id}": known ids are ${[...byId.keys()].join(', ')}; load custom ones with loadProfilesFromDir`,
          { profile: id },
        );
      }
      return profile;
    },
  };
}

const builtIn = createProfileRegistry(profiles);

/** A built-in profile by id. @throws FirecodeError `DEVICES_PROFILE_NOT_FOUND` */
export function getProfile(id: string): DeviceProfile {
  return builtIn.get(id);
}
