/**
 * What the configuration checker needs to know about device profiles: which ids exist and which
 * points each has. An interface so that the checker does not depend on how profiles are stored.
 */
export interface ProfileCatalog {
  /** Ids of every known profile. */
  ids(): readonly string[];
  /** Point ids of a profile, or `undefined` when the profile is unknown. */
  pointIds(profileId: string): readonly string[] | undefined;
}

/** A catalog from a plain table, for tests and for profiles loaded elsewhere. */
export function createProfileCatalog(profiles: Readonly<Record<string, readonly string[]>>): ProfileCatalog {
  const table = new Map(Object.entries(profiles));
  return {
    ids: () => [...table.keys()].sort(),
    pointIds: (profileId) => table.get(profileId),
  };
}

/** The shape of a device profile this module relies on (the devices package's profiles have more). */
interface ProfileLike {
  id: string;
  points?: readonly ({ id: string } | string)[] | Readonly<Record<string, unknown>>;
}

function pointIdsOf(profile: ProfileLike): string[] {
  const points = profile.points;
  if (points === undefined) return [];
  if (Array.isArray(points))
    return points.map((p: { id: string } | string) => (typeof p === 'string' ? p : p.id));
  return Object.keys(points);
}

/** A catalog over a list of profile objects (as the devices package's registry returns them). */
export function catalogFromProfiles(profiles: Iterable<ProfileLike>): ProfileCatalog {
  const table: Record<string, string[]> = {};
  for (const profile of profiles) table[profile.id] = pointIdsOf(profile);
  return createProfileCatalog(table);
}

/**
 * The built-in profiles of `@firecode/devices`, when that package exposes its registry (`listProfiles()`
 * or `profiles`); `undefined` otherwise, and the checker then says that profile ids were not checked.
 */
export async function builtInProfileCatalog(): Promise<ProfileCatalog | undefined> {
  const devices = (await import('@firecode/devices')) as Record<string, unknown>;
  const list = devices.listProfiles;
  if (typeof list === 'function') return catalogFromProfiles(list() as Iterable<ProfileLike>);
  const profiles = devices.profiles ?? devices.builtInProfiles;
  if (Array.isArray(profiles)) return catalogFromProfiles(profiles as ProfileLike[]);
  if (profiles instanceof Map) return catalogFromProfiles(profiles.values() as Iterable<ProfileLike>);
  return undefined;
}
