import { describe, expect, it } from 'vitest';
import { evaluateThresholds, NO_THRESHOLD_ALARM, type ThresholdState } from './thresholds.js';

/** Runs a sequence of values through the evaluator and returns the state after each. */
function run(values: number[], thresholds: Parameters<typeof evaluateThresholds>[0]): ThresholdState[] {
  let state: ThresholdState = NO_THRESHOLD_ALARM;
  return values.map((value) => {
    state = evaluateThresholds(thresholds, value, state);
    return state;
  });
}

describe('evaluateThresholds', () => {
  const thresholds = { low: 100, high: 1200, hysteresis: 20 };

  it('raises a high alarm at the threshold and clears it only below threshold minus hysteresis', () => {
    const highs = run([1000, 1200, 1190, 1181, 1180, 1179, 1200], thresholds).map((state) => state.high);
    expect(highs).toEqual([false, true, true, true, true, false, true]);
  });

  it('raises a low alarm at the threshold and clears it only above threshold plus hysteresis', () => {
    const lows = run([300, 100, 110, 120, 121, 99], thresholds).map((state) => state.low);
    expect(lows).toEqual([false, true, true, true, false, true]);
  });

  it('without hysteresis, clears as soon as the value is back inside', () => {
    expect(run([1300, 1199], { high: 1200 }).map((state) => state.high)).toEqual([true, false]);
  });

  it('keeps the previous state for a non-finite value and without thresholds', () => {
    const alarmed = { low: false, high: true };
    expect(evaluateThresholds(thresholds, Number.NaN, alarmed)).toEqual(alarmed);
    expect(evaluateThresholds(undefined, 5000, NO_THRESHOLD_ALARM)).toEqual(NO_THRESHOLD_ALARM);
  });
});
