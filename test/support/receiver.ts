import {
  type DecodedAlarm,
  type DecodedBirth,
  type DecodedData,
  type DecodedMessage,
  decodeMessage,
  MemoryCatalogStore,
} from '@firecode/codec';
import type { FireEvent, Reading } from '@firecode/schema';
import mqtt from 'mqtt';
import { mqttUrl } from './mqtt.js';

/** A raw MQTT subscriber that decodes what a gateway publishes under a prefix, learning catalogs from births. */
export class Receiver {
  readonly #raw: Uint8Array[] = [];
  readonly #decoded: DecodedMessage[] = [];
  readonly #catalogs = new MemoryCatalogStore();
  #next = 0;

  private constructor(readonly client: mqtt.MqttClient) {
    client.on('message', (_topic, payload) => {
      if (payload.length > 0) this.#raw.push(new Uint8Array(payload));
    });
  }

  static async start(prefix: string, url = mqttUrl()): Promise<Receiver> {
    const client = await mqtt.connectAsync(url);
    const receiver = new Receiver(client);
    await client.subscribeAsync(`${prefix}/#`, { qos: 1 });
    return receiver;
  }

  /** Everything decoded so far, in arrival order; a batch whose birth has not come yet waits. */
  messages(): DecodedMessage[] {
    while (this.#next < this.#raw.length) {
      let message: DecodedMessage;
      try {
        message = decodeMessage(this.#raw[this.#next]!, { catalogs: this.#catalogs });
      } catch (error) {
        // Its birth may still be on the way (another topic); the caller's wait bound gives up.
        if ((error as { code?: string }).code === 'CODEC_UNKNOWN_CATALOG') break;
        throw error;
      }
      if (message.type === 'birth') this.#catalogs.add(message.catalog);
      this.#decoded.push(message);
      this.#next += 1;
    }
    return this.#decoded;
  }

  /** Data and alarm messages, one per sequence number (QoS 1 may deliver one twice). */
  sequenced(): (DecodedData | DecodedAlarm)[] {
    const bySequence = new Map<bigint, DecodedData | DecodedAlarm>();
    for (const m of this.messages())
      if (m.type === 'data' || m.type === 'alarm') bySequence.set(m.sequence, m);
    return [...bySequence.values()].sort((a, b) => (a.sequence < b.sequence ? -1 : 1));
  }

  events(): FireEvent[] {
    return this.sequenced().flatMap((m) => m.events);
  }

  readings(): Reading[] {
    return this.sequenced().flatMap((m) => (m.type === 'data' ? m.readings : []));
  }

  births(): DecodedBirth[] {
    return this.messages().filter((m): m is DecodedBirth => m.type === 'birth');
  }

  /** The GB/T 26875.3 transmission-device status byte of each data batch, in sequence order. */
  statusBytes(): number[] {
    return this.sequenced()
      .filter((m): m is DecodedData => m.type === 'data')
      .map((m) => Number(m.status?.['transmissionStatus']));
  }

  close(): Promise<void> {
    return this.client.endAsync();
  }
}
