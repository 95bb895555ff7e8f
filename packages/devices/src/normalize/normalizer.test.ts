import { catalogSchema } from '@firecode/schema';
import { describe, expect, it } from 'vitest';
import { getProfile } from '../registry.js';
import { createRegisterSnapshot } from '../snapshot.js';
import { createDeviceNormalizer } from './normalizer.js';
import { encodePointValue } from './transform.js';

const mpd = getProfile('mpd-380');
const gst = getProfile('gst-modbus-panel');

/** An MPD-380 snapshot reading `kpa` (unit code 5 = kPa, 1 decimal). */
function pressure(kpa: number) {
  const snapshot = createRegisterSnapshot();
  for (const write of encodePointValue(mpd, 'pressure', kpa, { unitCode: 5, decimals: 1 })) {
    snapshot.set(write.table, write.address, write.values);
  }
  return snapshot;
}

describe('createDeviceNormalizer', () => {
  it('raises a low-pressure alarm once with hysteresis, and lets an integrator override thresholds', () => {
    const normalizer = createDeviceNormalizer(mpd, { deviceId: 'riser-3f' });
    const kinds = [150, 90, 80, 105, 111].map((kpa, i) =>
      normalizer.normalize(pressure(kpa), i).events.map((e) => `${e.kind}:${e.active}`),
    );
    expect(kinds).toEqual([[], ['low-alarm:true'], [], [], ['low-alarm:false']]);

    const custom = createDeviceNormalizer(mpd, {
      deviceId: 'riser-30f',
      overrides: { pressure: { thresholds: { low: 70, hysteresis: 5, lowEvent: 'supervisory' } } },
    });
    expect(custom.normalize(pressure(90), 1).events).toEqual([]);
    expect(custom.normalize(pressure(70), 2).events.map((e) => e.kind)).toEqual(['supervisory']);
    expect(custom.catalog().points[0]?.thresholds).toEqual({ low: 70, high: 1000, hysteresis: 5 });
    const none = createDeviceNormalizer(mpd, {
      deviceId: 'riser-31f',
      overrides: { pressure: { thresholds: null } },
    });
    expect(none.normalize(pressure(10), 1).events).toEqual([]);
    expect(none.catalog().points[0]).not.toHaveProperty('thresholds');
  });

  it('gives panel events the commissioned component type and place of their point', () => {
    const normalizer = createDeviceNormalizer(gst, {
      deviceId: 'fap-1',
      loops: [1],
      panelPoints: [{ loop: 1, address: 23, componentType: 40, description: '2F corridor' }],
    });
    const snapshot = createRegisterSnapshot([
      { table: 'holding', address: 240, values: new Array(240).fill(0) },
    ]);
    normalizer.normalize(snapshot, 1);
    snapshot.set('holding', 1 * 240 + 23 - 1, [1]);
    snapshot.set('holding', 1 * 240 + 24 - 1, [1]);
    const events = normalizer.normalize(snapshot, 2).events;
    expect(events).toMatchObject([
      { kind: 'fire', loop: 1, address: 23, componentType: 40, description: '2F corridor' },
      { kind: 'fire', loop: 1, address: 24, componentType: 0 },
    ]);
    expect(events[1]).not.toHaveProperty('description');
  });

  it('turns fire on loop 1 address 23 into one fire event with loop and address, then a clear', () => {
    const normalizer = createDeviceNormalizer(gst, { deviceId: 'fap-1', loops: [1, 2] });
    const snapshot = createRegisterSnapshot([
      { table: 'holding', address: 240, values: new Array(480).fill(0) },
      { table: 'holding', address: 4998, values: [0, 0] },
    ]);
    expect(normalizer.normalize(snapshot, 1).events).toEqual([]);
    snapshot.set('holding', 1 * 240 + 23 - 1, [1]);
    const fire = normalizer.normalize(snapshot, 2).events;
    expect(fire).toEqual([
      {
        time: 2,
        kind: 'fire',
        active: true,
        component: 'fap-1',
        systemType: 1,
        componentType: 0,
        loop: 1,
        address: 23,
        source: { register: 262, value: 1 },
      },
    ]);
    expect(normalizer.normalize(snapshot, 3).events).toEqual([]);
    snapshot.set('holding', 262, [0]);
    expect(normalizer.normalize(snapshot, 4).events).toMatchObject([
      { kind: 'fire', active: false, loop: 1, address: 23 },
    ]);
    // Loop 2 address 240 is the last register of the plan.
    snapshot.set('holding', 2 * 240 + 240 - 1, [7]);
    expect(normalizer.normalize(snapshot, 5).events).toMatchObject([
      { kind: 'shielded', active: true, loop: 2, address: 240 },
    ]);
  });

  it('a failed poll gives bad readings every time and offline once; the next good poll clears offline', () => {
    const normalizer = createDeviceNormalizer(mpd, { deviceId: 'riser-4f' });
    const down1 = normalizer.normalizeFailure(new Error('timeout after 3 retries'), 10);
    const down2 = normalizer.normalizeFailure(new Error('timeout after 3 retries'), 11);
    expect(down1.readings).toEqual([
      {
        point: 'riser-4f.pressure',
        time: 10,
        value: null,
        quality: { level: 'bad', reason: 'communication-failure' },
      },
    ]);
    expect(down1.events).toMatchObject([
      { kind: 'offline', active: true, component: 'riser-4f', description: 'timeout after 3 retries' },
    ]);
    expect(down2.readings).toHaveLength(1);
    expect(down2.events).toEqual([]);
    const up = normalizer.normalize(pressure(300), 12);
    expect(up.events).toMatchObject([{ kind: 'online', active: true, description: 'answering again' }]);
    expect(up.readings[0]?.value).toBe(300);
    expect(normalizer.stats()).toMatchObject({ polls: 1, failures: 2, badReadings: 2 });
  });

  it('flags missing registers, unknown unit codes and out-of-range values by quality, never by throwing', () => {
    const normalizer = createDeviceNormalizer(mpd, { deviceId: 'riser-5f' });
    const missing = normalizer.normalize(
      createRegisterSnapshot([{ table: 'holding', address: 2, values: [5, 1] }]),
      1,
    );
    expect(missing.readings[0]?.quality).toEqual({ level: 'bad', reason: 'communication-failure' });
    expect(missing.diagnostics[0]?.message).toContain('register "pressure" was not read');
    const noUnit = normalizer.normalize(
      createRegisterSnapshot([{ table: 'holding', address: 2, values: [0, 1, 100] }]),
      2,
    );
    expect(noUnit.readings[0]).toMatchObject({
      value: null,
      quality: { level: 'bad', reason: 'configuration-error' },
    });
    const badDecimals = normalizer.normalize(
      createRegisterSnapshot([{ table: 'holding', address: 2, values: [5, 9, 100] }]),
      3,
    );
    expect(badDecimals.readings[0]?.quality.reason).toBe('configuration-error');
    const huge = normalizer.normalize(
      createRegisterSnapshot([{ table: 'holding', address: 2, values: [3, 0, 32000] }]),
      4,
    );
    expect(huge.readings[0]).toMatchObject({
      value: 3_200_000,
      quality: { level: 'uncertain', reason: 'out-of-range' },
    });
  });

  it('polls and reports only the selected points', () => {
    const rcm = getProfile('residual-current-monitor-4');
    const normalizer = createDeviceNormalizer(rcm, {
      deviceId: 'rcm-2',
      points: ['loop1-residual-current', 'loop1-fault'],
    });
    // Loop 1's alarm setting (16) is read too: it is the current's high threshold.
    expect(normalizer.readPlan()).toEqual([
      { table: 'holding', address: 0, count: 1 },
      { table: 'holding', address: 16, count: 1 },
      { table: 'holding', address: 32, count: 1 },
    ]);
    expect(normalizer.catalog().points.map((p) => p.id)).toEqual(['rcm-2.loop1-residual-current']);
  });

  it('contributes catalog entries that pass the schema, with instance metadata', () => {
    const normalizer = createDeviceNormalizer(getProfile('generic-digital-input-module'), {
      deviceId: 'pump-room-di',
      name: 'Pump room inputs',
      location: { floor: -1, text: 'pump room' },
      systemAddress: 1,
    });
    const catalog = normalizer.catalog();
    expect(catalog.components).toEqual([
      {
        id: 'pump-room-di',
        systemType: 11,
        componentType: 84,
        vendor: 'Generic',
        model: 'Modbus digital-input module (8 DI)',
        name: 'Pump room inputs',
        location: { floor: -1, text: 'pump room' },
        systemAddress: 1,
      },
    ]);
    expect(catalogSchema.safeParse({ gatewayId: 'gw', ...catalog }).success).toBe(true);
  });

  it('rejects bad options with errors that say what to do', () => {
    expect(() => createDeviceNormalizer(mpd, { deviceId: 'Riser 2F' })).toThrow(
      /deviceId "Riser 2F" is not a valid id/,
    );
    expect(() => createDeviceNormalizer(mpd, { deviceId: 'r', points: ['presure'] })).toThrow(
      /no point or event "presure": choose from pressure/,
    );
    expect(() => createDeviceNormalizer(gst, { deviceId: 'f', loops: [17] })).toThrow(
      /maps loops 1..16, not 17/,
    );
    expect(() => createDeviceNormalizer(mpd, { deviceId: 'r', overrides: { level: {} } })).toThrow(
      /has no such point/,
    );
    expect(() =>
      createDeviceNormalizer(mpd, {
        deviceId: 'r',
        overrides: { pressure: { thresholds: { low: 200, high: 100 } } },
      }),
    ).toThrow(/low must be below high/);
  });

  it("uses the device's own alarm setting as the threshold, and the static one while that is unreadable", () => {
    const rcm = getProfile('residual-current-monitor-4');
    const normalizer = createDeviceNormalizer(rcm, { deviceId: 'rcm-3', points: ['loop1-residual-current'] });
    const snapshot = (current: number, setting: number | undefined) =>
      createRegisterSnapshot([
        { table: 'holding', address: 0, values: [current] },
        ...(setting === undefined ? [] : [{ table: 'holding' as const, address: 16, values: [setting] }]),
      ]);
    expect(normalizer.normalize(snapshot(350, 300), 1).events).toMatchObject([
      { kind: 'high-alarm', active: true, source: { value: 350, threshold: 300 } },
    ]);
    expect(normalizer.normalize(snapshot(290, 300), 2).events).toEqual([]); // within the 20 mA hysteresis
    expect(normalizer.normalize(snapshot(270, 300), 3).events).toMatchObject([
      { kind: 'high-alarm', active: false },
    ]);
    // Setting not read: the profile's 500 mA applies.
    expect(normalizer.normalize(snapshot(450, undefined), 4).events).toEqual([]);
    expect(normalizer.normalize(snapshot(520, undefined), 5).events).toMatchObject([
      { kind: 'high-alarm', active: true, source: { threshold: 500 } },
    ]);
  });

  it('never throws on a snapshot holding values no register can hold', () => {
    const normalizer = createDeviceNormalizer(getProfile('ningbo-arc-fault-detector'), { deviceId: 'afd-9' });
    const result = normalizer.normalize(
      createRegisterSnapshot([
        { table: 'holding', address: 0, values: [70_000] },
        { table: 'holding', address: 6, values: [-1] },
      ]),
      1,
    );
    expect(result.readings.map((r) => [r.point, r.value, r.quality.level])).toEqual([
      ['afd-9.line-current', null, 'bad'],
      ['afd-9.arc-alarm-state', null, 'bad'],
    ]);
    expect(result.events).toEqual([]);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['bad-reading', 'bad-reading']);
  });
});
