import type { Catalog } from '@firecode/schema';

/** Test catalog: a fire panel, a hydrant riser pressure transmitter, an electrical-fire monitor. */
export const testCatalog: Catalog = {
  gatewayId: 'gw-tower-a',
  building: { id: 'B-001', name: 'Tower A', address: '1 Example Road' },
  systems: [
    { systemType: 1, systemAddress: 1, name: 'Fire alarm controller', vendor: 'Leader', model: 'LD128E' },
    { systemType: 11, systemAddress: 0, name: 'Hydrant system' },
    { systemType: 0, systemAddress: 0, name: 'Electrical fire monitoring' },
  ],
  components: [
    {
      id: 'panel-1',
      name: '1号火灾报警控制器',
      systemType: 1,
      systemAddress: 1,
      componentType: 1,
      componentAddress: 0,
    },
    { id: 'riser-2f', name: 'Riser 2F pressure', systemType: 11, componentType: 0, componentAddress: 2 },
    { id: 'efm-1', name: 'Distribution board 3F', systemType: 0, componentType: 17, componentAddress: 7 },
  ],
  points: [
    { id: 'riser-2f-pressure', kind: 'pressure', unit: 'kPa', component: 'riser-2f' },
    { id: 'efm-1-residual', kind: 'residual-current', unit: 'mA', component: 'efm-1' },
    { id: 'efm-1-state', kind: 'state', unit: '', component: 'efm-1' },
  ],
};
