import { describe, expect, it } from 'vitest';
import { parseConfig } from './parse.js';
import { createProfileCatalog } from './profile-catalog.js';
import { createReportPolicyResolver, resolveReportPolicy } from './report-policy.js';

const text = `building: { id: b-1, name: B }
gateway: { id: gw-1 }
report: { strategy: on-change-or-period, periodMs: 60000, heartbeatMs: 300000 }
buses:
  - { id: plain, kind: tcp, host: 127.0.0.1 }
  - { id: slow, kind: tcp, host: 127.0.0.2, report: { periodMs: 600000 } }
devices:
  - { id: d-plain, bus: plain, unit: 1, profile: p }
  - id: d-slow
    bus: slow
    unit: 1
    profile: p
    report: { strategy: deadband, deadband: 0.5 }
    overrides:
      points:
        pressure: { deadband: 0.01, heartbeatMs: 0 }
        alarm: { strategy: on-change }
uplink: { url: mqtt://127.0.0.1, outbox: { path: /tmp/x } }
`;
const config = parseConfig(text, 'policy.yaml', {
  profiles: createProfileCatalog({ p: ['pressure', 'alarm', 'other'] }),
});

describe('resolveReportPolicy', () => {
  it('uses the gateway policy when nothing overrides it', () => {
    expect(resolveReportPolicy(config, 'd-plain', 'pressure')).toEqual({
      strategy: 'on-change-or-period',
      deadband: 0,
      periodMs: 60_000,
      heartbeatMs: 300_000,
    });
  });

  it('applies point > device > bus > gateway, field by field', () => {
    expect(resolveReportPolicy(config, 'd-slow', 'other')).toEqual({
      strategy: 'deadband',
      deadband: 0.5,
      periodMs: 600_000,
      heartbeatMs: 300_000,
    });
    expect(resolveReportPolicy(config, 'd-slow', 'pressure')).toEqual({
      strategy: 'deadband',
      deadband: 0.01,
      periodMs: 600_000,
      heartbeatMs: 0,
    });
    expect(resolveReportPolicy(config, 'd-slow', 'alarm').strategy).toBe('on-change');
  });

  it('throws GATEWAY_CONFIG_UNKNOWN_DEVICE for a device not in the configuration', () => {
    expect(() => resolveReportPolicy(config, 'nope', 'x')).toThrow(
      expect.objectContaining({ code: 'GATEWAY_CONFIG_UNKNOWN_DEVICE' }),
    );
  });
});

describe('createReportPolicyResolver', () => {
  it('resolves as resolveReportPolicy does, one frozen object per distinct policy', () => {
    const policyOf = createReportPolicyResolver(config);
    for (const [device, point] of [
      ['d-plain', 'pressure'],
      ['d-plain', 'alarm'],
      ['d-slow', 'other'],
      ['d-slow', 'pressure'],
      ['d-slow', 'alarm'],
    ] as const) {
      expect(policyOf(device, point)).toEqual(resolveReportPolicy(config, device, point));
      expect(Object.isFrozen(policyOf(device, point))).toBe(true);
    }
    expect(policyOf('d-plain', 'alarm')).toBe(policyOf('d-plain', 'pressure'));
    expect(policyOf('d-slow', 'pressure')).not.toBe(policyOf('d-slow', 'other'));
  });

  it('throws GATEWAY_CONFIG_UNKNOWN_DEVICE for a device not in the configuration', () => {
    expect(() => createReportPolicyResolver(config)('nope', 'x')).toThrow(
      expect.objectContaining({ code: 'GATEWAY_CONFIG_UNKNOWN_DEVICE' }),
    );
  });
});
