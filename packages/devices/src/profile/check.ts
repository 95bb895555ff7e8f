import { isBitTable, REGISTER_TABLE_FACTS } from '@firecode/modbus';
import { integerLimitsOf, registerCountOf } from '../data-types.js';
import { acceptedUnits, canonicalUnitOf, isConvertible, isKnownUnit } from '../units.js';
import { formatPath } from './format-path.js';
import type { DeviceProfile, RegisterSpec } from './schema.js';

/** One problem found in a profile: where (a path into the profile) and what to do. */
export interface ProfileProblem {
  path: (string | number)[];
  message: string;
}

/** The registers a spec occupies and, for bit fields, the bits inside its one register. */
function footprint(spec: RegisterSpec): { first: number; last: number; mask: number } {
  const count = registerCountOf(spec.type);
  const mask = spec.bit === undefined ? 0xffff : ((1 << (spec.bits ?? 1)) - 1) << spec.bit;
  return { first: spec.address, last: spec.address + count - 1, mask };
}

/** Every integer value a register can hold as far as the profile knows, or undefined if unbounded. */
export function documentedValues(spec: RegisterSpec): { min: number; max: number } | undefined {
  if (spec.values) return spec.values;
  if (spec.type === 'bool') return { min: 0, max: 1 };
  if (spec.bit !== undefined) return { min: 0, max: (1 << (spec.bits ?? 1)) - 1 };
  return undefined;
}

/** The panel point (loop, address) stored at `register`, if any. */
export function panelPointAt(
  panel: NonNullable<DeviceProfile['panel']>,
  register: number,
): { loop: number; address: number } | undefined {
  for (let loop = panel.loops.min; loop <= panel.loops.max; loop++) {
    const address = register - panel.base - panel.addressOffset - loop * panel.loopStride;
    if (address >= panel.addresses.min && address <= panel.addresses.max) return { loop, address };
  }
  return undefined;
}

/** The register of a panel point. */
export function panelRegisterOf(
  panel: NonNullable<DeviceProfile['panel']>,
  loop: number,
  address: number,
): number {
  return panel.base + loop * panel.loopStride + address + panel.addressOffset;
}

/**
 * Cross-checks a structurally valid profile: references resolve, registers do not overlap, code
 * tables cover the values their registers can hold, units fit the point kinds.
 */
