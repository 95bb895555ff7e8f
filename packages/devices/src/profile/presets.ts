import { isBitTable } from '@firecode/modbus';
import type { EventKind, PointKind } from '@firecode/schema';
import type { RawType } from '../data-types.js';
import type { ProfileFragment } from './compose.js';
import {
  type CodeMeaningInput,
  type PointMappingInput,
  type ProfileTableName,
  type RegisterSpecInput,
  registerTableOf,
  type ThresholdSpecInput,
  type WordTableName,
} from './schema.js';

/** Where a register lives, as presets take it: an address, or a spec with a name. */
export interface RegisterRef {
  /** Register name inside the profile; presets pick a sensible default. */
  name?: string;
  address: number;
  table?: ProfileTableName;
  /** Raw values the vendor documents. */
  values?: { min: number; max: number };
  default?: number;
}

/** Options of a measured point preset. */
export interface MeasurementOptions {
  /** Local point id; default the kind (e.g. "pressure"). */
  id?: string;
  name?: string;
  address: number;
  table?: WordTableName;
  type?: Exclude<RawType, 'bool'>;
  byteOrder?: 'big' | 'little';
  wordOrder?: 'big' | 'little';
  scale?: number;
  offset?: number;
  /** Fixed decimal places. */
  decimals?: number;
  /** Register holding the decimal places (an address, or a ref; default name "decimals", values 0..3). */
  decimalsFrom?: number | RegisterRef;
  /** Fixed unit of the raw value after scaling and decimals. */
  unit?: string;
  /** Register holding a unit code, with the vendor's code table (default register name "unit"). */
  unitFrom?: RegisterRef & { codes: Record<number, string | null> };
  range?: { min: number; max: number };
  thresholds?: ThresholdSpecInput;
  componentType?: number;
  analogType?: number;
  /** Power-on raw value for simulators. */
  default?: number;
}

function refSpec(ref: RegisterRef, fallback: { values?: { min: number; max: number } }): RegisterSpecInput {
  const values = ref.values ?? fallback.values;
  return {
    table: ref.table ?? 'holding',
    address: ref.address,
    type: 'u16',
    ...(values ? { values } : {}),
    ...(ref.default === undefined ? {} : { default: ref.default }),
  };
}

function measurement(kind: PointKind, options: MeasurementOptions): ProfileFragment {
  const id = options.id ?? kind;
  const registers: Record<string, RegisterSpecInput> = {
    [id]: {
      table: options.table ?? 'holding',
      address: options.address,
      type: options.type ?? 'i16',
      ...(options.byteOrder ? { byteOrder: options.byteOrder } : {}),
      ...(options.wordOrder ? { wordOrder: options.wordOrder } : {}),
      ...(options.default === undefined ? {} : { default: options.default }),
    },
  };
  const transform: NonNullable<PointMappingInput['transform']> = {
    ...(options.scale === undefined ? {} : { scale: options.scale }),
    ...(options.offset === undefined ? {} : { offset: options.offset }),
    ...(options.decimals === undefined ? {} : { decimals: options.decimals }),
    ...(options.unit === undefined ? {} : { unit: options.unit }),
  };
  if (options.decimalsFrom !== undefined) {
    const ref =
      typeof options.decimalsFrom === 'number' ? { address: options.decimalsFrom } : options.decimalsFrom;
    const name = ref.name ?? 'decimals';
    registers[name] = refSpec(ref, { values: { min: 0, max: 3 } });
    transform.decimalsFrom = name;
  }
  if (options.unitFrom) {
    const name = options.unitFrom.name ?? 'unit';
    registers[name] = refSpec(options.unitFrom, {});
    transform.unitFrom = {
      register: name,
      codes: Object.fromEntries(Object.entries(options.unitFrom.codes).map(([code, unit]) => [code, unit])),
    };
  }
  const point: PointMappingInput = {
    id,
    kind,
    register: id,
    transform,
    ...(options.name ? { name: options.name } : {}),
    ...(options.range ? { range: options.range } : {}),
    ...(options.thresholds ? { thresholds: options.thresholds } : {}),
    ...(options.componentType === undefined ? {} : { componentType: options.componentType }),
    ...(options.analogType === undefined ? {} : { analogType: options.analogType }),
  };
  return { registers, points: [point] };
}

/** Options of a coded status register (alarm word, zone status, panel power). */
export interface StatusOptions {
  id: string;
  name?: string;
  address: number;
  table?: ProfileTableName;
  /** Bit field inside the register. */
  bit?: number;
  bits?: number;
  /** Raw values the register can hold (default: what the bit field can hold). */
  values?: { min: number; max: number };
  codes: Record<number, CodeMeaningInput>;
  componentType?: number;
  /** Also report the raw code as a state reading with this local id. */
  statePoint?: string;
}

