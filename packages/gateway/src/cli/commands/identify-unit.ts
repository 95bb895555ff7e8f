import { createRegisterSnapshot, type DeviceProfile, readRegister, registerCountOf } from '@firecode/devices';
import { isFirecodeError } from '@firecode/schema';
import type { CommissioningMaster } from '../master.js';

/** One probe check of a profile against a unit. */
export interface ProbeCheck {
  register: string;
  expect: { min: number; max: number };
  /** The value read, or `undefined` when the unit answered with an exception. */
  value?: number;
  ok: boolean;
  detail?: string;
}

/** A profile tried against a unit. */
export interface ProfileMatch {
  profile: string;
  vendor: string;
  model: string;
  matches: boolean;
  checks: ProbeCheck[];
}

/**
 * Tries each profile's probe (registers whose values must fall in ranges) against one unit. Profiles
 * without a probe cannot be recognised and are listed under `untestable`. Several profiles may match:
 * vendors copy each other's register maps, and the probe only says the layout fits.
 */
export async function identifyUnit(
  master: CommissioningMaster,
  unit: number,
  profiles: readonly DeviceProfile[],
): Promise<{ matches: ProfileMatch[]; untestable: string[] }> {
  const matches: ProfileMatch[] = [];
  const untestable: string[] = [];
  for (const profile of profiles) {
    if (profile.probe === undefined) {
      untestable.push(profile.id);
      continue;
    }
    const checks: ProbeCheck[] = [];
    for (const probe of profile.probe) {
      const spec = profile.registers[probe.register]!;
      const count = registerCountOf(spec.type);
      try {
        const words = await master.read(unit, spec.table, spec.address, count);
        const snapshot = createRegisterSnapshot([
          { table: spec.table, address: spec.address, values: words },
        ]);
        const value = readRegister(snapshot, spec);
        const ok = value !== undefined && value >= probe.expect.min && value <= probe.expect.max;
        checks.push({
          register: probe.register,
          expect: probe.expect,
          ...(value === undefined ? {} : { value }),
          ok,
        });
      } catch (error) {
        // An exception means the unit is there but lacks the register: this profile does not fit.
        if (isFirecodeError(error) && error.code === 'MODBUS_EXCEPTION') {
          checks.push({ register: probe.register, expect: probe.expect, ok: false, detail: error.message });
        } else throw error;
      }
    }
    matches.push({
      profile: profile.id,
      vendor: profile.vendor,
      model: profile.model,
      matches: checks.every((c) => c.ok),
      checks,
    });
  }
  return { matches, untestable };
}
