import { accessSync, constants, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { DeviceProfile } from '@firecode/devices';
import { FirecodeError } from '@firecode/schema';
import { LineCounter, parseDocument } from 'yaml';
import type { GatewayConfig, Gb26875Config, UplinkConfig } from './gateway-config.js';
import {
  type ConfigErrorCode,
  type ConfigIssue,
  configInvalidError,
  formatConfigPath,
  type LocatedConfigIssue,
} from './issues.js';
import { catalogFromProfiles, loadProfiles, type ProfileCatalog } from './profile-catalog.js';
import { checkReferences, resolveConfigPath } from './references.js';
import { gatewayConfigSchema, type RawGatewayConfig } from './schema.js';
import { resolveSecretReference, type Secret, type SecretSource } from './secret.js';
import { YamlLocator } from './yaml-locator.js';
import { explainZodIssues } from './zod-issues.js';

/** `uplink.outbox.path` for an outbox in memory: queued data is lost when the process ends. */
export const MEMORY_OUTBOX = ':memory:';

/** What parsing may consult outside the text; every field has a real default. */
export interface ParseConfigOptions {
  /** Known device profiles; without it profile ids are not checked (a warning says so). */
  profiles?: ProfileCatalog;
  /** Environment for `env:` secrets; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Reads `file:` secrets; default `fs.readFileSync(path, 'utf8')`. */
  readFile?: (path: string) => string;
  /** Whether a referenced file (TLS, profile folder) exists and is readable; default `fs.accessSync`. */
  pathExists?: (path: string) => boolean;
}

/** A configuration and the warnings found while checking it. */
export interface ParsedConfig {
  config: GatewayConfig;
  /** Not fatal, but worth a look (printed by `check`, logged by `run`). */
  warnings: LocatedConfigIssue[];
  /** The device profiles checked against (built-in plus `profiles.dirs`); absent when a catalog was given. */
  profiles?: readonly DeviceProfile[];
}

function defaultPathExists(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

function secretSource(options: ParseConfigOptions): SecretSource {
  const env = options.env ?? process.env;
  const read = options.readFile ?? ((path: string) => readFileSync(path, 'utf8'));
  return {
    env: (name) => env[name],
    readFile: (path) => {
      try {
        return read(path);
      } catch (error) {
        return error instanceof Error ? error : new Error(String(error));
      }
    },
  };
}

/**
 * Parses and checks a configuration file's text, returning it with its warnings. Throws FirecodeError
 * `GATEWAY_CONFIG_INVALID` listing every problem as `file:line:column: what is wrong — hint`.
 */
export function parseConfigWithWarnings(
  text: string,
  fileName: string,
  options: ParseConfigOptions = {},
): ParsedConfig {
  const lines = new LineCounter();
  // `merge`: YAML 1.1 merge keys (`<<: *defaults`), so repeated device settings can share an anchor.
  const document = parseDocument(text, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: true,
    merge: true,
  });
  const locator = new YamlLocator(document, lines);
  const locate = (issue: ConfigIssue): LocatedConfigIssue => {
    const { line, column } = locator.locate(issue.path, issue.at);
    return {
      file: fileName,
      line,
      column,
      path: formatConfigPath(issue.path),
      message: issue.message,
      hint: issue.hint,
    };
  };

  if (document.errors.length > 0) {
    throw configInvalidError(
      fileName,
      document.errors.map((error) => {
        const { line, column } = locator.position(error.pos[0]);
        const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
        return {
          file: fileName,
          line,
          column,
          path: '',
          message: `YAML syntax: ${message}`,
          hint: yamlHint(error.code),
        };
      }),
    );
  }
  const data = withoutExtensionKeys(document.toJS({ maxAliasCount: 100 }) ?? {});
  const result = gatewayConfigSchema.safeParse(data);
  if (!result.success) {
    throw configInvalidError(
      fileName,
      explainZodIssues(result.error.issues, gatewayConfigSchema, data).map(locate),
    );
  }
  const raw = result.data;
  const baseDir = dirname(resolve(fileName));
  const findings = checkReferences(raw, {
    baseDir,
    pathExists: options.pathExists ?? defaultPathExists,
    profiles: options.profiles,
  });
  const { uplink, issues: secretIssues } = resolveUplink(raw, baseDir, secretSource(options));
  const errors = [...findings.errors, ...secretIssues];
  if (errors.length > 0) throw configInvalidError(fileName, errors.map(locate));
  const { uplinks, ...rest } = raw;
  const gb26875 = uplinks?.gb26875 && resolveGb26875(uplinks.gb26875, uplink.outbox.path, baseDir);
  const config: GatewayConfig = {
    ...rest,
    uplink,
    ...(gb26875 ? { uplinks: { gb26875 } } : {}),
    ...(raw.profiles
      ? { profiles: { dirs: raw.profiles.dirs.map((d) => resolveConfigPath(baseDir, d)) } }
      : {}),
    source: { file: resolve(fileName) },
  };
  return { config, warnings: findings.warnings.map(locate) };
}

/** Parses and checks a configuration file's text; see {@link parseConfigWithWarnings}. */
export function parseConfig(text: string, fileName: string, options: ParseConfigOptions = {}): GatewayConfig {
  return parseConfigWithWarnings(text, fileName, options).config;
}

/**
 * Top-level keys starting with `x-` are the file's own (as in Docker Compose): a place for anchors,
 * e.g. `x-transmitter: &transmitter { bus: pump-room, pollIntervalMs: 2000 }`. They are not checked.
 */
function withoutExtensionKeys(data: unknown): unknown {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return data;
  return Object.fromEntries(Object.entries(data).filter(([key]) => !key.startsWith('x-')));
}

function yamlHint(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'a key appears twice in the same mapping: remove or merge one';
    case 'TAB_AS_INDENT':
      return 'indent with spaces, not tabs';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'check the indentation and the ":" after each key';
    default:
      return 'fix the YAML syntax (indent with spaces, "key: value", "- " for list entries)';
  }
}