export function checkProfile(profile: DeviceProfile): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  const report = (path: (string | number)[], message: string) => problems.push({ path, message });
  const registerNames = Object.keys(profile.registers);
  const knownRegister = (path: (string | number)[], name: string): RegisterSpec | undefined => {
    const spec = profile.registers[name];
    if (!spec) {
      report(
        path,
        `register "${name}" is not defined: add it under registers (defined: ${registerNames.join(', ') || 'none'})`,
      );
    }
    return spec;
  };

  checkRegisters(profile, report);

  const localIds = new Map<string, string>();
  const claimId = (path: (string | number)[], id: string) => {
    const previous = localIds.get(id);
    if (previous)
      report(path, `id "${id}" is already used by ${previous}: give each point and event its own id`);
    else localIds.set(id, formatPath(path));
  };

  profile.points.forEach((point, index) => {
    const at = ['points', index];
    claimId([...at, 'id'], point.id);
    knownRegister([...at, 'register'], point.register);
    const transform = point.transform;
    if (transform.decimals !== undefined && transform.decimalsFrom !== undefined) {
      report([...at, 'transform'], 'give either decimals or decimalsFrom, not both');
    }
    if (transform.decimalsFrom !== undefined) {
      const spec = knownRegister([...at, 'transform', 'decimalsFrom'], transform.decimalsFrom);
      const values = spec && documentedValues(spec);
      if (spec && (!values || values.min < 0 || values.max > 9)) {
        report(
          ['registers', transform.decimalsFrom, 'values'],
          `decimals register "${transform.decimalsFrom}" must declare values within 0..9 (e.g. { min: 0, max: 3 })`,
        );
      }
    }
    if (transform.unit !== undefined && transform.unitFrom !== undefined) {
      report([...at, 'transform'], 'give either unit or unitFrom, not both');
    }
    const canonical = canonicalUnitOf(point.kind);
    if (transform.unit === undefined && transform.unitFrom === undefined && canonical !== '') {
      report(
        [...at, 'transform', 'unit'],
        `a ${point.kind} point needs a unit or unitFrom (canonical: "${canonical}")`,
      );
    }
    if (transform.unit !== undefined && !isConvertible(point.kind, transform.unit)) {
      report(
        [...at, 'transform', 'unit'],
        `unit "${transform.unit}" cannot be converted for a ${point.kind} point: use one of ${acceptedUnits(point.kind).join(', ')}`,
      );
    }
    if (transform.unitFrom) {
      const unitFrom = transform.unitFrom;
      const spec = knownRegister([...at, 'transform', 'unitFrom', 'register'], unitFrom.register);
      for (const [code, unit] of Object.entries(unitFrom.codes)) {
        if (unit !== null && !isKnownUnit(unit)) {
          report(
            [...at, 'transform', 'unitFrom', 'codes', code],
            `unknown unit "${unit}": use a unit symbol such as kPa, MPa, m, cm, mA`,
          );
        }
      }
      if (spec) {
        const values = documentedValues(spec);
        if (!values) {
          report(
            ['registers', unitFrom.register, 'values'],
            `unit register "${unitFrom.register}" must declare the codes it can hold (values: { min, max }) so the code table can be checked`,
          );
        } else {
          const missing = missingCodes(values, unitFrom.codes);
          if (missing.length > 0) {
            report(
              [...at, 'transform', 'unitFrom', 'codes'],
              `the unit code table does not cover ${describeCodes(missing)} that register "${unitFrom.register}" can hold (${values.min}..${values.max}): add them (null for "no unit") or narrow registers.${unitFrom.register}.values`,
            );
          }
        }
      }
    }
    if (point.range && point.range.min > point.range.max) {
      report([...at, 'range'], `range min ${point.range.min} is above max ${point.range.max}: swap them`);
    }
    for (const side of ['lowFrom', 'highFrom'] as const) {
      const reference = point.thresholds?.[side];
      if (reference === undefined) continue;
      const target = profile.points.find((p) => p.id === reference);
      if (!target || target.id === point.id || target.kind !== point.kind) {
        report(
          [...at, 'thresholds', side],
          target
            ? `threshold point "${reference}" must be another ${point.kind} point (it is ${target.id === point.id ? 'this point' : `a ${target.kind} point`})`
            : `threshold point "${reference}" is not defined: use the id of a ${point.kind} point of this profile`,
        );
      }
    }
    const thresholds = point.thresholds;
    if (thresholds?.low !== undefined && thresholds.high !== undefined && thresholds.low >= thresholds.high) {
      report(
        [...at, 'thresholds'],
        `low threshold ${thresholds.low} must be below high threshold ${thresholds.high}`,
      );
    }
  });

  profile.events.forEach((event, index) => {
    const at = ['events', index];
    claimId([...at, 'id'], event.id);
    if (event.statePoint) claimId([...at, 'statePoint'], event.statePoint);
    const spec = knownRegister([...at, 'register'], event.register);
    const values = spec && documentedValues(spec);
    if (values) {
      const missing = missingCodes(values, event.codes);
      if (missing.length > 0) {
        report(
          [...at, 'codes'],
          `the code table does not cover ${describeCodes(missing)} that register "${event.register}" can hold (${values.min}..${values.max}): add them ('normal' or an event kind)`,
        );
      }
    }
  });

  profile.probe?.forEach((check, index) => {
    knownRegister(['probe', index, 'register'], check.register);
  });

  if (profile.panel) checkPanel(profile, report);
  return problems;
}

