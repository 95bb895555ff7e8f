import { registerCountOf } from './data-types.js';
import { encodeRegister, type RegisterWrite } from './normalize/transform.js';
import { panelRegisterOf } from './profile/check.js';
import type { DeviceProfile } from './profile/schema.js';

/**
 * What a fresh device of this profile serves, for simulators: every register at its `default` (else
 * the lowest documented value, else 0), bit fields of one register merged into one word, and every
 * panel point register at 0 (normal). Writes are per register; apply them in order.
 */
export function initialRegisterWrites(profile: DeviceProfile): RegisterWrite[] {
  const writes: RegisterWrite[] = [];
  const bitWords = new Map<string, RegisterWrite>();
  for (const [name, spec] of Object.entries(profile.registers)) {
    const raw = spec.default ?? spec.values?.min ?? 0;
    const [write] = encodeRegister(profile, name, raw);
    if (!write) continue;
    if (spec.bit === undefined) {
      writes.push(write);
      continue;
    }
    // Several bit fields share one register: OR them together.
    const key = `${spec.table}:${spec.address}`;
    const merged = bitWords.get(key);
    if (merged) merged.values[0] = (merged.values[0] ?? 0) | (write.values[0] ?? 0);
    else bitWords.set(key, { ...write, values: [...write.values] });
  }
  writes.push(...bitWords.values());
  const panel = profile.panel;
  if (panel) {
    for (let loop = panel.loops.min; loop <= panel.loops.max; loop++) {
      writes.push({
        table: panel.table,
        address: panelRegisterOf(panel, loop, panel.addresses.min),
        values: new Array(panel.addresses.max - panel.addresses.min + 1).fill(0),
      });
    }
  }
  return writes.sort((a, b) => a.table.localeCompare(b.table) || a.address - b.address);
}

/** The number of registers (or bits) a profile's device exposes, panel points included. */
export function registerFootprint(profile: DeviceProfile): number {
  let total = 0;
  const seen = new Set<string>();
  for (const spec of Object.values(profile.registers)) {
    const key = `${spec.table}:${spec.address}`;
    if (spec.bit !== undefined && seen.has(key)) continue;
    seen.add(key);
    total += registerCountOf(spec.type);
  }
  const panel = profile.panel;
  if (panel)
    total += (panel.loops.max - panel.loops.min + 1) * (panel.addresses.max - panel.addresses.min + 1);
  return total;
}
