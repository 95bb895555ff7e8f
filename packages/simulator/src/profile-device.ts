import {
  type DeviceProfile,
  type EncodeOptions,
  encodePointValue,
  encodeRegister,
  getProfile,
  initialRegisterWrites,
  panelRegisterOf,
  type RegisterWrite,
  registerCountOf,
} from '@firecode/devices';
import type { RegisterTable } from '@firecode/modbus';
import { simulatorError } from './errors.js';
import { OBSERVED_QUIRKS, type SlaveQuirks } from './quirks.js';
import { MemoryRegisterBank, type RegisterBank } from './register-bank.js';

/** Options of `ProfileDevice`. */
export interface ProfileDeviceOptions {
  /**
   * What a master gets for addresses the profile does not map: `'exception'` (default) answers 02 as
   * devices with a strict map do; `'zero'` reads 0 there, as devices that ignore holes do.
   */
  unmapped?: 'exception' | 'zero';
}

/** The register name profiles give a device's own Modbus address. */
export const SLAVE_ADDRESS_REGISTER = 'slave-address';

/** A panel point state: a raw value code, or the event kind whose code the profile's table gives. */
export type PanelPointState = number | string;

/**
 * A simulated device built from a device profile: a register bank that serves exactly the profile's
 * map (defaults at power-on, only `writable` registers writable by a master, its quirks), set through
 * the profile's own inverse transform so that one definition serves gateway and simulator alike.
 */
export class ProfileDevice implements RegisterBank {
  readonly profile: DeviceProfile;
  /** The profile's quirks in the slave engine's terms. */
  readonly quirks: SlaveQuirks;
  private readonly memory = new MemoryRegisterBank();
  private readonly mapped = new Map<RegisterTable, Set<number>>();
  private readonly writable = new Map<RegisterTable, Set<number>>();
  private readonly unmapped: 'exception' | 'zero';

  constructor(profile: DeviceProfile | string, options: ProfileDeviceOptions = {}) {
    this.profile = typeof profile === 'string' ? getProfile(profile) : profile;
    this.unmapped = options.unmapped ?? 'exception';
    // Settings written with FC16 only (the arc-fault detector): such a device knows no FC06 (exception 01).
    const writableSpecs = Object.values(this.profile.registers).filter((spec) => spec.writable);
    const onlyFc16 = writableSpecs.length > 0 && writableSpecs.every((spec) => spec.writeFunction === 16);
    this.quirks = {
      ...(onlyFc16 ? { supportedFunctions: [0x01, 0x02, 0x03, 0x04, 0x05, 0x0f, 0x10] } : {}),
      ...OBSERVED_QUIRKS[this.profile.id],
      maxRegistersPerRequest: this.profile.quirks.maxRegistersPerRequest,
      ...(this.profile.quirks.exceptionFunctionCode === undefined
        ? {}
        : { exceptionFunctionCode: this.profile.quirks.exceptionFunctionCode }),
    };
    for (const spec of Object.values(this.profile.registers)) {
      const count = registerCountOf(spec.type);
      for (let i = 0; i < count; i++) {
        addTo(this.mapped, spec.table, spec.address + i);
        if (spec.writable) addTo(this.writable, spec.table, spec.address + i);
      }
    }
    // Power-on state from the device library, so gateway and simulator share one definition of it.
    this.apply(initialRegisterWrites(this.profile));
    const panel = this.profile.panel;
    if (panel) {
      for (let loop = panel.loops.min; loop <= panel.loops.max; loop++) {
        const first = panelRegisterOf(panel, loop, panel.addresses.min);
        for (let i = 0; i <= panel.addresses.max - panel.addresses.min; i++)
          addTo(this.mapped, panel.table, first + i);
      }
    }
  }

  read(table: RegisterTable, address: number, count: number): number[] | undefined {
    if (this.unmapped === 'exception') {
      const mapped = this.mapped.get(table);
      for (let i = 0; i < count; i++) if (!mapped?.has(address + i)) return undefined;
    }
    return this.memory.read(table, address, count);
  }

  write(table: RegisterTable, address: number, values: readonly number[]): boolean {
    const writable = this.writable.get(table);
    for (let i = 0; i < values.length; i++) if (!writable?.has(address + i)) return false;
    return this.memory.write(table, address, values);
  }

  /** Serves `value` (in the point's canonical unit, e.g. kPa, m, mA) for a point of the profile. */
  setPoint(pointId: string, value: number, options: EncodeOptions = {}): void {
    this.apply(encodePointValue(this.profile, pointId, value, options));
  }

