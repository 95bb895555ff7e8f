import type { Catalog, FireEvent, Reading } from '@firecode/schema';
import { describe, expect, it } from 'vitest';
import { STATUS_RULE_SET_VERSION } from './rule-set.js';
import { BuildingStatusEngine } from './status-engine.js';

const T0 = Date.UTC(2026, 11, 3, 12, 0, 0);
const MIN = 60_000;

/** A small tower: a panel, a hydrant riser transmitter, a fire pump, a sprinkler pump, an electrical-fire monitor. */
function catalog(gatewayId = 'gw-1', buildingId = 'B-1'): Catalog {
  return {
    gatewayId,
    building: { id: buildingId, name: `Tower ${buildingId}`, address: '1 Test Road' },
    components: [
      { id: 'panel', name: 'Fire panel', systemType: 1, componentType: 1 },
      {
        id: 'riser',
        name: 'Riser transmitter',
        systemType: 11,
        componentType: 0,
        location: { text: 'riser-2F' },
      },
      { id: 'pump', name: 'Fire pump', systemType: 11, componentType: 91 },
      { id: 'spray', name: 'Sprinkler pump', systemType: 12, componentType: 95 },
      { id: 'efm', name: 'Electrical fire monitor', systemType: 0, componentType: 16 },
    ],
    points: [
      {
        id: 'riser-pressure',
        kind: 'pressure',
        unit: 'kPa',
        component: 'riser',
        thresholds: { low: 100, high: 1000, hysteresis: 10 },
      },
      { id: 'efm-leak', kind: 'residual-current', unit: 'mA', component: 'efm' },
      { id: 'pump-outlet', kind: 'pressure', unit: 'kPa', component: 'pump' },
    ],
  };
}

function event(
  kind: FireEvent['kind'],
  active: boolean,
  time: number,
  extra: Partial<FireEvent> = {},
): FireEvent {
  return { time, kind, active, component: 'panel', systemType: 1, componentType: 40, ...extra };
}

function pressure(value: number, time: number, point = 'riser-pressure'): Reading {
  return { point, time, value, quality: { level: 'good' } };
}

function started(options: ConstructorParameters<typeof BuildingStatusEngine>[0] = {}) {
  const engine = new BuildingStatusEngine(options);
  engine.birth('gw-1', catalog(), T0);
  engine.gatewayState('gw-1', true, T0);
  engine.batch({ gatewayId: 'gw-1', readings: [pressure(420, T0)] }, T0);
  return engine;
}

