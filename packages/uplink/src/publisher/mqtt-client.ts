import mqtt, { type IClientOptions, type IClientPublishOptions } from 'mqtt';

/** The CONNACK fields the uplink reads. */
export interface UplinkConnack {
  /** The broker still had the session of this client id. */
  readonly sessionPresent?: boolean;
}

/**
 * The part of an MQTT.js `MqttClient` the uplink uses, and all a test double has to provide (see
 * `MemoryBroker` in `@firecode/uplink/testing`). Each connection attempt gets a fresh client.
 */
export interface UplinkMqttClient {
  /** True between CONNACK and the end of the link. */
  readonly connected: boolean;
  /** QoS > 0 publishes waiting for their acknowledgement, by packet id. */
  readonly outgoing: Readonly<Record<number, unknown>>;
  /** The transport, destroyed when even a DISCONNECT cannot get out. */
  readonly stream?: { destroy(): unknown } | undefined;
  on(event: 'connect', listener: (connack: UplinkConnack) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  /** `callback` runs on PUBACK (QoS 1), with an error when the broker refused or the link failed. */
  publish(
    topic: string,
    payload: Buffer,
    options: IClientPublishOptions,
    callback?: (error?: Error) => void,
  ): unknown;
  /** `force`: tear down without a DISCONNECT (the broker then publishes the will). */
  end(force: boolean, options?: object, callback?: () => void): unknown;
  /** Forgets an outgoing publish, so its acknowledgement is no longer awaited. */
  removeOutgoingMessage(messageId: number): unknown;
}

/** Opens one MQTT connection: `mqtt.connect` by default, a test double in unit tests. */
export type MqttConnect = (url: string, options: IClientOptions) => UplinkMqttClient;

/** The real client: MQTT.js 5. */
export const mqttConnect: MqttConnect = (url, options) => mqtt.connect(url, options);
