import {
  componentStatusBits,
  decodeComponentStatus,
  decodeSystemOperation,
  decodeSystemStatus,
  decodeTransmissionOperation,
  eventKinds,
  type FireEvent,
  GOOD,
  systemStatusBits,
} from '@firecode/schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAdu, encodeAdu } from '../adu/codec.js';
import type { AduOf, Gb26875Adu } from '../adu/objects.js';
import { answerRequest } from './answer.js';
import { coalesce } from './coalesce.js';
import { eventRules } from './conditions.js';
import { Gb26875Mapper, idAddress } from './mapper.js';
import { testCatalog } from './test-catalog.js';
import { userDefinedCodes } from './user-defined.js';

const T = Date.UTC(2026, 11, 3, 13, 16, 53); // 21:16:53 in Beijing
const label = { year: 2026, month: 12, day: 3, hour: 21, minute: 16, second: 53 };

function panelEvent(kind: FireEvent['kind'], active: boolean, extra: Partial<FireEvent> = {}): FireEvent {
  return {
    time: T,
    kind,
    active,
    component: 'panel-1',
    systemType: 1,
    componentType: 42,
    loop: 1,
    address: 23,
    description: '2F走廊烟感',
    ...extra,
  };
}

function roundTrip(adus: Gb26875Adu[]): Gb26875Adu[] {
  return adus.map((adu) => decodeAdu(encodeAdu(adu)));
}

