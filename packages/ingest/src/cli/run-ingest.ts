import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { ingestError } from '../errors.js';
import { openPgliteStore } from '../storage/pglite.js';
import { openPostgresStore, parsePostgresUrl, redact } from '../storage/postgres.js';
import type { IngestStore } from '../storage/store.js';
import { IngestWorker } from '../worker/ingest-worker.js';

/** What `--http` starts: the status page and API (provided by the HTTP side of the package). */
export type StartHttp = (options: {
  host: string;
  port: number;
  worker: IngestWorker;
  store: IngestStore;
}) => Promise<{ url: string; close(): Promise<void> }>;

/** The parsed `run` options. */
export interface RunOptions {
  mqtt: string;
  /** 5 (shared subscription in `group`) or 4 (MQTT 3.1.1, one worker, no group). */
  protocol: 5 | 4;
  group: string | undefined;
  prefix: string;
  database: string | undefined;
  dataDir: string;
  retentionDays: number | undefined;
  http: { host: string; port: number } | undefined;
  clientId: string;
  publicKeys: Map<string, Uint8Array> | undefined;
  requireSignatures: boolean;
  maxMessageBytes: number | undefined;
}

export const USAGE = `usage:
  firecode-ingest run --mqtt URL --group G --prefix P [options]
  firecode-ingest run --mqtt URL --protocol 4 --prefix P [options]
      --protocol 5|4            5 (default): MQTT v5, workers of --group share the batches;
                                4: MQTT 3.1.1 for brokers without v5 (e.g. aedes), ONE worker, no --group
      --database postgres://user@host:port/db   PostgreSQL (default: embedded PGlite in --data-dir)
      --data-dir DIR            PGlite data directory (default ./firecode-ingest-data)
      --retention-days N        drop reading partitions older than N days (default: keep)
      --http HOST:PORT          serve the status page and API, e.g. 127.0.0.1:8080
      --client-id ID            MQTT client id; stable and distinct per worker (default firecode-ingest-<group>-<host>,
                                with --protocol 4 firecode-ingest-single-<host>)
      --public-keys FILE        JSON {"<gatewayId>": "<hex raw Ed25519 public key>"}: those gateways must sign
      --require-signatures      reject unsigned messages of every gateway
      --max-message-bytes N     reject larger messages as oversize (default 1048576)
  firecode-ingest migrate [--database URL | --data-dir DIR]
      apply the SQL migrations and exit`;

function fail(message: string): never {
  throw ingestError('INGEST_ARGUMENTS', `${message}\n${USAGE}`);
}

function positiveInteger(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) fail(`--${name} "${text}" is not a whole number above 0`);
  return value;
}

function parseHttp(text: string | undefined): RunOptions['http'] {
  if (text === undefined) return undefined;
  const match = /^(.+):(\d{1,5})$/.exec(text);
  const port = match ? Number(match[2]) : Number.NaN;
  if (!match || port < 0 || port > 65535) fail(`--http "${text}" is not HOST:PORT (e.g. 127.0.0.1:8080)`);
  return { host: match[1]!.replace(/^\[(.*)\]$/, '$1'), port };
}

function parseMqttUrl(text: string | undefined): string {
  if (!text) fail('--mqtt is required: the broker URL, e.g. mqtt://127.0.0.1:1883');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    fail(`--mqtt "${text}" is not a URL: give e.g. mqtt://127.0.0.1:1883`);
  }
  if (!['mqtt:', 'mqtts:', 'ws:', 'wss:', 'tcp:', 'tls:'].includes(url.protocol)) {
    fail(`--mqtt "${text}" is a ${url.protocol} URL: give mqtt://, mqtts://, ws:// or wss://`);
  }
  return text;
}

