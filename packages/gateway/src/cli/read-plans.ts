import { type DeviceProfile, type ProfileRegistry, type RegisterTable, readPlanFor } from '@firecode/devices';
import type { PlannedRead, ReadTable } from './line-utilisation.js';

/** The reads one poll of a device issues, from its profile. */
export interface ReadPlanSource {
  /** The plan of a profile, or `undefined` when the profile is unknown. */
  planFor(profileId: string): PlannedRead[] | undefined;
}

/** A plan source from a table: the test double, and a way to check a plan by hand. */
export function createReadPlanSource(
  plans: Readonly<Record<string, readonly PlannedRead[]>>,
): ReadPlanSource {
  return { planFor: (profileId) => (plans[profileId] ? [...plans[profileId]] : undefined) };
}

/** The devices package names tables as the simulator's banks do; the CLI uses the short words. */
export const readTableOf: Record<RegisterTable, ReadTable> = {
  holdingRegisters: 'holding',
  inputRegisters: 'input',
  coils: 'coil',
  discreteInputs: 'discrete',
};

/** The plan of one profile as the devices package computes it (contiguous reads, split at the device's limit). */
export function planOfProfile(profile: DeviceProfile): PlannedRead[] {
  return readPlanFor(profile).map((r) => ({
    table: readTableOf[r.table],
    address: r.address,
    count: r.count,
  }));
}

/** Read plans of the profiles in a registry (the built-in one plus loaded folders). */
export function readPlansFromRegistry(registry: Pick<ProfileRegistry, 'has' | 'get'>): ReadPlanSource {
  return {
    planFor: (profileId) => (registry.has(profileId) ? planOfProfile(registry.get(profileId)) : undefined),
  };
}
