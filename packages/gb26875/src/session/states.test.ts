import { describe, expect, it } from 'vitest';
import { nextState, SESSION_STATES, SESSION_TRANSITIONS } from './states.js';

describe('session state table', () => {
  it('every state can be closed, and closed stays closed', () => {
    for (const state of SESSION_STATES) expect(nextState(state, 'close')).toBe('closed');
    expect(Object.keys(SESSION_TRANSITIONS[SESSION_STATES.at(-1)!])).toEqual(['close']);
  });

  it('walks the reconnect cycle', () => {
    let state = nextState('idle', 'start');
    expect(state).toBe('connecting');
    state = nextState(state, 'failed');
    expect(state).toBe('backoff');
    state = nextState(nextState(state, 'elapsed'), 'connected');
    expect(state).toBe('online');
    expect(nextState(state, 'lost')).toBe('backoff');
  });

  it('refuses an impossible pair, naming it', () => {
    expect(() => nextState('online', 'connected')).toThrow(/no transition from online on connected/);
  });
});
