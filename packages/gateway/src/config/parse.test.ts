import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { isFirecodeError } from '@firecode/schema';
import { describe, expect, it } from 'vitest';
import type { LocatedConfigIssue } from './issues.js';
import { loadConfig, parseConfig, parseConfigWithWarnings } from './parse.js';
import { createProfileCatalog } from './profile-catalog.js';

const profiles = createProfileCatalog({
  qdy30a: ['level', 'unit-code'],
  'arc-fault-nb': ['arc-alarm', 'line-current'],
});
const env = { MQTT_PASSWORD: 'S3cret-pw!' };
const options = { profiles, env };

// Line numbers matter: the tests below expect problems at these lines.
const valid = `building:
  id: sh-0001
  name: Demo tower
gateway:
  id: gw-1
buses:
  - id: line-1
    kind: rtu
    path: /dev/ttyUSB0
    baud: 9600
  - id: tcp-1
    kind: tcp
    host: 127.0.0.1
    port: 1502
devices:
  - id: tank-level
    bus: line-1
    unit: 1
    profile: qdy30a
    overrides:
      points:
        level: { low: 1.5, high: 4, deadband: 0.05 }
  - id: arc-1
    bus: tcp-1
    unit: 2
    profile: arc-fault-nb
    report: { strategy: on-change }
uplink:
  url: mqtts://broker.example.com:8883
  username: gw-1
  password: env:MQTT_PASSWORD
  outbox:
    path: /var/lib/firecode/outbox
`;

