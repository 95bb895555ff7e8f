import { canonicalUnits, type PointKind } from './point-kinds.js';
import { schemaError } from './schema-errors.js';

/**
 * A unit a device may report in. The value in the kind's canonical unit is
 * `(value + offset) * multiplier / divisor`; multiplier and divisor are kept apart so that conversions
 * like °F → °C or m³/h → L/s stay exact instead of going through a rounded factor.
 */
export interface UnitDefinition {
  /** The symbol as written, e.g. `kg/cm²`. */
  readonly symbol: string;
  /** The kind whose canonical unit this converts to. */
  readonly kind: PointKind;
  /** Canonical = (value + offset) × multiplier / divisor. */
  readonly multiplier: number;
  /** See {@link UnitDefinition.multiplier}. */
  readonly divisor: number;
  /** Added before scaling (non-zero only for K and °F). */
  readonly offset: number;
  /** Other spellings transmitters and datasheets use. */
  readonly aliases: readonly string[];
  /** English name. */
  readonly en: string;
}

/** Standard gravity (m/s², CGPM 1901) and water density (kg/m³): 1 m of water column = 9.80665 kPa. */
const WATER_COLUMN_KPA_PER_M = 9.80665;
/** One pound-force in newtons; a square inch is 6.4516 cm², so 1 psi = 4.4482216152605 / 0.64516 kPa. */
const POUND_FORCE_N = 4.4482216152605;

type Spec = [
  symbol: string,
  multiplier: number,
  divisor: number,
  en: string,
  aliases?: string[],
  offset?: number,
];

const pressureSpecs: Spec[] = [
  ['kPa', 1, 1, 'kilopascal', ['kpa', 'KPa', 'KPA']],
  ['MPa', 1000, 1, 'megapascal', ['MPA', 'Mpa']],
  ['Pa', 1, 1000, 'pascal', ['pa', 'PA']],
  ['hPa', 1, 10, 'hectopascal'],
  ['bar', 100, 1, 'bar', ['Bar', 'BAR']],
  ['mbar', 1, 10, 'millibar', ['mBar', 'MBAR', 'mb']],
  ['kg/cm²', 98.0665, 1, 'kilogram-force per square centimetre', ['kg/cm2', 'kgf/cm²', 'kgf/cm2', 'at']],
  ['psi', POUND_FORCE_N, 0.64516, 'pound-force per square inch', ['PSI', 'Psi', 'lbf/in²', 'lbf/in2']],
  ['mH2O', WATER_COLUMN_KPA_PER_M, 1, 'metre of water column', ['mH₂O', 'mwc', 'mWC', 'm H2O']],
  ['cmH2O', WATER_COLUMN_KPA_PER_M, 100, 'centimetre of water column', ['cmH₂O']],
  ['mmH2O', WATER_COLUMN_KPA_PER_M, 1000, 'millimetre of water column', ['mmH₂O', 'mmwc', 'mmWC']],
];

