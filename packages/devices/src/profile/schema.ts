import { isRegisterTable, REGISTER_TABLES, type RegisterTable, type WordTable } from '@firecode/modbus';
import { eventKinds, pointKinds } from '@firecode/schema';
import { z } from 'zod';
import { rawTypes } from '../data-types.js';

/*
 * The profile format. What the driver READS (table, address, raw type, byte/word order, bit) lives in
 * `registers`; what the shared transform APPLIES (scale, offset, decimals, units, thresholds, event
 * codes) lives in `points`, `events` and `panel`, which refer to registers by name. The same format is
 * written as TypeScript object literals (see presets) or as YAML/JSON files.
 */

/**
 * The longer names profiles have always used for three tables (`coils` is the same in both). Profiles
 * keep accepting them; this is the one place they are mapped to `@firecode/modbus`'s `RegisterTable`,
 * the only name a parsed profile carries.
 */
export const legacyProfileTableNames = {
  holdingRegisters: 'holding',
  inputRegisters: 'input',
  discreteInputs: 'discrete',
} as const satisfies Record<string, RegisterTable>;

/** A name a profile's `table` may use: one of `REGISTER_TABLES`, or a {@link legacyProfileTableNames} key. */
export type ProfileTableName = RegisterTable | keyof typeof legacyProfileTableNames;

/** The `RegisterTable` a {@link ProfileTableName} means, as a type. */
export type RegisterTableOfName<N extends ProfileTableName> = N extends RegisterTable
  ? N
  : (typeof legacyProfileTableNames)[Exclude<N, RegisterTable>];

/** A name of a table of 16-bit registers (holding or input), as a profile may write it. */
export type WordTableName = {
  [N in ProfileTableName]: RegisterTableOfName<N> extends WordTable ? N : never;
}[ProfileTableName];

const profileTableNames = [
  ...REGISTER_TABLES,
  ...(Object.keys(legacyProfileTableNames) as (keyof typeof legacyProfileTableNames)[]),
] as [ProfileTableName, ...ProfileTableName[]];

/** The `RegisterTable` a profile's table name means. */
export function registerTableOf(name: ProfileTableName): RegisterTable {
  return isRegisterTable(name) ? name : legacyProfileTableNames[name];
}

/** A profile's `table` field: any {@link ProfileTableName}, parsed to a `RegisterTable`. */
export const profileTableSchema = z.enum(profileTableNames).transform(registerTableOf);

/** Profile ids, point and event local ids, register names: lowercase kebab-case. */
const kebabId = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'use lowercase kebab-case: letters, digits and single "-"');

const integerRange = z
  .strictObject({ min: z.number().int(), max: z.number().int() })
  .refine((range) => range.min <= range.max, 'min must not be above max');

/** Where one raw value sits and how it is laid out. */
export const registerSpecSchema = z.strictObject({
  table: profileTableSchema.default('holding'),
  /** Zero-based protocol address (40001 in vendor manuals is address 0). */
  address: z.number().int().min(0).max(0xffff),
  type: z.enum(rawTypes).default('u16'),
  byteOrder: z.enum(['big', 'little']).default('big'),
  wordOrder: z.enum(['big', 'little']).default('big'),
  /** First bit of a bit field inside a 16-bit register (0 = least significant). */
  bit: z.number().int().min(0).max(15).optional(),
  /** Width of the bit field; default 1 when `bit` is set. */
  bits: z.number().int().min(1).max(16).optional(),
  /** The raw values the vendor documents (e.g. unit codes 0-6); checked against code tables. */
  values: integerRange.optional(),
  /** Power-on raw value, for simulators. */
  default: z.number().optional(),
  /** True when a master may write it (settings such as slave address or baud code). */
  writable: z.boolean().default(false),
  /** Function code used to write it: 6 (single register) or 16 (multiple; some vendors accept only this). */
  writeFunction: z.union([z.literal(6), z.literal(16)]).optional(),
  description: z.string().optional(),
});
/** A register spec as written in a profile. */
export type RegisterSpecInput = z.input<typeof registerSpecSchema>;
/** A validated register spec (defaults filled in). */
export type RegisterSpec = z.output<typeof registerSpecSchema>;

