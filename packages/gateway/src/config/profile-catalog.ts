import { existsSync } from 'node:fs';
import { type DeviceProfile, loadProfilesFromDir, profiles } from '@firecode/devices';

/**
 * What the configuration checker needs to know about device profiles: which ids exist and which
 * points each has. An interface so that the checker does not depend on how profiles are stored.
 */
export interface ProfileCatalog {
  /** Ids of every known profile. */
  ids(): readonly string[];
  /** Point and event ids of a profile (what `overrides.points` may name), `undefined` when unknown. */
  pointIds(profileId: string): readonly string[] | undefined;
  /** Panels: the loops the profile maps; `undefined` for devices that are not panels (or unknown). */
  panelLoops?(profileId: string): { min: number; max: number } | undefined;
}

/** A catalog from a plain table, for tests and for profiles kept elsewhere. */
export function createProfileCatalog(
  table: Readonly<Record<string, readonly string[]>>,
  loops: Readonly<Record<string, { min: number; max: number }>> = {},
): ProfileCatalog {
  const byId = new Map(Object.entries(table));
  return {
    ids: () => [...byId.keys()].sort(),
    pointIds: (profileId) => byId.get(profileId),
    panelLoops: (profileId) => loops[profileId],
  };
}

/** A catalog over device profiles. */
export function catalogFromProfiles(list: Iterable<DeviceProfile>): ProfileCatalog {
  const table: Record<string, string[]> = {};
  const loops: Record<string, { min: number; max: number }> = {};
  for (const profile of list) {
    table[profile.id] = [...profile.points.map((p) => p.id), ...profile.events.map((e) => e.id)];
    if (profile.panel !== undefined) loops[profile.id] = profile.panel.loops;
  }
  return createProfileCatalog(table, loops);
}

/** The built-in profiles of `@firecode/devices`. */
export async function builtInProfileCatalog(): Promise<ProfileCatalog> {
  return catalogFromProfiles(profiles);
}

/**
 * The built-in profiles plus those in `dirs` (YAML/JSON profile files). A folder that does not exist
 * is skipped here and reported at its line by the reference check; a bad profile file rejects with
 * the devices package's error, which names the file.
 */
export async function loadProfiles(dirs: readonly string[]): Promise<DeviceProfile[]> {
  const list: DeviceProfile[] = [...profiles];
  for (const dir of dirs) {
    if (existsSync(dir)) list.push(...(await loadProfilesFromDir(dir)));
  }
  return list;
}
