import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isFirecodeError } from '@firecode/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../config/parse.js';
import { connectionChanges, uplinkOptionsFrom } from './uplink-options.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'firecode-uplink-options-'));
  dirs.push(dir);
  return dir;
}

function config(uplink: string, env: Record<string, string> = {}) {
  return parseConfig(
    `building: { id: b-1, name: B }
gateway: { id: gw-1 }
buses: [{ id: net, kind: tcp, host: 127.0.0.1 }]
uplink: { ${uplink}, outbox: { path: ':memory:' } }
`,
    'gateway.yaml',
    { env },
  );
}

describe('connectionChanges', () => {
  it('is empty for the same configuration read twice', () => {
    const a = uplinkOptionsFrom(config('url: mqtt://127.0.0.1:1883'));
    const b = uplinkOptionsFrom(config('url: mqtt://127.0.0.1:1883'));
    expect(connectionChanges(a, b)).toEqual([]);
  });

  it('shows plain settings with both values and names credentials without their values', () => {
    const a = uplinkOptionsFrom(
      config('url: mqtt://127.0.0.1:1883, username: env:USER_A, password: env:PW', {
        USER_A: 'u',
        PW: 'one',
      }),
    );
    const b = uplinkOptionsFrom(
      config(
        'url: mqtt://localhost:1884, clientId: other, topicPrefix: site/a, keepaliveSec: 60, username: env:USER_A, password: env:PW',
        { USER_A: 'v', PW: 'two' },
      ),
    );
    const changes = connectionChanges(a, b);
    expect(changes).toEqual([
      { field: 'uplink.url', from: 'mqtt://127.0.0.1:1883', to: 'mqtt://localhost:1884' },
      { field: 'uplink.clientId', from: 'firecode-gw-1', to: 'other' },
      { field: 'uplink.topicPrefix', from: 'firecode/v1', to: 'site/a' },
      { field: 'uplink.keepaliveSec', from: 30, to: 60 },
      { field: 'uplink.username' },
      { field: 'uplink.password' },
    ]);
    expect(JSON.stringify(changes)).not.toMatch(/one|two/);
  });

  it('counts a certificate rewritten under the same path as a change, and a moved identical file as none', () => {
    const dir = folder();
    const tls = (cert: string) =>
      `url: mqtts://127.0.0.1:8883, tls: { ca: ${join(dir, 'ca.pem')}, cert: ${join(dir, cert)}, key: ${join(dir, 'key.pem')} }`;
    writeFileSync(join(dir, 'ca.pem'), 'CA');
    writeFileSync(join(dir, 'key.pem'), 'KEY');
    writeFileSync(join(dir, 'cert.pem'), 'CERT 2025');
    const running = uplinkOptionsFrom(config(tls('cert.pem')));
    writeFileSync(join(dir, 'copy.pem'), 'CERT 2025');
    expect(connectionChanges(running, uplinkOptionsFrom(config(tls('copy.pem'))))).toEqual([]);
    writeFileSync(join(dir, 'cert.pem'), 'CERT 2026');
    expect(connectionChanges(running, uplinkOptionsFrom(config(tls('cert.pem'))))).toEqual([
      { field: 'uplink.tls.cert' },
    ]);
  });

  it('notices TLS turned on', () => {
    const dir = folder();
    writeFileSync(join(dir, 'ca.pem'), 'CA');
    const plain = uplinkOptionsFrom(config('url: mqtts://127.0.0.1:8883'));
    const withCa = uplinkOptionsFrom(
      config(`url: mqtts://127.0.0.1:8883, tls: { ca: ${join(dir, 'ca.pem')} }`),
    );
    expect(connectionChanges(plain, withCa)).toEqual([{ field: 'uplink.tls' }]);
  });
});

describe('uplinkOptionsFrom', () => {
  it('names the TLS file it cannot read and what to do', () => {
    const dir = folder();
    writeFileSync(join(dir, 'ca.pem'), 'CA');
    const checked = config(`url: mqtts://127.0.0.1:8883, tls: { ca: ${join(dir, 'ca.pem')} }`);
    rmSync(join(dir, 'ca.pem'));
    let error: unknown;
    try {
      uplinkOptionsFrom(checked);
    } catch (caught) {
      error = caught;
    }
    expect(isFirecodeError(error, 'GATEWAY_CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toContain(`uplink.tls.ca: cannot read ${join(dir, 'ca.pem')}`);
  });
});
