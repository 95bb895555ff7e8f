import { describe, expect, it } from 'vitest';
import { describeConnectError, isProtocolRefusal, safeUrl } from './connect-errors.js';

const withCode = (message: string, code: string | number) => Object.assign(new Error(message), { code });

describe('describeConnectError', () => {
  it('names the URL without its password', () => {
    const error = describeConnectError(
      'mqtt://user:secret@broker:1883',
      withCode('connect ECONNREFUSED', 'ECONNREFUSED'),
    );
    expect(error.code).toBe('UPLINK_CONNECT_FAILED');
    expect(error.message).toContain('cannot connect to mqtt://broker:1883');
    expect(error.message).not.toContain('secret');
    expect(safeUrl('mqtts://a:b@h:8883')).toBe('mqtts://h:8883');
    // Not a URL (a space in the host), yet the password must not reach a log.
    expect(safeUrl('mqtt://me:secret@bro ker:1883')).toBe('mqtt://bro ker:1883');
  });

  it('classifies TLS failures and login refusals', () => {
    expect(
      describeConnectError('mqtts://h:8883', withCode('alert', 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'))
        .code,
    ).toBe('UPLINK_TLS_REFUSED');
    expect(
      describeConnectError('mqtts://h:8883', withCode('self-signed', 'DEPTH_ZERO_SELF_SIGNED_CERT')).code,
    ).toBe('UPLINK_TLS_REFUSED');
    expect(describeConnectError('mqtt://h', withCode('Connection refused: Not authorized', 5)).code).toBe(
      'UPLINK_AUTH_REFUSED',
    );
    expect(describeConnectError('mqtt://h', withCode('Bad User Name or Password', 134)).code).toBe(
      'UPLINK_AUTH_REFUSED',
    );
  });

  it('spots a broker that does not speak MQTT 5', () => {
    expect(isProtocolRefusal(withCode('Unacceptable protocol version', 1))).toBe(true);
    expect(isProtocolRefusal(withCode('Unsupported Protocol Version', 132))).toBe(true);
    expect(isProtocolRefusal(withCode('Not authorized', 5))).toBe(false);
  });
});
