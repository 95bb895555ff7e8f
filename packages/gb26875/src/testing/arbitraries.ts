/**
 * fast-check arbitraries for frames and ADUs, built from the layout table so every type flag is
 * covered without a list to keep in step. Test-only (fast-check is a root devDependency).
 */
import fc from 'fast-check';
import type { FieldKind, FieldValue } from '../adu/fields.js';
import { fitGb18030 } from '../adu/gb18030.js';
import { type AduLayout, aduLayouts } from '../adu/layouts.js';
import type { Gb26875Adu } from '../adu/objects.js';
import type { Gb26875Frame } from '../frame/frame.js';
import type { Gb26875Time } from '../frame/time.js';

/** A valid time label (days up to 28 in every month, plus the month ends on their own). */
export const timeArb: fc.Arbitrary<Gb26875Time> = fc.record({
  year: fc.integer({ min: 2000, max: 2099 }),
  month: fc.integer({ min: 1, max: 12 }),
  day: fc.integer({ min: 1, max: 28 }),
  hour: fc.integer({ min: 0, max: 23 }),
  minute: fc.integer({ min: 0, max: 59 }),
  second: fc.integer({ min: 0, max: 59 }),
});

// ASCII without NUL (a 31-byte field is NUL-padded), Chinese, a four-byte code (€ is two, 𠀀 four).
const chars = fc.constantFrom(...'aZ09 -_/#走廊楼层烟感探测器消火栓泵€𠀀·'.split(/(?:)/u));

function textArb(maxBytes: number): fc.Arbitrary<string> {
  return fc.array(chars, { maxLength: maxBytes }).map((list) => fitGb18030(list.join(''), maxBytes));
}

const fieldArbs: Readonly<Record<FieldKind, fc.Arbitrary<FieldValue>>> = {
  u8: fc.integer({ min: 0, max: 0xff }),
  u16: fc.integer({ min: 0, max: 0xffff }),
  i16: fc.integer({ min: -0x8000, max: 0x7fff }),
  u32: fc.integer({ min: 0, max: 0xffffffff }),
  time: timeArb,
  text31: textArb(31),
  text8: textArb(255),
};

/** One object of a layout. */
export function objectArb(layout: AduLayout): fc.Arbitrary<Record<string, FieldValue>> {
  return fc.record(Object.fromEntries(layout.fields.map((field) => [field.key, fieldArbs[field.kind]])));
}

/** An ADU of a given layout with 0..maxObjects objects (any count when `unbounded`, for splitting). */
export function aduArb(layout: AduLayout, maxCount = layout.maxObjects): fc.Arbitrary<Gb26875Adu> {
  return fc
    .array(objectArb(layout), { maxLength: maxCount })
    .map((objects) => ({ type: layout.type, objects }) as unknown as Gb26875Adu);
}

/** An ADU of any known type flag. */
export const anyAduArb: fc.Arbitrary<Gb26875Adu> = fc.oneof(
  ...aduLayouts.map((layout) => aduArb(layout, Math.min(layout.maxObjects, 4))),
);

/** A frame with random header fields and ADU bytes (1..64 bytes, or empty for confirm/deny). */
export const frameArb: fc.Arbitrary<Gb26875Frame> = fc
  .record({
    serial: fc.integer({ min: 0, max: 0xffff }),
    minor: fc.integer({ min: 0, max: 0xff }),
    time: timeArb,
    source: fc.integer({ min: 0, max: 2 ** 48 - 1 }),
    destination: fc.integer({ min: 0, max: 2 ** 48 - 1 }),
    command: fc.integer({ min: 0, max: 0xff }),
    adu: fc.uint8Array({ minLength: 1, maxLength: 64 }),
    empty: fc.boolean(),
  })
  .map(({ minor, empty, command, adu, ...rest }) => ({
    ...rest,
    version: { major: 1, minor },
    command,
    adu: empty && (command === 3 || command === 6) ? new Uint8Array(0) : adu,
  }));
