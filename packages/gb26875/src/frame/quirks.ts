/**
 * Known vendor deviations from GB/T 26875.3-2011. Each is off by default: a decoder is strict and
 * rejects (or reads literally) what the standard does not allow, and accepts a deviation only when the
 * configuration names it. Encoders honour the same switches, so a gateway can talk to a centre that
 * expects the deviation.
 */
export interface Gb26875Quirks {
  /**
   * Time labels (the frame header's and every object's) are BCD (0x59 = 59 s) instead of plain
   * binary (0x3b = 59 s). Read and written as BCD when set.
   */
  readonly bcdTime?: boolean;
  /**
   * A status word with an alarm bit set but bit 0 (1 normal / 0 test) clear is a real alarm, not a
   * test. Without it, such a word is read as the standard says: an alarm in test mode.
   */
  readonly fireWithoutNormalBit?: boolean;
  /**
   * A send-data frame with an empty ADU is a heartbeat and accepted. Without it, only confirm and deny
   * frames may carry an empty ADU.
   */
  readonly emptyAduHeartbeat?: boolean;
}

/** The quirk names, for config validation and docs. */
export const quirkNames = Object.freeze(['bcdTime', 'fireWithoutNormalBit', 'emptyAduHeartbeat'] as const);

/** Strict: no quirk accepted. */
export const STRICT: Gb26875Quirks = Object.freeze({});
