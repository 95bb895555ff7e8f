import { type Gb26875Quirks, quirkNames } from '../frame/index.js';

/** The quirks object for a configuration's list of quirk names; throws a TypeError naming an unknown one. */
export function quirksFromNames(names: readonly string[]): Gb26875Quirks {
  const quirks: Record<string, boolean> = {};
  for (const name of names) {
    if (!(quirkNames as readonly string[]).includes(name)) {
      throw new TypeError(
        `unknown GB/T 26875.3 quirk "${name}"; the known ones are ${quirkNames.join(', ')}`,
      );
    }
    quirks[name] = true;
  }
  return quirks as Gb26875Quirks;
}
