import { describe, expect, it } from 'vitest';
import { parseConfig } from './parse.js';
import { createProfileCatalog } from './profile-catalog.js';

const profiles = createProfileCatalog({ qdy30a: ['level'] });
const config = (breaker: string) => `building: { id: b-1, name: Tower }
gateway: { id: gw-1 }
buses:
  - id: line-1
    kind: rtu
    path: /dev/ttyUSB0
    breaker: ${breaker}
devices:
  - { id: tank, bus: line-1, unit: 1, profile: qdy30a }
uplink:
  url: mqtt://127.0.0.1:1883
  outbox: { path: ':memory:' }
`;

describe('bus breaker settings', () => {
  it('fills the defaults the Modbus engine uses', () => {
    const parsed = parseConfig(config('{ probeIntervalMs: 2000 }'), 'gw.yaml', { profiles, env: {} });
    expect(parsed.buses[0]?.breaker).toEqual({
      failureThreshold: 3,
      probeIntervalMs: 2000,
      maxProbeIntervalMs: 60_000,
    });
  });

  it('names a first probe later than the longest wait, and a misspelt key, with their lines', () => {
    expect(() =>
      parseConfig(config('{ probeIntervalMs: 90000, maxProbeIntervalMs: 60000 }'), 'gw.yaml', {
        profiles,
        env: {},
      }),
    ).toThrow(/gw\.yaml:7:\d+: .*probeIntervalMs 90000 is above maxProbeIntervalMs 60000/);
    expect(() => parseConfig(config('{ failureTreshold: 2 }'), 'gw.yaml', { profiles, env: {} })).toThrow(
      /gw\.yaml:7:\d+: .*failureTreshold.*failureThreshold/,
    );
  });
});
