import type { RawGatewayConfig } from './schema.js';
import type { Secret } from './secret.js';

/** The uplink section with its credentials resolved and its paths made absolute. */
export type UplinkConfig = Omit<RawGatewayConfig['uplink'], 'username' | 'password'> & {
  /** Plain text, or a Secret when it was given as `env:` / `file:`. */
  username?: string | Secret;
  password?: Secret;
};

/**
 * A checked gateway configuration: defaults applied, references verified, secrets resolved into
 * {@link Secret}s and relative paths (outbox, TLS files, profile folders) made absolute.
 */
export type GatewayConfig = Omit<RawGatewayConfig, 'uplink'> & {
  uplink: UplinkConfig;
  /** Where the configuration came from. */
  source: { file: string };
};