describe('Gb26875Mapper', () => {
  it('a fire at a panel point: type 2 with the fire bit, then type 1 of its system', () => {
    const mapper = new Gb26875Mapper(testCatalog);
    const adus = roundTrip(mapper.event(panelEvent('fire', true)));
    expect(adus.map((adu) => adu.type)).toEqual([2, 1]);
    const [component] = (adus[0] as AduOf<2>).objects;
    expect(component).toEqual({
      systemType: 1,
      systemAddress: 1,
      componentType: 42,
      componentAddress: 1 * 65536 + 23,
      status: 0b11,
      description: '2F走廊烟感',
      time: label,
    });
    expect(decodeComponentStatus(component!.status)).toMatchObject({
      normal: true,
      fireAlarm: true,
      fault: false,
    });
    const system = (adus[1] as AduOf<1>).objects[0]!;
    expect(decodeSystemStatus(system.status)).toMatchObject({ normal: true, fireAlarm: true });
    // The same fire again changes nothing the centre sees.
    expect(mapper.event(panelEvent('fire', true))).toEqual([]);
    // It clears: the component word goes back to normal, and so does the system's.
    const cleared = mapper.event(panelEvent('fire', false));
    expect(cleared.map((adu) => [adu.type, (adu.objects[0] as { status: number }).status])).toEqual([
      [2, 1],
      [1, 1],
    ]);
  });

  it('the system word summarises all its components; a fault stays while a fire clears', () => {
    const mapper = new Gb26875Mapper(testCatalog);
    mapper.event(panelEvent('fire', true));
    mapper.event(panelEvent('fault', true, { loop: 2, address: 5, componentType: 40 }));
    const adus = mapper.event(panelEvent('fire', false));
    const system = adus.find((adu) => adu.type === 1) as AduOf<1>;
    expect(decodeSystemStatus(system.objects[0]!.status)).toMatchObject({ fireAlarm: false, fault: true });
  });

  it('system-level power and bus faults set the system word only', () => {
    const mapper = new Gb26875Mapper(testCatalog);
    const adus = mapper.event({
      ...panelEvent('main-power-fault', true),
      loop: undefined,
      address: undefined,
    });
    expect(adus.map((adu) => adu.type)).toEqual([1]);
    expect(decodeSystemStatus((adus[0] as AduOf<1>).objects[0]!.status)).toMatchObject({
      mainPowerFault: true,
    });
  });

  it('a reset: type 4 with the reset flag, the cleared components, the system word with the reset bit once', () => {
    const mapper = new Gb26875Mapper(testCatalog);
    mapper.event(panelEvent('fire', true));
    mapper.event(panelEvent('fault', true, { loop: 2, address: 5 }));
    const adus = mapper.event({ ...panelEvent('reset', true), loop: undefined, address: undefined });
    expect(adus.map((adu) => adu.type)).toEqual([4, 2, 1]);
    expect(decodeSystemOperation((adus[0] as AduOf<4>).objects[0]!.operation)).toMatchObject({ reset: true });
    expect((adus[1] as AduOf<2>).objects[0]).toMatchObject({ componentAddress: 65536 + 23, status: 1 });
    const system = decodeSystemStatus((adus[2] as AduOf<1>).objects[0]!.status);
    expect(system).toMatchObject({ reset: true, fault: true, fireAlarm: false });
    // The next system word carries no reset bit.
    const next = mapper.event(panelEvent('fault', false, { loop: 2, address: 5 }));
    expect(decodeSystemStatus((next[1] as AduOf<1>).objects[0]!.status).reset).toBe(false);
  });

  it('operator actions: silence and self-test at the panel (type 4), check-in answered at the gateway (type 24)', () => {
    const mapper = new Gb26875Mapper(testCatalog);
    const silence = mapper.event({ ...panelEvent('silenced', true), loop: undefined, address: undefined });
    expect(decodeSystemOperation((silence[0] as AduOf<4>).objects[0]!.operation)).toMatchObject({
      silence: true,
    });
    const selfTest = mapper.systemAction({ systemType: 1, systemAddress: 1 }, 'selfTest', {
      time: T,
      operator: 2,
    });
    expect((selfTest[0] as AduOf<4>).objects[0]).toMatchObject({ operation: 1 << 4, operator: 2 });
    const checkIn = mapper.transmissionAction('checkInAnswered', { time: T, operator: 3 });
    expect(decodeAdu(encodeAdu(checkIn))).toEqual({
      type: 24,
      objects: [{ operation: 1 << 5, operator: 3, time: label }],
    });
    expect(decodeTransmissionOperation(1 << 5).checkInAnswered).toBe(true);
  });

  it('readings: pressure as type 5 (0.1 kPa), residual current as user-defined type 128, state points not at all', () => {
    const mapper = new Gb26875Mapper(testCatalog);
    const pressure = mapper.reading({ point: 'riser-2f-pressure', time: T, value: 419, quality: GOOD });
    expect(pressure).toEqual({
      type: 3,
      objects: [
        {
          systemType: 11,
          systemAddress: 0,
          componentType: 0,
          componentAddress: 2,
          analogType: 5,
          value: 4190,
          time: label,
        },
      ],
    });
    const residual = mapper.reading({ point: 'efm-1-residual', time: T, value: 312, quality: GOOD });
    expect((residual as AduOf<3>).objects[0]).toMatchObject({
      analogType: 128,
      value: 312,
      componentType: 17,
    });
    expect(userDefinedCodes.map((code) => code.code)).toContain(128);
    expect(mapper.reading({ point: 'efm-1-state', time: T, value: 1, quality: GOOD })).toBeUndefined();
    expect(
      mapper.reading({ point: 'riser-2f-pressure', time: T, value: null, quality: GOOD }),
    ).toBeUndefined();
  });

  it('refuses what it cannot map, with a code', () => {
    const mapper = new Gb26875Mapper(testCatalog);
    expect(() => mapper.reading({ point: 'nope', time: T, value: 1, quality: GOOD })).toThrow(
      /not in the catalog/,
    );
    expect(() => mapper.reading({ point: 'riser-2f-pressure', time: T, value: 5000, quality: GOOD })).toThrow(
      expect.objectContaining({ code: 'GB26875_UNMAPPED' }),
    );
    expect(() => mapper.event({ ...panelEvent('fire', true), component: 'ghost' })).toThrow(/ghost/);
  });

  it('threshold alarms and offline are supervisory and fault; online and restored clear them', () => {
    const mapper = new Gb26875Mapper(testCatalog);
    const base = { time: T, component: 'riser-2f', systemType: 11, componentType: 0 } as const;
    const low = mapper.event({ ...base, kind: 'low-alarm', active: true });
    expect(decodeComponentStatus((low[0] as AduOf<2>).objects[0]!.status).supervisory).toBe(true);
    const offline = mapper.event({ ...base, kind: 'offline', active: true });
    expect(decodeComponentStatus((offline[0] as AduOf<2>).objects[0]!.status).fault).toBe(true);
    const online = mapper.event({ ...base, kind: 'online', active: true });
    expect(decodeComponentStatus((online[0] as AduOf<2>).objects[0]!.status)).toMatchObject({
      fault: false,
      supervisory: true,
    });
    const restored = mapper.event({ ...base, kind: 'restored', active: true });
    expect((restored[0] as AduOf<2>).objects[0]!.status).toBe(1);
  });

  it('every event kind has a rule, and the rules use bits the schema tables define', () => {
    expect(Object.keys(eventRules).sort()).toEqual([...eventKinds].sort());
    const componentEvents = new Set(componentStatusBits.map((bit) => (bit as { event?: string }).event));
    const systemEvents = new Set(systemStatusBits.map((bit) => (bit as { event?: string }).event));
    for (const [kind, rule] of Object.entries(eventRules)) {
      if (rule.effect === 'system') expect(systemEvents.has(kind)).toBe(true);
      if (rule.effect === 'condition' && componentEvents.has(kind)) expect(rule.condition).toBe(kind);
    }
  });

  it('answers the centre’s read requests from live state, and returns undefined where it must deny', () => {
    const mapper = new Gb26875Mapper(testCatalog);
    mapper.event(panelEvent('fire', true));
    mapper.reading({ point: 'riser-2f-pressure', time: T, value: 419, quality: GOOD });
    mapper.transmissionAction('checkInAnswered', { time: T });
    const facts = { softwareVersion: { major: 1, minor: 4 }, transmissionStatus: 0x01 };
    const ask = (adu: Gb26875Adu) => answerRequest(mapper, adu, facts, T);
    expect(ask({ type: 61, objects: [{ systemType: 1, systemAddress: 1 }] })).toEqual([
      { type: 1, objects: [{ systemType: 1, systemAddress: 1, status: 0b11, time: label }] },
    ]);
    expect(
      ask({ type: 62, objects: [{ systemType: 1, systemAddress: 1, componentAddress: 65536 + 23 }] })?.[0],
    ).toMatchObject({
      type: 2,
      objects: [{ status: 0b11, description: '2F走廊烟感' }],
    });
    expect(
      ask({ type: 63, objects: [{ systemType: 11, systemAddress: 0, componentAddress: 2 }] })?.[0],
    ).toMatchObject({
      type: 3,
      objects: [{ analogType: 5, value: 4190 }],
    });
    expect(
      ask({ type: 67, objects: [{ systemType: 11, systemAddress: 0, componentAddress: 2 }] })?.[0],
    ).toMatchObject({
      type: 7,
      objects: [{ componentType: 0, description: 'Riser 2F pressure' }],
    });
    expect(ask({ type: 66, objects: [{ systemType: 1, systemAddress: 1 }] })?.[0]).toMatchObject({
      type: 6,
      objects: [{ configuration: 'Fire alarm controller; Leader LD128E; 2 components' }],
    });
    expect(ask({ type: 68, objects: [{ systemType: 1, systemAddress: 1 }] })).toEqual([
      { type: 8, objects: [{ systemType: 1, systemAddress: 1, time: label }] },
    ]);
    expect(ask({ type: 81, objects: [{ reserved: 0 }] })).toEqual([
      { type: 21, objects: [{ status: 1, time: label }] },
    ]);
    expect(
      ask({ type: 84, objects: [{ count: 10, start: { ...label, hour: 0 } }] })?.[0]?.objects,
    ).toHaveLength(1);
    expect(
      ask({ type: 84, objects: [{ count: 10, start: { ...label, minute: 17 } }] })?.[0]?.objects,
    ).toHaveLength(0);
    expect(ask({ type: 85, objects: [{ reserved: 0 }] })).toEqual([
      { type: 25, objects: [{ major: 1, minor: 4 }] },
    ]);
    expect(ask({ type: 86, objects: [{ reserved: 0 }] })?.[0]).toMatchObject({
      objects: [{ configuration: 'gateway gw-tower-a; building B-001; 3 systems; 3 components; 3 points' }],
    });
    expect(ask({ type: 88, objects: [{ reserved: 0 }] })).toEqual([{ type: 28, objects: [{ time: label }] }]);
    // Deny: unknown system, unknown component, no version configured, not a request.
    expect(ask({ type: 61, objects: [{ systemType: 12, systemAddress: 0 }] })).toBeUndefined();
    expect(
      ask({ type: 62, objects: [{ systemType: 1, systemAddress: 1, componentAddress: 99 }] }),
    ).toBeUndefined();
    expect(ask({ type: 65, objects: [{ systemType: 1, systemAddress: 1 }] })).toBeUndefined();
    expect(ask({ type: 91, objects: [{ timeoutMinutes: 10 }] })).toBeUndefined();
    // Every answer encodes.
    for (const type of [61, 64] as const) {
      const objects =
        type === 61
          ? [{ systemType: 1, systemAddress: 1 }]
          : [{ systemType: 1, systemAddress: 1, count: 5, start: label }];
      for (const adu of ask({ type, objects } as Gb26875Adu) ?? [])
        expect(() => encodeAdu(adu)).not.toThrow();
    }
  });

  it('coalesce packs consecutive same-type units in order and splits at the limits', () => {
    const mapper = new Gb26875Mapper(testCatalog);
    const adus: Gb26875Adu[] = [];
    for (let address = 0; address < 30; address++)
      adus.push(...mapper.event(panelEvent('fault', true, { address })));
    // Each fault: a type 2, and the first also a type 1 (the system word changed once).
    const packed = coalesce(adus);
    expect(packed.map((adu) => [adu.type, adu.objects.length])).toEqual([
      [2, 1],
      [1, 1],
      [2, 22],
      [2, 7],
    ]);
  });

  it('cuts long descriptions at a character boundary to 31 GB18030 bytes', () => {
    const mapper = new Gb26875Mapper(testCatalog);
    const long = '一二三四五六七八九十一二三四五六七八九十';
    const adus = mapper.event(panelEvent('fire', true, { description: long }));
    expect((adus[0] as AduOf<2>).objects[0]!.description).toBe(long.slice(0, 15));
  });

  it('gives catalog components without an address a stable hash address, and refuses two on one address', () => {
    const catalog = {
      ...testCatalog,
      components: [...testCatalog.components, { id: 'riser-3f', systemType: 11, componentType: 0 }],
    };
    const mapper = new Gb26875Mapper(catalog);
    expect(mapper.componentKey(catalog.components[3]!).componentAddress).toBe(idAddress('riser-3f'));
    expect(idAddress('riser-3f')).toBe(idAddress('riser-3f'));
    expect(idAddress('riser-3f')).not.toBe(idAddress('riser-4f'));
    const clash = {
      ...testCatalog,
      components: [
        ...testCatalog.components,
        { id: 'riser-2f-b', systemType: 11, componentType: 0, componentAddress: 2 },
      ],
    };
    expect(() => new Gb26875Mapper(clash)).toThrow(
      /"riser-2f" and "riser-2f-b" would both be component address 2/,
    );
  });

  it('sends the whole configuration and status, packed', () => {
    const mapper = new Gb26875Mapper(testCatalog);
    mapper.event(panelEvent('fire', true));
    const configuration = mapper.configurationUnits();
    expect(configuration.map((adu) => [adu.type, adu.objects.length])).toEqual([
      [6, 3],
      [7, 3],
    ]);
    expect((configuration[1] as AduOf<7>).objects[0]).toMatchObject({
      componentType: 1,
      description: '1号火灾报警控制器',
    });
    const status = mapper.statusUnits(T);
    // 3 systems; components: the 3 of the catalog and the panel point seen in the event.
    expect(status.map((adu) => [adu.type, adu.objects.length])).toEqual([
      [1, 3],
      [2, 4],
    ]);
    for (const adu of [...configuration, ...status]) expect(() => encodeAdu(adu)).not.toThrow();
  });
});

