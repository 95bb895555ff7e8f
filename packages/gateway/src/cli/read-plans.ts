import { type DeviceProfile, type ProfileRegistry, readPlanFor } from '@firecode/devices';
import { type CostModel, planReads } from '@firecode/modbus';
import { priorityGroups } from '../runtime/read-priority.js';
import type { PlannedRead } from './line-utilisation.js';

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
  planFor(profileId: string, selection?: PlanSelection, cost?: CostModel): PlannedRead[] | undefined;
}

/** A plan source from a table (selections ignored): the test double. */
export function createReadPlanSource(
  plans: Readonly<Record<string, readonly PlannedRead[]>>,
): ReadPlanSource {
  return { planFor: (profileId) => (plans[profileId] ? [...plans[profileId]] : undefined) };
}

/**
 * The requests one poll of a device puts on the line. With the line's `cost` model: what the runtime
 * sends — the profile's reads grouped by priority and planned by the Modbus read planner (holes filled
 * where a hole costs less than another request). Without: the profile's contiguous reads.
 */
export function planOfProfile(
  profile: DeviceProfile,
  selection: PlanSelection = {},
  cost?: CostModel,
): PlannedRead[] {
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
  const reads = readPlanFor(profile, readSelection);
  if (cost === undefined) {
    return reads.map((r) => ({ table: r.table, address: r.address, count: r.count }));
  }
  return priorityGroups(profile, reads).flatMap(({ wanted }) =>
    planReads(wanted, { cost, maxRegisters: profile.quirks.maxRegistersPerRequest }).requests.map((r) => ({
      table: r.table,
      address: r.address,
      count: r.count,
    })),
  );
}

/** Read plans of the profiles in a registry (the built-in one plus loaded folders). */
export function readPlansFromRegistry(registry: Pick<ProfileRegistry, 'has' | 'get'>): ReadPlanSource {
  return {
    planFor: (profileId, selection, cost) =>
      registry.has(profileId) ? planOfProfile(registry.get(profileId), selection, cost) : undefined,
  };
}
