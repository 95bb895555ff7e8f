import { describe, expect, it } from 'vitest';
import { type Catalog, catalogSchema } from './catalog.js';

const catalog: Catalog = {
  gatewayId: 'gw-tower-a',
  building: { id: '310101-0001', name: 'Tower A', address: '1 Century Avenue, Shanghai', height: 120 },
  components: [
    { id: 'pt-riser-1', systemType: 11, componentType: 0, location: { floor: -1, text: 'pump room' } },
    { id: 'fap-1', systemType: 1, componentType: 1, panel: { loop: 0, address: 0 } },
  ],
  points: [
    {
      id: 'riser-1-pressure',
      kind: 'pressure',
      unit: 'kPa',
      component: 'pt-riser-1',
      range: { min: 0, max: 1600 },
      thresholds: { low: 100, high: 1200, hysteresis: 10 },
    },
  ],
};

describe('catalogSchema', () => {
  it('accepts a consistent catalog', () => {
    expect(catalogSchema.parse(catalog)).toEqual(catalog);
  });

  it('reports a point whose component is missing, with its path', () => {
    const broken = { ...catalog, points: [{ ...catalog.points[0]!, component: 'nowhere' }] };
    const result = catalogSchema.safeParse(broken);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['points', 0, 'component']]);
  });

  it('reports duplicate component and point ids', () => {
    const broken = {
      ...catalog,
      components: [...catalog.components, catalog.components[0]!],
      points: [...catalog.points, catalog.points[0]!],
    };
    const paths = catalogSchema.safeParse(broken).error?.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(['components.2.id', 'points.1.id']);
  });

  it('checks that components belong to listed systems and the gateway matches', () => {
    const withSystems = {
      ...catalog,
      gateway: { id: 'gw-tower-a', vendor: 'Acme' },
      systems: [
        { systemType: 11, systemAddress: 0 },
        { systemType: 1, systemAddress: 0, name: 'FAP tower A' },
      ],
    };
    expect(catalogSchema.safeParse(withSystems).success).toBe(true);
    const broken = {
      ...withSystems,
      gateway: { id: 'gw-other' },
      systems: [withSystems.systems[0]!, withSystems.systems[0]!],
    };
    const issues = catalogSchema.safeParse(broken).error?.issues ?? [];
    expect(issues.map((issue) => issue.path.join('.'))).toEqual([
      'gateway.id',
      'systems.1',
      'components.1.systemType',
    ]);
    expect(issues[2]?.message).toContain(
      'component "fap-1" is in system type 1 address 0, which is not in systems',
    );
  });

  it('rejects a point in a non-canonical unit', () => {
    const broken = { ...catalog, points: [{ ...catalog.points[0]!, unit: 'MPa' }] };
    const issues = catalogSchema.safeParse(broken).error?.issues ?? [];
    expect(issues.map((issue) => issue.path.join('.'))).toEqual(['points.0.unit']);
    expect(issues[0]?.message).toContain('"kPa"');
  });
});
