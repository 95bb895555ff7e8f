import { devicesError } from '../errors.js';
import { parseProfile } from './parse.js';
import type {
  DeviceProfile,
  DeviceProfileInput,
  EventMappingInput,
  PanelMappingInput,
  PointMappingInput,
  RegisterSpecInput,
} from './schema.js';

/** A piece of a profile that a preset contributes; fragments are merged in order. */
export interface ProfileFragment {
  registers?: Record<string, RegisterSpecInput>;
  points?: PointMappingInput[];
  events?: EventMappingInput[];
  panel?: PanelMappingInput;
}

/** A profile written with presets: identity and defaults, plus `extend: [m.pressure(...), ...]`. */
export type ComposedProfileInput = Omit<DeviceProfileInput, 'registers'> & {
  registers?: DeviceProfileInput['registers'];
  extend?: ProfileFragment[];
};

/**
 * Merges preset fragments into one profile input. Presets that share a register (e.g. two points
 * reading the same decimals register) must describe it identically.
 */
export function composeProfile(input: ComposedProfileInput): DeviceProfileInput {
  const { extend = [], ...base } = input;
  const registers: Record<string, RegisterSpecInput> = { ...(base.registers ?? {}) };
  const points = [...(base.points ?? [])];
  const events = [...(base.events ?? [])];
  let panel = base.panel;
  for (const fragment of extend) {
    for (const [name, spec] of Object.entries(fragment.registers ?? {})) {
      const existing = registers[name];
      if (existing && JSON.stringify(existing) !== JSON.stringify(spec)) {
        throw devicesError(
          'DEVICES_PROFILE_INVALID',
          `profile "${base.id}": registers.${name}: two presets describe register "${name}" differently: give one of them another register name`,
          { profile: base.id, field: `registers.${name}` },
        );
      }
      registers[name] = spec;
    }
    points.push(...(fragment.points ?? []));
    events.push(...(fragment.events ?? []));
    if (fragment.panel) {
      if (panel) {
        throw devicesError(
          'DEVICES_PROFILE_INVALID',
          `profile "${base.id}": panel: only one panel mapping per profile`,
          {
            profile: base.id,
            field: 'panel',
          },
        );
      }
      panel = fragment.panel;
    }
  }
  return { ...base, registers, points, events, ...(panel ? { panel } : {}) };
}

/** Composes and validates a profile in one step (the usual way to write a vendor file). */
export function defineComposedProfile(input: ComposedProfileInput): DeviceProfile {
  return parseProfile(composeProfile(input));
}
