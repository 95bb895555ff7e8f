/** Exact powers of ten 10^0..10^22 (the largest an IEEE double holds exactly), written as literals. */
const POWERS_OF_TEN = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22,
];

/**
 * Rounds away binary noise (0.1 × 3 = 0.30000000000000004) without touching real resolution: the value
 * to 12 significant digits, exactly `Number(value.toPrecision(12))`.
 *
 * It runs for every reading of every poll, and `toPrecision` builds a string each time: two fifths of
 * the poll-and-normalize CPU of `pnpm bench gateway-pipeline` (12.4 → 8.8 ms per cycle of 10,000
 * readings without it). So the usual case is done in arithmetic: scale to a 12-digit integer n, round,
 * divide by the same power of ten. Dividing two exact doubles rounds correctly, so n / 10^k is the
 * double nearest to n·10^-k — what parsing toPrecision's digits gives. Only the rounding of n could
 * differ, when the scaled value lies within its rounding error (< 0.002) of a half; those values, and
 * magnitudes whose power of ten is not exact, take the string path. tidy.test.ts compares both on half
 * a million values.
 */
export function tidy(value: number): number {
  const magnitude = Math.abs(value);
  // Integers below 10^12 have 12 digits at most; `+ 0` turns -0 into 0, as toPrecision does.
  if (magnitude < 1e12 && Number.isInteger(value)) return value + 0;
  const digitsAfterPoint = 11 - Math.floor(Math.log10(magnitude));
  if (digitsAfterPoint >= 0 && digitsAfterPoint < POWERS_OF_TEN.length) {
    const power = POWERS_OF_TEN[digitsAfterPoint]!;
    const scaled = magnitude * power;
    const fraction = scaled - Math.floor(scaled);
    const rounded = Math.round(scaled);
    // A 12-digit n (10^12 itself when rounding carried) confirms the exponent that log10 estimated.
    if (Math.abs(fraction - 0.5) > 0.002 && rounded >= 1e11 && rounded <= 1e12) {
      return value < 0 ? -rounded / power : rounded / power;
    }
  }
  return Number(value.toPrecision(12));
}
