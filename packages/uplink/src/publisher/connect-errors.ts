import { type UplinkError, uplinkError } from '../errors.js';

/**
 * The URL without credentials, for messages and logs. A string that does not parse as a URL still
 * loses whatever stands between `//` and `@`, so a mistyped URL never carries a password into a log.
 */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//');
  }
}

const TLS_CODE = /^(ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_OSSL_)/;
/** CONNACK codes: 4/5 in MQTT 3.1.1, 134/135 in MQTT 5. */
const AUTH_CODES = new Set([4, 5, 134, 135]);
/** CONNACK codes meaning "speak an older protocol": 1 in 3.1.1, 132 in MQTT 5. */
const PROTOCOL_CODES = new Set([1, 132]);

/** True when the broker refused the protocol version (try MQTT 3.1.1). */
export function isProtocolRefusal(error: unknown): boolean {
  return PROTOCOL_CODES.has((error as { code?: unknown })?.code as number);
}

/** Turns an MQTT.js/Node error into an {@link UplinkError} that names the URL and says what to do. */
export function describeConnectError(url: string, error: unknown): UplinkError {
  const where = safeUrl(url);
  const cause = error instanceof Error ? error : new Error(String(error));
  const code = (error as { code?: unknown })?.code;
  const text = `${cause.message} ${typeof code === 'string' ? code : ''}`;
  if (
    (typeof code === 'string' && TLS_CODE.test(code)) ||
    /certificate|ssl|tls alert|handshake/i.test(text)
  ) {
    return uplinkError(
      'UPLINK_TLS_REFUSED',
      `TLS with ${where} failed: ${cause.message}. Check the CA (tls.ca), the client certificate and key ` +
        '(tls.cert, tls.key) and that the certificate is signed by the CA the broker trusts',
      { cause, details: { url: where, code } },
    );
  }
  if (typeof code === 'number' && AUTH_CODES.has(code)) {
    return uplinkError(
      'UPLINK_AUTH_REFUSED',
      `${where} refused the login: ${cause.message}. Check username, password and the broker's ACL`,
      { cause, details: { url: where, code } },
    );
  }
  return uplinkError(
    'UPLINK_CONNECT_FAILED',
    `cannot connect to ${where}: ${cause.message}. Check that the broker runs and the URL (scheme, host, port) is right; retrying with backoff`,
    { cause, details: { url: where, code } },
  );
}
