import type { UplinkMqttClient } from './mqtt-client.js';
import { buildPayload, type PayloadSource } from './payload-source.js';
import type { UplinkTopics } from './topics.js';

/** What the birth announcement reports back to the connection that sent it. */
export interface BirthCallbacks {
  /** Checked when the payloads are built (maybe later): false when the link has gone meanwhile. */
  stillWanted(): boolean;
  /** Both were handed to the client (or building failed: `failed` ran first); messages may follow. */
  done(): void;
  failed(cause: unknown): void;
}

/**
 * Builds the birth and online state now (each carries this connect's time; default online state: an
 * empty retained message, which clears the will) and publishes both retained at QoS 1.
 */
export function publishBirth(
  client: UplinkMqttClient,
  topics: UplinkTopics,
  sources: { readonly birth: PayloadSource; readonly online?: PayloadSource | undefined },
  callbacks: BirthCallbacks,
): void {
  const online = sources.online ?? (() => new Uint8Array(0));
  const failed = (cause: unknown) => {
    callbacks.failed(cause);
    callbacks.done();
  };
  buildPayload(
    sources.birth,
    (birth) =>
      buildPayload(
        online,
        (state) => {
          if (!callbacks.stillWanted()) return;
          client.publish(topics.birth, Buffer.from(birth), { qos: 1, retain: true });
          client.publish(topics.state, Buffer.from(state), { qos: 1, retain: true });
          callbacks.done();
        },
        failed,
      ),
    failed,
  );
}

/**
 * Publishes the offline state on the state topic, as the broker would publish the will if the link
 * died, and waits for its PUBACK; at most 2 s. The caller then disconnects cleanly.
 */
export function sayOffline(
  client: UplinkMqttClient,
  stateTopic: string,
  source: PayloadSource,
  failed: (cause: unknown) => void,
): Promise<void> {
  return new Promise<void>((resolve) => {
    setTimeout(resolve, 2000).unref();
    buildPayload(
      source,
      (offline) =>
        client.publish(stateTopic, Buffer.from(offline), { qos: 1, retain: true }, () => resolve()),
      (cause) => {
        failed(cause);
        resolve();
      },
    );
  });
}
