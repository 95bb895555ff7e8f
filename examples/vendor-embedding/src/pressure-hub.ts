import type { Component, Point } from '@firecode/sdk';

/**
 * The vendor's product: a "smart pressure hub" on a building's hydrant risers, three pressure
 * transmitters wired to it. In a real product `readSensor` reads the ADC; here the pressures drift
 * around a static pressure and riser 3's sensor drops out now and then, so the fault path runs too.
 */
export const HUB_COMPONENTS: Component[] = [
  {
    id: 'ph-0042',
    name: 'Smart pressure hub, pump room',
    // GB/T 26875.3: system type 11 hydrant system; component type 0 general (table 5 has no transmitter).
    systemType: 11,
    componentType: 0,
    vendor: 'Acme Fire Tech',
    model: 'PH-3',
    location: { floor: -1, text: 'pump room, north wall' },
  },
];

export const HUB_POINTS: Point[] = [1, 2, 3].map((riser) => ({
  id: `riser-${riser}-pressure`,
  name: `Riser ${riser} pressure`,
  kind: 'pressure',
  unit: 'kPa',
  component: 'ph-0042',
  range: { min: 0, max: 1600 },
  // GB 50974: at least 0.10 MPa static at the least favourable point; 1.0 MPa before zoning.
  thresholds: { low: 100, high: 1000, hysteresis: 10 },
}));

/** One sample of a sensor: a pressure in MPa (what the transmitters report), or undefined when it is out. */
export function readSensor(riser: number, tick: number): number | undefined {
  if (riser === 3 && tick % 20 >= 10 && tick % 20 < 13) return undefined; // a loose connector
  const base = 0.35 + riser * 0.05;
  return Math.round((base + 0.01 * Math.sin(tick / 3 + riser)) * 1000) / 1000;
}
