import { describe, expect, it } from 'vitest';
import { configProblems } from './config-problems.test-support.js';
import { parseConfig } from './parse.js';
import { createProfileCatalog } from './profile-catalog.js';

const profiles = createProfileCatalog({ qdy30a: ['level'] });

// Line numbers matter: the tests below expect problems at these lines.
const config = (buses: string, panels: string, devices = ' []') => `building: { id: b-1, name: Tower }
gateway: { id: gw-1 }
buses:${buses}
devices:${devices}
panels:
${panels}
uplink:
  url: mqtt://127.0.0.1:1883
  outbox: { path: ':memory:' }
`;

const problems = (text: string) => configProblems(text, { profiles, env: {} });

describe('serial fire panels in the configuration', () => {
  it('reads a panel-only gateway with the defaults of a 9600 8N1 CRT port', () => {
    const parsed = parseConfig(
      config(
        ' []',
        `  - id: fap
    protocol: ld128e
    path: /dev/ttyUSB1
    panelPoints:
      - { loop: 3, address: 2, type: smoke-detector, location: 3F lobby }`,
      ),
      'gw.yaml',
      { profiles, env: {} },
    );
    expect(parsed.panels).toEqual([
      {
        id: 'fap',
        protocol: 'ld128e',
        path: '/dev/ttyUSB1',
        baud: 9600,
        parity: 'none',
        dataBits: 8,
        stopBits: 1,
        pollIntervalMs: 200,
        offlineAfterPolls: 5,
        idleFlushMs: 2000,
        reopenMinMs: 1000,
        reopenMaxMs: 30_000,
        systemType: 1,
        enabled: true,
        panelPoints: [{ loop: 3, address: 2, type: 'smoke-detector', location: '3F lobby' }],
      },
    ]);
  });

  it('names a misspelt key or protocol with a did-you-mean, at file:line:column', () => {
    const found = problems(
      config(
        ' []',
        `  - id: fap
    protocol: ld128
    path: /dev/ttyUSB1
    pollIntervalMS: 200`,
      ),
    ).join('\n');
    expect(found).toMatch(/gw\.yaml:7:15: panels\[0\]\.protocol: .*ld128e/);
    expect(found).toMatch(
      /gw\.yaml:9:5: panels\[0\]\.pollIntervalMS: unknown key .*did you mean "pollIntervalMs"/,
    );
  });

  it('refuses a port used twice, ids used twice, a bad backoff, bad points and a device on a panel', () => {
    const found = problems(
      config(
        `
  - { id: line-1, kind: rtu, path: /dev/ttyUSB0 }`,
        `  - { id: fap, protocol: ld128e, path: /dev/ttyUSB0 }
  - { id: tank, protocol: gst9000-printer, path: /dev/ttyUSB2, reopenMinMs: 5000, reopenMaxMs: 1000 }
  - id: fap
    protocol: gst9000-printer
    path: /dev/ttyUSB2
    panelPoints:
      - { loop: 1, address: 1, type: smoke-detectr }
      - { loop: 1, address: 1, type: 40 }`,
        `
  - { id: tank, bus: line-1, unit: 1, profile: qdy30a }
  - { id: lvl, bus: fap, unit: 2, profile: qdy30a }`,
      ),
    ).join('\n');
    expect(found).toMatch(/gw\.yaml:7:\d+: .*bus "fap" is not defined — "fap" is panels\[0\], a fire panel/);
    expect(found).toMatch(/gw\.yaml:9:\d+: .*buses\[0\] already uses the serial port \/dev\/ttyUSB0/);
    expect(found).toMatch(/gw\.yaml:10:\d+: .*panel id "tank" is already used by devices\[0\]/);
    expect(found).toMatch(/gw\.yaml:10:\d+: .*reopenMinMs 5000 is above reopenMaxMs 1000/);
    expect(found).toMatch(/gw\.yaml:11:\d+: .*panel id "fap" is already used by panels\[0\]/);
    expect(found).toMatch(/gw\.yaml:13:\d+: .*panels\[1\] already uses the serial port \/dev\/ttyUSB2/);
    expect(found).toMatch(
      /gw\.yaml:15:\d+: .*"smoke-detectr" is not a GB\/T 26875\.3 component type.*smoke-detector/,
    );
    expect(found).toMatch(/gw\.yaml:16:\d+: .*loop 1 address 1 is listed twice/);
  });

  it('refuses a configuration with nothing to read', () => {
    expect(problems(config(' []', '  []')).join('\n')).toMatch(
      /gw\.yaml:3:\d+: .*no buses and no panels: the gateway would read nothing/,
    );
  });
});
