import { isBitTable, MODBUS_LIMITS, REGISTER_TABLE_FACTS, type RegisterTable } from '@firecode/modbus';
import { registerCountOf } from './data-types.js';
import { devicesError } from './errors.js';
import { panelRegisterOf } from './profile/check.js';
import type { DeviceProfile } from './profile/schema.js';

/** One read the gateway hands to the Modbus read planner. */
export interface ReadRequest {
  table: RegisterTable;
  address: number;
  count: number;
}

/** Which parts of a profile to poll. */
export interface ReadSelection {
  /** Local ids of points and events to keep (default: all). */
  points?: readonly string[];
  /** Panel loops to poll (default: every loop the profile maps). */
  loops?: readonly number[];
}

/**
 * Checks a selection against the profile.
 * @throws FirecodeError `DEVICES_UNKNOWN_POINT` when a point id or loop is not in the profile.
 */
export function checkSelection(profile: DeviceProfile, selection: ReadSelection): void {
  if (selection.points) {
    const known = new Set([
      ...profile.points.map((p) => p.id),
      ...profile.events.map((e) => e.id),
      ...profile.events.flatMap((e) => (e.statePoint ? [e.statePoint] : [])),
    ]);
    for (const id of selection.points) {
      if (!known.has(id)) {
        throw devicesError(
          'DEVICES_UNKNOWN_POINT',
          `profile "${profile.id}" has no point or event "${id}": choose from ${[...known].join(', ')}`,
          { profile: profile.id, point: id },
        );
      }
    }
  }
  if (selection.loops) {
    const panel = profile.panel;
    for (const loop of selection.loops) {
      if (!panel || !Number.isInteger(loop) || loop < panel.loops.min || loop > panel.loops.max) {
        throw devicesError(
          'DEVICES_UNKNOWN_POINT',
          panel
            ? `profile "${profile.id}" maps loops ${panel.loops.min}..${panel.loops.max}, not ${loop}`
            : `profile "${profile.id}" is not a panel: remove "loops"`,
          { profile: profile.id, loop },
        );
      }
    }
  }
}

/** Names of the registers the selected points and events need (values, decimals, units). */
export function registersNeeded(profile: DeviceProfile, selection: ReadSelection): Set<string> {
  const wanted = selection.points ? new Set(selection.points) : undefined;
  const names = new Set<string>();
  // A threshold read from another point (the device's alarm setting) needs that point's registers too.
  const referenced = new Set(
    profile.points
      .filter((point) => !wanted || wanted.has(point.id))
      .flatMap((point) => [point.thresholds?.lowFrom, point.thresholds?.highFrom])
      .filter((id): id is string => id !== undefined),
  );
  for (const point of profile.points) {
    if (wanted && !wanted.has(point.id) && !referenced.has(point.id)) continue;
    names.add(point.register);
    if (point.transform.decimalsFrom) names.add(point.transform.decimalsFrom);
    if (point.transform.unitFrom) names.add(point.transform.unitFrom.register);
  }
  for (const event of profile.events) {
    if (wanted && !wanted.has(event.id) && !(event.statePoint && wanted.has(event.statePoint))) continue;
    names.add(event.register);
  }
  return names;
}

/** The panel loops a selection polls. */
export function selectedLoops(profile: DeviceProfile, selection: ReadSelection): number[] {
  const panel = profile.panel;
  if (!panel) return [];
  if (selection.loops) return [...new Set(selection.loops)].sort((a, b) => a - b);
  const loops: number[] = [];
  for (let loop = panel.loops.min; loop <= panel.loops.max; loop++) loops.push(loop);
  return loops;
}

/**
 * The registers and bits to read for a profile: contiguous runs per table (no hole filling: that is
 * the Modbus read planner's job), each at most the device's `maxRegistersPerRequest`.
 *
 * @throws FirecodeError `DEVICES_UNKNOWN_POINT` for a selection the profile does not have.
 */
export function readPlanFor(profile: DeviceProfile, selection: ReadSelection = {}): ReadRequest[] {
  checkSelection(profile, selection);
  const addresses = new Map<RegisterTable, Set<number>>();
  const add = (table: RegisterTable, address: number, count: number) => {
    let set = addresses.get(table);
    if (!set) {
      set = new Set();
      addresses.set(table, set);
    }
    for (let i = 0; i < count; i++) set.add(address + i);
  };
  for (const name of registersNeeded(profile, selection)) {
    const spec = profile.registers[name]!;
    add(spec.table, spec.address, registerCountOf(spec.type));
  }
  const panel = profile.panel;
  if (panel) {
    for (const loop of selectedLoops(profile, selection)) {
      const first = panelRegisterOf(panel, loop, panel.addresses.min);
      add(panel.table, first, panel.addresses.max - panel.addresses.min + 1);
    }
  }
  const plan: ReadRequest[] = [];
  for (const [table, set] of addresses) {
    const limit = isBitTable(table) ? MODBUS_LIMITS.maxReadBits : profile.quirks.maxRegistersPerRequest;
    const sorted = [...set].sort((a, b) => a - b);
    let start = sorted[0]!;
    let count = 0;
    for (const address of sorted) {
      if (count > 0 && (address !== start + count || count === limit)) {
        plan.push({ table, address: start, count });
        start = address;
        count = 0;
      }
      count++;
    }
    if (count > 0) plan.push({ table, address: start, count });
  }
  // By read function code (coils, discrete, holding, input), then address: the order polls go out in.
  const rank = (table: RegisterTable) => REGISTER_TABLE_FACTS[table].readFunction;
  return plan.sort((a, b) => rank(a.table) - rank(b.table) || a.address - b.address);
}