const specsByKind: Record<PointKind, Spec[]> = {
  pressure: pressureSpecs,
  level: [
    ['m', 1, 1, 'metre', ['M']],
    ['cm', 1, 100, 'centimetre'],
    ['mm', 1, 1000, 'millimetre'],
    // Hydrostatic level transmitters report the water column's pressure: level = p / (ρ g), water at
    // 1000 kg/m³ and standard gravity, so 1 mH2O is exactly 1 m.
    ...pressureSpecs.map(
      ([symbol, multiplier, divisor, en, aliases]): Spec => [
        symbol,
        multiplier,
        divisor * WATER_COLUMN_KPA_PER_M,
        `${en} of water column (hydrostatic level)`,
        aliases,
      ],
    ),
  ],
  'residual-current': [
    ['mA', 1, 1, 'milliampere', ['MA']],
    ['A', 1000, 1, 'ampere'],
    ['µA', 1, 1000, 'microampere', ['uA', 'μA']],
  ],
  'line-current': [
    ['A', 1, 1, 'ampere'],
    ['mA', 1, 1000, 'milliampere'],
    ['kA', 1000, 1, 'kiloampere'],
  ],
  temperature: [
    ['°C', 1, 1, 'degree Celsius', ['℃', 'degC', 'C', 'ºC']],
    ['K', 1, 1, 'kelvin', [], -273.15],
    ['°F', 5, 9, 'degree Fahrenheit', ['℉', 'degF', 'F', 'ºF'], -32],
  ],
  voltage: [
    ['V', 1, 1, 'volt'],
    ['mV', 1, 1000, 'millivolt'],
    ['kV', 1000, 1, 'kilovolt'],
  ],
  flow: [
    ['L/s', 1, 1, 'litre per second', ['l/s', 'LPS']],
    ['L/min', 1, 60, 'litre per minute', ['l/min', 'LPM']],
    ['L/h', 1, 3600, 'litre per hour', ['l/h']],
    ['m³/h', 1000, 3600, 'cubic metre per hour', ['m3/h']],
    ['m³/min', 1000, 60, 'cubic metre per minute', ['m3/min']],
    ['m³/s', 1000, 1, 'cubic metre per second', ['m3/s']],
    ['gpm', 3.785411784, 60, 'US gallon per minute', ['GPM', 'gal/min']],
  ],
  state: [['', 1, 1, 'no unit']],
  'gas-concentration': [['%LEL', 1, 1, 'percent of the lower explosive limit', ['LEL%', '% LEL', '%lel']]],
  duration: [
    ['s', 1, 1, 'second', ['sec']],
    ['ms', 1, 1000, 'millisecond'],
    ['min', 60, 1, 'minute'],
    ['h', 3600, 1, 'hour'],
  ],
  count: [['', 1, 1, 'no unit']],
  'air-volume': [
    ['m³/min', 1, 1, 'cubic metre per minute', ['m3/min']],
    ['m³/h', 1, 60, 'cubic metre per hour', ['m3/h', 'CMH']],
    ['m³/s', 60, 1, 'cubic metre per second', ['m3/s']],
  ],
  'air-speed': [
    ['m/s', 1, 1, 'metre per second'],
    ['km/h', 1000, 3600, 'kilometre per hour'],
  ],
};

/** Every unit we convert from, per kind; the first of each kind is its canonical unit. */
export const units: readonly UnitDefinition[] = Object.freeze(
  (Object.entries(specsByKind) as [PointKind, Spec[]][]).flatMap(([kind, specs]) =>
    specs.map(([symbol, multiplier, divisor, en, aliases = [], offset = 0]) =>
      Object.freeze({ symbol, kind, multiplier, divisor, offset, aliases: Object.freeze(aliases), en }),
    ),
  ),
);

/** The unit symbols (without aliases) a point of `kind` can be reported in. */
export function unitsFor(kind: PointKind): string[] {
  return units.filter((unit) => unit.kind === kind).map((unit) => unit.symbol);
}

/** kind → symbol or alias → definition, so a lookup per reading is one map access. */
const unitIndex = new Map<PointKind, Map<string, UnitDefinition>>();
for (const unit of units) {
  const bySymbol = unitIndex.get(unit.kind) ?? new Map<string, UnitDefinition>();
  unitIndex.set(unit.kind, bySymbol);
  for (const symbol of [unit.symbol, ...unit.aliases]) if (!bySymbol.has(symbol)) bySymbol.set(symbol, unit);
}

function matches(unit: UnitDefinition, symbol: string): boolean {
  return unit.symbol === symbol || unit.aliases.includes(symbol);
}

/**
 * The definition of `symbol` (or one of its aliases) for `kind`. Throws `SCHEMA_UNKNOWN_UNIT` for a
 * symbol we do not know at all, `SCHEMA_UNIT_MISMATCH` for one of another quantity.
 */
