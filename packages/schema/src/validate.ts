import type { z } from 'zod';
import { schemaError } from './schema-errors.js';

/** One thing wrong with the data: where (e.g. `points[2].unit`) and what, in plain words. */
export interface Problem {
  /** Path into the data, `(root)` for the value itself. */
  path: string;
  /** What is wrong and, where it helps, what to do. */
  message: string;
  /** zod's issue code (e.g. `invalid_type`, `custom`), for programs. */
  code: string;
}

/** The outcome of {@link validate}: the parsed value, or every problem found. */
export type ValidationResult<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/** Formats a zod path as `points[2].unit`. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else {
      const key = String(segment);
      text += /^[A-Za-z_$][\w$-]*$/.test(key)
        ? `${text === '' ? '' : '.'}${key}`
        : `[${JSON.stringify(key)}]`;
    }
  }
  return text;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): { found: boolean; value: unknown } {
  let current: unknown = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object' || !(segment in current)) {
      return { found: false, value: undefined };
    }
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return { found: true, value: current };
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case 'number':
      return Number.isFinite(value) ? `the number ${value}` : String(value);
    case 'boolean':
      return `${value}`;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

const typeWords: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  null: 'null',
  bigint: 'an integer',
};

function isDefaultZodMessage(message: string): boolean {
  return /^(Invalid|Too (big|small)|Expected|Unrecognized)/.test(message);
}

function bound(issue: { inclusive?: boolean }, inclusiveWord: string, exclusiveWord: string): string {
  return issue.inclusive === false ? exclusiveWord : inclusiveWord;
}

/** Turns one zod issue into words an integrator understands. */
function explain(issue: z.core.$ZodIssue, data: unknown): string {
  const at = valueAt(data, issue.path);
  const got = at.found ? describeValue(at.value) : 'nothing';
  switch (issue.code) {
    case 'invalid_type': {
      const expected = typeWords[issue.expected] ?? issue.expected;
      if (!at.found || at.value === undefined) return `is missing: add ${expected}`;
      return `must be ${expected}, got ${got}`;
    }
    case 'too_small': {
      const minimum = Number(issue.minimum);
      if (issue.origin === 'string') {
        return minimum <= 1 ? 'must not be empty' : `must be at least ${minimum} characters long`;
      }
      if (issue.origin === 'array' || issue.origin === 'set') return `must have at least ${minimum} entries`;
      return `must be ${bound(issue, 'at least', 'more than')} ${minimum}, got ${got}`;
    }
    case 'too_big': {
      const maximum = Number(issue.maximum);
      if (issue.origin === 'string') return `must be at most ${maximum} characters long`;
      if (issue.origin === 'array' || issue.origin === 'set') return `must have at most ${maximum} entries`;
      return `must be ${bound(issue, 'at most', 'less than')} ${maximum}, got ${got}`;
    }
    case 'invalid_value':
      return `must be ${issue.values.length === 1 ? '' : 'one of '}${issue.values
        .map((value) => JSON.stringify(value))
        .join(', ')}, got ${got}`;
    case 'invalid_format':
      return isDefaultZodMessage(issue.message)
        ? `is not a valid ${issue.format}, got ${got}`
        : `${issue.message}, got ${got}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}, got ${got}`;
    case 'unrecognized_keys':
      return `has unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys
        .map((key) => `"${key}"`)
        .join(', ')}: remove ${issue.keys.length === 1 ? 'it' : 'them'} or check the spelling`;
    case 'invalid_union':
      return `does not match any of the allowed forms, got ${got}`;
    case 'invalid_key':
      return `has an invalid key: ${issue.message}`;
    case 'invalid_element':
      return `has an invalid entry: ${issue.message}`;
    default:
      return issue.message;
  }
}

/** Every problem zod found, with paths and plain words. */
export function problemsOf(error: z.ZodError, data: unknown): Problem[] {
  return error.issues.map((issue) => ({
    path: formatPath(issue.path),
    message: explain(issue, data),
    code: issue.code,
  }));
}

/**
 * Checks `data` against `schema` and returns the parsed value or every problem found (not only the
 * first), each with its path, e.g. `{ path: 'points[0].unit', message: 'a pressure point must be in "kPa", not "MPa": ...' }`.
 */
export function validate<Schema extends z.ZodType>(
  schema: Schema,
  data: unknown,
): ValidationResult<z.output<Schema>> {
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, problems: problemsOf(result.error, data) };
}

/** Problems as lines `path: message`, for logs and CLI output. */
export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((problem) => `${problem.path}: ${problem.message}`).join('\n');
}

/**
 * Like {@link validate} but returns the parsed value or throws `FirecodeError` `SCHEMA_INVALID` whose
 * message lists the problems (`what` names the data, e.g. "catalog of gateway gw-1") and whose
 * `details.problems` holds them all.
 */
export function parseOrThrow<Schema extends z.ZodType>(
  schema: Schema,
  data: unknown,
  what = 'data',
): z.output<Schema> {
  const result = validate(schema, data);
  if (result.ok) return result.value;
  const shown = result.problems.slice(0, 10);
  const more = result.problems.length - shown.length;
  throw schemaError(
    'SCHEMA_INVALID',
    `${what} is invalid (${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}):\n${formatProblems(shown)}${more > 0 ? `\n... and ${more} more` : ''}`,
    { problems: result.problems },
  );
}
