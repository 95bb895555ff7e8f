import type { z } from 'zod';
import { devicesError } from '../errors.js';
import { checkProfile, type ProfileProblem } from './check.js';
import { formatPath } from './format-path.js';
import { type DeviceProfile, type DeviceProfileInput, profileObjectSchema } from './schema.js';

function zodProblems(error: z.ZodError): ProfileProblem[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part)),
    message: issue.message,
  }));
}

/**
 * Validates a profile written as an object literal or parsed from YAML/JSON, fills in defaults and
 * cross-checks it. `source` names where it came from (a file path) for the error message.
 *
 * @throws FirecodeError `DEVICES_PROFILE_INVALID` listing every problem as `source: field: problem`;
 *   `details.problems` holds them as `{ path, message }`.
 */
export function parseProfile(input: unknown, source?: string): DeviceProfile {
  const parsed = profileObjectSchema.safeParse(input);
  const problems = parsed.success ? checkProfile(parsed.data) : zodProblems(parsed.error);
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
