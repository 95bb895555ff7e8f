import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { isFirecodeError } from '@firecode/schema';
import { parse as parseYaml } from 'yaml';
import { devicesError } from '../errors.js';
import { parseProfile } from './parse.js';
import type { DeviceProfile } from './schema.js';

const profileExtensions = new Set(['.yaml', '.yml', '.json']);

/**
 * Reads one profile file (YAML or JSON, one profile per file) and validates it. YAML merge keys
 * (`<<: *common`) are honoured, so shared settings are written once.
 *
 * @throws FirecodeError `DEVICES_PROFILE_UNREADABLE` (cannot read or parse; names the file and line)
 *   or `DEVICES_PROFILE_INVALID` (names the file, the field and the problem).
 */
export async function loadProfileFile(path: string): Promise<DeviceProfile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw devicesError(
      'DEVICES_PROFILE_UNREADABLE',
      `${path}: cannot read the profile file: ${(error as Error).message}`,
      { source: path },
      error,
    );
  }
  let data: unknown;
  try {
    data =
      extname(path) === '.json' ? JSON.parse(text) : parseYaml(text, { prettyErrors: true, merge: true });
  } catch (error) {
    throw devicesError(
      'DEVICES_PROFILE_UNREADABLE',
      `${path}: not valid ${extname(path) === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message}`,
      { source: path },
      error,
    );
  }
  return parseProfile(data, path);
}

/**
 * Loads every `*.yaml`, `*.yml` and `*.json` profile in a folder (not recursive), at call time: a file
 * dropped into the folder is picked up by the next call, without a rebuild. Files are read in name
 * order; ids must be unique within the folder.
 *
 * @throws FirecodeError `DEVICES_PROFILE_INVALID` / `DEVICES_PROFILE_UNREADABLE` listing the problems
 *   of every bad file (each line starts with the file path), or `DEVICES_PROFILE_DUPLICATE`.
 */
export async function loadProfilesFromDir(dir: string): Promise<DeviceProfile[]> {
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true }))
      .filter(
        (entry) =>
          entry.isFile() && profileExtensions.has(extname(entry.name)) && !entry.name.startsWith('.'),
      )
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    throw devicesError(
      'DEVICES_PROFILE_UNREADABLE',
      `${dir}: cannot list the profile folder: ${(error as Error).message}`,
      { source: dir },
      error,
    );
  }
  const loaded: DeviceProfile[] = [];
  const failures: Error[] = [];
  const origin = new Map<string, string>();
  for (const name of names) {
    const path = join(dir, name);
    try {
      const profile = await loadProfileFile(path);
      const previous = origin.get(profile.id);
      if (previous) {
        throw devicesError(
          'DEVICES_PROFILE_DUPLICATE',
          `${path}: id "${profile.id}" is already used by ${previous}: rename one of them`,
          { source: path, profile: profile.id },
        );
      }
      origin.set(profile.id, path);
      loaded.push(profile);
    } catch (error) {
      if (!isFirecodeError(error)) throw error;
      failures.push(error);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) {
    const first = failures[0] as Error & { code: string };
    throw devicesError(
      first.code as 'DEVICES_PROFILE_INVALID',
      `${failures.length} profile files in ${dir} have problems:\n${failures.map((f) => f.message).join('\n')}`,
      { source: dir, files: failures.map((f) => (isFirecodeError(f) ? f.details?.['source'] : undefined)) },
    );
  }
  return loaded;
}