describe('Gb26875Mapper properties', () => {
  it('any sequence of events yields encodable units whose words keep bit 0 and match the conditions', () => {
    const eventArb = fc.record({
      kind: fc.constantFrom(...eventKinds),
      active: fc.boolean(),
      target: fc.constantFrom('point', 'riser', 'panel'),
      address: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 40 }), (events) => {
        const mapper = new Gb26875Mapper(testCatalog);
        for (const { kind, active, target, address } of events) {
          const event: FireEvent =
            target === 'riser'
              ? { time: T, kind, active, component: 'riser-2f', systemType: 11, componentType: 0 }
              : target === 'panel'
                ? { time: T, kind, active, component: 'panel-1', systemType: 1, componentType: 1 }
                : panelEvent(kind, active, { address });
          for (const adu of mapper.event(event)) {
            const bytes = encodeAdu(adu);
            expect(decodeAdu(bytes)).toEqual(adu);
            for (const object of adu.objects as readonly { status?: number }[]) {
              if (object.status !== undefined) expect(object.status & 1).toBe(1);
            }
          }
        }
        // The system word is the union of its components' alarm bits: fire in one means fire in it.
        for (const system of mapper.state.systems.values()) {
          const anyFire = [...system.components.values()].some((c) => c.conditions.has('fire'));
          expect(decodeSystemStatus(system.status).fireAlarm).toBe(anyFire);
        }
      }),
      { numRuns: 300 },
    );
  });
});
