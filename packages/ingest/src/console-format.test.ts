import { type Catalog, GOOD } from '@firecode/schema';
import { describe, expect, it } from 'vitest';
import { formatEvent, formatReading } from './console-format.js';

const catalog: Catalog = {
  gatewayId: 'gw-1',
  building: { id: 'B-001', name: 'Demo tower', address: '1 Demo Road' },
  components: [
    {
      id: 'pt-riser-2f',
      systemType: 11,
      componentType: 0,
      location: { floor: 2, text: 'riser-2F' },
    },
    { id: 'panel-1', systemType: 1, componentType: 1, name: 'GST panel' },
  ],
  points: [{ id: 'riser-2f-pressure', component: 'pt-riser-2f', kind: 'pressure', unit: 'kPa' }],
};

const noon = new Date(2026, 10, 29, 12, 0, 3).getTime();

describe('console format', () => {
  it('renders a reading with building, place, kind, value, unit and quality', () => {
    const line = formatReading(
      { point: 'riser-2f-pressure', time: noon, value: 412, quality: GOOD },
      catalog,
    );
    expect(line).toBe('12:00:03 B-001 riser-2F pressure 412.0 kPa good');
  });

  it('renders a bad reading with its reason', () => {
    const line = formatReading(
      {
        point: 'riser-2f-pressure',
        time: noon,
        value: null,
        quality: { level: 'bad', reason: 'communication-failure' },
      },
      catalog,
    );
    expect(line).toBe('12:00:03 B-001 riser-2F pressure - bad (communication-failure)');
  });

  it('renders a fire alarm with loop, address and the GB/T 26875.3 component type', () => {
    const line = formatEvent(
      {
        time: noon + 2000,
        kind: 'fire',
        active: true,
        component: 'panel-1',
        systemType: 1,
        componentType: 40,
        loop: 1,
        address: 23,
      },
      catalog,
    );
    expect(line).toMatch(/^12:00:05 FIRE loop 1 addr 23 .*smoke detector/);
  });
});