export function unitFor(symbol: string, kind: PointKind): UnitDefinition {
  const exact = unitIndex.get(kind)?.get(symbol);
  if (exact !== undefined) return exact;
  const trimmed = symbol.trim();
  const found = unitIndex.get(kind)?.get(trimmed);
  if (found !== undefined) return found;
  const known = unitsFor(kind)
    .map((known) => `"${known}"`)
    .join(', ');
  const elsewhere = units.filter((unit) => matches(unit, trimmed)).map((unit) => unit.kind);
  if (elsewhere.length > 0) {
    throw schemaError(
      'SCHEMA_UNIT_MISMATCH',
      `unit "${symbol}" measures ${[...new Set(elsewhere)].join(' or ')}, not ${kind}: a ${kind} point takes ${known}`,
      { unit: symbol, kind },
    );
  }
  throw schemaError(
    'SCHEMA_UNKNOWN_UNIT',
    `unknown unit "${symbol}" for a ${kind} point: use one of ${known} (symbols are case-sensitive: mPa is not MPa)`,
    { unit: symbol, kind },
  );
}

function assertFinite(value: number, what: string): void {
  if (!Number.isFinite(value)) {
    throw schemaError('SCHEMA_NOT_FINITE', `${what} is ${value}, not a finite number`, { value });
  }
}

/** Converts `value` reported in `unit` to the canonical unit of `kind` (see `canonicalUnits`). */
export function toCanonical(value: number, unit: string, kind: PointKind): number {
  // The message only when it is needed: this runs per reading, and a template literal is a new string.
  if (!Number.isFinite(value)) assertFinite(value, `${kind} value in "${unit}"`);
  return canonicalValue(unitFor(unit, kind), value);
}

/**
 * `value` in `definition`'s unit, in the canonical unit of its kind: {@link toCanonical} for a caller
 * that has looked the unit up once already (a normalizer converting every reading of a point).
 */
export function canonicalValue(definition: UnitDefinition, value: number): number {
  if (definition.multiplier === definition.divisor && definition.offset === 0) return value;
  return ((value + definition.offset) * definition.multiplier) / definition.divisor;
}

/** Converts `value` in the canonical unit of `kind` to `unit`. */
export function fromCanonical(value: number, unit: string, kind: PointKind): number {
  if (!Number.isFinite(value)) assertFinite(value, `${kind} value in "${canonicalUnits[kind]}"`);
  const definition = unitFor(unit, kind);
  if (definition.multiplier === definition.divisor && definition.offset === 0) return value;
  return (value * definition.divisor) / definition.multiplier - definition.offset;
}

/**
 * Converts `value` from one unit to another of the same kind. Without `kind`, the first kind that knows
 * both units is used (e.g. MPa → kPa is a pressure); give `kind: 'level'` to turn a water column's
 * pressure into a level.
 */
export function convertUnit(value: number, from: string, to: string, kind?: PointKind): number {
  const chosen =
    kind ??
    units.find(
      (unit) =>
        matches(unit, from.trim()) &&
        units.some((other) => other.kind === unit.kind && matches(other, to.trim())),
    )?.kind;
  if (chosen === undefined) {
    const fromKinds = units.filter((unit) => matches(unit, from.trim())).map((unit) => unit.kind);
    const toKinds = units.filter((unit) => matches(unit, to.trim())).map((unit) => unit.kind);
    const unknown = fromKinds.length === 0 ? from : toKinds.length === 0 ? to : undefined;
    if (unknown !== undefined) {
      throw schemaError(
        'SCHEMA_UNKNOWN_UNIT',
        `unknown unit "${unknown}": known units are ${[...new Set(units.map((unit) => unit.symbol))].map((s) => `"${s}"`).join(', ')}`,
        { unit: unknown },
      );
    }
    throw schemaError(
      'SCHEMA_UNIT_MISMATCH',
      `cannot convert "${from}" (${[...new Set(fromKinds)].join('/')}) to "${to}" (${[...new Set(toKinds)].join('/')}): they measure different things`,
      { from, to },
    );
  }
  return fromCanonical(toCanonical(value, from, chosen), to, chosen);
}
