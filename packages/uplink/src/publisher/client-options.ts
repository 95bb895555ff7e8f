import type { IClientOptions } from 'mqtt';
import { PUBLISHER_DEFAULTS } from './defaults.js';
import type { UplinkOptions, UplinkTls } from './uplink-types.js';

/**
 * The MQTT.js options of one connection attempt: a persistent session under the stable client id,
 * no automatic reconnect (the uplink reconnects itself, with a fresh client), and `will` registered
 * retained on the state topic.
 */
export function clientOptions(
  options: UplinkOptions,
  protocolVersion: 4 | 5,
  stateTopic: string,
  will: Uint8Array,
): IClientOptions {
  return {
    clientId: options.clientId,
    clean: false,
    protocolVersion,
    reconnectPeriod: 0,
    // mqtt-packet's number cache pre-builds 65,536 small buffers (~6 MB of heap) to save an
    // allocation per packet: a poor trade for a gateway that publishes a few messages a second.
    writeCache: false,
    connectTimeout: options.connectTimeoutMs ?? PUBLISHER_DEFAULTS.connectTimeoutMs,
    keepalive: options.keepaliveSeconds ?? PUBLISHER_DEFAULTS.keepaliveSeconds,
    will: { topic: stateTopic, payload: Buffer.from(will), qos: 1, retain: true },
    ...(protocolVersion === 5
      ? {
          properties: {
            sessionExpiryInterval: options.sessionExpirySeconds ?? PUBLISHER_DEFAULTS.sessionExpirySeconds,
          },
        }
      : {}),
    ...(options.username === undefined ? {} : { username: options.username }),
    ...(options.password === undefined ? {} : { password: options.password }),
    ...tlsOptions(options.tls),
  };
}

function tlsOptions(tls: UplinkTls | undefined): Partial<IClientOptions> {
  if (!tls) return {};
  return {
    ...(tls.ca === undefined ? {} : { ca: tls.ca }),
    ...(tls.cert === undefined ? {} : { cert: tls.cert }),
    ...(tls.key === undefined ? {} : { key: tls.key }),
    ...(tls.servername === undefined ? {} : { servername: tls.servername }),
    rejectUnauthorized: tls.rejectUnauthorized ?? true,
  };
}
