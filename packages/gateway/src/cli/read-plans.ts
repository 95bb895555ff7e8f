import { type DeviceProfile, type ProfileRegistry, type RegisterTable, readPlanFor } from '@firecode/devices';
import type { PlannedRead, ReadTable } from './line-utilisation.js';

/** Which parts of a profile a device polls. */
export interface PlanSelection {
  /** Points and events the configuration disables (`overrides.points.<id>.disabled`). */
  disabledPoints?: readonly string[];
  /** Panel loops to poll (default all). */
  loops?: readonly number[];
}

/** The reads one poll of a device issues, from its profile. */
export interface ReadPlanSource {
  /** The plan of a profile, or `undefined` when the profile is unknown. */
  planFor(profileId: string, selection?: PlanSelection): PlannedRead[] | undefined;
}

/** A plan source from a table (selections ignored): the test double. */
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
export function planOfProfile(profile: DeviceProfile, selection: PlanSelection = {}): PlannedRead[] {
  const disabled = selection.disabledPoints ?? [];
  const points =
    disabled.length === 0
      ? undefined
      : [...profile.points.map((p) => p.id), ...profile.events.map((e) => e.id)].filter(
          (id) => !disabled.includes(id),
        );
  const readSelection = {
    ...(points === undefined ? {} : { points }),
    ...(selection.loops === undefined ? {} : { loops: selection.loops }),
  };
  return readPlanFor(profile, readSelection).map((r) => ({
    table: readTableOf[r.table],
    address: r.address,
    count: r.count,
  }));
}

/** Read plans of the profiles in a registry (the built-in one plus loaded folders). */
export function readPlansFromRegistry(registry: Pick<ProfileRegistry, 'has' | 'get'>): ReadPlanSource {
  return {
    planFor: (profileId, selection) =>
      registry.has(profileId) ? planOfProfile(registry.get(profileId), selection) : undefined,
  };
}
