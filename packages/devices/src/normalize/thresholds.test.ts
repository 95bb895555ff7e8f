import { describe, expect, it } from 'vitest';
import { thresholdSpecSchema } from '../profile/schema.js';
import { ThresholdTracker } from './thresholds.js';

describe('ThresholdTracker', () => {
  it('raises a low alarm once and clears it only above low + hysteresis', () => {
    const tracker = new ThresholdTracker(thresholdSpecSchema.parse({ low: 100, hysteresis: 10 }));
    const kinds = [120, 100, 95, 105, 110, 110.5, 99].map((v) =>
      tracker.update(v).map((c) => `${c.kind}:${c.active}`),
    );
    expect(kinds).toEqual([[], ['low-alarm:true'], [], [], [], ['low-alarm:false'], ['low-alarm:true']]);
  });

  it('raises a high alarm with a configured event kind and clears below high - hysteresis', () => {
    const tracker = new ThresholdTracker(
      thresholdSpecSchema.parse({ high: 500, hysteresis: 20, highEvent: 'supervisory' }),
    );
    const kinds = [499, 500, 481, 480, 479].map((v) => tracker.update(v).map((c) => `${c.kind}:${c.active}`));
    expect(kinds).toEqual([[], ['supervisory:true'], [], [], ['supervisory:false']]);
  });
});