function checkRegisters(
  profile: DeviceProfile,
  report: (path: (string | number)[], message: string) => void,
): void {
  const entries = Object.entries(profile.registers);
  for (const [name, spec] of entries) {
    const at = ['registers', name];
    const tableName = REGISTER_TABLE_FACTS[spec.table].name;
    const inBitTable = isBitTable(spec.table);
    if (inBitTable && spec.type !== 'bool') {
      report([...at, 'type'], `${tableName} hold single bits: use type "bool", not "${spec.type}"`);
    }
    if (!inBitTable && spec.type === 'bool') {
      report(
        [...at, 'type'],
        `type "bool" is for coils and discrete inputs; in ${tableName} use type "u16" with "bit"`,
      );
    }
    if (spec.bit !== undefined && spec.type !== 'u16') {
      report([...at, 'type'], `a bit field ("bit": ${spec.bit}) reads a uint16 register: set type to "u16"`);
    }
    if (spec.bits !== undefined && spec.bit === undefined) {
      report([...at, 'bits'], 'bits needs bit (the first bit of the field)');
    }
    if (spec.bit !== undefined && spec.bit + (spec.bits ?? 1) > 16) {
      report(
        [...at, 'bits'],
        `bits ${spec.bit}..${spec.bit + (spec.bits ?? 1) - 1} do not fit in one 16-bit register`,
      );
    }
    const { last } = footprint(spec);
    if (last > 0xffff) {
      report([...at, 'address'], `a ${spec.type} at ${spec.address} runs past the last address 65535`);
    }
    if (registerCountOf(spec.type) > profile.quirks.maxRegistersPerRequest) {
      report(
        [...at, 'type'],
        `a ${spec.type} needs more registers than quirks.maxRegistersPerRequest allows`,
      );
    }
    const limits =
      spec.bit === undefined ? integerLimitsOf(spec.type) : ([0, (1 << (spec.bits ?? 1)) - 1] as const);
    if (spec.values && limits && (spec.values.min < limits[0] || spec.values.max > limits[1])) {
      report(
        [...at, 'values'],
        `values ${spec.values.min}..${spec.values.max} do not fit the raw type (${limits[0]}..${limits[1]})`,
      );
    }
    if (spec.writable === false && spec.writeFunction !== undefined) {
      report(
        [...at, 'writeFunction'],
        'writeFunction is set on a register that is not writable: set writable: true',
      );
    }
  }
  // Overlaps: two values may share a register only as disjoint bit fields.
  for (let i = 0; i < entries.length; i++) {
    for (let j = i + 1; j < entries.length; j++) {
      const [nameA, a] = entries[i]!;
      const [nameB, b] = entries[j]!;
      if (a.table !== b.table) continue;
      const fa = footprint(a);
      const fb = footprint(b);
      if (fa.first <= fb.last && fb.first <= fa.last && (fa.mask & fb.mask) !== 0) {
        report(
          ['registers', nameB, 'address'],
          `register "${nameB}" (${b.table} ${fb.first}..${fb.last}) overlaps register "${nameA}" (${fa.first}..${fa.last}): fix the address, or use disjoint "bit" fields`,
        );
      }
    }
  }
}

function checkPanel(
  profile: DeviceProfile,
  report: (path: (string | number)[], message: string) => void,
): void {
  const panel = profile.panel!;
  const span = panel.addresses.max - panel.addresses.min + 1;
  if (span > panel.loopStride) {
    report(
      ['panel', 'addresses'],
      `${span} addresses per loop do not fit a loopStride of ${panel.loopStride}: loops would share registers`,
    );
  }
  const first = panelRegisterOf(panel, panel.loops.min, panel.addresses.min);
  const last = panelRegisterOf(panel, panel.loops.max, panel.addresses.max);
  if (first < 0 || last > 0xffff) {
    report(
      ['panel'],
      `panel points map to registers ${first}..${last}, outside 0..65535: fix base or addressOffset`,
    );
  }
  for (const [name, spec] of Object.entries(profile.registers)) {
    if (spec.table !== panel.table) continue;
    const { first: a, last: b } = footprint(spec);
    for (let register = a; register <= b; register++) {
      const point = panelPointAt(panel, register);
      if (point) {
        report(
          ['registers', name, 'address'],
          `register "${name}" (${register}) overlaps panel point loop ${point.loop} address ${point.address}: move it or narrow panel.loops`,
        );
        break;
      }
    }
  }
}

function missingCodes(values: { min: number; max: number }, codes: Record<string, unknown>): number[] {
  const missing: number[] = [];
  for (let value = values.min; value <= values.max && missing.length < 1000; value++) {
    if (!(String(value) in codes)) missing.push(value);
  }
  return missing;
}

function describeCodes(codes: number[]): string {
  const shown = codes.slice(0, 8).join(', ');
  return `code${codes.length > 1 ? 's' : ''} ${shown}${codes.length > 8 ? `, ... (${codes.length} in all)` : ''}`;
}
