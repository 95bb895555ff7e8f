import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Secret } from '../config/secret.js';
import { createLogger } from './logger.js';

function capture(): { lines: () => Record<string, unknown>[]; text: () => string; stream: Writable } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const text = () => chunks.join('');
  const lines = () =>
    text()
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { lines, text, stream };
}

describe('createLogger', () => {
  it('writes JSON lines with level names and fixed fields', () => {
    const out = capture();
    const logger = createLogger({ destination: out.stream, base: { gateway: 'gw-1' } });
    logger.info({ bus: 'line-1' }, 'polling started');
    expect(out.lines()[0]).toMatchObject({
      level: 'info',
      gateway: 'gw-1',
      bus: 'line-1',
      msg: 'polling started',
    });
  });

  it('never writes a key twice: fixed fields and child bindings win over the logged object', () => {
    const out = capture();
    const logger = createLogger({ destination: out.stream, base: { gateway: 'gw-1' } });
    logger.info({ gateway: 'gw-1', devices: 3 }, 'gateway started');
    logger.child({ device: 'riser-1' }).warn({ device: 'riser-1', code: 'MODBUS_TIMEOUT' }, 'device data');
    const [started, device] = out.text().trim().split('\n');
    expect(started!.match(/"gateway":/g)).toHaveLength(1);
    expect(device!.match(/"device":/g)).toHaveLength(1);
    expect(out.lines()[1]).toMatchObject({ gateway: 'gw-1', device: 'riser-1', code: 'MODBUS_TIMEOUT' });
  });

  it('redacts credentials given as plain strings, up to two levels deep', () => {
    const out = capture();
    const logger = createLogger({ destination: out.stream });
    logger.warn(
      { password: 'pw-top', uplink: { password: 'pw-nested', token: 'tk' }, a: { b: { secret: 's3' } } },
      'x',
    );
    for (const value of ['pw-top', 'pw-nested', 'tk', 's3']) expect(out.text()).not.toContain(value);
    expect(out.lines()[0]).toMatchObject({ password: '[redacted]', uplink: { password: '[redacted]' } });
  });

  it('never prints a Secret, wherever it is', () => {
    const out = capture();
    const logger = createLogger({ destination: out.stream });
    const secret = new Secret('hunter2-value', 'env:MQTT_PASSWORD');
    logger.info({ config: { uplink: { credentials: { pass: secret } } } }, `connecting with ${secret}`);
    expect(out.text()).not.toContain('hunter2-value');
    expect(out.text()).toContain('env:MQTT_PASSWORD');
  });

  it('honours the level', () => {
    const out = capture();
    const logger = createLogger({ destination: out.stream, level: 'warn' });
    logger.info('hidden');
    logger.error('shown');
    expect(out.lines().map((l) => l.msg)).toEqual(['shown']);
  });
});
