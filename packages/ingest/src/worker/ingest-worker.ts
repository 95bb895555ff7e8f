import { EventEmitter } from 'node:events';
import { type DecodeLimits, type PublicKeyLookup, verifyMessage } from '@firecode/codec';
import { type Catalog, FirecodeError } from '@firecode/schema';
import mqtt, { type IClientOptions, type IPublishPacket, type MqttClient } from 'mqtt';
import { ingestError } from '../errors.js';
import type { BatchToStore, IngestStore, StoreBatchResult } from '../storage/store.js';
import { type DecodedForStore, type DecodeForStore, decodeForStore } from './decode.js';
import { emptyMetrics, type IngestMetrics, type RejectReason, reasonOf } from './metrics.js';

/** Options of {@link IngestWorker.start}. */
export interface IngestWorkerOptions {
  /** Broker URL, e.g. `mqtt://127.0.0.1:1883`. */
  url: string;
  /** The gateways' topic prefix, e.g. `firecode/v1`. */
  topicPrefix: string;
  /**
   * The MQTT protocol: 5 (default), where the workers of a {@link shareGroup} split the batches, or 4
   * (MQTT 3.1.1) for a broker without v5 or shared subscriptions (e.g. aedes): the single-worker mode.
   * Both keep a persistent session (`clean: false`, the stable {@link clientId}) and acknowledge each
   * message only after its commit; with 4 the batches are a plain subscription, so run ONE worker
   * per broker (a second one with its own client id would store every batch as well, and count it
   * `replayed`).
   */
  protocol?: 5 | 4;
  /**
   * MQTT v5 shared-subscription group: the workers of one group split the batches (`$share/<group>/…`).
   * Required with protocol 5; not allowed with protocol 4 (MQTT 3.1.1 has no shared subscriptions).
   */
  shareGroup?: string;
  /** Where batches go. */
  store: IngestStore;
  /**
   * MQTT client id. Keep it stable per worker (and distinct between workers): the session outlives a
   * crash, so the broker hands the messages this worker had not acknowledged back to it on restart.
   */
  clientId: string;
  /**
   * How long the broker keeps this worker's session while it is away, seconds (default 3600). MQTT v5
   * only: a 3.1.1 broker keeps a `clean: false` session until the client id connects with `clean: true`.
   */
  sessionExpirySeconds?: number;
  /** Public keys of the gateways that sign (raw Ed25519); their messages must carry a valid signature. */
  publicKeys?: PublicKeyLookup;
  /** Reject unsigned messages of every gateway. */
  requireSignatures?: boolean;
  /** Largest message accepted, bytes (default 1 MiB); larger ones are rejected as `oversize` unread. */
  maxMessageBytes?: number;
  /** Decoder limits (the inflated body is bounded by `maxMessageBytes` too). */
  limits?: Partial<DecodeLimits>;
  /**
   * The decoder (default `decodeForStore`, over the codec's columnar decode); a seam for tests and
   * benchmarks, left out of the API reference.
   * @hidden
   */
  decode?: DecodeForStore;
  /** Readings older than this many days are dropped (whole daily partitions); default: kept. */
  retentionDays?: number;
  /** Where log lines go (default: stderr). */
  log?: (line: string) => void;
  /** Further MQTT.js options (credentials, TLS, ...). */
  mqtt?: IClientOptions;
  /** Clock (tests). */
  now?: () => number;
}

/** Events an {@link IngestWorker} emits. */
export interface IngestWorkerEvents {
  /** Connected (again) and subscribed. */
  connect: [];
  /** A batch was committed (`stored`) or found committed before (`duplicate`): after the commit, before the PUBACK. */
  stored: [batch: BatchToStore, result: StoreBatchResult];
  /** A gateway's catalog was stored. */
  birth: [catalog: Catalog];
  /** A gateway went online or offline. */
  state: [gatewayId: string, online: boolean, time: number];
  /** A message was rejected (counted in `metrics().rejected[reason]`, logged, never stored as data). */
  rejected: [reason: RejectReason, topic: string, error: FirecodeError];
}

const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 5000;
const RETENTION_EVERY_MS = 3_600_000;

/**
 * One ingest worker: a shared subscription to the gateways' batches (MQTT 5; or, with `protocol: 4`,
 * a plain one for a broker without v5, one worker only), each message verified, decoded,
 * committed to the store in one transaction, and acknowledged (PUBACK) only then. A crash before the
 * commit leaves the message un-acknowledged, so the broker delivers it again (to this worker's session
 * on restart); a redelivery after the commit is found in the store's (gateway, sequence) key and
 * stored no second time.
 */
