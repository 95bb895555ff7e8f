import type { Thresholds } from './point.js';

/** Which threshold alarms are active for a point. */
export interface ThresholdState {
  /** The low alarm is active. */
  low: boolean;
  /** The high alarm is active. */
  high: boolean;
}

/** No alarm active: the state to start from. */
export const NO_THRESHOLD_ALARM: Readonly<ThresholdState> = Object.freeze({ low: false, high: false });

/**
 * The threshold alarm state after `value`, given the state before it. A high alarm starts at
 * `value >= high` and clears only when `value < high - hysteresis`; a low alarm starts at
 * `value <= low` and clears only when `value > low + hysteresis`. Compare the result with `previous`
 * to emit `high-alarm` / `low-alarm` events. A non-finite value changes nothing (it carries bad quality).
 */
export function evaluateThresholds(
  thresholds: Thresholds | undefined,
  value: number,
  previous: ThresholdState = NO_THRESHOLD_ALARM,
): ThresholdState {
  if (thresholds === undefined || !Number.isFinite(value)) return { ...previous };
  const hysteresis = thresholds.hysteresis ?? 0;
  const { low, high } = thresholds;
  const highActive = high === undefined ? false : previous.high ? value >= high - hysteresis : value >= high;
  const lowActive = low === undefined ? false : previous.low ? value <= low + hysteresis : value <= low;
  return { low: lowActive, high: highActive };
}
