import { userAnalogTypes } from '@firecode/schema';

/** One code Firecode uses from a range GB/T 26875.3 leaves to users. */
export interface UserDefinedCode {
  /** Which field of the protocol the code goes in. */
  readonly field: 'analog type';
  /** Where the standard leaves the range free. */
  readonly range: string;
  readonly code: number;
  readonly name: string;
  readonly en: string;
  readonly zh: string;
  /** What one raw count means. */
  readonly resolution: string;
  /** Why the standard's own codes do not do. */
  readonly why: string;
}

const why: Readonly<Record<string, string>> = {
  'residual-current':
    'table 6 has no milliampere type; electrical-fire monitors alarm on residual current at 300-500 mA (GB 50116-2013 §9.2.3), which type 9 (0.1 A) cannot carry',
};

/**
 * Every user-defined code the uplink sends, in one table. The analog types are the schema's
 * `userAnalogTypes` (not a copy); docs/gb26875.md prints this table and a doc test keeps the two equal.
 * A centre that does not know a code still stores the raw value with its type number.
 */
export const userDefinedCodes: readonly UserDefinedCode[] = Object.freeze(
  userAnalogTypes.map((type) => ({
    field: 'analog type' as const,
    range: '128-255 (table 6)',
    code: type.code,
    name: type.name,
    en: type.en,
    zh: type.zh,
    resolution: type.resolution,
    why: why[type.name] ?? 'no standard code',
  })),
);