export class IngestWorker extends EventEmitter<IngestWorkerEvents> {
  readonly #options: IngestWorkerOptions;
  readonly #client: MqttClient;
  readonly #metrics = emptyMetrics();
  /** Catalogs by gateway and hash, from births and from the store. */
  readonly #catalogs = new Map<string, Catalog>();
  readonly #decode: DecodeForStore;
  readonly #now: () => number;
  readonly #log: (line: string) => void;
  #closing = false;
  /** The message being handled (messages are handled one at a time, in arrival order). */
  #current: Promise<void> = Promise.resolve();
  #retention: NodeJS.Timeout | undefined;
  #ready = false;

  private constructor(options: IngestWorkerOptions) {
    super();
    this.#options = options;
    this.#decode = options.decode ?? decodeForStore;
    this.#now = options.now ?? Date.now;
    this.#log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    const protocol = options.protocol ?? 5;
    const client = mqtt.connect(options.url, {
      protocolVersion: protocol,
      clientId: options.clientId,
      clean: false,
      reconnectPeriod: 1000,
      ...(protocol === 5
        ? { properties: { sessionExpiryInterval: options.sessionExpirySeconds ?? 3600 } }
        : {}),
      // MQTT 5: the PUBACK of a QoS 1 message goes out when `done` is called: after the commit.
      // (MQTT.js uses this hook only with protocolVersion 5; 3.1.1 goes through handleMessage below.)
      ...(protocol === 5
        ? {
            customHandleAcks: (
              topic: string,
              payload: Buffer,
              packet: IPublishPacket,
              done: (code: number) => void,
            ) => this.#receive(topic, payload, packet, () => done(0)),
          }
        : {}),
      ...options.mqtt,
    });
    if (protocol === 4) {
      // MQTT 3.1.1: MQTT.js sends the PUBACK once handleMessage calls back, so it calls back after
      // the commit (and never for a message left to the session); `message` events are not used.
      client.handleMessage = (packet, callback) =>
        this.#receive(packet.topic, packet.payload, packet, () => callback());
    }
    this.#client = client;
    client.on('connect', () => void this.#subscribe());
    client.on('close', () => {
      this.#ready = false;
      this.#metrics.connected = 0;
    });
    client.on('error', (error) => this.#log(`ingest: MQTT ${options.url}: ${error.message}`));
  }

  /** Queues one message behind the one being handled; `ack` is called once it may be acknowledged. */
  #receive(topic: string, payload: Buffer | string, packet: IPublishPacket, ack: () => void): void {
    const bytes = typeof payload === 'string' ? new TextEncoder().encode(payload) : new Uint8Array(payload);
    const handling = this.#current.then(() => this.#handle(topic, bytes, packet));
    this.#current = handling.then(
      () => undefined,
      () => undefined,
    );
    handling.then(
      (acknowledge) => {
        if (acknowledge) ack();
      },
      (error) => this.#log(`ingest: unexpected error handling ${topic}: ${String(error)}`),
    );
  }

  /** Starts connecting (an unreachable broker is retried, never thrown) and the retention timer. */
  static async start(options: IngestWorkerOptions): Promise<IngestWorker> {
    checkProtocol(options);
    const worker = new IngestWorker(options);
    await worker.#maintain();
    if (options.retentionDays !== undefined) {
      worker.#retention = setInterval(() => void worker.#maintain(), RETENTION_EVERY_MS);
      worker.#retention.unref();
    }
    return worker;
  }

