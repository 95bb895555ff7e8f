import type { Component, Point } from '@firecode/schema';

/**
 * Test support: a "smart pressure hub" with three hydrant pressure points (GB/T 26875.3 system type 11
 * hydrant system; component type 0 general, as table 5 has no transmitter).
 */
export function pressureHubParts(gatewayId = 'hub-test'): { components: Component[]; points: Point[] } {
  const components: Component[] = [
    { id: gatewayId, name: 'Pressure hub', systemType: 11, componentType: 0, vendor: 'Acme', model: 'PH-3' },
  ];
  const points: Point[] = [1, 2, 3].map((n) => ({
    id: `riser-${n}-pressure`,
    name: `Riser ${n} pressure`,
    kind: 'pressure',
    unit: 'kPa',
    component: gatewayId,
    range: { min: 0, max: 1600 },
    thresholds: { low: 100, high: 1000, hysteresis: 10 },
  }));
  return { components, points };
}
