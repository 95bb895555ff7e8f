import type { Gb26875UplinkConfig, RawGatewayConfig } from './schema.js';
import type { Secret } from './secret.js';

/** The uplink section with its credentials resolved and its paths made absolute. */
export type UplinkConfig = Omit<RawGatewayConfig['uplink'], 'username' | 'password'> & {
  /** Plain text, or a Secret when it was given as `env:` / `file:`. */
  username?: string | Secret;
  password?: Secret;
};

/** The GB/T 26875.3 uplink with its queue's folder resolved (given, or derived from the MQTT outbox's). */
export type Gb26875Config = Omit<Gb26875UplinkConfig, 'outbox'> & {
  outbox: { path: string; maxBytes: number };
};

/**
 * A checked gateway configuration: defaults applied, references verified, secrets resolved into
 * {@link Secret}s and relative paths (outbox, TLS files, profile folders) made absolute.
 */
export type GatewayConfig = Omit<RawGatewayConfig, 'uplink' | 'uplinks'> & {
  uplink: UplinkConfig;
  uplinks?: { gb26875?: Gb26875Config };
  /** Where the configuration came from. */
  source: { file: string };
};