function readPublicKeys(file: string | undefined): Map<string, Uint8Array> | undefined {
  if (file === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    fail(`--public-keys ${file}: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    fail(`--public-keys ${file}: expected a JSON object {"<gatewayId>": "<64 hex digits>"}`);
  }
  const keys = new Map<string, Uint8Array>();
  for (const [gatewayId, hex] of Object.entries(parsed)) {
    if (typeof hex !== 'string' || !/^[0-9a-fA-F]{64}$/.test(hex)) {
      fail(
        `--public-keys ${file}: the key of "${gatewayId}" is not 64 hex digits (a raw Ed25519 public key)`,
      );
    }
    keys.set(gatewayId, Uint8Array.from(Buffer.from(hex, 'hex')));
  }
  return keys;
}

function checkedDatabase(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    parsePostgresUrl(url);
  } catch (error) {
    fail((error as Error).message);
  }
  return url;
}

const common = {
  database: { type: 'string' },
  'data-dir': { type: 'string' },
} as const;

/** Parses `run`'s arguments, with errors that say what is wrong and show the usage. */
export function parseRunArgs(args: string[]): RunOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      options: {
        ...common,
        mqtt: { type: 'string' },
        protocol: { type: 'string' },
        group: { type: 'string' },
        prefix: { type: 'string' },
        'retention-days': { type: 'string' },
        http: { type: 'string' },
        'client-id': { type: 'string' },
        'public-keys': { type: 'string' },
        'require-signatures': { type: 'boolean' },
        'max-message-bytes': { type: 'string' },
      },
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  const str = (name: string) => values[name] as string | undefined;
  const mqtt = parseMqttUrl(str('mqtt'));
  const protocolText = str('protocol') ?? '5';
  if (protocolText !== '5' && protocolText !== '4') {
    fail(`--protocol "${protocolText}": give 5 (MQTT v5, shared subscription) or 4 (MQTT 3.1.1, one worker)`);
  }
  const protocol = protocolText === '4' ? 4 : 5;
  const group = str('group');
  if (protocol === 4 && group !== undefined) {
    fail(
      `--group "${group}" with --protocol 4: MQTT 3.1.1 has no shared subscriptions, so workers cannot split the load; leave --group out and run one worker, or use --protocol 5 with a broker that supports it`,
    );
  }
  if (protocol === 5 && (!group || !/^[A-Za-z0-9_.-]+$/.test(group))) {
    fail(
      `--group ${group === undefined ? 'is required' : `"${group}" may hold only letters, digits, "_", "." and "-"`}: the shared-subscription group, e.g. ingest`,
    );
  }
  const prefix = str('prefix');
  if (!prefix || /[+#]/.test(prefix) || prefix.startsWith('/') || prefix.endsWith('/')) {
    fail(
      `--prefix ${prefix === undefined ? 'is required' : `"${prefix}" must be a topic without wildcards or leading/trailing "/"`}: the gateways' topic prefix, e.g. firecode/v1`,
    );
  }
  const database = checkedDatabase(str('database'));
  return {
    mqtt,
    protocol,
    group,
    prefix,
    database,
    dataDir: str('data-dir') ?? './firecode-ingest-data',
    retentionDays: positiveInteger('retention-days', str('retention-days')),
    http: parseHttp(str('http')),
    clientId: str('client-id') ?? `firecode-ingest-${group ?? 'single'}-${hostname()}`,
    publicKeys: readPublicKeys(str('public-keys')),
    requireSignatures: values['require-signatures'] === true,
    maxMessageBytes: positiveInteger('max-message-bytes', str('max-message-bytes')),
  };
}

/** Parses `migrate`'s arguments. */
export function parseMigrateArgs(args: string[]): { database: string | undefined; dataDir: string } {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args, strict: true, options: common }));
  } catch (error) {
    fail((error as Error).message);
  }
  const database = checkedDatabase(values['database'] as string | undefined);
  return { database, dataDir: (values['data-dir'] as string | undefined) ?? './firecode-ingest-data' };
}

/** Opens the store the options name: PostgreSQL with `--database`, else PGlite in `--data-dir`. */
export async function openStore(options: {
  database: string | undefined;
  dataDir: string;
}): Promise<IngestStore> {
  return options.database
    ? openPostgresStore({ url: options.database })
    : openPgliteStore({ dataDir: options.dataDir });
}

/** Where a store lives, for log lines. */
export function describeStore(options: { database: string | undefined; dataDir: string }): string {
  return options.database ? `PostgreSQL ${redact(options.database)}` : `PGlite in ${options.dataDir}`;
}

/** A running `firecode-ingest run`. */
export interface RunningIngest {
  worker: IngestWorker;
  store: IngestStore;
  httpUrl: string | undefined;
  close(): Promise<void>;
}

/** Starts the worker (and the HTTP side where `startHttp` is given) as `run` does. */
export async function runIngest(
  options: RunOptions,
  hooks: { startHttp?: StartHttp | undefined; log?: (line: string) => void } = {},
): Promise<RunningIngest> {
  const log = hooks.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  if (options.http && !hooks.startHttp) {
    throw ingestError(
      'INGEST_ARGUMENTS',
      '--http: this build of firecode-ingest has no status page; leave --http out',
    );
  }
  const store = await openStore(options);
  const info = await store.info();
  log(
    `firecode-ingest: store ${describeStore(options)} (migrations ${info.migrations.join(', ')}, readings ${info.readingsLayout})`,
  );
  const worker = await IngestWorker.start({
    url: options.mqtt,
    topicPrefix: options.prefix,
    protocol: options.protocol,
    ...(options.group === undefined ? {} : { shareGroup: options.group }),
    store,
    clientId: options.clientId,
    log,
    ...(options.publicKeys ? { publicKeys: (id: string) => options.publicKeys!.get(id) } : {}),
    ...(options.requireSignatures ? { requireSignatures: true } : {}),
    ...(options.retentionDays === undefined ? {} : { retentionDays: options.retentionDays }),
    ...(options.maxMessageBytes === undefined ? {} : { maxMessageBytes: options.maxMessageBytes }),
  });
  let http: { url: string; close(): Promise<void> } | undefined;
  if (options.http && hooks.startHttp) {
    http = await hooks.startHttp({ ...options.http, worker, store });
    log(`firecode-ingest: status page ${http.url}`);
  }
  void worker
    .connected()
    .then(() =>
      log(
        `firecode-ingest: ready, client ${options.clientId} ${options.group === undefined ? 'alone (MQTT 3.1.1)' : `in group ${options.group}`} on ${options.mqtt}, topics ${options.prefix}/+/…`,
      ),
    );
  return {
    worker,
    store,
    httpUrl: http?.url,
    async close() {
      await http?.close();
      await worker.close();
      await store.close();
    },
  };
}