  /** Resolves once connected and subscribed. */
  connected(): Promise<void> {
    if (this.#ready) return Promise.resolve();
    return new Promise((resolve) => this.once('connect', () => resolve()));
  }

  /** A snapshot of the counters (for `/metrics`). */
  metrics(): IngestMetrics {
    return { ...this.#metrics, rejected: { ...this.#metrics.rejected } };
  }

  /** The store this worker writes to (the status page reads from it). */
  get store(): IngestStore {
    return this.#options.store;
  }

  /**
   * Stops: the message being handled is committed and acknowledged first; messages after it stay
   * un-acknowledged in the broker's session. Does not close the store.
   */
  async close(): Promise<void> {
    this.#closing = true;
    if (this.#retention) clearInterval(this.#retention);
    await this.#current;
    await this.#client.endAsync();
  }

  async #maintain(): Promise<void> {
    const { store, retentionDays } = this.#options;
    try {
      await store.ensurePartitions(this.#now(), 2);
      if (retentionDays !== undefined) {
        const dropped = await store.applyRetention(retentionDays, this.#now());
        if (dropped.length > 0)
          this.#log(`ingest: retention ${retentionDays} d dropped ${dropped.join(', ')}`);
      }
    } catch (error) {
      this.#log(`ingest: partition maintenance failed (retried in an hour): ${(error as Error).message}`);
    }
  }

  async #subscribe(): Promise<void> {
    const { topicPrefix: prefix, shareGroup: group } = this.#options;
    // Births and states unshared and first, so that every worker has every catalog; then the batches,
    // shared in the group (MQTT 5) or plain (the single-worker mode).
    const each = { [`${prefix}/+/birth`]: { qos: 1 as const }, [`${prefix}/+/state`]: { qos: 1 as const } };
    const share = group === undefined ? '' : `$share/${group}/`;
    const shared = Object.fromEntries(
      ['data', 'alarm', 'status'].map((kind) => [`${share}${prefix}/+/${kind}`, { qos: 1 as const }]),
    );
    try {
      for (const topics of [each, shared]) {
        const granted = await this.#client.subscribeAsync(topics);
        const refused = granted.filter((grant) => grant.qos >= 128).map((grant) => grant.topic);
        if (refused.length > 0) {
          throw new FirecodeError(
            'INGEST_SUBSCRIBE_REFUSED',
            `the broker at ${this.#options.url} refused ${refused.join(', ')}: check its ACL for client ${this.#options.clientId}${group === undefined ? '' : ' and that it supports MQTT v5 shared subscriptions (else use protocol 4, one worker)'}`,
          );
        }
      }
      this.#ready = true;
      this.#metrics.connected = 1;
      this.emit('connect');
    } catch (error) {
      this.#log(`ingest: subscribe failed: ${(error as Error).message}`);
    }
  }

  /** Handles one message; resolves true when it may be acknowledged. */
  async #handle(topic: string, payload: Uint8Array, packet: IPublishPacket): Promise<boolean> {
    if (this.#closing) return false; // left to the session: redelivered at the next start
    this.#metrics.received += 1;
    if (payload.length === 0) return true; // a cleared retained message
    const topicGateway = topic.split('/').at(-2) ?? '';
    if (payload.length > (this.#options.maxMessageBytes ?? 1024 * 1024)) {
      return this.#reject(
        'oversize',
        topic,
        topicGateway,
        ingestError(
          'INGEST_OVERSIZE',
          `${payload.length} bytes is over the limit of ${this.#options.maxMessageBytes ?? 1024 * 1024}`,
        ),
      );
    }
    let message: DecodedForStore;
    try {
      message = await this.#verifyAndDecode(payload, topicGateway);
    } catch (error) {
      const wrapped =
        error instanceof FirecodeError
          ? error
          : ingestError('INGEST_REJECTED', String(error), { cause: error });
      return this.#reject(reasonOf(wrapped.code), topic, topicGateway, wrapped);
    }
    if (message.gatewayId !== topicGateway) {
      return this.#reject(
        'forged',
        topic,
        topicGateway,
        ingestError(
          'INGEST_TOPIC_MISMATCH',
          `message of gateway ${message.gatewayId} published on the topic of gateway ${topicGateway}`,
        ),
      );
    }
    return this.#withRetry(topic, () => this.#store(message, topic, payload.length, packet.dup === true));
  }

  async #verifyAndDecode(payload: Uint8Array, topicGateway: string): Promise<DecodedForStore> {
    const { publicKeys, requireSignatures } = this.#options;
    let plain = payload;
    if (publicKeys !== undefined || requireSignatures === true || payload[0] === 0xd2) {
      plain = (
        await verifyMessage(payload, {
          publicKeys: publicKeys ?? (() => undefined),
          ...(requireSignatures === undefined ? {} : { requireSignatures }),
        })
      ).message;
    }
    const limits = { maxBytes: this.#options.maxMessageBytes ?? 1024 * 1024, ...this.#options.limits };
    const lookup = (gatewayId: string, hash: string) => this.#catalogs.get(`${gatewayId}\n${hash}`);
    try {
      return this.#decode(plain, lookup, limits);
    } catch (error) {
      if (!(error instanceof FirecodeError && error.code === 'CODEC_UNKNOWN_CATALOG')) throw error;
      // Another worker may have stored the birth (this one got the batch first): ask the store once.
      const hash = String(error.details?.['catalogHash'] ?? '');
      const gatewayId = String(error.details?.['gatewayId'] ?? topicGateway);
      const stored = hash ? await this.#options.store.catalog(gatewayId, hash) : undefined;
      if (!stored) throw error;
      this.#catalogs.set(`${gatewayId}\n${hash}`, stored);
      return this.#decode(plain, lookup, limits);
    }
  }

  async #store(message: DecodedForStore, topic: string, bytes: number, dup: boolean): Promise<boolean> {
    const { store } = this.#options;
    const now = this.#now();
    switch (message.type) {
      case 'birth':
        await store.storeCatalog(message.catalog, message.catalogHash, now);
        this.#catalogs.set(`${message.gatewayId}\n${message.catalogHash}`, message.catalog);
        this.#metrics.births += 1;
        this.emit('birth', message.catalog);
        return true;
      case 'state':
        await store.storeState(message.gatewayId, message.online, message.time);
        this.#metrics.states += 1;
        this.emit('state', message.gatewayId, message.online, message.time);
        return true;
      default: {
        const batch: BatchToStore = {
          gatewayId: message.gatewayId,
          sequence: message.sequence,
          type: topic.endsWith('/status') ? 'status' : message.type,
          historical: message.historical,
          receivedAt: now,
          catalogHash: message.catalogHash,
          catalog: message.catalogHash
            ? this.#catalogs.get(`${message.gatewayId}\n${message.catalogHash}`)
            : undefined,
          readings: message.readings,
          events: message.events,
          bytes,
        };
        const started = performance.now();
        let result: StoreBatchResult;
        try {
          result = await store.storeBatch(batch);
        } catch (error) {
          if (error instanceof FirecodeError && error.code === 'INGEST_STORE_UNKNOWN_POINT') {
            return this.#reject('unknownCatalog', topic, message.gatewayId, error);
          }
          throw error;
        }
        this.#metrics.lastCommitMs = performance.now() - started;
        if (result.outcome === 'duplicate') {
          if (dup) {
            this.#metrics.redelivered += 1;
          } else {
            this.#reject(
              'replayed',
              topic,
              message.gatewayId,
              ingestError('INGEST_REPLAYED', `sequence ${message.sequence} was stored before`),
            );
          }
        } else {
          this.#metrics.batchesStored += 1;
          this.#metrics.readingsStored += batch.readings.length;
          this.#metrics.eventsStored += batch.events.length;
          this.#metrics.gapsOpened += result.gapsOpened.length;
          if (result.filledGap) this.#metrics.gapsFilled += 1;
        }
        this.emit('stored', batch, result);
        return true;
      }
    }
  }

