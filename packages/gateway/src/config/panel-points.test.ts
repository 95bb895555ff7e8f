import { describe, expect, it } from 'vitest';
import { configProblems } from './config-problems.test-support.js';
import { parseConfig } from './parse.js';
import { createProfileCatalog } from './profile-catalog.js';
import { resolveComponentType } from './references.js';

const profiles = createProfileCatalog(
  { 'gst-modbus-panel': ['main-power', 'backup-power'], qdy30a: ['level'] },
  { 'gst-modbus-panel': { min: 1, max: 16 } },
);

const config = (device: string) => `building: { id: b-1, name: Tower }
gateway: { id: gw-1 }
buses:
  - { id: line-1, kind: tcp, host: 127.0.0.1 }
devices:
${device}
uplink:
  url: mqtt://127.0.0.1:1883
  outbox: { path: ':memory:' }
`;

const problems = (text: string) => configProblems(text, { profiles, env: {} });

describe('commissioned panel points', () => {
  it('accepts component types by code and by name', () => {
    const parsed = parseConfig(
      config(`  - id: fap
    bus: line-1
    unit: 1
    profile: gst-modbus-panel
    loops: [1]
    panelPoints:
      - { loop: 1, address: 23, type: smoke-detector, location: 2F corridor }
      - { loop: 1, address: 24, type: 23 }
      - { loop: 1, address: 25, type: 感烟火灾探测器 }`),
      'gw.yaml',
      { profiles, env: {} },
    );
    expect(parsed.devices[0]?.panelPoints?.map((p) => resolveComponentType(p.type))).toEqual([40, 23, 40]);
  });

  it('names an unknown type, a loop that is not polled, a repeated point and a device that is no panel', () => {
    const found = problems(
      config(`  - id: fap
    bus: line-1
    unit: 1
    profile: gst-modbus-panel
    loops: [1]
    panelPoints:
      - { loop: 1, address: 23, type: smoke-detectr }
      - { loop: 2, address: 1, type: 40 }
      - { loop: 1, address: 23, type: 40 }
  - id: tank
    bus: line-1
    unit: 2
    profile: qdy30a
    panelPoints:
      - { loop: 1, address: 1, type: 40 }`),
    ).join('\n');
    expect(found).toMatch(
      /gw\.yaml:12:\d+: .*"smoke-detectr" is not a GB\/T 26875\.3 component type.*smoke-detector/,
    );
    expect(found).toMatch(/gw\.yaml:13:\d+: .*loop 2 is not polled/);
    expect(found).toMatch(/gw\.yaml:14:\d+: .*loop 1 address 23 is listed twice/);
    expect(found).toMatch(/profile "qdy30a" is not a fire panel: it has no panel points/);
  });
});
