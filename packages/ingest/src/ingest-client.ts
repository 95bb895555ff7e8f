import { EventEmitter } from 'node:events';
import {
  type DecodedMessage,
  decodeMessage,
  MemoryCatalogStore,
  type PublicKeyLookup,
  verifyMessage,
} from '@firecode/codec';
import { type Catalog, FirecodeError, type FireEvent, type Reading } from '@firecode/schema';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { SequenceTracker } from './sequence-tracker.js';

/** Options of {@link startIngest}. */
export interface IngestOptions {
  /** Broker URL, e.g. `mqtt://127.0.0.1:1883`. */
  url: string;
  /** The gateways' topic prefix, e.g. `firecode/v1`; messages arrive on `<prefix>/<gatewayId>/<kind>`. */
  topicPrefix: string;
  /**
   * MQTT shared-subscription group: with a group, several ingest workers split the gateways' data,
   * alarm and status messages between them (`$share/<group>/...`); every worker still receives every
   * birth and state, so each can decode what it gets. Without, this worker receives everything.
   * De-duplication and gap reports are per worker: with a group, a redelivery may reach another
   * worker and each worker sees gaps where its peers got the messages; de-duplicate in the shared store.
   */
  shareGroup?: string;
  /**
   * Public keys (raw Ed25519, 32 bytes) of the gateways that sign: their messages must carry a valid
   * COSE_Sign1 signature by that key, or they are rejected (`CODEC_SIGNATURE_MISSING`,
   * `CODEC_SIGNATURE_WRONG_KEY`, `CODEC_SIGNATURE_INVALID`). Without it, signed messages are rejected
   * as `CODEC_SIGNATURE_UNVERIFIED`.
   */
  publicKeys?: PublicKeyLookup;
  /** Reject unsigned messages of every gateway, also those without a key in `publicKeys`. */
  requireSignatures?: boolean;
  /** Messages held while their gateway's birth (catalog) has not arrived yet, at most. Default 1000. */
  maxPendingPerGateway?: number;
  /**
   * Bytes held for births not yet seen, over all gateways, at most (default 64 MiB): a publisher
   * inventing gateway ids cannot make the receiver hold without bound. Past it, messages are rejected
   * (counted in `stats().rejected`).
   */
  maxPendingBytes?: number;
  /** Further MQTT.js options (credentials, TLS, clientId, ...). */
  mqtt?: IClientOptions;
}

/** What one received data or alarm message carried, after de-duplication. */
export interface IngestBatch {
  /** The gateway that sent it. */
  gatewayId: string;
  /** The gateway's 64-bit sequence number of this message (unique per gateway, across restarts). */
  sequence: bigint;
  /** True for data replayed after an outage (produced while the gateway was offline). */
  historical: boolean;
  /** `alarm` for the fast lane's messages, `data` for batches. */
  type: 'data' | 'alarm';
  /** Readings with aliases expanded to point ids (empty for alarms). */
  readings: Reading[];
  /** Events the message carried. */
  events: FireEvent[];
  /** The catalog the message refers to, for names, units and locations. */
  catalog: Catalog | undefined;
}

/** Events an {@link IngestClient} emits, with their arguments. */
export interface IngestEvents {
  /** Connected (again) and subscribed. */
  connect: [url: string];
  /** The broker could not be reached or the connection dropped; retried after `retryInMs`. */
  offline: [url: string, error: Error | undefined, retryInMs: number];
  /** A gateway announced its catalog (on every connect and configuration change). */
  birth: [gatewayId: string, catalog: Catalog];
  /** A data or alarm message, once per (gateway, sequence). */
  batch: [batch: IngestBatch];
  /** A gateway went online or offline (offline also as its MQTT last will). */
  state: [gatewayId: string, online: boolean, time: number];
  /** A message seen before (at-least-once delivery): counted, not handed on again. */
  duplicate: [gatewayId: string, sequence: bigint];
  /** A message that could not be decoded: counted in `stats().rejected`, never crashes the client. */
  rejected: [topic: string, error: FirecodeError];
}

/** Counters of an {@link IngestClient} since it started. */
export interface IngestStats {
  /** MQTT messages received on the subscription. */
  received: number;
  /** Data and alarm messages handed on as `batch` events. */
  batches: number;
  /** Messages recognised as repeats and not handed on. */
  duplicates: number;
  /** Messages that could not be decoded (each also a `rejected` event). */
  rejected: number;
  /** Messages held until their gateway's birth arrives. */
  pending: number;
  /**
   * Batches delivered although their sequence lay below a given-up gap, so whether they were seen
   * before is unknown (at-least-once: a possible repeat, never a loss).
   */
  unverified: number;
  /** Per gateway: gap sequences given up (never arrived while many later ones did); see {@link SequenceTracker}. */
  abandoned: Record<string, bigint>;
  /** Per gateway: sequences not seen below the highest one seen. */
  gaps: Record<string, bigint[]>;
}