function status(options: StatusOptions): ProfileFragment {
  const inBitTable = isBitTable(registerTableOf(options.table ?? 'holding'));
  return {
    registers: {
      [options.id]: {
        table: options.table ?? 'holding',
        address: options.address,
        type: inBitTable ? 'bool' : 'u16',
        ...(options.bit === undefined ? {} : { bit: options.bit }),
        ...(options.bits === undefined ? {} : { bits: options.bits }),
        ...(options.values ? { values: options.values } : {}),
      },
    },
    events: [
      {
        id: options.id,
        register: options.id,
        codes: Object.fromEntries(Object.entries(options.codes)),
        ...(options.name ? { name: options.name } : {}),
        ...(options.componentType === undefined ? {} : { componentType: options.componentType }),
        ...(options.statePoint ? { statePoint: options.statePoint } : {}),
      },
    ],
  };
}

/** Options of a single digital input (pump running, pump fault, signal valve closed). */
export interface DigitalInputOptions {
  id: string;
  name?: string;
  address: number;
  /** Discrete inputs (FC02) by default; coils or a bit of a holding/input register also work. */
  table?: ProfileTableName;
  bit?: number;
  /** What the input being active means. */
  kind: EventKind;
  /** The condition is active when the input reads 0 (normally-closed contacts). */
  activeLow?: boolean;
  componentType?: number;
  description?: string;
}

/** GST-family panel point value codes (vendor document): 0 normal ... 9 power restored. */
export const gstPointCodes: Record<number, CodeMeaningInput> = {
  0: 'normal',
  1: { kind: 'fire' },
  2: { kind: 'fault' },
  3: { kind: 'feedback' },
  // "Restore" ends whatever was active (typically a fault): the state machine emits the clear.
  4: 'normal',
  5: { kind: 'started' },
  // "Stop" is the end of "started".
  6: { kind: 'started', active: false, description: 'stop' },
  7: { kind: 'shielded' },
  // "Release" (gas extinguishing discharge) is reported as started with its own description.
  8: { kind: 'started', description: 'release' },
  // "Power restored" ends a power fault on that point: back to normal.
  9: 'normal',
};

/** Residual-current monitor fault flags, 2 bits per loop (GB 14287.2 kind). */
export const residualFaultCodes: Record<number, CodeMeaningInput> = {
  0: 'normal',
  1: { kind: 'fault', description: 'short circuit' },
  2: { kind: 'fault', description: 'open circuit' },
  3: { kind: 'fault', description: 'overload' },
};

/** Options of a multi-loop residual-current monitor. */
export interface ResidualCurrentOptions {
  loops: number;
  /** Address of loop 1's residual current (mA, u16); loop n at currentAddress + n - 1. */
  currentAddress: number;
  /** Address of loop 1's alarm threshold (mA, writable); loop n at thresholdAddress + n - 1. */
  thresholdAddress?: number;
  /** Address of the first fault-flag word: 2 bits per loop, loop 1 in bits 0-1, 8 loops per word. */
  faultFlagsAddress?: number;
  table?: WordTableName;
  /** Gateway-side alarm threshold in mA (GB 50116 §9.2.3: 300-500 mA). */
  alarmAt?: number;
  hysteresis?: number;
  maxMilliamps?: number;
}

/**
 * Presets that compose a profile (`extend: [m.pressure({...}), m.setting({...})]`). Each returns a
 * {@link ProfileFragment}; names of generated registers follow the point ids.
 */
