import { readFileSync } from 'node:fs';
import type { UplinkOptions } from '@firecode/uplink';
import type { GatewayConfig } from '../config/gateway-config.js';

type ConnectionOptions = Pick<
  UplinkOptions,
  'url' | 'clientId' | 'gatewayId' | 'topicPrefix' | 'tls' | 'username' | 'password' | 'keepaliveSeconds'
>;

const reveal = (value: string | { reveal(): string } | undefined) =>
  value === undefined ? undefined : typeof value === 'string' ? value : value.reveal();

/** The uplink's connection settings from the configuration (secrets revealed only here). */
export function uplinkOptionsFrom(config: GatewayConfig): ConnectionOptions {
  const { uplink } = config;
  const tls = uplink.tls;
  const username = reveal(uplink.username);
  const password = reveal(uplink.password);
  return {
    url: uplink.url,
    clientId: uplink.clientId ?? `firecode-${config.gateway.id}`,
    gatewayId: config.gateway.id,
    topicPrefix: uplink.topicPrefix,
    keepaliveSeconds: uplink.keepaliveSec,
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
    ...(tls === undefined
      ? {}
      : {
          tls: {
            ...(tls.ca ? { ca: readFileSync(tls.ca) } : {}),
            ...(tls.cert ? { cert: readFileSync(tls.cert) } : {}),
            ...(tls.key ? { key: readFileSync(tls.key) } : {}),
            rejectUnauthorized: tls.rejectUnauthorized,
          },
        }),
  };
}