interface GatewayState {
  tracker: SequenceTracker;
  catalogs: Map<string, Catalog>;
  latest: Catalog | undefined;
  pending: { topic: string; payload: Uint8Array }[];
}

const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 30_000;

/**
 * The receiving side's reference client: subscribes to gateways' topics, decodes every message with the
 * catalogs learnt from births, and hands on each data/alarm message once (by gateway and sequence).
 */
export class IngestClient extends EventEmitter<IngestEvents> {
  readonly #client: MqttClient;
  readonly #options: IngestOptions;
  readonly #catalogs = new MemoryCatalogStore();
  readonly #gateways = new Map<string, GatewayState>();
  readonly #counts = { received: 0, batches: 0, duplicates: 0, rejected: 0, unverified: 0 };
  /** Connected and subscribed. */
  #ready = false;
  /** Bytes of all messages held until their birth arrives. */
  #pendingBytes = 0;
  /** Signature checks are asynchronous: chained so that messages are still handled in arrival order. */
  #verified: Promise<void> = Promise.resolve();

  private constructor(options: IngestOptions) {
    super();
    this.#options = options;
    const subscription = subscriptionsFor(options);
    const client = mqtt.connect(options.url, { reconnectPeriod: FIRST_RETRY_MS, ...options.mqtt });
    this.#client = client;
    let lastError: Error | undefined;
    client.on('error', (error) => {
      lastError = error;
    });
    client.on('connect', () => {
      client.options.reconnectPeriod = FIRST_RETRY_MS;
      lastError = undefined;
      client.subscribe(subscription, (error, granted) => {
        const refused = (granted ?? []).filter((grant) => grant.qos === 128).map((grant) => grant.topic);
        if (error || refused.length > 0) {
          this.#reject(
            options.url,
            error ??
              new FirecodeError(
                'INGEST_SUBSCRIBE_REFUSED',
                `the broker at ${options.url} refused the subscription to ${refused.join(', ')}: check its ACL for this client (and, with shareGroup, that it supports shared subscriptions)`,
              ),
          );
          return;
        }
        this.#ready = true;
        this.emit('connect', options.url);
      });
    });
    // MQTT.js retries at a fixed period; double it per failed attempt (up to MAX_RETRY_MS) so that a
    // broker that is down for hours is not hammered.
    client.on('close', () => {
      this.#ready = false;
      if (client.disconnecting) return;
      const retryInMs = client.options.reconnectPeriod ?? FIRST_RETRY_MS;
      this.emit('offline', options.url, lastError, retryInMs);
      client.options.reconnectPeriod = Math.min(retryInMs * 2, MAX_RETRY_MS);
    });
    client.on('message', (topic, payload) => this.#receive(topic, new Uint8Array(payload)));
  }

  /**
   * Creates the client and starts connecting. Resolves at once: an unreachable broker is retried with
   * backoff and reported through `offline` events, never thrown.
   */
  static async start(options: IngestOptions): Promise<IngestClient> {
    return new IngestClient(options);
  }