  /** Storing failed (database down): retried with backoff, never acknowledged before it succeeds. */
  async #withRetry(topic: string, work: () => Promise<boolean>): Promise<boolean> {
    let wait = RETRY_FIRST_MS;
    for (;;) {
      try {
        return await work();
      } catch (error) {
        this.#metrics.storeErrors += 1;
        this.#log(`ingest: storing ${topic} failed, retrying in ${wait} ms: ${(error as Error).message}`);
        if (this.#closing) return false;
        await new Promise((resolve) => setTimeout(resolve, wait));
        if (this.#closing) return false;
        wait = Math.min(wait * 2, RETRY_MAX_MS);
      }
    }
  }

  #reject(reason: RejectReason, topic: string, gatewayId: string, error: FirecodeError): boolean {
    this.#metrics.rejected[reason] += 1;
    this.#log(`ingest: rejected ${reason} on ${topic}: ${error.code}: ${error.message}`);
    // Counted against the gateway for the status page; best effort (a rejection is acknowledged either way).
    void this.#options.store.recordRejected(gatewayId, reason, this.#now()).catch(() => undefined);
    if (this.listenerCount('rejected') > 0) this.emit('rejected', reason, topic, error);
    return true;
  }
}

/** Protocol 5 needs a share group and 4 cannot have one: said before anything connects. */
function checkProtocol(options: IngestWorkerOptions): void {
  const protocol = options.protocol ?? 5;
  if (protocol !== 5 && protocol !== 4) {
    throw ingestError(
      'INGEST_ARGUMENTS',
      `IngestWorker protocol ${String(protocol)}: give 5 (MQTT v5, shared subscription) or 4 (MQTT 3.1.1, one worker)`,
    );
  }
  if (protocol === 4 && options.shareGroup !== undefined) {
    throw ingestError(
      'INGEST_ARGUMENTS',
      `IngestWorker shareGroup "${options.shareGroup}" with protocol 4: MQTT 3.1.1 has no shared subscriptions, so workers cannot split the load. Leave shareGroup out and run one worker, or use protocol 5 with a broker that supports it (e.g. Mosquitto)`,
    );
  }
  if (protocol === 5 && !options.shareGroup) {
    throw ingestError(
      'INGEST_ARGUMENTS',
      'IngestWorker protocol 5 needs a shareGroup (the $share/<group>/ the workers split the batches in); for a broker without MQTT v5, give protocol 4 and no group',
    );
  }
}
