import { FirecodeError } from '@firecode/schema';
import type { GatewayErrorCode } from '../errors.js';

/** The configuration loader's codes (all listed, with what they mean, in ../errors.ts). */
export type ConfigErrorCode = Extract<GatewayErrorCode, `GATEWAY_CONFIG_${string}`>;

/** A path into the configuration document, e.g. `['devices', 3, 'unit']`. */
export type ConfigPath = readonly (string | number)[];

/** One problem found in a configuration, before it is given a line and column. */
export interface ConfigIssue {
  path: ConfigPath;
  /** What is wrong, e.g. `unit 300 is out of range 1-247`. */
  message: string;
  /** What to do about it. */
  hint: string;
  /** Point at the key itself (unknown keys, duplicates) rather than at its value. */
  at?: 'key' | 'value';
}

/** A problem with its place in the file. */
export interface LocatedConfigIssue {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** Dotted path, e.g. `devices[3].unit`; empty for the document itself. */
  path: string;
  message: string;
  hint: string;
}

/** `file:line:column: what is wrong — hint`, the form editors and terminals make clickable. */
export function formatConfigIssue(issue: LocatedConfigIssue): string {
  const where = issue.path === '' ? '' : `${issue.path}: `;
  return `${issue.file}:${issue.line}:${issue.column}: ${where}${issue.message} — ${issue.hint}`;
}

/** `devices[3].overrides.points.pressure` */
export function formatConfigPath(path: ConfigPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text;
}

/** The error `parseConfig` throws: every problem at once, so one edit-check cycle fixes them all. */
export function configInvalidError(
  file: string,
  issues: readonly LocatedConfigIssue[],
): FirecodeError<ConfigErrorCode> {
  const plural = issues.length === 1 ? 'problem' : 'problems';
  // In file order: that is how a person works through them.
  const sorted = [...issues].sort((a, b) => a.line - b.line || a.column - b.column);
  const lines = sorted.map(formatConfigIssue);
  return new FirecodeError<ConfigErrorCode>(
    'GATEWAY_CONFIG_INVALID',
    `${file}: ${issues.length} configuration ${plural}:\n${lines.join('\n')}`,
    { details: { file, issues: sorted } },
  );
}