  /** Resolves at the next successful connect and subscribe (at once when connected). */
  connected(): Promise<void> {
    if (this.#ready) return Promise.resolve();
    return new Promise((resolve) => this.once('connect', () => resolve()));
  }

  /** The latest catalog a gateway announced. */
  catalogOf(gatewayId: string): Catalog | undefined {
    return this.#gateways.get(gatewayId)?.latest;
  }

  /** Counters and, per gateway, the sequence gaps seen so far. */
  stats(): IngestStats {
    const gaps: Record<string, bigint[]> = {};
    const abandoned: Record<string, bigint> = {};
    let pending = 0;
    for (const [id, state] of this.#gateways) {
      gaps[id] = state.tracker.missing();
      abandoned[id] = state.tracker.abandoned;
      pending += state.pending.length;
    }
    return { ...this.#counts, pending, abandoned, gaps };
  }

  /** Disconnects from the broker; no more events after it resolves. */
  async close(): Promise<void> {
    await this.#client.endAsync(true);
    await this.#verified;
  }

  #gateway(id: string): GatewayState {
    let state = this.#gateways.get(id);
    if (!state) {
      state = { tracker: new SequenceTracker(), catalogs: new Map(), latest: undefined, pending: [] };
      this.#gateways.set(id, state);
    }
    return state;
  }

  #receive(topic: string, payload: Uint8Array): void {
    this.#counts.received += 1;
    if (payload.length === 0) return; // a cleared retained message (e.g. the state topic while online)
    const { publicKeys, requireSignatures } = this.#options;
    if (publicKeys === undefined && requireSignatures !== true) {
      this.#decode(topic, payload);
      return;
    }
    this.#verified = this.#verified.then(async () => {
      let plain: Uint8Array;
      try {
        plain = (
          await verifyMessage(payload, {
            publicKeys: publicKeys ?? (() => undefined),
            ...(requireSignatures === undefined ? {} : { requireSignatures }),
          })
        ).message;
      } catch (error) {
        this.#reject(topic, error);
        return;
      }
      try {
        this.#decode(topic, plain);
      } catch (error) {
        // A throwing listener must not break the chain for every later message: counted, reported.
        this.#reject(topic, error);
      }
    });
  }

  /** Decodes a plain (verified or unsigned) message; held messages come back here after their birth. */
  #decode(topic: string, payload: Uint8Array): void {
    let message: DecodedMessage;
    try {
      message = decodeMessage(payload, { catalogs: this.#catalogs });
    } catch (error) {
      if (error instanceof FirecodeError && error.code === 'CODEC_UNKNOWN_CATALOG') {
        this.#holdUntilBirth(topic, payload, error);
        return;
      }
      this.#reject(topic, error);
      return;
    }
    this.#handle(message);
  }

  #holdUntilBirth(topic: string, payload: Uint8Array, error: FirecodeError): void {
    const gatewayId = String(error.details?.gatewayId ?? topic.split('/').at(-2));
    const state = this.#gateway(gatewayId);
    const bytesBound = this.#options.maxPendingBytes ?? 64 * 1024 * 1024;
    if (
      state.pending.length >= (this.#options.maxPendingPerGateway ?? 1000) ||
      this.#pendingBytes + payload.length > bytesBound
    ) {
      this.#reject(topic, error);
      return;
    }
    state.pending.push({ topic, payload });
    this.#pendingBytes += payload.length;
  }

  #reject(topic: string, error: unknown): void {
    this.#counts.rejected += 1;
    const wrapped =
      error instanceof FirecodeError
        ? error
        : new FirecodeError('INGEST_REJECTED', `message on ${topic} could not be decoded`, { cause: error });
    if (this.listenerCount('rejected') > 0) this.emit('rejected', topic, wrapped);
  }

  #handle(message: DecodedMessage): void {
    const state = this.#gateway(message.gatewayId);
    switch (message.type) {
      case 'birth': {
        this.#catalogs.add(message.catalog);
        state.latest = message.catalog;
        state.catalogs.set(message.catalogHash, message.catalog);
        this.emit('birth', message.gatewayId, message.catalog);
        const held = state.pending.splice(0);
        for (const item of held) this.#pendingBytes -= item.payload.length;
        for (const item of held) this.#decode(item.topic, item.payload);
        return;
      }
      case 'state':
        this.emit('state', message.gatewayId, message.online, message.time);
        return;
      case 'data':
      case 'alarm': {
        const verdict = state.tracker.accept(message.sequence);
        if (verdict === 'duplicate') {
          this.#counts.duplicates += 1;
          this.emit('duplicate', message.gatewayId, message.sequence);
          return;
        }
        if (verdict === 'unverified') this.#counts.unverified += 1;
        this.#counts.batches += 1;
        const catalog = (message.catalogHash && state.catalogs.get(message.catalogHash)) || state.latest;
        this.emit('batch', {
          gatewayId: message.gatewayId,
          sequence: message.sequence,
          historical: message.historical,
          type: message.type,
          readings: message.type === 'data' ? message.readings : [],
          events: message.events,
          catalog,
        });
        return;
      }
    }
  }
}

/**
 * What a worker subscribes to. With a share group, batches (data, alarm, status) are shared between
 * the group's workers, but births and states are not: each worker needs every gateway's catalog to
 * decode the share it gets, and a broker never hands retained messages (the birth is retained) to a
 * shared subscription.
 */
function subscriptionsFor(options: IngestOptions): Record<string, { qos: 1 }> {
  const each = (kind: string) => `${options.topicPrefix}/+/${kind}`;
  if (!options.shareGroup) return { [each('+')]: { qos: 1 } };
  const shared = (kind: string) => `$share/${options.shareGroup}/${each(kind)}`;
  return {
    [shared('data')]: { qos: 1 },
    [shared('alarm')]: { qos: 1 },
    [shared('status')]: { qos: 1 },
    [each('birth')]: { qos: 1 },
    [each('state')]: { qos: 1 },
  };
}

/** Connects, subscribes and returns a running {@link IngestClient}. */
export function startIngest(options: IngestOptions): Promise<IngestClient> {
  return IngestClient.start(options);
}
