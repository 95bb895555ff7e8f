import { FirecodeError } from '@firecode/schema';

/**
 * Every code the gateway package itself throws (its configuration loader, CLI, panel ports and metrics
 * server); errors of the packages underneath keep their own codes (`MODBUS_*`, `UPLINK_*`, ...).
 * The convention every package follows, and the table of all codes, are in docs/errors.md.
 */
export const GATEWAY_ERROR_CODES = [
  /** The configuration file says something wrong; each problem is listed with its line, column and a hint. */
  'GATEWAY_CONFIG_INVALID',
  /** The configuration file (or a file it names) cannot be read or parsed as YAML/JSON. */
  'GATEWAY_CONFIG_UNREADABLE',
  /** A program asked about a device the configuration does not have (e.g. a report policy lookup). */
  'GATEWAY_CONFIG_UNKNOWN_DEVICE',
  /** A bad command-line argument: the message names the option and what to write instead. */
  'GATEWAY_CLI_USAGE',
  /** A fire panel's serial port cannot be opened (missing device, permissions, taken by another program). */
  'GATEWAY_PANEL_PORT_FAILED',
  /** The metrics/health server cannot listen: the address is taken or not a local one. */
  'GATEWAY_METRICS_LISTEN_FAILED',
] as const;
/** One of {@link GATEWAY_ERROR_CODES}. */
export type GatewayErrorCode = (typeof GATEWAY_ERROR_CODES)[number];
/** An error of this package. */
export type GatewayError = FirecodeError<GatewayErrorCode>;

/** Builds an error of this package. */
export function gatewayError(
  code: GatewayErrorCode,
  message: string,
  options: { cause?: unknown; details?: Record<string, unknown> } = {},
): GatewayError {
  return new FirecodeError(code, message, options);
}
