/**
 * The building-scale workload the `gateway` and `gateway-pipeline` benchmarks share: devices of 100
 * points (99 i16 pressures at registers 0-98 and one fire input at register 200), so that the
 * in-process pipeline figures and the whole-gateway figures describe the same work.
 */

/** Points per benchmark device. */
export const POINTS_PER_DEVICE = 100;
/** Analog pressure points per device, at holding registers 0..ANALOG_POINTS-1. */
export const ANALOG_POINTS = POINTS_PER_DEVICE - 1;
/** The holding register of the fire input (0 normal, 1 fire). */
export const FIRE_REGISTER = 200;

/**
 * How a device's analog registers sit: `contiguous` at 0..98 (one read), or `blocks` of 10 registers
 * 20 apart (0-9, 20-29, ... 180-188), as a profile written block by block from a vendor table would
 * have them: the read planner decides how to merge them.
 */
export type BenchLayout = 'contiguous' | 'blocks';

/** The holding-register address of analog point `i` in a layout. */
export function analogAddress(i: number, layout: BenchLayout = 'contiguous'): number {
  return layout === 'contiguous' ? i : Math.floor(i / 10) * 20 + (i % 10);
}

/** The benchmark device as a profile object literal (what an integrator would drop in as JSON). */
export function benchDeviceProfile(layout: BenchLayout = 'contiguous'): Record<string, unknown> {
  const registers: Record<string, unknown> = {};
  const points: unknown[] = [];
  for (let i = 0; i < ANALOG_POINTS; i++) {
    registers[`p${i}`] = { address: analogAddress(i, layout), type: 'i16' };
    points.push({ id: `p${i}`, kind: 'pressure', register: `p${i}`, transform: { unit: 'kPa' } });
  }
  registers['fire-input'] = { address: FIRE_REGISTER, type: 'u16', values: { min: 0, max: 1 } };
  return {
    id: 'bench-100-points',
    vendor: 'Firecode bench',
    model: 'B100',
    description: '99 pressure points and one fire input',
    systemType: 1,
    componentType: 0,
    registers,
    points,
    events: [
      {
        id: 'fire-input',
        register: 'fire-input',
        codes: { 0: 'normal', 1: { kind: 'fire' } },
        statePoint: 'fire-state',
      },
    ],
  };
}

/** `--<name> N` from the command line: a whole number >= 1, or `fallback`; exits 2 on anything else. */
export function wholeNumberArgument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} needs a whole number >= 1, got "${process.argv[index + 1] ?? ''}"`);
    process.exit(2);
  }
  return value;
}
