import type { Outbox } from '../outbox/outbox.js';
import { checkBackoff } from './backoff.js';
import { PUBLISHER_DEFAULTS } from './defaults.js';
import type { UplinkConnectionOptions, UplinkOptions } from './uplink-types.js';

/** The keys of {@link UplinkConnectionOptions}: what a reconfiguration replaces as a whole. */
const CONNECTION_KEYS: readonly (keyof UplinkConnectionOptions)[] = [
  'url',
  'clientId',
  'gatewayId',
  'topicPrefix',
  'tls',
  'username',
  'password',
  'protocolVersion',
  'connectTimeoutMs',
  'keepaliveSeconds',
  'sessionExpirySeconds',
];

/**
 * The options of a reconfigured uplink: everything but the connection settings kept, the connection
 * settings replaced as a whole (one left out goes back to its default). Not checked yet.
 */
export function withConnection(options: UplinkOptions, connection: UplinkConnectionOptions): UplinkOptions {
  const kept = Object.fromEntries(
    Object.entries(options).filter(([key]) => !(CONNECTION_KEYS as readonly string[]).includes(key)),
  ) as Omit<UplinkOptions, keyof UplinkConnectionOptions>;
  return { ...kept, ...connection };
}

/** Throws a TypeError that says what to use when `options` cannot make an uplink. */
export function checkUplinkOptions(options: UplinkOptions): void {
  if (!options || typeof options !== 'object') throw new TypeError('createUplink: options are required');
  checkUrl(options.url);
  if (typeof options.clientId !== 'string' || options.clientId === '') {
    throw new TypeError(
      'createUplink: clientId must be a non-empty string that stays the same across restarts',
    );
  }
  const outbox = options.outbox as Partial<Outbox> | undefined;
  if (!outbox || typeof outbox.append !== 'function' || typeof outbox.next !== 'function') {
    throw new TypeError('createUplink: outbox must be an Outbox (MemoryOutbox or DiskOutbox)');
  }
  if (options.connect !== undefined && typeof options.connect !== 'function')
    throw new TypeError(
      'createUplink: connect must be a function (url, options) => client, like mqtt.connect',
    );
  checkBuilders(options);
  const inFlight = options.inFlight ?? PUBLISHER_DEFAULTS.inFlight;
  if (!Number.isSafeInteger(inFlight) || inFlight < 1 || inFlight > 65_000) {
    throw new TypeError(`createUplink: inFlight must be an integer within 1..65000, got ${options.inFlight}`);
  }
  if (![undefined, 4, 5, 'auto'].includes(options.protocolVersion)) {
    throw new TypeError(
      `createUplink: protocolVersion must be 4, 5 or 'auto', got ${options.protocolVersion}`,
    );
  }
  checkBackoff(options.reconnect);
  checkBackoff(options.publishRetry);
}

function checkUrl(url: string): void {
  try {
    const protocol = new URL(url).protocol;
    if (!['mqtt:', 'mqtts:', 'ws:', 'wss:', 'tcp:', 'ssl:', 'tls:'].includes(protocol))
      throw new Error(protocol);
  } catch {
    throw new TypeError(
      `createUplink: url ${JSON.stringify(url)} is not an MQTT URL; use e.g. mqtt://127.0.0.1:1883 or mqtts://broker:8883`,
    );
  }
}

function checkBuilders(options: UplinkOptions): void {
  if (typeof options.birth !== 'function')
    throw new TypeError('createUplink: birth must be a function returning bytes (or a promise of them)');
  if (!(options.will instanceof Uint8Array) && typeof options.will !== 'function')
    throw new TypeError(
      'createUplink: will must be a Uint8Array or a function returning one (or a promise of one)',
    );
  for (const key of ['online', 'offline'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'function')
      throw new TypeError(`createUplink: ${key} must be a function returning bytes (or a promise of them)`);
  }
}
