/**
 * A small, realistic catalog and batch for tests and examples: a hydrant pressure transmitter, a
 * fire panel zone and a residual-current monitor.
 */
import type { FireEvent, Reading } from '@firecode/schema';
import type { CodecCatalog } from './catalog.js';
import type { DataBatch } from './messages.js';

export const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z

export const sampleCatalog: CodecCatalog = {
  gatewayId: 'gw-tower-a',
  components: [
    { id: 'pt-riser-1', systemType: 11, componentType: 99, name: 'Riser 1 pressure transmitter' },
    { id: 'fap-1', systemType: 1, componentType: 1, location: { floor: 1, text: 'control room' } },
    { id: 'efm-1', systemType: 23, componentType: 17 },
  ],
  points: [
    {
      id: 'riser-1-pressure',
      kind: 'pressure',
      unit: 'kPa',
      component: 'pt-riser-1',
      range: { min: 0, max: 1600 },
    },
    { id: 'zone-3-state', kind: 'state', unit: '', component: 'fap-1' },
    { id: 'efm-1-residual', kind: 'residual-current', unit: 'mA', component: 'efm-1' },
  ],
};

export function sampleReadings(count = 5): Reading[] {
  const readings: Reading[] = [];
  for (let index = 0; index < count; index += 1) {
    const time = T0 + index * 1000;
    readings.push({
      point: 'riser-1-pressure',
      time,
      value: 352.4 + index * 0.1,
      quality: { level: 'good' },
    });
    readings.push({ point: 'zone-3-state', time, value: index % 2, quality: { level: 'good' } });
    readings.push({
      point: 'efm-1-residual',
      time: time + 7,
      value: index === 2 ? null : 120 + index,
      quality: index === 2 ? { level: 'bad', reason: 'communication-failure' } : { level: 'good' },
    });
  }
  return readings;
}

export const sampleEvent: FireEvent = {
  time: T0 + 2500,
  kind: 'fire',
  active: true,
  component: 'fap-1',
  systemType: 1,
  componentType: 1,
  loop: 1,
  address: 23,
  source: { register: 23, value: 1 },
  description: '3F east smoke detector',
};

export function sampleBatch(overrides: Partial<DataBatch> = {}): DataBatch {
  return {
    gatewayId: 'gw-tower-a',
    sequence: 42n,
    historical: false,
    readings: sampleReadings(),
    events: [sampleEvent],
    status: { uptimeS: 3600, queueDepth: 0, firmware: '1.2.0', mainsOk: true },
    ...overrides,
  };
}
