import type { z } from 'zod';
import { devicesError } from '../errors.js';
import { expandChannels } from './channels.js';
import { checkProfile, type ProfileProblem } from './check.js';
import { formatPath } from './format-path.js';
import { type DeviceProfile, type DeviceProfileInput, profileObjectSchema } from './schema.js';

function zodProblems(error: z.ZodError, input: unknown): ProfileProblem[] {
  return error.issues.map((issue) => {
    const path = issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part));
    return { path, message: hintFor(path, valueAt(input, path)) ?? issue.message };
  });
}

function valueAt(input: unknown, path: readonly (string | number)[]): unknown {
  let value = input;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[part];
  }
  return value;
}

/** A message that names the fix for mistakes people make, instead of the schema's generic one. */
function hintFor(path: readonly (string | number)[], value: unknown): string | undefined {
  if (path.at(-1) === 'bits' && Array.isArray(value) && value.every((bit) => Number.isInteger(bit))) {
    const bits = [...(value as number[])].sort((a, b) => a - b);
    const first = bits[0] ?? 0;
    return `bits is the width of the field, not a list of bits: for bits ${bits.join(', ')} write bit: ${first}, bits: ${bits.length} (bit is the lowest bit, 0 = least significant)`;
  }
  return undefined;
}

/**
 * Validates a profile written as an object literal or parsed from YAML/JSON, fills in defaults and
 * cross-checks it. `source` names where it came from (a file path) for the error message.
 *
 * @throws FirecodeError `DEVICES_PROFILE_INVALID` listing every problem as `source: field: problem`;
 *   `details.problems` holds them as `{ path, message }`.
 */
export function parseProfile(written: unknown, source?: string): DeviceProfile {
  const input = expandChannels(written, source);
  const parsed = profileObjectSchema.safeParse(input);
  const problems = parsed.success ? checkProfile(parsed.data) : zodProblems(parsed.error, input);
  if (parsed.success && problems.length === 0) return parsed.data;
  const id =
    typeof input === 'object' && input !== null && typeof (input as { id?: unknown }).id === 'string'
      ? (input as { id: string }).id
      : undefined;
  const where = source ?? (id ? `profile "${id}"` : 'profile');
  const lines = problems.map((problem) => `${where}: ${formatPath(problem.path)}: ${problem.message}`);
  throw devicesError(
    'DEVICES_PROFILE_INVALID',
    `${problems.length} problem${problems.length > 1 ? 's' : ''} in ${where}:\n  ${lines.join('\n  ')}`,
    {
      source: where,
      profile: id,
      problems: problems.map((p) => ({ field: formatPath(p.path), message: p.message })),
    },
  );
}

/** Validates a profile written in TypeScript (see {@link parseProfile}); use it in vendor files. */
export function defineProfile(input: DeviceProfileInput): DeviceProfile {
  return parseProfile(input);
}
