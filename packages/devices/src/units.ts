import {
  canonicalUnits,
  canonicalValue,
  fromCanonical,
  type PointKind,
  type UnitDefinition,
  unitFor,
  units,
  unitsFor,
} from '@firecode/schema';

/*
 * Unit conversion is the schema's one table (`units` in @firecode/schema: pressure, water column,
 * hydrostatic level, currents, ...). These wrappers give the normalizer what it needs: a lookup that
 * answers "cannot convert" instead of throwing, because a device reporting the wrong unit yields a
 * configuration-error reading, not a crash.
 */

/** Every unit symbol (and alias) the schema knows, of any kind. */
const knownSymbols = new Set(units.flatMap((unit) => [unit.symbol, ...unit.aliases]));

/** True when `unit` is a unit of some kind (a typo check for profile code tables). */
export function isKnownUnit(unit: string): boolean {
  return knownSymbols.has(unit);
}

/** Kind → symbols and aliases convertible to its canonical unit. */
const convertible = new Map<PointKind, Set<string>>(
  (Object.keys(canonicalUnits) as PointKind[]).map((kind) => [
    kind,
    new Set(units.filter((unit) => unit.kind === kind).flatMap((unit) => [unit.symbol, ...unit.aliases])),
  ]),
);

/** True when `unit` can be converted to the canonical unit of `kind`. */
export function isConvertible(kind: PointKind, unit: string): boolean {
  return convertible.get(kind)?.has(unit) ?? false;
}

/** The units accepted for a kind, for error messages. */
export function acceptedUnits(kind: PointKind): string[] {
  return unitsFor(kind);
}

/**
 * Converts `value` in `unit` to the canonical unit of `kind`; `undefined` when the unit does not fit
 * the kind (e.g. mA for a level): the caller flags the reading as a configuration error.
 */
export function toCanonicalUnit(kind: PointKind, unit: string, value: number): number | undefined {
  const definition = canonicalConversion(kind, unit);
  return definition !== undefined && Number.isFinite(value) ? canonicalValue(definition, value) : undefined;
}

/** Kind → unit → its definition, or null when the unit does not fit the kind; filled as units are met. */
const conversions = new Map<PointKind, Map<string, UnitDefinition | null>>();

/**
 * How `unit` converts to the canonical unit of `kind` (apply it with `canonicalValue`), or `undefined`
 * when it cannot. Cached: the normalizer asks for every reading, and a lookup of the unit walks two tables.
 */
export function canonicalConversion(kind: PointKind, unit: string): UnitDefinition | undefined {
  let byUnit = conversions.get(kind);
  if (byUnit === undefined) {
    byUnit = new Map();
    conversions.set(kind, byUnit);
  }
  let definition = byUnit.get(unit);
  if (definition === undefined) {
    definition = isConvertible(kind, unit) ? unitFor(unit, kind) : null;
    byUnit.set(unit, definition);
  }
  return definition ?? undefined;
}

/** The inverse of {@link toCanonicalUnit}. */
export function fromCanonicalUnit(kind: PointKind, unit: string, value: number): number | undefined {
  return isConvertible(kind, unit) && Number.isFinite(value) ? fromCanonical(value, unit, kind) : undefined;
}

/** The canonical unit of a kind (re-exported for profile authors). */
export function canonicalUnitOf(kind: PointKind): string {
  return canonicalUnits[kind];
}
