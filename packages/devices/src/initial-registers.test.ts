import { describe, expect, it } from 'vitest';
import { initialRegisterWrites, registerFootprint } from './initial-registers.js';
import { createDeviceNormalizer } from './normalize/normalizer.js';
import { getProfile, profiles } from './registry.js';
import { createRegisterSnapshot } from './snapshot.js';

describe('initialRegisterWrites', () => {
  it('serves a QDY30A at its power-on defaults: address 1, baud code 3, 123.4 cm', () => {
    expect(initialRegisterWrites(getProfile('qdy30a'))).toEqual([
      { table: 'holding', address: 0, values: [1] },
      { table: 'holding', address: 1, values: [3] },
      { table: 'holding', address: 2, values: [1] },
      { table: 'holding', address: 3, values: [1] },
      { table: 'holding', address: 4, values: [1234] },
      { table: 'holding', address: 5, values: [0] },
      { table: 'holding', address: 6, values: [5000] },
    ]);
  });

  it('gives every profile a device whose whole read plan is served with good, quiet readings', () => {
    for (const profile of profiles) {
      const snapshot = createRegisterSnapshot(initialRegisterWrites(profile));
      const normalizer = createDeviceNormalizer(profile, { deviceId: 'sim-1' });
      for (const request of normalizer.readPlan()) {
        for (let i = 0; i < request.count; i++) {
          expect(
            snapshot.get(request.table, request.address + i),
            `${profile.id} ${request.table} ${request.address + i}`,
          ).toBeDefined();
        }
      }
      const result = normalizer.normalize(snapshot, 1);
      expect(result.diagnostics, profile.id).toEqual([]);
      expect(
        result.readings.every((r) => r.quality.level === 'good'),
        profile.id,
      ).toBe(true);
    }
  });

  it('counts the registers a device exposes', () => {
    expect(registerFootprint(getProfile('gst-modbus-panel'))).toBe(16 * 240 + 2);
    expect(registerFootprint(getProfile('residual-current-monitor-4'))).toBe(4 + 4 + 1 + 1);
  });
});