describe('BuildingStatusEngine', () => {
  it('is green with no indicators for a healthy building, with the rule set version', () => {
    const engine = started();
    const status = engine.status('B-1', T0 + 1000)!;
    expect(status).toMatchObject({
      buildingId: 'B-1',
      name: 'Tower B-1',
      colour: 'green',
      indicators: [],
      ruleSetVersion: STATUS_RULE_SET_VERSION,
      gatewayIds: ['gw-1'],
    });
  });

  it('fire-alarm: an active fire turns the building red with the detector and since when; clearing it turns it back', () => {
    const engine = started();
    const fire = event('fire', true, T0 + 5000, { loop: 1, address: 23, description: '2F corridor' });
    const raised = engine.batch({ gatewayId: 'gw-1', events: [fire] }, T0 + 5100);
    expect(raised).toHaveLength(1);
    expect(raised[0]!.colour).toBe('red');
    expect(raised[0]!.since).toBe(T0 + 5000);
    expect(raised[0]!.indicators[0]).toMatchObject({
      rule: 'fire-alarm',
      colour: 'red',
      gatewayId: 'gw-1',
      component: 'panel',
      loop: 1,
      address: 23,
      since: T0 + 5000,
    });
    expect(raised[0]!.indicators[0]!.summary).toBe('Fire: smoke detector loop 1 addr 23 — 2F corridor');

    // The same fire reported again is the same condition, since its first report: no change.
    expect(engine.batch({ gatewayId: 'gw-1', events: [{ ...fire, time: T0 + 9000 }] }, T0 + 9000)).toEqual(
      [],
    );

    const cleared = engine.batch({ gatewayId: 'gw-1', events: [{ ...fire, active: false }] }, T0 + 20_000);
    expect(cleared.map((s) => s.colour)).toEqual(['green']);
    expect(cleared[0]!.indicators).toEqual([]);
  });

  it('fire-alarm: a panel reset clears fires of its system, not faults of the water system', () => {
    const engine = started();
    engine.batch(
      {
        gatewayId: 'gw-1',
        events: [
          event('fire', true, T0, { loop: 1, address: 23 }),
          event('fault', true, T0, { component: 'pump', systemType: 11, componentType: 91 }),
        ],
      },
      T0,
    );
    expect(engine.status('B-1', T0)!.colour).toBe('red');
    const [after] = engine.batch({ gatewayId: 'gw-1', events: [event('reset', true, T0 + 1000)] }, T0 + 1000);
    expect(after!.colour).toBe('orange');
    expect(after!.indicators.map((i) => i.rule)).toEqual(['water-system-fault']);
  });

  it('water-pressure-dip then water-pressure-low: yellow below the minimum, orange after lowPressureMinutes, green when it recovers past the hysteresis', () => {
    const engine = started({ thresholds: { lowPressureMinutes: 5 } });
    const [dip] = engine.batch({ gatewayId: 'gw-1', readings: [pressure(92, T0 + MIN)] }, T0 + MIN);
    expect(dip!.colour).toBe('yellow');
    expect(dip!.indicators[0]).toMatchObject({
      rule: 'water-pressure-dip',
      point: 'riser-pressure',
      value: 92,
      unit: 'kPa',
      threshold: 100,
      since: T0 + MIN,
    });
    expect(dip!.indicators[0]!.summary).toContain('riser-pressure (riser-2F) 92.0 kPa, minimum 100 kPa');

    // A lower value is the same dip (a value change, not a status change).
    expect(engine.batch({ gatewayId: 'gw-1', readings: [pressure(90, T0 + 2 * MIN)] }, T0 + 2 * MIN)).toEqual(
      [],
    );
    expect(engine.tick(T0 + 5 * MIN)).toEqual([]); // 4 minutes below
    const [low] = engine.tick(T0 + 6 * MIN);
    expect(low!.colour).toBe('orange');
    expect(low!.indicators[0]).toMatchObject({ rule: 'water-pressure-low', value: 90, since: T0 + MIN });

    // 105 kPa is above the minimum but inside the 10 kPa hysteresis: still low.
    engine.batch({ gatewayId: 'gw-1', readings: [pressure(105, T0 + 7 * MIN)] }, T0 + 7 * MIN);
    expect(engine.status('B-1', T0 + 7 * MIN)!.colour).toBe('orange');
    const [ok] = engine.batch({ gatewayId: 'gw-1', readings: [pressure(111, T0 + 8 * MIN)] }, T0 + 8 * MIN);
    expect(ok!.colour).toBe('green');
  });

  it('water pressure: uses defaultMinimumKpa without a catalog threshold and minimumKpaByPoint over both', () => {
    const engine = started({
      thresholds: { defaultMinimumKpa: 300, minimumKpaByPoint: { 'riser-pressure': 50 } },
    });
    engine.batch(
      { gatewayId: 'gw-1', readings: [pressure(250, T0 + 1000, 'pump-outlet'), pressure(80, T0 + 1000)] },
      T0 + 1000,
    );
    const status = engine.status('B-1', T0 + 1000)!;
    expect(status.indicators.map((i) => [i.point, i.threshold])).toEqual([['pump-outlet', 300]]);
  });

  it('water pressure: readings as columns count like reading objects', () => {
    const engine = started();
    const columns = {
      length: 3,
      points: ['efm-leak', 'riser-pressure', 'riser-pressure'],
      times: [T0 + 1000, T0 + 1000, T0 + 2000],
      values: [12, 80, null],
      qualities: ['good', 'uncertain:stale', 'bad:communication-failure'],
    };
    const [status] = engine.batch({ gatewayId: 'gw-1', readings: columns }, T0 + 2000);
    expect(status!.indicators[0]).toMatchObject({ rule: 'water-pressure-dip', value: 80, since: T0 + 1000 });
  });

  it('water pressure: bad-quality readings and replayed older readings neither start nor end a dip', () => {
    const engine = started();
    engine.batch(
      {
        gatewayId: 'gw-1',
        readings: [{ point: 'riser-pressure', time: T0 + 1000, value: 0, quality: { level: 'bad' } }],
      },
      T0 + 1000,
    );
    expect(engine.status('B-1', T0 + 1000)!.colour).toBe('green');
    engine.batch({ gatewayId: 'gw-1', readings: [pressure(50, T0 - 10 * MIN)] }, T0 + 2000);
    expect(engine.status('B-1', T0 + 2000)!.colour).toBe('green');
  });

  it('water-system-fault: a pump or sprinkler fault is orange; restored clears it', () => {
    const engine = started();
    const pumpFault = event('fault', true, T0 + 1000, {
      component: 'spray',
      systemType: 12,
      componentType: 95,
    });
    const [raised] = engine.batch({ gatewayId: 'gw-1', events: [pumpFault] }, T0 + 1000);
    expect(raised!.colour).toBe('orange');
    expect(raised!.indicators[0]).toMatchObject({ rule: 'water-system-fault', component: 'spray' });
    expect(raised!.indicators[0]!.summary).toBe('Water system fault: Sprinkler pump');
    const [restored] = engine.batch(
      { gatewayId: 'gw-1', events: [{ ...pumpFault, kind: 'restored', time: T0 + 2000 }] },
      T0 + 2000,
    );
    expect(restored!.colour).toBe('green');
  });

  it('fault, supervisory, threshold-alarm: yellow, each with its own rule', () => {
    const engine = started();
    const [status] = engine.batch(
      {
        gatewayId: 'gw-1',
        events: [
          event('fault', true, T0 + 1, { loop: 2, address: 7 }),
          event('supervisory', true, T0 + 2, { loop: 3, address: 1 }),
          event('high-alarm', true, T0 + 3, {
            component: 'efm',
            systemType: 0,
            componentType: 16,
            point: 'efm-leak',
          }),
          event('feedback', true, T0 + 4, { loop: 4, address: 1 }), // not a status rule
        ],
      },
      T0 + 10,
    );
    expect(status!.colour).toBe('yellow');
    expect(status!.indicators.map((i) => i.rule)).toEqual(['fault', 'supervisory', 'threshold-alarm']);
    expect(status!.since).toBe(T0 + 1);
  });

  it('device-offline below offlineShare is yellow, devices-offline from it orange; a gateway offline takes all its devices', () => {
    const engine = started({ thresholds: { offlineShare: 0.4 } });
    const offline = (component: string, time: number) =>
      event('offline', true, time, { component, systemType: 11, componentType: 0 });
    const [one] = engine.batch({ gatewayId: 'gw-1', events: [offline('riser', T0 + 1000)] }, T0 + 1000);
    expect(one!.colour).toBe('yellow');
    expect(one!.indicators[0]).toMatchObject({ rule: 'device-offline', value: 0.2, threshold: 0.4 });
    const [two] = engine.batch({ gatewayId: 'gw-1', events: [offline('pump', T0 + 2000)] }, T0 + 2000);
    expect(two!.colour).toBe('orange');
    expect(two!.indicators[0]!.summary).toBe('Devices offline: 2 of 5 (40 %): riser, pump');
    expect(two!.since).toBe(T0 + 1000);

    const [back] = engine.batch(
      {
        gatewayId: 'gw-1',
        events: [
          { ...offline('riser', T0 + 3000), kind: 'online' },
          { ...offline('pump', T0 + 3000), active: false },
        ],
      },
      T0 + 3000,
    );
    expect(back!.colour).toBe('green');

    const [gone] = engine.gatewayState('gw-1', false, T0 + 4000);
    expect(gone!.colour).toBe('orange');
    expect(gone!.indicators[0]).toMatchObject({ rule: 'devices-offline', value: 1, since: T0 + 4000 });
    expect(gone!.indicators[0]!.summary).toContain('gateway gw-1 offline');
    expect(engine.gatewayState('gw-1', true, T0 + 5000)[0]!.colour).toBe('green');
  });

  it('stale-data: an online gateway silent for staleMinutes turns yellow until it sends again', () => {
    const engine = started({ thresholds: { staleMinutes: 10 } });
    expect(engine.tick(T0 + 9 * MIN)).toEqual([]);
    const [stale] = engine.tick(T0 + 10 * MIN);
    expect(stale!.colour).toBe('yellow');
    expect(stale!.indicators[0]).toMatchObject({
      rule: 'stale-data',
      gatewayId: 'gw-1',
      since: T0,
      value: 10,
    });
    const [fresh] = engine.batch(
      { gatewayId: 'gw-1', readings: [pressure(420, T0 + 11 * MIN)] },
      T0 + 11 * MIN,
    );
    expect(fresh!.colour).toBe('green');
  });

  it('shielded and maintenance-overdue are blue; unshielded and a done date clear them', () => {
    const engine = started();
    const shield = event('shielded', true, T0 + 1000, { loop: 1, address: 9 });
    expect(engine.batch({ gatewayId: 'gw-1', events: [shield] }, T0 + 1000)[0]!.colour).toBe('blue');
    expect(
      engine.batch({ gatewayId: 'gw-1', events: [{ ...shield, kind: 'unshielded' }] }, T0 + 2000)[0]!.colour,
    ).toBe('green');

    const item = { id: 'yearly-2026', description: 'yearly inspection', dueAt: T0 + 5 * MIN };
    expect(engine.maintenance('B-1', item, T0)).toEqual([]);
    const [overdue] = engine.tick(T0 + 6 * MIN); // before the gateway would count as stale
    expect(overdue!.colour).toBe('blue');
    expect(overdue!.indicators[0]).toMatchObject({ rule: 'maintenance-overdue', since: T0 + 5 * MIN });
    expect(overdue!.indicators[0]!.summary).toBe('Maintenance overdue: yearly inspection (due 2026-12-03)');
    expect(engine.maintenance('B-1', { ...item, doneAt: T0 + 7 * MIN }, T0 + 7 * MIN)[0]!.colour).toBe(
      'green',
    );
  });

  it('the worst colour wins and indicators come worst first; the colour since is the oldest driving indicator', () => {
    const engine = started();
    engine.batch(
      { gatewayId: 'gw-1', events: [event('fault', true, T0 + 1, { loop: 2, address: 2 })] },
      T0 + 1,
    );
    engine.batch(
      { gatewayId: 'gw-1', events: [event('fire', true, T0 + 7, { loop: 1, address: 1 })] },
      T0 + 7,
    );
    engine.batch(
      { gatewayId: 'gw-1', events: [event('fire', true, T0 + 9, { loop: 1, address: 2 })] },
      T0 + 9,
    );
    const status = engine.status('B-1', T0 + 10)!;
    expect(status.colour).toBe('red');
    expect(status.since).toBe(T0 + 7);
    expect(status.indicators.map((i) => i.rule)).toEqual(['fire-alarm', 'fire-alarm', 'fault']);
  });

  it('keeps buildings apart, lists them worst first, and moves a gateway whose new catalog names another building', () => {
    const engine = started();
    engine.birth('gw-2', catalog('gw-2', 'B-2'), T0);
    engine.batch(
      { gatewayId: 'gw-2', events: [event('fire', true, T0 + 1, { loop: 1, address: 1 })] },
      T0 + 1,
    );
    expect(engine.buildings(T0 + 2).map((s) => [s.buildingId, s.colour])).toEqual([
      ['B-2', 'red'],
      ['B-1', 'green'],
    ]);
    const changed = engine.birth('gw-2', catalog('gw-2', 'B-1'), T0 + 3);
    expect(changed.map((s) => [s.buildingId, s.colour])).toEqual([
      ['B-2', 'green'],
      ['B-1', 'red'],
    ]);
    expect(engine.status('B-1', T0 + 3)!.gatewayIds).toEqual(['gw-1', 'gw-2']);
    expect(engine.gateways().find((g) => g.gatewayId === 'gw-2')).toMatchObject({ buildingId: 'B-1' });
  });

  it('a catalog without a building puts the gateway in a building of its own id', () => {
    const engine = new BuildingStatusEngine();
    const { building: _, ...anonymous } = catalog('gw-9');
    engine.birth('gw-9', anonymous, T0);
    expect(engine.status('gw-9', T0)).toMatchObject({ buildingId: 'gw-9', colour: 'green' });
    expect(engine.status('nowhere', T0)).toBeUndefined();
  });

  it('events that arrive before the birth are kept and count once the building is known', () => {
    const engine = new BuildingStatusEngine();
    expect(
      engine.batch({ gatewayId: 'gw-1', events: [event('fire', true, T0, { loop: 1, address: 23 })] }, T0),
    ).toEqual([]);
    const [status] = engine.birth('gw-1', catalog(), T0 + 1);
    expect(status!.colour).toBe('red');
  });

  it('rejects bad thresholds with a message naming the setting', () => {
    expect(() => new BuildingStatusEngine({ thresholds: { offlineShare: 20 } })).toThrow(
      /offlineShare is a share of devices, above 0 and at most 1 \(e\.g\. 0\.2\), got 20/,
    );
    expect(() => new BuildingStatusEngine({ thresholds: { lowPressureMinutes: 0 } })).toThrow(
      /lowPressureMinutes must be a positive number/,
    );
    expect(() => new BuildingStatusEngine({ thresholds: { minimumKpaByPoint: { x: Number.NaN } } })).toThrow(
      /minimumKpaByPoint\["x"\]/,
    );
  });
});