function resolveUplink(
  raw: RawGatewayConfig,
  baseDir: string,
  source: SecretSource,
): { uplink: UplinkConfig; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const { username, password, ...rest } = raw.uplink;
  const uplink: UplinkConfig = {
    ...rest,
    outbox: {
      ...rest.outbox,
      // `:memory:` asks the runtime for a memory outbox (tests, demos): not a path to resolve.
      path: rest.outbox.path === MEMORY_OUTBOX ? MEMORY_OUTBOX : resolveConfigPath(baseDir, rest.outbox.path),
    },
  };
  if (rest.tls !== undefined) {
    const tls = { ...rest.tls };
    for (const key of ['ca', 'cert', 'key'] as const) {
      const file = tls[key];
      if (file !== undefined) tls[key] = resolveConfigPath(baseDir, file);
    }
    uplink.tls = tls;
  }
  const secret = (reference: string, field: string): Secret | undefined => {
    const resolution = resolveSecretReference(reference, source);
    if (resolution.ok) return resolution.secret;
    issues.push({ path: ['uplink', field], message: resolution.problem, hint: resolution.hint });
    return undefined;
  };
  if (username !== undefined) {
    uplink.username = /^(env|file):/.test(username) ? secret(username, 'username') : username;
  }
  if (password !== undefined) {
    const resolved = secret(password, 'password');
    if (resolved !== undefined) uplink.password = resolved;
  }
  return { uplink, issues };
}

/**
 * The GB/T 26875.3 uplink's own queue folder: as given (relative to the file), else next to the MQTT
 * outbox with `-gb26875` appended — its own folder, since one DiskOutbox locks one folder. A memory
 * MQTT outbox means a memory queue here too.
 */
function resolveGb26875(
  raw: NonNullable<NonNullable<RawGatewayConfig['uplinks']>['gb26875']>,
  mqttOutbox: string,
  baseDir: string,
): Gb26875Config {
  const given = raw.outbox?.path;
  const path =
    given === MEMORY_OUTBOX
      ? MEMORY_OUTBOX
      : given !== undefined
        ? resolveConfigPath(baseDir, given)
        : mqttOutbox === MEMORY_OUTBOX
          ? MEMORY_OUTBOX
          : `${mqttOutbox}-gb26875`;
  return { ...raw, outbox: { path, maxBytes: raw.outbox?.maxBytes ?? 64 * 1024 * 1024 } };
}

/** The `profiles.dirs` of a file, read leniently before the real parse so profiles can be loaded first. */
function profileDirsOf(text: string, baseDir: string): string[] {
  const data = parseDocument(text, { merge: true }).toJS() as { profiles?: { dirs?: unknown } } | null;
  const dirs = data?.profiles?.dirs;
  return Array.isArray(dirs)
    ? dirs.filter((d): d is string => typeof d === 'string').map((d) => resolve(baseDir, d))
    : [];
}

/**
 * Reads, parses and checks a configuration file, with the built-in device profiles and those of
 * `profiles.dirs` as the catalog unless `options.profiles` is given. Throws FirecodeError
 * `GATEWAY_CONFIG_UNREADABLE` when the file cannot be read, `GATEWAY_CONFIG_INVALID` when it is wrong.
 */
export async function loadConfigWithWarnings(
  path: string,
  options: ParseConfigOptions = {},
): Promise<ParsedConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new FirecodeError<ConfigErrorCode>(
      'GATEWAY_CONFIG_UNREADABLE',
      `${path}: cannot read the configuration file (${reason}) — check the path and that the gateway user may read it`,
      { cause: error, details: { file: path } },
    );
  }
  if (options.profiles !== undefined) return parseConfigWithWarnings(text, path, options);
  let profiles: DeviceProfile[];
  try {
    profiles = await loadProfiles(profileDirsOf(text, dirname(resolve(path))));
  } catch (error) {
    throw new FirecodeError<ConfigErrorCode>(
      'GATEWAY_CONFIG_INVALID',
      `${path}: profiles.dirs: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error, details: { file: path } },
    );
  }
  return {
    ...parseConfigWithWarnings(text, path, { ...options, profiles: catalogFromProfiles(profiles) }),
    profiles,
  };
}

/** Reads, parses and checks a configuration file; see {@link loadConfigWithWarnings}. */
export async function loadConfig(path: string, options: ParseConfigOptions = {}): Promise<GatewayConfig> {
  return (await loadConfigWithWarnings(path, options)).config;
}