export const m = {
  /** A pressure point (canonical kPa). */
  pressure: (options: MeasurementOptions): ProfileFragment => measurement('pressure', options),
  /** A liquid level point (canonical m). */
  level: (options: MeasurementOptions): ProfileFragment => measurement('level', options),
  /** A temperature point (canonical °C); temperature-type detectors report 0.1 °C (decimals 1). */
  temperature: (options: MeasurementOptions): ProfileFragment => measurement('temperature', options),
  /** A line current point (canonical A). */
  lineCurrent: (options: MeasurementOptions): ProfileFragment => measurement('line-current', options),
  /** Any measured kind. */
  measurement: (kind: PointKind, options: MeasurementOptions): ProfileFragment => measurement(kind, options),

  /** A writable setting register (slave address, baud code, buzzer...): served by simulators, never polled. */
  setting: (options: {
    id: string;
    address: number;
    values?: { min: number; max: number };
    default?: number;
    writeFunction?: 6 | 16;
    description?: string;
  }): ProfileFragment => ({
    registers: {
      [options.id]: {
        address: options.address,
        type: 'u16',
        writable: true,
        ...(options.values ? { values: options.values } : {}),
        ...(options.default === undefined ? {} : { default: options.default }),
        ...(options.writeFunction ? { writeFunction: options.writeFunction } : {}),
        ...(options.description ? { description: options.description } : {}),
      },
    },
  }),

  /** A coded status register: each value code means normal or a condition (alarm word, zone state). */
  status,
  /** A zone status register (same as `status`, GST point codes by default). */
  zoneStatus: (options: Omit<StatusOptions, 'codes'> & { codes?: StatusOptions['codes'] }): ProfileFragment =>
    status({ ...options, codes: options.codes ?? gstPointCodes }),

  /** A digital input: active (1, or 0 with activeLow) raises `kind`. */
  digitalInput: (options: DigitalInputOptions): ProfileFragment => {
    const active: CodeMeaningInput = {
      kind: options.kind,
      ...(options.description ? { description: options.description } : {}),
    };
    return status({
      id: options.id,
      address: options.address,
      table: options.table ?? 'discrete',
      ...(options.bit === undefined ? {} : { bit: options.bit }),
      ...(options.name ? { name: options.name } : {}),
      ...(options.componentType === undefined ? {} : { componentType: options.componentType }),
      codes: options.activeLow ? { 0: active, 1: 'normal' } : { 0: 'normal', 1: active },
      statePoint: `${options.id}-state`,
    });
  },

  /**
   * Fire-panel points, one register per loop/address: `register = base + loop × loopStride + address +
   * addressOffset`, value codes → events (GST codes by default).
   */
  panelPoints: (options: {
    loopStride: number;
    addressOffset?: number;
    base?: number;
    loops: { min: number; max: number };
    addresses: { min: number; max: number };
    codes?: Record<number, CodeMeaningInput>;
    componentType?: number;
    table?: ProfileTableName;
  }): ProfileFragment => ({
    panel: {
      loopStride: options.loopStride,
      loops: options.loops,
      addresses: options.addresses,
      codes: Object.fromEntries(Object.entries(options.codes ?? gstPointCodes)),
      ...(options.addressOffset === undefined ? {} : { addressOffset: options.addressOffset }),
      ...(options.base === undefined ? {} : { base: options.base }),
      ...(options.componentType === undefined ? {} : { componentType: options.componentType }),
      ...(options.table ? { table: options.table } : {}),
    },
  }),

  /** Panel-level power/bus register: 0 normal, anything else the fault `kind`. */
  panelSupervision: (options: {
    id: string;
    address: number;
    kind: EventKind;
    name?: string;
  }): ProfileFragment =>
    status({
      id: options.id,
      address: options.address,
      values: { min: 0, max: 1 },
      codes: { 0: 'normal', 1: { kind: options.kind } },
      statePoint: `${options.id}-state`,
      ...(options.name ? { name: options.name } : {}),
    }),

  /** A multi-loop residual-current monitor (GB 14287.2 kind): currents, thresholds, fault flags. */
  residualCurrent: (options: ResidualCurrentOptions): ProfileFragment => {
    const fragment: Required<Pick<ProfileFragment, 'registers' | 'points' | 'events'>> = {
      registers: {},
      points: [],
      events: [],
    };
    const table = options.table ?? 'holding';
    for (let loop = 1; loop <= options.loops; loop++) {
      const current = `loop${loop}-residual-current`;
      fragment.registers[current] = {
        table,
        address: options.currentAddress + loop - 1,
        type: 'u16',
        values: { min: 0, max: options.maxMilliamps ?? 5000 },
      };
      fragment.points.push({
        id: current,
        kind: 'residual-current',
        register: current,
        transform: { unit: 'mA' },
        range: { min: 0, max: options.maxMilliamps ?? 5000 },
        // The device's own alarm setting wins when it is read; alarmAt is the fallback.
        thresholds: {
          high: options.alarmAt ?? 500,
          hysteresis: options.hysteresis ?? 20,
          ...(options.thresholdAddress === undefined ? {} : { highFrom: `loop${loop}-alarm-threshold` }),
        },
        componentType: 17,
        analogType: 128,
      });
      if (options.thresholdAddress !== undefined) {
        const threshold = `loop${loop}-alarm-threshold`;
        fragment.registers[threshold] = {
          table,
          address: options.thresholdAddress + loop - 1,
          type: 'u16',
          writable: true,
          values: { min: 0, max: options.maxMilliamps ?? 5000 },
          default: options.alarmAt ?? 500,
        };
        fragment.points.push({
          id: threshold,
          kind: 'residual-current',
          register: threshold,
          transform: { unit: 'mA' },
          componentType: 17,
          analogType: 128,
        });
      }
      if (options.faultFlagsAddress !== undefined) {
        const flags = `loop${loop}-fault`;
        fragment.registers[flags] = {
          table,
          address: options.faultFlagsAddress + Math.floor((loop - 1) / 8),
          type: 'u16',
          bit: ((loop - 1) % 8) * 2,
          bits: 2,
        };
        fragment.events.push({
          id: flags,
          register: flags,
          codes: Object.fromEntries(Object.entries(residualFaultCodes)),
          componentType: 17,
        });
      }
    }
    return fragment;
  },
};
