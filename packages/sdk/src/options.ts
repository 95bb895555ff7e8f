import type { Ed25519KeyPair } from '@firecode/codec';
import {
  type Building,
  type Catalog,
  type Component,
  catalogSchema,
  type FireSystem,
  idSchema,
  type Point,
  parseOrThrow,
} from '@firecode/schema';
import {
  type BackoffOptions,
  type BatchOptions,
  type DiskOutboxOptions,
  defaultClientId,
  type FsyncPolicy,
  type MqttConnect,
  type Outbox,
  PUBLISHER_DEFAULTS,
  PUBLISHER_LIMITS,
  resolveBatchOptions,
  type UplinkConnectionOptions,
  type UplinkTls,
} from '@firecode/uplink';

/** A crash-safe outbox on disk: append-only segment files in `dir` (see docs/uplink.md). */
export interface DiskOutboxChoice {
  /** Directory of the outbox; created when missing; one process per directory. */
  readonly dir: string;
  /** Bound on queued bytes. Default 64 MiB; size it with `sizeOutbox` from `@firecode/uplink`. */
  readonly maxBytes?: number;
  /** Default `'always'`: nothing accepted is lost even by a power cut. */
  readonly fsync?: FsyncPolicy;
}

/** An outbox in memory, optionally bounded (default 64 MiB). Lost when the process ends. */
export interface MemoryOutboxChoice {
  readonly memory: { readonly maxBytes?: number };
}

/**
 * Where messages wait for the broker: `'memory'` (default), a disk outbox `{ dir }`, a bounded memory
 * outbox `{ memory: { maxBytes } }`, or an `Outbox` you opened yourself (the client then leaves it open).
 */
export type OutboxChoice = 'memory' | DiskOutboxChoice | MemoryOutboxChoice | Outbox;

/** Options of {@link createFirecodeClient}. */
export interface FirecodeClientOptions {
  /** Broker URL: `mqtt://host:1883`, `mqtts://host:8883`, `ws://`, `wss://`. */
  readonly url: string;
  /** Your device's id on the platform (one topic level; lowercase letters, digits, `.`, `_`, `-`). */
  readonly gatewayId: string;
  /** MQTT client id; must stay the same across restarts. Default: `firecode-<gatewayId>`. */
  readonly clientId?: string;
  /** Topic prefix. Default `firecode/v1`: messages go to `firecode/v1/<gatewayId>/<data|alarm|...>`. */
  readonly topicPrefix?: string;
  /** MQTT keep alive in seconds (5..3600). Default 30: a silently dead link is noticed within 45 s. */
  readonly keepaliveSeconds?: number;
  /** The complete catalog. Give either this or `components` + `points`. */
  readonly catalog?: Catalog;
  /** Your device's components (GB/T 26875.3 system and component types). */
  readonly components?: readonly Component[];
  /** Their points (kind, canonical unit, range, thresholds). */
  readonly points?: readonly Point[];
  /** The building, when your device knows it. */
  readonly building?: Building;
  /** The building's fire systems, when your device knows them. */
  readonly systems?: readonly FireSystem[];
  /** Default `'memory'`. Use `{ dir }` so that nothing is lost across restarts. */
  readonly outbox?: OutboxChoice;
  /** TLS material for `mqtts://`. */
  readonly tls?: UplinkTls;
  readonly username?: string;
  readonly password?: string;
  /** When readings leave: `maxAgeMs` (default 5000), `maxReadings` (default 500). */
  readonly batch?: BatchOptions;
  /** Sign every message (COSE_Sign1, Ed25519); see `generateEd25519KeyPair` in `@firecode/codec`. */
  readonly sign?: Ed25519KeyPair;
  /**
   * Send `high-alarm` / `low-alarm` events when a reading crosses its point's thresholds (with the
   * point's hysteresis). Default true.
   */
  readonly thresholdEvents?: boolean;
  /** MQTT 5, 4 (= 3.1.1) or `'auto'` (default: 5, falling back to 3.1.1). */
  readonly protocolVersion?: 4 | 5 | 'auto';
  /** Reconnect backoff. Default 0.5 s doubling up to 30 s, with jitter. */
  readonly reconnect?: BackoffOptions;
  /** How long `close()` waits for queued messages to reach the broker. Default 2000 ms. */
  readonly closeTimeoutMs?: number;
  /**
   * How far after `now()` a reading's or event's `time` may be before it is rejected
   * (`SCHEMA_TIME_IMPLAUSIBLE`; so are times before 2000-01-01). Default 600000 (10 min).
   */
  readonly maxFutureSkewMs?: number;
  /** The clock (epoch ms). Default `Date.now`. */
  readonly now?: () => number;
  /**
   * Opens the MQTT connection (default `mqtt.connect` of MQTT.js). For tests: the in-memory broker of
   * `@firecode/uplink/testing` (`broker.connect`).
   */
  readonly connect?: MqttConnect;
}

