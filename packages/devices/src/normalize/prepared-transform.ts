import { canonicalValue, GOOD, type PointKind, type UnitDefinition } from '@firecode/schema';
import type { DeviceProfile, PointMapping } from '../profile/schema.js';
import type { RegisterSnapshot } from '../snapshot.js';
import { canonicalConversion } from '../units.js';
import { type RegisterReader, readWith, registerReader } from './register-reader.js';
import { tidy } from './tidy.js';
import { bad, OUT_OF_RANGE, type TransformedValue, unknownUnitCode } from './transform.js';

/*
 * transformPoint, with what a point's profile fixes worked out once when the normalizer is created:
 * its registers' readers (register-reader.ts), the divisor 10^decimals when the decimals are fixed,
 * the canonical conversion when the unit is. transformPoint looked these up for every reading. What
 * the device reports (decimalsFrom, unitFrom) is still read per poll, checked with the same messages.
 * prepared-transform.test.ts runs both on random points and snapshots: the same value, quality and
 * problem, bit for bit.
 */

/** A register the transform reads besides the value's, by its profile name (for messages). */
interface SideRegister {
  readonly name: string;
  readonly reader: RegisterReader;
}

/** One point's transform, prepared by {@link prepareTransform}. */
export interface PreparedTransform {
  readonly register: string;
  readonly kind: PointKind;
  readonly value: RegisterReader;
  readonly scale: number;
  readonly offset: number;
  /** 10 ** decimals, when they are fixed (no `decimalsFrom`). */
  readonly divisor: number;
  readonly decimalsFrom: (SideRegister & { readonly min: number; readonly max: number }) | undefined;
  /** The fixed unit (no `unitFrom`) and its conversion, `undefined` when it converts to nothing. */
  readonly unit: string;
  readonly conversion: UnitDefinition | undefined;
  readonly unitFrom: (SideRegister & { readonly codes: Record<string, string | null> }) | undefined;
  readonly range: { readonly min: number; readonly max: number } | undefined;
}

/** Transforms prepared so far, by profile and point: the devices of one profile share them. */
const transforms = new WeakMap<DeviceProfile, WeakMap<PointMapping, PreparedTransform>>();

/**
 * {@link prepareTransform}, shared by every caller with the same profile and point object: for a
 * profile's own points (an instance that overrides the range has a point of its own).
 */
export function sharedTransform(profile: DeviceProfile, point: PointMapping): PreparedTransform {
  let byPoint = transforms.get(profile);
  if (byPoint === undefined) {
    byPoint = new WeakMap();
    transforms.set(profile, byPoint);
  }
  let transform = byPoint.get(point);
  if (transform === undefined) {
    transform = prepareTransform(profile, point);
    byPoint.set(point, transform);
  }
  return transform;
}

/** Prepares `point` of `profile` (with its instance's range: the normalizer's effective mapping). */
export function prepareTransform(profile: DeviceProfile, point: PointMapping): PreparedTransform {
  const transform = point.transform;
  const side = (name: string): SideRegister => ({ name, reader: registerReader(profile.registers[name]!) });
  // Truthiness as transformPoint tests these fields.
  const decimalsSpec = transform.decimalsFrom ? profile.registers[transform.decimalsFrom]! : undefined;
  const unit = transform.unit ?? '';
  return {
    register: point.register,
    kind: point.kind,
    value: registerReader(profile.registers[point.register]!),
    scale: transform.scale,
    offset: transform.offset,
    divisor: 10 ** (transform.decimals ?? 0),
    decimalsFrom:
      decimalsSpec === undefined
        ? undefined
        : { ...side(transform.decimalsFrom!), ...(decimalsSpec.values ?? { min: 0, max: 9 }) },
    unit,
    conversion: transform.unitFrom ? undefined : canonicalConversion(point.kind, unit),
    unitFrom: transform.unitFrom
      ? { ...side(transform.unitFrom.register), codes: transform.unitFrom.codes }
      : undefined,
    range: point.range || undefined,
  };
}

/** What `transformPoint` gives for the point `prepared` was made from, into `into`. */
export function runTransform(
  prepared: PreparedTransform,
  snapshot: RegisterSnapshot,
  into: TransformedValue,
): TransformedValue {
  const raw = readWith(prepared.value, snapshot);
  if (raw === undefined)
    return bad(into, 'communication-failure', `register "${prepared.register}" was not read`);
  if (!Number.isFinite(raw)) return bad(into, 'sensor-fault', `register "${prepared.register}" holds ${raw}`);
  let divisor = prepared.divisor;
  const decimalsFrom = prepared.decimalsFrom;
  if (decimalsFrom !== undefined) {
    const fromDevice = readWith(decimalsFrom.reader, snapshot);
    if (fromDevice === undefined) {
      return bad(into, 'communication-failure', `decimals register "${decimalsFrom.name}" was not read`);
    }
    if (!Number.isInteger(fromDevice) || fromDevice < decimalsFrom.min || fromDevice > decimalsFrom.max) {
      return bad(
        into,
        'configuration-error',
        `decimals register "${decimalsFrom.name}" holds ${fromDevice}, outside ${decimalsFrom.min}..${decimalsFrom.max}`,
      );
    }
    divisor = 10 ** fromDevice;
  }
  let unit = prepared.unit;
  let conversion = prepared.conversion;
  const unitFrom = prepared.unitFrom;
  if (unitFrom !== undefined) {
    const code = readWith(unitFrom.reader, snapshot);
    if (code === undefined) {
      return bad(into, 'communication-failure', `unit register "${unitFrom.name}" was not read`);
    }
    const fromTable = unitFrom.codes[String(code)];
    if (fromTable === undefined || fromTable === null) {
      return bad(into, 'configuration-error', unknownUnitCode(code, fromTable));
    }
    unit = fromTable;
    conversion = canonicalConversion(prepared.kind, unit);
  }
  // The same expression as transformPoint's (a product with 10^-decimals would round differently).
  const scaled = (raw * prepared.scale + prepared.offset) / divisor;
  if (conversion === undefined || !Number.isFinite(scaled)) {
    return bad(
      into,
      'configuration-error',
      `unit "${unit}" cannot give a ${prepared.kind} reading: set the device's unit`,
    );
  }
  const value = tidy(canonicalValue(conversion, scaled));
  if (!Number.isFinite(value)) return bad(into, 'sensor-fault', `value ${value} is not a number`);
  const range = prepared.range;
  if (range !== undefined && (value < range.min || value > range.max)) {
    into.value = value;
    into.quality = OUT_OF_RANGE;
    into.problem = `${value} outside ${range.min}..${range.max}`;
    return into;
  }
  // Written here, not through a helper: a number passed to a call that is not inlined is boxed.
  into.value = value;
  into.quality = GOOD;
  into.problem = undefined;
  return into;
}
