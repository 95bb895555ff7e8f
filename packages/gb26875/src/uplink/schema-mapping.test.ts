import type { Catalog, FireEvent } from '@firecode/schema';
import { describe, expect, it } from 'vitest';
import { TypeFlag } from '../adu/index.js';
import { timeFromDate } from '../frame/index.js';
import { createSchemaMapping } from './schema-mapping.js';

const catalog: Catalog = {
  gatewayId: 'gw',
  components: [
    { id: 'panel', systemType: 1, systemAddress: 2, componentType: 1, location: { text: '消防控制室' } },
    { id: 'riser', systemType: 11, componentType: 0, componentAddress: 7 },
  ],
  points: [{ id: 'riser.pressure', component: 'riser', kind: 'pressure', unit: 'kPa' }],
} as Catalog;
const time = (ms: number) => timeFromDate(ms);
const at = 1_780_000_000_000;
const fire = (kind: FireEvent['kind'], active: boolean): FireEvent => ({
  time: at,
  kind,
  active,
  component: 'panel',
  systemType: 1,
  componentType: 40,
  loop: 1,
  address: 23,
  description: '2F corridor',
});

describe('createSchemaMapping', () => {
  it('keeps one status word per component: conditions add up, clear one by one, reset clears', () => {
    const mapping = createSchemaMapping();
    const word = (event: FireEvent) => {
      const [adu] = mapping.events([event], catalog, time);
      expect(adu?.type).toBe(TypeFlag.componentStatus);
      return (adu as unknown as { objects: { status: number }[] }).objects[0]!.status;
    };
    expect(word(fire('fire', true))).toBe(0b011);
    expect(word(fire('fault', true))).toBe(0b111);
    expect(word(fire('fire', false))).toBe(0b101);
    expect(word(fire('restored', true))).toBe(0b001);
    word(fire('fire', true));
    expect(word(fire('reset', true))).toBe(0b001);
  });

  it('packs loop and address into the component address and takes the system address from the catalog', () => {
    const [adu] = createSchemaMapping().events([fire('fire', true)], catalog, time);
    expect(adu).toEqual({
      type: TypeFlag.componentStatus,
      objects: [
        {
          systemType: 1,
          systemAddress: 2,
          componentType: 40,
          componentAddress: 65536 + 23,
          status: 0b11,
          description: '2F corridor',
          time: timeFromDate(at),
        },
      ],
    });
  });

  it('sends pressure as analog type 5 (0.1 kPa) and skips readings without a value', () => {
    const adus = createSchemaMapping().readings(
      [
        { point: 'riser.pressure', time: at, value: 419, quality: { level: 'good' } },
        { point: 'riser.pressure', time: at, value: null, quality: { level: 'bad' } },
      ] as never,
      catalog,
      time,
    );
    expect(adus).toEqual([
      {
        type: TypeFlag.analogValue,
        objects: [
          {
            systemType: 11,
            systemAddress: 1,
            componentType: 0,
            componentAddress: 7,
            analogType: 5,
            value: 4190,
            time: timeFromDate(at),
          },
        ],
      },
    ]);
  });
});
