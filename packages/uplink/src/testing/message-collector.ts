/**
 * Test support: a real MQTT subscriber that records what arrives under a topic filter, and waits for
 * conditions with a bound (no timed assertions: the bound only keeps a broken test from hanging).
 */
import { performance } from 'node:perf_hooks';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';

/** One received message. */
export interface ReceivedMessage {
  readonly topic: string;
  readonly payload: Buffer;
  readonly retain: boolean;
  readonly userProperties: Readonly<Record<string, string | string[]>> | undefined;
  /** performance.now() at arrival. */
  readonly receivedAt: number;
}

export class MessageCollector {
  readonly messages: ReceivedMessage[] = [];
  private waiters: { check: () => boolean; resolve: () => void }[] = [];

  private constructor(private readonly client: MqttClient) {
    client.on('message', (topic, payload, packet) => {
      this.messages.push({
        topic,
        payload,
        retain: packet.retain,
        userProperties: packet.properties?.userProperties,
        receivedAt: performance.now(),
      });
      this.waiters = this.waiters.filter((w) => {
        if (!w.check()) return true;
        w.resolve();
        return false;
      });
    });
  }

  /** Connects and subscribes to `filter` at QoS 1. */
  static async start(url: string, filter: string, options: IClientOptions = {}): Promise<MessageCollector> {
    const client = await connectPreferringMqtt5(url, { reconnectPeriod: 200, ...options });
    await client.subscribeAsync(filter, { qos: 1 });
    return new MessageCollector(client);
  }

  /** Messages whose topic ends with `/<suffix>`. */
  on(suffix: string): ReceivedMessage[] {
    return this.messages.filter((m) => m.topic.endsWith(`/${suffix}`));
  }

  /** Resolves when `check` holds; rejects with `what` after `boundMs` so a broken test fails clearly. */
  until(what: string, check: () => boolean, boundMs = 20_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`gave up waiting for ${what} after ${boundMs} ms`)),
        boundMs,
      );
      this.waiters.push({
        check,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  async stop(): Promise<void> {
    await this.client.endAsync(true);
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A small test payload `<cls>|<sequence>|<h|l>|<label>` so the receiver can check what it got. */
export function testPayload(
  meta: { cls: string; sequence: bigint; historical: boolean },
  label = '',
): Uint8Array {
  return encoder.encode(`${meta.cls}|${meta.sequence}|${meta.historical ? 'h' : 'l'}|${label}`);
}

/** Parses {@link testPayload}. */
export function parseTestPayload(payload: Uint8Array): {
  cls: string;
  sequence: bigint;
  historical: boolean;
  label: string;
} {
  const [cls = '', sequence = '0', flag = '', ...label] = decoder.decode(payload).split('|');
  return { cls, sequence: BigInt(sequence), historical: flag === 'h', label: label.join('|') };
}

/**
 * MQTT 5 (user properties, reason codes) where the broker speaks it, else 3.1.1: aedes, the fallback
 * broker of machines without Mosquitto, refuses protocol 5. An explicit `protocolVersion` is kept.
 */
async function connectPreferringMqtt5(url: string, options: IClientOptions): Promise<MqttClient> {
  if (options.protocolVersion !== undefined) return mqtt.connectAsync(url, options);
  try {
    return await mqtt
      .connectAsync(url, { ...options, protocolVersion: 5, reconnectPeriod: 0 })
      .then((client) => {
        client.options.reconnectPeriod = options.reconnectPeriod ?? 1000;
        return client;
      });
  } catch (error) {
    if (!/Unacceptable protocol version/i.test(String((error as Error).message))) throw error;
    return mqtt.connectAsync(url, { ...options, protocolVersion: 4 });
  }
}
