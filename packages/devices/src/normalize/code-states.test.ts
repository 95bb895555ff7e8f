import { describe, expect, it } from 'vitest';
import { gstPointCodes } from '../profile/presets.js';
import { codeTableSchema } from '../profile/schema.js';
import { CodeStateMachine } from './code-states.js';

const gst = codeTableSchema.parse(Object.fromEntries(Object.entries(gstPointCodes)));

describe('CodeStateMachine (GST point codes)', () => {
  it('raises a condition once and clears it when the point returns to normal', () => {
    const states = new CodeStateMachine<number>();
    expect(states.update(262, 1, gst).changes).toEqual([{ kind: 'fire', active: true }]);
    expect(states.update(262, 1, gst).changes).toEqual([]);
    expect(states.update(262, 0, gst).changes).toEqual([{ kind: 'fire', active: false }]);
    expect(states.update(262, 0, gst).changes).toEqual([]);
  });

  it('switching conditions clears the old one and raises the new one', () => {
    const states = new CodeStateMachine<number>();
    states.update(1, 1, gst);
    expect(states.update(1, 2, gst).changes).toEqual([
      { kind: 'fire', active: false },
      { kind: 'fault', active: true },
    ]);
    // 4 "restore" ends the fault.
    expect(states.update(1, 4, gst).changes).toEqual([{ kind: 'fault', active: false }]);
  });

  it('"stop" is the clear of "started"; "release" continues started with its own description', () => {
    const states = new CodeStateMachine<number>();
    expect(states.update(1, 5, gst).changes).toEqual([{ kind: 'started', active: true }]);
    expect(states.update(1, 8, gst).changes).toEqual([
      { kind: 'started', active: true, description: 'release' },
    ]);
    expect(states.update(1, 6, gst).changes).toEqual([
      { kind: 'started', active: false, description: 'stop' },
    ]);
    // Stop again after normal is reported (the panel said so), but not on a first observation.
    states.update(1, 0, gst);
    expect(states.update(1, 6, gst).changes).toEqual([
      { kind: 'started', active: false, description: 'stop' },
    ]);
    expect(new CodeStateMachine<number>().update(2, 6, gst).changes).toEqual([]);
  });

  it('an unknown code is reported once, keeps the standing condition, and a later known code resolves it', () => {
    const states = new CodeStateMachine<number>();
    states.update(1, 1, gst);
    expect(states.update(1, 17, gst)).toEqual({ changes: [], unknown: true, changed: true });
    expect(states.update(1, 17, gst)).toEqual({ changes: [], unknown: true, changed: false });
    expect([...states.active().keys()]).toEqual([1]);
    expect(states.update(1, 0, gst).changes).toEqual([{ kind: 'fire', active: false }]);
  });
});