  /** Sets a named register to a raw value (settings, status and event codes, bit fields merged). */
  setRegister(name: string, raw: number): void {
    const spec = this.profile.registers[name];
    const writes = encodeRegister(this.profile, name, raw);
    if (spec?.bit !== undefined) {
      // Bit fields share a register with their neighbours: change only this field.
      const mask = ((1 << (spec.bits ?? 1)) - 1) << spec.bit;
      const current = this.memory.get(spec.table, spec.address);
      const write = writes[0] as RegisterWrite;
      this.memory.set(spec.table, spec.address, [(current & ~mask) | ((write.values[0] as number) & mask)]);
      return;
    }
    this.apply(writes);
  }

  /** The raw value of a named register (whole register for bit fields). */
  registerValue(name: string): number {
    const spec = this.profile.registers[name];
    if (!spec) throw this.unknown('register', name, Object.keys(this.profile.registers));
    return this.memory.get(spec.table, spec.address);
  }

  /** The value of the profile's `slave-address` register, if it has one (see `RegisterBank.configuredUnitId`). */
  configuredUnitId(): number | undefined {
    return this.profile.registers[SLAVE_ADDRESS_REGISTER]
      ? this.registerValue(SLAVE_ADDRESS_REGISTER)
      : undefined;
  }

  /** Sets an event register (e.g. `arc-alarm`) to the code of `state` (a raw code or an event kind). */
  setEvent(eventId: string, state: PanelPointState): void {
    const event = this.profile.events.find((e) => e.id === eventId);
    if (!event)
      throw this.unknown(
        'event',
        eventId,
        this.profile.events.map((e) => e.id),
      );
    this.setRegister(event.register, codeFor(event.codes, state, `event "${eventId}"`, this.profile.id));
  }

  /** Sets one fire-panel point (loop, address) to `state`: a raw code or an event kind ("fire", "fault", "normal"). */
  setPanelPoint(loop: number, address: number, state: PanelPointState): void {
    const panel = this.profile.panel;
    if (!panel) throw simulatorError('SIM_POINT_UNKNOWN', `profile "${this.profile.id}" has no panel points`);
    if (
      loop < panel.loops.min ||
      loop > panel.loops.max ||
      address < panel.addresses.min ||
      address > panel.addresses.max
    ) {
      throw simulatorError(
        'SIM_POINT_UNKNOWN',
        `profile "${this.profile.id}": loop ${loop} address ${address} is outside loops ${panel.loops.min}..${panel.loops.max}, addresses ${panel.addresses.min}..${panel.addresses.max}`,
        { details: { loop, address } },
      );
    }
    const code = codeFor(panel.codes, state, `panel point ${loop}-${address}`, this.profile.id);
    this.memory.set(panel.table, panelRegisterOf(panel, loop, address), [code]);
  }

  /** The raw code of one panel point. */
  panelPoint(loop: number, address: number): number {
    const panel = this.profile.panel;
    if (!panel) throw simulatorError('SIM_POINT_UNKNOWN', `profile "${this.profile.id}" has no panel points`);
    return this.memory.get(panel.table, panelRegisterOf(panel, loop, address));
  }

  /** Panel reset: every panel point back to code 0 (normal). */
  resetPanel(): void {
    const panel = this.profile.panel;
    if (!panel) return;
    for (let loop = panel.loops.min; loop <= panel.loops.max; loop++) {
      const first = panelRegisterOf(panel, loop, panel.addresses.min);
      this.memory.set(panel.table, first, new Array(panel.addresses.max - panel.addresses.min + 1).fill(0));
    }
  }

  private apply(writes: readonly RegisterWrite[]): void {
    for (const write of writes) this.memory.set(write.table, write.address, write.values);
  }

  private unknown(what: string, id: string, known: string[]) {
    return simulatorError(
      'SIM_POINT_UNKNOWN',
      `profile "${this.profile.id}" has no ${what} "${id}": choose from ${known.join(', ') || 'none'}`,
      { details: { profile: this.profile.id, [what]: id } },
    );
  }
}

function addTo(map: Map<RegisterTable, Set<number>>, table: RegisterTable, address: number): void {
  let set = map.get(table);
  if (!set) {
    set = new Set();
    map.set(table, set);
  }
  set.add(address);
}

function codeFor(
  codes: DeviceProfile['events'][number]['codes'],
  state: PanelPointState,
  where: string,
  profileId: string,
): number {
  if (typeof state === 'number') return state;
  for (const [code, meaning] of Object.entries(codes)) {
    if (
      state === 'normal'
        ? meaning === 'normal'
        : meaning !== 'normal' && meaning.kind === state && meaning.active
    ) {
      return Number(code);
    }
  }
  throw simulatorError(
    'SIM_POINT_UNKNOWN',
    `profile "${profileId}" ${where}: no code means "${state}"; use a raw code or one of ${describeCodes(codes)}`,
    { details: { profile: profileId, state } },
  );
}

function describeCodes(codes: DeviceProfile['events'][number]['codes']): string {
  return Object.entries(codes)
    .map(([code, meaning]) => `${code} (${meaning === 'normal' ? 'normal' : meaning.kind})`)
    .join(', ');
}
