import type { IClientOptions } from 'mqtt';
import type { UplinkError } from '../errors.js';
import { describeConnectError, isProtocolRefusal } from './connect-errors.js';
import type { MqttConnect, UplinkConnack, UplinkMqttClient } from './mqtt-client.js';

/** How an attempt's link ended. */
export interface AttemptEnd {
  /** Why, when the client said (a refused connect, a socket error, a TLS failure). */
  readonly failure: UplinkError | undefined;
  /** The broker refused MQTT 5 under `protocolVersion: 'auto'`: try again at once with 3.1.1. */
  readonly fallBack: boolean;
  /** The link had been up (a CONNACK came), so its loss is news. */
  readonly wasConnected: boolean;
}

/** What an attempt tells its owner; never called once the attempt is disposed. */
export interface AttemptHandlers {
  connack(attempt: ConnectionAttempt, connack: UplinkConnack): void;
  error(error: UplinkError): void;
  closed(attempt: ConnectionAttempt, end: AttemptEnd): void;
}

/**
 * One connection attempt: its MQTT client (one fresh client per attempt), its will, its listeners and
 * what became of its link. When the uplink moves on (a new attempt, a reconfiguration, close) it
 * disposes the attempt, and from then on nothing the old client does (a late PUBACK, a `close`)
 * reaches the uplink: each listener and each publish callback checks {@link isDisposed} first.
 */
export class ConnectionAttempt {
  /** The will registered with this attempt's connect: the default offline state. */
  will: Uint8Array = new Uint8Array(0);
  private mqttClient: UplinkMqttClient | undefined;
  private disposed = false;
  private up = false;
  private ended = false;
  private failure: UplinkError | undefined;
  private fallBack = false;

  constructor(
    private readonly handlers: AttemptHandlers,
    /** The uplink is still finding out the protocol (`'auto'`) and tries MQTT 5 with this attempt. */
    private mayFallBack: boolean,
  ) {}

  /** The uplink has moved on: this attempt's callbacks are ignored. */
  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Between this attempt's CONNACK and the end of its link. */
  get linkUp(): boolean {
    return this.up;
  }

  /** The client while it may still be used: created, its link not ended. */
  get client(): UplinkMqttClient | undefined {
    return this.ended ? undefined : this.mqttClient;
  }

  /** Creates the client and listens to it. Throws what `connect` throws (e.g. a malformed URL). */
  open(connect: MqttConnect, url: string, options: IClientOptions): void {
    const client = connect(url, options);
    this.mqttClient = client;
    client.on('connect', (connack) => {
      if (this.disposed) return;
      this.up = true;
      this.mayFallBack = false;
      this.handlers.connack(this, connack);
    });
    client.on('error', (error) => {
      if (this.disposed) return;
      if (this.mayFallBack && isProtocolRefusal(error)) {
        this.fallBack = true;
        return;
      }
      this.failure = describeConnectError(url, error);
      this.handlers.error(this.failure);
    });
    client.on('close', () => this.onClose(client));
  }

  /** Ignores this attempt from now on; returns its client if its link had not ended, to end it. */
  dispose(): UplinkMqttClient | undefined {
    this.disposed = true;
    return this.client;
  }

  private onClose(client: UplinkMqttClient): void {
    // end(true) below may emit 'close' again, re-entrantly: handle each link's end once.
    if (this.ended || this.disposed) return;
    this.ended = true;
    const wasConnected = this.up;
    this.up = false;
    // Publish callbacks MQTT.js fails here see a link that is down: they stay in the outbox.
    client.end(true);
    this.handlers.closed(this, { failure: this.failure, fallBack: this.fallBack, wasConnected });
  }
}

/**
 * Ends a connection with an MQTT DISCONNECT (normal disconnection), so the broker discards the will:
 * the offline state was just published, and a second one from the broker would be a duplicate. What
 * MQTT.js still has in flight is dropped first (it stays in our outbox, and its PUBACK would only be
 * ignored), so the DISCONNECT goes out at once; a connection that cannot even send it is destroyed
 * after 2 s. A connection already lost is just torn down.
 */
export function endClient(client: UplinkMqttClient): Promise<void> {
  return new Promise<void>((resolve) => {
    if (!client.connected) {
      client.end(true, {}, () => resolve());
      return;
    }
    for (const id of Object.keys(client.outgoing)) client.removeOutgoingMessage(Number(id));
    const timer = setTimeout(() => {
      client.stream?.destroy();
      resolve();
    }, 2000);
    timer.unref();
    client.end(false, {}, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
