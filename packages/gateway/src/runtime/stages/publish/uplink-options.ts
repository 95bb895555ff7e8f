import { readFileSync } from 'node:fs';
import { FirecodeError } from '@firecode/schema';
import { defaultClientId, safeUrl, type UplinkConnectionOptions } from '@firecode/uplink';
import type { GatewayConfig } from '../../../config/gateway-config.js';

/** The uplink settings the gateway takes from its configuration: all of them can change on a reload. */
export type ConnectionOptions = Pick<
  UplinkConnectionOptions,
  'url' | 'clientId' | 'gatewayId' | 'topicPrefix' | 'tls' | 'username' | 'password' | 'keepaliveSeconds'
>;

const reveal = (value: string | { reveal(): string } | undefined) =>
  value === undefined ? undefined : typeof value === 'string' ? value : value.reveal();

/**
 * The uplink's connection settings from the configuration (secrets revealed only here). TLS files are
 * read on every call, so a reload picks up a certificate renewed under the same path.
 */
export function uplinkOptionsFrom(config: GatewayConfig): ConnectionOptions {
  const { uplink } = config;
  const tls = uplink.tls;
  const username = reveal(uplink.username);
  const password = reveal(uplink.password);
  return {
    url: uplink.url,
    clientId: uplink.clientId ?? defaultClientId(config.gateway.id),
    gatewayId: config.gateway.id,
    topicPrefix: uplink.topicPrefix,
    keepaliveSeconds: uplink.keepaliveSec,
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
    ...(tls === undefined
      ? {}
      : {
          tls: {
            ...(tls.ca ? { ca: readTlsFile('ca', tls.ca) } : {}),
            ...(tls.cert ? { cert: readTlsFile('cert', tls.cert) } : {}),
            ...(tls.key ? { key: readTlsFile('key', tls.key) } : {}),
            rejectUnauthorized: tls.rejectUnauthorized,
          },
        }),
  };
}

function readTlsFile(key: 'ca' | 'cert' | 'key', path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (cause) {
    throw new FirecodeError(
      'GATEWAY_CONFIG_INVALID',
      `uplink.tls.${key}: cannot read ${path} (${(cause as Error).message}); fix the path or the file permissions`,
      { cause, details: { path: ['uplink', 'tls', key], file: path } },
    );
  }
}

/** One connection setting that differs; `from`/`to` only for settings that are not secret. */
export interface ConnectionChange {
  /** The configuration key, e.g. `uplink.url`, `uplink.tls.cert`. */
  readonly field: string;
  readonly from?: string | number | boolean;
  readonly to?: string | number | boolean;
}

const sameBytes = (a: string | Buffer | undefined, b: string | Buffer | undefined) =>
  a === undefined || b === undefined ? a === b : Buffer.from(a).equals(Buffer.from(b));

/**
 * The connection settings that differ between what the uplink runs with and what the configuration
 * now says. TLS files count by content (a certificate rotated under the same path is a change, a file
 * moved unchanged is none); credentials, keys and certificates are named, never shown.
 */
export function connectionChanges(running: ConnectionOptions, next: ConnectionOptions): ConnectionChange[] {
  const changes: ConnectionChange[] = [];
  const shown = (field: string, from: string | number | boolean | undefined, to: typeof from) => {
    if (from !== to)
      changes.push({ field, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) });
  };
  const hidden = (field: string, same: boolean) => {
    if (!same) changes.push({ field });
  };
  shown('uplink.url', safeUrl(running.url), safeUrl(next.url));
  // Compared in full: the shown form hides credentials a URL should not carry anyway.
  if (running.url !== next.url && !changes.some((c) => c.field === 'uplink.url'))
    changes.push({ field: 'uplink.url' });
  shown('uplink.clientId', running.clientId, next.clientId);
  shown('uplink.topicPrefix', running.topicPrefix, next.topicPrefix);
  shown('uplink.keepaliveSec', running.keepaliveSeconds, next.keepaliveSeconds);
  hidden('uplink.username', running.username === next.username);
  hidden('uplink.password', running.password === next.password);
  hidden('uplink.tls', (running.tls === undefined) === (next.tls === undefined));
  if (running.tls !== undefined && next.tls !== undefined) {
    for (const key of ['ca', 'cert', 'key'] as const)
      hidden(`uplink.tls.${key}`, sameBytes(running.tls[key], next.tls[key]));
    shown('uplink.tls.rejectUnauthorized', running.tls.rejectUnauthorized, next.tls.rejectUnauthorized);
  }
  return changes;
}