function problems(text: string, extra: Partial<typeof options> = {}): LocatedConfigIssue[] {
  try {
    parseConfig(text, 'site.yaml', { ...options, ...extra });
  } catch (error) {
    if (isFirecodeError(error, 'GATEWAY_CONFIG_INVALID'))
      return (error.details?.issues as LocatedConfigIssue[]) ?? [];
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
}

function only(text: string, extra: Partial<typeof options> = {}): LocatedConfigIssue {
  const found = problems(text, extra);
  expect(found, JSON.stringify(found, null, 1)).toHaveLength(1);
  return found[0]!;
}

describe('parseConfig', () => {
  it('accepts a valid file, applies defaults and resolves the secret', () => {
    const config = parseConfig(valid, 'site.yaml', options);
    expect(config.buses[0]).toMatchObject({
      kind: 'rtu',
      parity: 'none',
      dataBits: 8,
      stopBits: 1,
      timeoutMs: 1000,
    });
    expect(config.devices[1]?.pollIntervalMs).toBe(1000);
    expect(config.uplink.password?.reveal()).toBe('S3cret-pw!');
    expect(config.report.strategy).toBe('on-change-or-period');
  });

  it('never shows the resolved secret in JSON, inspect or string output', () => {
    const config = parseConfig(valid, 'site.yaml', options);
    const outputs = [JSON.stringify(config), inspect(config, { depth: 10 }), `${config.uplink.password}`];
    for (const output of outputs) expect(output).not.toContain('S3cret-pw!');
    expect(JSON.stringify(config)).toContain('env:MQTT_PASSWORD');
  });

  it('does not echo a password written in plain text', () => {
    const issue = only(valid.replace('env:MQTT_PASSWORD', 'hunter2-plain'));
    expect(issue).toMatchObject({ line: 31, column: 13, path: 'uplink.password' });
    expect(issue.hint).toMatch(/env:VARIABLE or file:/);
    expect(JSON.stringify(issue)).not.toContain('hunter2-plain');
  });

  // At least ten kinds of bad configuration, each with its place in the file and a hint.
  const cases: { name: string; text: string; line: number; column: number; message: RegExp; hint: RegExp }[] =
    [
      {
        name: 'unknown key, with a did-you-mean',
        text: valid.replace('    unit: 2\n', '    unit: 2\n    pollIntervalMS: 500\n'),
        line: 26,
        column: 5,
        message: /unknown key "pollIntervalMS"/,
        hint: /did you mean "pollIntervalMs"/,
      },
      {
        name: 'unit id out of range',
        text: valid.replace('unit: 2', 'unit: 248'),
        line: 25,
        column: 11,
        message: /"unit" is 248, out of range 1-247/,
        hint: /248-255 are reserved/,
      },
      {
        name: 'device on a bus that does not exist',
        text: valid.replace('bus: tcp-1', 'bus: tcp-2'),
        line: 24,
        column: 10,
        message: /bus "tcp-2" is not defined/,
        hint: /did you mean "tcp-1"/,
      },
      {
        name: 'unknown profile',
        text: valid.replace('profile: qdy30a', 'profile: qdy30'),
        line: 19,
        column: 14,
        message: /profile "qdy30" is not known/,
        hint: /did you mean "qdy30a"/,
      },
      {
        name: 'duplicate device id',
        text: valid.replace('id: arc-1', 'id: tank-level'),
        line: 23,
        column: 9,
        message: /device id "tank-level" is already used by devices\[0\]/,
        hint: /its own id/,
      },
      {
        name: 'two devices with one unit id on one line',
        text: valid.replace('bus: tcp-1', 'bus: line-1').replace('unit: 2', 'unit: 1'),
        line: 25,
        column: 11,
        message: /unit 1 on bus "line-1" is already devices\[0\]/,
        hint: /different address/,
      },
      {
        name: 'bad broker URL',
        text: valid.replace('mqtts://broker.example.com:8883', 'broker.example.com'),
        line: 29,
        column: 8,
        message: /is not a URL/,
        hint: /mqtts:\/\//,
      },
      {
        name: 'not an MQTT transport',
        text: valid.replace('mqtts://', 'http://'),
        line: 29,
        column: 8,
        message: /"http:" is not an MQTT transport/,
        hint: /mqtts:\/\//,
      },
      {
        name: 'missing environment variable for a secret',
        text: valid.replace('env:MQTT_PASSWORD', 'env:MQTT_PASSWD'),
        line: 31,
        column: 13,
        message: /environment variable MQTT_PASSWD is not set/,
        hint: /EnvironmentFile/,
      },
      {
        name: 'missing secret file',
        text: valid.replace('env:MQTT_PASSWORD', 'file:/nonexistent/firecode/pw'),
        line: 31,
        column: 13,
        message: /secret file \/nonexistent\/firecode\/pw cannot be read/,
        hint: /chmod 600/,
      },
      {
        name: 'TCP port out of range',
        text: valid.replace('port: 1502', 'port: 70000'),
        line: 14,
        column: 11,
        message: /"port" is 70000, out of range 1-65535/,
        hint: /1-65535/,
      },
      {
        name: 'unknown bus kind',
        text: valid.replace('kind: tcp', 'kind: tpc'),
        line: 12,
        column: 11,
        message: /"kind" cannot be the text "tpc"/,
        hint: /did you mean "tcp"/,
      },
      {
        name: 'baud rate no device uses',
        text: valid.replace('baud: 9600', 'baud: 9601'),
        line: 10,
        column: 11,
        message: /"baud" cannot be number 9601/,
        hint: /did you mean "9600"/,
      },
      {
        name: 'required section missing',
        text: valid.replace(/uplink:[\s\S]*$/, ''),
        line: 1,
        column: 1,
        message: /"uplink" is missing/,
        hint: /add "uplink:"/,
      },
      {
        name: 'wrong type',
        text: valid.replace('unit: 2', 'unit: two'),
        line: 25,
        column: 11,
        message: /"unit" must be a number, found the text "two"/,
        hint: /1-247/,
      },
      {
        name: 'YAML duplicate key',
        text: valid.replace('  name: Demo tower\n', '  name: Demo tower\n  name: Again\n'),
        line: 4,
        column: 3,
        message: /YAML syntax: Map keys must be unique/,
        hint: /appears twice/,
      },
      {
        name: 'low threshold above high threshold',
        text: valid.replace('low: 1.5, high: 4', 'low: 5, high: 4'),
        line: 22,
        column: 23,
        message: /low threshold 5 is not below high threshold 4/,
        hint: /swap/,
      },
      {
        name: 'override of a point the profile does not have',
        text: valid.replace('        level: {', '        levle: {'),
        line: 22,
        column: 9,
        message: /profile "qdy30a" has no point "levle"/,
        hint: /did you mean "level"/,
      },
      {
        name: 'deadband strategy without a deadband',
        text: valid.replace('strategy: on-change }', 'strategy: deadband, deadband: 0 }'),
        line: 27,
        column: 45,
        message: /strategy "deadband" with a deadband of 0/,
        hint: /deadband above 0/,
      },
      {
        name: 'two bus entries for one serial line',
        text: valid.replace(
          '  - id: tcp-1\n    kind: tcp\n    host: 127.0.0.1\n    port: 1502\n',
          '  - id: tcp-1\n    kind: rtu\n    path: /dev/ttyUSB0\n',
        ),
        line: 13,
        column: 11,
        message: /buses\[0\] already drives the line serial \/dev\/ttyUSB0/,
        hint: /same bus entry/,
      },
      {
        name: 'bad gateway id',
        text: valid.replace('id: gw-1', 'id: GW 1'),
        line: 5,
        column: 7,
        message: /"id" has a bad format: found the text "GW 1"/,
        hint: /lowercase letters/,
      },
    ];

  for (const c of cases) {
    it(`rejects: ${c.name}`, () => {
      const issue = only(c.text);
      expect(issue.message).toMatch(c.message);
      expect(issue.hint).toMatch(c.hint);
      expect({ line: issue.line, column: issue.column }).toEqual({ line: c.line, column: c.column });
      expect(issue.file).toBe('site.yaml');
    });
  }

  it('reports every problem at once, in the error message too', () => {
    const text = valid.replace('unit: 2', 'unit: 0').replace('kind: rtu', 'kind: rtu\n    bauds: 9600');
    try {
      parseConfig(text, 'site.yaml', options);
      expect.unreachable();
    } catch (error) {
      expect(isFirecodeError(error, 'GATEWAY_CONFIG_INVALID')).toBe(true);
      const message = (error as Error).message;
      expect(message).toMatch(/site\.yaml: 2 configuration problems/);
      expect(message).toMatch(
        /site\.yaml:9:5: buses\[0\]\.bauds: unknown key "bauds" — did you mean "baud"\?/,
      );
      expect(message).toMatch(/site\.yaml:26:11: devices\[1\]\.unit: "unit" is 0, out of range 1-247/);
    }
  });

  it('warns, without failing, about what works but is risky', () => {
    const text = valid.replace('mqtts://broker.example.com:8883', 'mqtt://broker.example.com');
    const { warnings } = parseConfigWithWarnings(text, 'site.yaml', options);
    expect(warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/unencrypted/));
  });

  it('says that profile ids were not checked when no catalog is given', () => {
    const { warnings } = parseConfigWithWarnings(valid, 'site.yaml', { env });
    expect(warnings.map((w) => w.message)).toContainEqual(
      expect.stringMatching(/profile ids were not checked/),
    );
  });

  it('reads a secret from a file, without its trailing newline, and resolves relative paths', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'firecode-config-'));
    writeFileSync(join(dir, 'pw'), 'from-a-file\n');
    writeFileSync(join(dir, 'ca.pem'), 'not really a CA, only has to exist');
    const text = valid
      .replace('env:MQTT_PASSWORD', `file:${join(dir, 'pw')}`)
      .replace('/var/lib/firecode/outbox', 'state/outbox')
      .replace('  username: gw-1\n', '  username: gw-1\n  tls:\n    ca: ca.pem\n');
    writeFileSync(join(dir, 'gateway.yaml'), text);
    const config = await loadConfig(join(dir, 'gateway.yaml'), { profiles });
    expect(config.uplink.password?.reveal()).toBe('from-a-file');
    expect(config.uplink.outbox.path).toBe(join(dir, 'state/outbox'));
    expect(config.uplink.tls?.ca).toBe(join(dir, 'ca.pem'));
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the :memory: outbox as it is instead of resolving it as a path', () => {
    const config = parseConfig(valid.replace('/var/lib/firecode/outbox', "':memory:'"), 'site.yaml', options);
    expect(config.uplink.outbox.path).toBe(':memory:');
  });

  it('reports a TLS file that does not exist at its line', () => {
    const text = valid.replace(
      '  username: gw-1\n',
      '  username: gw-1\n  tls:\n    ca: /nonexistent/ca.pem\n',
    );
    expect(only(text)).toMatchObject({ line: 32, column: 9, path: 'uplink.tls.ca' });
  });

  it('loadConfig says when the file cannot be read', async () => {
    await expect(loadConfig('/nonexistent/gateway.yaml', options)).rejects.toMatchObject({
      code: 'GATEWAY_CONFIG_UNREADABLE',
      message: expect.stringMatching(/ENOENT/),
    });
  });
});

describe('YAML conveniences', () => {
  it('accepts x- keys for anchors and merge keys for shared settings, and still locates problems', () => {
    const text = `x-transmitter: &transmitter { bus: line-1, profile: qdy30a, pollIntervalMs: 2000 }
building: { id: b-1, name: B }
gateway: { id: gw-1 }
buses: [{ id: line-1, kind: rtu, path: /dev/ttyUSB0 }]
devices:
  - { <<: *transmitter, id: t-1, unit: 1 }
  - { <<: *transmitter, id: t-2, unit: 2, pollIntervalMs: 500 }
uplink: { url: mqtt://127.0.0.1, outbox: { path: /tmp/o } }
`;
    const config = parseConfig(text, 'anchors.yaml', options);
    expect(config.devices.map((d) => [d.id, d.bus, d.profile, d.pollIntervalMs])).toEqual([
      ['t-1', 'line-1', 'qdy30a', 2000],
      ['t-2', 'line-1', 'qdy30a', 500],
    ]);
    const issue = only(text.replace('unit: 2', 'unit: 300'));
    expect(issue).toMatchObject({ line: 7, column: 40, path: 'devices[1].unit' });
  });
});
