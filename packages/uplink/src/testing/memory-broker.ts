import { EventEmitter } from 'node:events';
import type { IClientOptions, IClientPublishOptions } from 'mqtt';
import type { MqttConnect, UplinkConnack, UplinkMqttClient } from '../publisher/mqtt-client.js';

/**
 * When the broker acknowledges a QoS 1 publish: `now` (on the next turn of the event loop), `held`
 * (when {@link MemoryBroker.releasePubacks} is called) or `never` (the PUBACK is lost with the link).
 */
export type PubackMode = 'now' | 'held' | 'never';

/** A message the broker received (or a will it published for a link that died). */
export interface BrokerMessage {
  readonly clientId: string;
  /** 1 for the first connection the broker accepted, 2 for the next, ... */
  readonly connection: number;
  readonly topic: string;
  readonly payload: Buffer;
  readonly qos: number;
  readonly retain: boolean;
  readonly userProperties?: Readonly<Record<string, string | string[]>>;
  /** Published by the broker as the last will of a connection that ended without DISCONNECT. */
  readonly will: boolean;
}

/** Why the broker refuses connects: a CONNACK reason code (e.g. 5, 135 not authorized) or a socket error. */
export type ConnectRefusal = { readonly reasonCode: number } | { readonly socketError: string };

interface PendingAck {
  readonly client: MemoryMqttClient;
  readonly messageId: number;
}

/**
 * An in-memory MQTT broker for unit tests of the uplink (and of anything built on it), in place of
 * `mqtt.connect`: pass `broker.connect` as the uplink's `connect` option. It accepts connects with a
 * CONNACK whose `sessionPresent` says whether it had the client id's session, records every publish,
 * acknowledges QoS 1 now, on demand or never, can refuse connects and can drop the link (publishing
 * the will). Events happen on later turns of the event loop, as with a real socket.
 */
export class MemoryBroker extends EventEmitter<{ change: [] }> {
  /** Everything received, oldest first (birth, state, messages, wills). */
  readonly messages: BrokerMessage[] = [];
  /** Connection attempts, accepted or not. */
  attempts = 0;
  /** Connections accepted. */
  connections = 0;
  /** How QoS 1 publishes are acknowledged from now on. */
  puback: PubackMode = 'now';
  /** The client ids whose session the broker keeps (connected with `clean: false`). */
  readonly sessions = new Set<string>();
  /**
   * The highest MQTT protocol version spoken: a connect with a higher one is refused with CONNACK
   * 132 (unsupported protocol version), as aedes does to MQTT 5. Default 5.
   */
  maxProtocolVersion: 4 | 5 = 5;
  private refusal: ConnectRefusal | undefined;
  private stalled: MemoryMqttClient[] | undefined;
  private readonly held: PendingAck[] = [];
  private live: MemoryMqttClient | undefined;

  /** Opens a connection to this broker; has the signature of `mqtt.connect`. */
  readonly connect: MqttConnect = (url, options) => {
    this.attempts++;
    const client = new MemoryMqttClient(this, url, options);
    setImmediate(() => (this.stalled ? this.stalled.push(client) : this.answerConnect(client)));
    return client;
  };

  /** The connection up now, if any. */
  get client(): MemoryMqttClient | undefined {
    return this.live?.connected ? this.live : undefined;
  }

  /** Refuses every connect from now on (until {@link acceptConnects}). */
  refuseConnects(refusal: ConnectRefusal = { socketError: 'ECONNREFUSED' }): void {
    this.refusal = refusal;
  }

  acceptConnects(): void {
    this.refusal = undefined;
  }

  /** Leaves connects unanswered from now on (a broker that is slow to CONNACK) until {@link answerConnects}. */
  stallConnects(): void {
    this.stalled ??= [];
  }

  /** Answers the connects left waiting (those whose client did not give up meanwhile) and all from now on. */
  answerConnects(): void {
    const waiting = this.stalled ?? [];
    this.stalled = undefined;
    for (const client of waiting) this.answerConnect(client);
  }

  /**
   * The link dies without DISCONNECT (a cable pulled): the broker publishes the will, unacknowledged
   * publishes stay unacknowledged (the client must send them again), and the client sees `close`.
   */
  dropLink(): void {
    const client = this.client;
    if (!client) throw new Error('MemoryBroker.dropLink: no connection is up');
    this.publishWill(client);
    client.lose();
  }

  /** Sends the PUBACKs held so far (those of connections still up). */
  releasePubacks(): void {
    for (const { client, messageId } of this.held.splice(0)) client.acknowledge(messageId);
  }

  /** Messages on topics ending in `/<suffix>` (e.g. `data`, `birth`), oldest first. */
  messagesOn(suffix: string): BrokerMessage[] {
    return this.messages.filter((m) => m.topic.endsWith(`/${suffix}`));
  }