/** What a raw value code means: `'normal'` (nothing active) or a condition that is active. */
export const codeMeaningSchema = z.union([
  z.literal('normal'),
  z.strictObject({
    kind: z.enum(eventKinds),
    /** false for codes that report the END of a condition (e.g. "stop" ends "started"). */
    active: z.boolean().default(true),
    description: z.string().optional(),
  }),
]);
/** A code meaning as written. */
export type CodeMeaningInput = z.input<typeof codeMeaningSchema>;
/** A validated code meaning. */
export type CodeMeaning = z.output<typeof codeMeaningSchema>;

/** Value code → meaning. Keys are decimal integers (YAML/JSON keys are strings). */
export const codeTableSchema = z.record(
  z.string().regex(/^-?\d+$/, 'code keys are whole numbers'),
  codeMeaningSchema,
);

/** Raw → canonical value, applied in this order: scale, offset, decimals, unit conversion. */
export const transformSchema = z.strictObject({
  scale: z.number().finite().default(1),
  offset: z.number().finite().default(0),
  /** Fixed number of decimal places: the value is divided by 10^decimals. */
  decimals: z.number().int().min(0).max(9).optional(),
  /** Register (by name) holding the number of decimal places. */
  decimalsFrom: kebabId.optional(),
  /** Fixed unit of the value after scaling (converted to the kind's canonical unit). */
  unit: z.string().optional(),
  /** Register (by name) holding a unit code, and the code table. `null` means "no unit" (misconfigured). */
  unitFrom: z
    .strictObject({
      register: kebabId,
      codes: z.record(z.string().regex(/^\d+$/, 'unit code keys are whole numbers'), z.string().nullable()),
    })
    .optional(),
});
/** A transform as written. */
export type TransformInput = z.input<typeof transformSchema>;
/** A validated transform. */
export type Transform = z.output<typeof transformSchema>;

/** Alarm thresholds in the canonical unit, with the event kinds they raise. */
export const thresholdSpecSchema = z.strictObject({
  low: z.number().optional(),
  high: z.number().optional(),
  hysteresis: z.number().nonnegative().default(0),
  /**
   * Local id of another point of the same kind whose value is the low threshold (e.g. the device's
   * own alarm setting); `low` is the fallback while that point has no good reading.
   */
  lowFrom: kebabId.optional(),
  /** Like `lowFrom`, for the high threshold (a residual-current monitor's per-loop alarm setting). */
  highFrom: kebabId.optional(),
  lowEvent: z.enum(eventKinds).default('low-alarm'),
  highEvent: z.enum(eventKinds).default('high-alarm'),
});
/** Thresholds as written. */
export type ThresholdSpecInput = z.input<typeof thresholdSpecSchema>;
/** Validated thresholds. */
export type ThresholdSpec = z.output<typeof thresholdSpecSchema>;

/** A measured point: which register, how to transform it, what it is. */
export const pointMappingSchema = z.strictObject({
  /** Local id inside the profile; the reading's point id is `<device id>.<local id>`. */
  id: kebabId,
  name: z.string().optional(),
  kind: z.enum(pointKinds),
  register: kebabId,
  transform: transformSchema.default({ scale: 1, offset: 0 }),
  /** Plausible span in the canonical unit: values outside are flagged out-of-range (uncertain). */
  range: z.strictObject({ min: z.number(), max: z.number() }).optional(),
  thresholds: thresholdSpecSchema.optional(),
  /** GB/T 26875.3 component type of what this point measures, when not the device's own. */
  componentType: z.number().int().min(0).max(255).optional(),
  /** GB/T 26875.3 analog type (table 6 or 128-255). */
  analogType: z.number().int().min(1).max(255).optional(),
});
/** A point mapping as written. */
export type PointMappingInput = z.input<typeof pointMappingSchema>;
/** A validated point mapping. */
export type PointMapping = z.output<typeof pointMappingSchema>;

