import { describe, expect, it } from 'vitest';
import { closestMatch, didYouMean, editDistance } from './did-you-mean.js';

describe('did you mean', () => {
  it('counts a transposition as one edit', () => {
    expect(editDistance('levle', 'level')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests the close candidate, ignoring case', () => {
    expect(closestMatch('pollIntervalMS', ['pollIntervalMs', 'profile'])).toBe('pollIntervalMs');
    expect(didYouMean('tpc', ['tcp', 'rtu', 'rtu-over-tcp'])).toBe('did you mean "tcp"?');
  });

  it('lists the choices when nothing is close', () => {
    expect(closestMatch('zzzz', ['tcp', 'rtu'])).toBeUndefined();
    expect(didYouMean('zzzz', ['tcp', 'rtu'])).toBe('expected one of "tcp", "rtu"');
  });
});