  /** Resolves when `condition` holds (checked after every broker event); rejects after `timeoutMs`. */
  until(what: string, condition: () => boolean, timeoutMs = 2000): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!condition()) return;
        this.off('change', check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.off('change', check);
        reject(new Error(`MemoryBroker: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.on('change', check);
    });
  }

  /** @internal */
  received(client: MemoryMqttClient, message: Omit<BrokerMessage, 'clientId' | 'connection' | 'will'>): void {
    this.messages.push({ ...message, clientId: client.clientId, connection: client.connection, will: false });
    this.emit('change');
  }

  /** @internal */
  acknowledgeLater(client: MemoryMqttClient, messageId: number): void {
    if (this.puback === 'now') setImmediate(() => client.acknowledge(messageId));
    else if (this.puback === 'held') this.held.push({ client, messageId });
  }

  /** @internal */
  changed(): void {
    this.emit('change');
  }

  private answerConnect(client: MemoryMqttClient): void {
    if (client.ended) return;
    const tooNew = (client.options.protocolVersion ?? 4) > this.maxProtocolVersion;
    const refusal = tooNew ? { reasonCode: 132 } : this.refusal;
    if (refusal) {
      const error: Error & { code?: number | string } = new Error(
        'reasonCode' in refusal
          ? `Connection refused: ${refusal.reasonCode}`
          : `connect ${refusal.socketError}`,
      );
      error.code = 'reasonCode' in refusal ? refusal.reasonCode : refusal.socketError;
      client.refuse(error);
      this.changed();
      return;
    }
    if (this.live?.connected) {
      // A second connection with the same client id takes over: the broker drops the first.
      this.live.lose();
    }
    const sessionPresent = this.sessions.has(client.clientId);
    if (client.options.clean === false) this.sessions.add(client.clientId);
    else this.sessions.delete(client.clientId);
    this.connections++;
    this.live = client;
    client.accept(this.connections, { sessionPresent });
    this.changed();
  }

  private publishWill(client: MemoryMqttClient): void {
    const will = client.options.will;
    if (!will) return;
    this.messages.push({
      clientId: client.clientId,
      connection: client.connection,
      topic: will.topic,
      payload: Buffer.from(will.payload as Buffer),
      qos: will.qos ?? 0,
      retain: will.retain === true,
      will: true,
    });
  }
}

/** One client connection to a {@link MemoryBroker}, as returned by its `connect`. */
export class MemoryMqttClient extends EventEmitter implements UplinkMqttClient {
  connected = false;
  /** `end()` was called or the link was lost. */
  ended = false;
  connection = 0;
  /** Ended with a DISCONNECT (the broker discarded the will). */
  disconnectedCleanly = false;
  readonly outgoing: Record<number, (error?: Error) => void> = {};
  readonly stream = { destroy: () => this.lose() };
  readonly clientId: string;
  private nextMessageId = 1;
  private closeEmitted = false;

  constructor(
    private readonly broker: MemoryBroker,
    readonly url: string,
    readonly options: IClientOptions,
  ) {
    super();
    this.clientId = options.clientId ?? '';
  }

  publish(
    topic: string,
    payload: Buffer,
    options: IClientPublishOptions,
    callback?: (error?: Error) => void,
  ): this {
    if (!this.connected) {
      setImmediate(() => callback?.(new Error('MemoryMqttClient: not connected')));
      return this;
    }
    this.broker.received(this, {
      topic,
      payload: Buffer.from(payload),
      qos: options.qos ?? 0,
      retain: options.retain === true,
      ...(options.properties?.userProperties ? { userProperties: options.properties.userProperties } : {}),
    });
    if ((options.qos ?? 0) === 0) {
      if (callback) setImmediate(() => callback());
      return this;
    }
    const messageId = this.nextMessageId++;
    this.outgoing[messageId] = callback ?? (() => {});
    this.broker.acknowledgeLater(this, messageId);
    return this;
  }

  end(force: boolean, _options?: object, callback?: () => void): this {
    if (!force && this.connected) this.disconnectedCleanly = true;
    this.lose();
    if (callback) setImmediate(callback);
    return this;
  }

  removeOutgoingMessage(messageId: number): this {
    delete this.outgoing[messageId];
    return this;
  }

  /** @internal */
  accept(connection: number, connack: UplinkConnack): void {
    this.connection = connection;
    this.connected = true;
    this.emit('connect', { cmd: 'connack', ...connack });
  }

  /** @internal */
  refuse(error: Error): void {
    this.emit('error', error);
    this.lose();
  }

  /** @internal */
  acknowledge(messageId: number): void {
    const callback = this.outgoing[messageId];
    if (!callback || !this.connected) return;
    delete this.outgoing[messageId];
    callback();
    this.broker.changed();
  }

  /** @internal The link is gone: unacknowledged publishes are never called back (MQTT.js keeps them in its store). */
  lose(): void {
    this.connected = false;
    this.ended = true;
    if (this.closeEmitted) return;
    this.closeEmitted = true;
    setImmediate(() => {
      this.emit('close');
      this.broker.changed();
    });
  }
}