/** The catalog from the options, checked (throws `SCHEMA_INVALID` listing every problem). */
export function catalogFrom(options: FirecodeClientOptions): Catalog {
  if (options.catalog !== undefined && (options.components !== undefined || options.points !== undefined)) {
    throw new TypeError('createFirecodeClient: give either catalog or components + points, not both');
  }
  const draft =
    options.catalog ??
    ({
      gatewayId: options.gatewayId,
      ...(options.building === undefined ? {} : { building: options.building }),
      ...(options.systems === undefined ? {} : { systems: [...options.systems] }),
      components: [...(options.components ?? [])],
      points: [...(options.points ?? [])],
    } satisfies Catalog);
  if (options.catalog === undefined && (options.points ?? []).length === 0) {
    throw new TypeError(
      'createFirecodeClient: give a catalog, or components and points: the platform can only read values of points it knows',
    );
  }
  const catalog = parseOrThrow(catalogSchema, draft, `catalog of gateway "${options.gatewayId}"`);
  if (catalog.gatewayId !== options.gatewayId) {
    throw new TypeError(
      `createFirecodeClient: the catalog is for gateway "${catalog.gatewayId}" but gatewayId is "${options.gatewayId}": they name the same device`,
    );
  }
  return catalog;
}

/** The connection settings the client gives its uplink: the shared defaults where none is given. */
export function uplinkSettings(
  options: FirecodeClientOptions,
): Pick<UplinkConnectionOptions, 'clientId' | 'gatewayId' | 'topicPrefix' | 'keepaliveSeconds'> {
  return {
    clientId: options.clientId ?? defaultClientId(options.gatewayId),
    gatewayId: options.gatewayId,
    topicPrefix: options.topicPrefix ?? PUBLISHER_DEFAULTS.topicPrefix,
    keepaliveSeconds: options.keepaliveSeconds ?? PUBLISHER_DEFAULTS.keepaliveSeconds,
  };
}

/** Checks what the uplink does not check itself. */
export function checkClientOptions(options: FirecodeClientOptions): void {
  if (!options || typeof options !== 'object') {
    throw new TypeError(
      'createFirecodeClient: options are required, e.g. { url, gatewayId, components, points }',
    );
  }
  if (!idSchema.safeParse(options.gatewayId).success) {
    throw new TypeError(
      `createFirecodeClient: gatewayId must be 1-64 lowercase letters, digits, ".", "_" or "-", got ${JSON.stringify(options.gatewayId)}`,
    );
  }
  resolveBatchOptions(options.batch);
  const skew = options.maxFutureSkewMs ?? 0;
  if (!Number.isFinite(skew) || skew < 0) {
    throw new TypeError(
      `createFirecodeClient: maxFutureSkewMs must be a number of milliseconds >= 0, got ${options.maxFutureSkewMs}`,
    );
  }
  const keepalive = options.keepaliveSeconds ?? PUBLISHER_DEFAULTS.keepaliveSeconds;
  const { min, max } = PUBLISHER_LIMITS.keepaliveSeconds;
  if (!Number.isSafeInteger(keepalive) || keepalive < min || keepalive > max) {
    throw new TypeError(
      `createFirecodeClient: keepaliveSeconds must be an integer within ${min}..${max}, got ${options.keepaliveSeconds}`,
    );
  }
  const close = options.closeTimeoutMs ?? 2000;
  if (!Number.isFinite(close) || close < 0) {
    throw new TypeError(`createFirecodeClient: closeTimeoutMs must be >= 0, got ${options.closeTimeoutMs}`);
  }
}

/** True for an `Outbox` object (as opposed to the choices the client opens itself). */
export function isOutbox(choice: OutboxChoice): choice is Outbox {
  return typeof choice === 'object' && typeof (choice as Partial<Outbox>).append === 'function';
}

/** The disk options the uplink's `DiskOutbox.open` takes. */
export function diskOptions(choice: DiskOutboxChoice): DiskOutboxOptions {
  return {
    dir: choice.dir,
    ...(choice.maxBytes === undefined ? {} : { maxBytes: choice.maxBytes }),
    ...(choice.fsync === undefined ? {} : { fsync: choice.fsync }),
  };
}