/** Events read from a register (or a bit): each value code means a condition or normal. */
export const eventMappingSchema = z.strictObject({
  id: kebabId,
  name: z.string().optional(),
  register: kebabId,
  codes: codeTableSchema,
  /** GB/T 26875.3 component type of the source, when not the device's own (e.g. 91 fire pump). */
  componentType: z.number().int().min(0).max(255).optional(),
  /** Also report the raw code as a `state` reading with this local point id. */
  statePoint: kebabId.optional(),
});
/** An event mapping as written. */
export type EventMappingInput = z.input<typeof eventMappingSchema>;
/** A validated event mapping. */
export type EventMapping = z.output<typeof eventMappingSchema>;

/**
 * Fire-panel points behind a Modbus interface: one register per loop/address,
 * `register = base + loop × loopStride + address + addressOffset` (GST: loop × 240 + address − 1).
 */
export const panelMappingSchema = z.strictObject({
  table: profileTableSchema.default('holding'),
  base: z.number().int().default(0),
  loopStride: z.number().int().positive(),
  addressOffset: z.number().int().default(0),
  loops: integerRange,
  addresses: integerRange,
  codes: codeTableSchema,
  /** GB/T 26875.3 component type of panel points when unknown; 0 = general. */
  componentType: z.number().int().min(0).max(255).default(0),
});
/** A panel mapping as written. */
export type PanelMappingInput = z.input<typeof panelMappingSchema>;
/** A validated panel mapping. */
export type PanelMapping = z.output<typeof panelMappingSchema>;

/** Device recognition: registers whose values must fall in a range. */
export const probeSchema = z.array(z.strictObject({ register: kebabId, expect: integerRange })).min(1);

/** Serial line defaults (RTU). */
export const transportDefaultsSchema = z.strictObject({
  baudRate: z.number().int().positive().default(9600),
  dataBits: z.union([z.literal(7), z.literal(8)]).default(8),
  parity: z.enum(['none', 'even', 'odd']).default('none'),
  stopBits: z.union([z.literal(1), z.literal(2)]).default(1),
  /** Default slave address of a device out of the box. */
  unitId: z.number().int().min(1).max(247).default(1),
});

/** Ways real devices depart from the Modbus standard, for the bus engine and simulators. */
export const quirksSchema = z.strictObject({
  /**
   * Function code the device puts in exception replies when it is not `request | 0x80`
   * (the Ningbo arc-fault detector always answers 0x80).
   */
  exceptionFunctionCode: z.number().int().min(0x80).max(0xff).optional(),
  /** Most registers the device answers in one read. */
  maxRegistersPerRequest: z.number().int().min(1).max(125).default(125),
  /** Pause the device needs between requests, in ms. */
  interRequestDelayMs: z.number().nonnegative().default(0),
});

/** A device profile (before cross-checks; see `profileSchema`). */
export const profileObjectSchema = z.strictObject({
  id: kebabId,
  vendor: z.string().min(1),
  model: z.string().min(1),
  description: z.string().min(1),
  /** Document revision the profile follows, when vendors changed the map between revisions. */
  revision: z.string().optional(),
  /** GB/T 26875.3 system type (table 4) the device belongs to. */
  systemType: z.number().int().min(0).max(255),
  /** GB/T 26875.3 component type (table 5) of the device itself. */
  componentType: z.number().int().min(0).max(255),
  transport: transportDefaultsSchema.default({
    baudRate: 9600,
    dataBits: 8,
    parity: 'none',
    stopBits: 1,
    unitId: 1,
  }),
  quirks: quirksSchema.default({ maxRegistersPerRequest: 125, interRequestDelayMs: 0 }),
  probe: probeSchema.optional(),
  registers: z.record(kebabId, registerSpecSchema),
  points: z.array(pointMappingSchema).default([]),
  events: z.array(eventMappingSchema).default([]),
  panel: panelMappingSchema.optional(),
});
/** A device profile as written (object literal, YAML or JSON). */
export type DeviceProfileInput = z.input<typeof profileObjectSchema>;
/** A validated device profile, defaults filled in. */
export type DeviceProfile = z.output<typeof profileObjectSchema>;
/** Serial defaults of a validated profile. */
export type TransportDefaults = DeviceProfile['transport'];
/** Quirks of a validated profile. */
export type Quirks = DeviceProfile['quirks'];
/** Probe of a validated profile. */
export type Probe = NonNullable<DeviceProfile['probe']>;
