import type { PointKind } from '../point.js';
import type { CodeEntry, CodeTable } from './code-table.js';

/**
 * An analog type: what a GB/T 26875.3 analog value (signed 16-bit) means. The value in the kind's
 * canonical unit is `raw * multiplier / divisor` (kept as two integers so 0.1 steps stay exact in
 * decimal), and the standard's valid span is `min..max` in that unit.
 */
export interface AnalogType extends CodeEntry {
  /** The point kind whose canonical unit the value converts to. */
  readonly kind: PointKind;
  /** The step of one raw count as the standard prints it, e.g. `0.1 kPa`. */
  readonly resolution: string;
  /** Canonical value = raw × multiplier / divisor. */
  readonly multiplier: number;
  /** See {@link AnalogType.multiplier}. */
  readonly divisor: number;
  /** Lowest valid value, in the kind's canonical unit. */
  readonly min: number;
  /** Highest valid value, in the kind's canonical unit. */
  readonly max: number;
  /** False for our user-defined types (128-255), which other systems do not know. */
  readonly standard: boolean;
}

/**
 * GB/T 26875.3-2011 table 6, analog types (模拟量类型). 13-127 reserved, 128-255 user-defined.
 * Type 4 counts 0.1 MPa (= 100 kPa) and is far too coarse for hydrant pressure: use type 5.
 */
export const analogTypes: readonly AnalogType[] = Object.freeze([
  {
    code: 1,
    name: 'event-count',
    en: 'Event count',
    zh: '事件计数',
    kind: 'count',
    resolution: '1',
    multiplier: 1,
    divisor: 1,
    min: 0,
    max: 32000,
    standard: true,
  },
  {
    code: 2,
    name: 'height',
    en: 'Height',
    zh: '高度',
    kind: 'level',
    resolution: '0.01 m',
    multiplier: 1,
    divisor: 100,
    min: 0,
    max: 320,
    standard: true,
  },
  {
    code: 3,
    name: 'temperature',
    en: 'Temperature',
    zh: '温度',
    kind: 'temperature',
    resolution: '0.1 °C',
    multiplier: 1,
    divisor: 10,
    min: -273,
    max: 3200,
    standard: true,
  },
  {
    code: 4,
    name: 'pressure-mpa',
    en: 'Pressure (0.1 MPa)',
    zh: '压力（MPa）',
    kind: 'pressure',
    resolution: '0.1 MPa',
    multiplier: 100,
    divisor: 1,
    min: 0,
    max: 3_200_000,
    standard: true,
  },
  {
    code: 5,
    name: 'pressure-kpa',
    en: 'Pressure (0.1 kPa)',
    zh: '压力（kPa）',
    kind: 'pressure',
    resolution: '0.1 kPa',
    multiplier: 1,
    divisor: 10,
    min: 0,
    max: 3200,
    standard: true,
  },
  {
    code: 6,
    name: 'gas-concentration',
    en: 'Gas concentration',
    zh: '气体浓度',
    kind: 'gas-concentration',
    resolution: '0.1 %LEL',
    multiplier: 1,
    divisor: 10,
    min: 0,
    max: 100,
    standard: true,
  },
  {
    code: 7,
    name: 'time',
    en: 'Time',
    zh: '时间',
    kind: 'duration',
    resolution: '1 s',
    multiplier: 1,
    divisor: 1,
    min: 0,
    max: 32000,
    standard: true,
  },
  {
    code: 8,
    name: 'voltage',
    en: 'Voltage',
    zh: '电压',
    kind: 'voltage',
    resolution: '0.1 V',
    multiplier: 1,
    divisor: 10,
    min: 0,
    max: 3200,
    standard: true,
  },
  {
    code: 9,
    name: 'current',
    en: 'Current',
    zh: '电流',
    kind: 'line-current',
    resolution: '0.1 A',
    multiplier: 1,
    divisor: 10,
    min: 0,
    max: 3200,
    standard: true,
  },
  {
    code: 10,
    name: 'flow',
    en: 'Flow',
    zh: '流量',
    kind: 'flow',
    resolution: '0.1 L/s',
    multiplier: 1,
    divisor: 10,
    min: 0,
    max: 3200,
    standard: true,
  },
  {
    code: 11,
    name: 'air-volume',
    en: 'Air volume',
    zh: '风量',
    kind: 'air-volume',
    resolution: '0.1 m³/min',
    multiplier: 1,
    divisor: 10,
    min: 0,
    max: 3200,
    standard: true,
  },
  {
    code: 12,
    name: 'air-speed',
    en: 'Air speed',
    zh: '风速',
    kind: 'air-speed',
    resolution: '1 m/s',
    multiplier: 1,
    divisor: 1,
    min: 0,
    max: 20,
    standard: true,
  },
]);

/**
 * Firecode's user-defined analog types (128-255 are left to users by the standard). The standard has no
 * milliampere type, so residual current (the quantity electrical-fire monitors alarm on) gets one.
 */
export const userAnalogTypes: readonly AnalogType[] = Object.freeze([
  {
    code: 128,
    name: 'residual-current',
    en: 'Residual current (Firecode user-defined)',
    zh: '剩余电流（用户自定义）',
    kind: 'residual-current',
    resolution: '1 mA',
    multiplier: 1,
    divisor: 1,
    min: 0,
    max: 32767,
    standard: false,
  },
]);

/** Standard analog types with their source. */
export const analogTypeTable: CodeTable<AnalogType> = {
  id: 'analogTypes',
  title: 'Analog types',
  source: 'GB/T 26875.3-2011, table 6 (13-127 reserved, 128-255 user-defined); value is signed 16-bit',
  entries: analogTypes,
};

/** Firecode's user-defined analog types. */
export const userAnalogTypeTable: CodeTable<AnalogType> = {
  id: 'userAnalogTypes',
  title: 'Firecode user-defined analog types',
  source: 'Firecode, in the 128-255 user-defined range of GB/T 26875.3-2011 table 6',
  entries: userAnalogTypes,
};

/** The analog type a point of each kind is sent as unless the point names another. */
export const defaultAnalogTypes: Readonly<Record<PointKind, number | undefined>> = Object.freeze({
  pressure: 5,
  level: 2,
  'residual-current': 128,
  'line-current': 9,
  temperature: 3,
  voltage: 8,
  flow: 10,
  state: undefined,
  'gas-concentration': 6,
  duration: 7,
  count: 1,
  'air-volume': 11,
  'air-speed': 12,
});
