import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isFirecodeError } from '@firecode/schema';
import { describe, expect, it } from 'vitest';
import {
  CONNECTION_EVENTS,
  CONNECTION_STATES,
  CONNECTION_TRANSITIONS,
  type ConnectionEvent,
  type ConnectionState,
  nextState,
} from './connection-states.js';

const uplinkPage = fileURLToPath(new URL('../../../../docs/uplink.md', import.meta.url));

/** The rows of the table between the connection-states markers of docs/uplink.md. */
function documentedTransitions(): Record<string, Record<string, { next: string; why: string }>> {
  const page = readFileSync(uplinkPage, 'utf8');
  const table = /<!-- connection-states:begin -->\n([\s\S]*?)<!-- connection-states:end -->/.exec(page);
  if (!table) throw new Error('docs/uplink.md has no connection-states table');
  const rows = table[1]!.trim().split('\n').slice(2); // the header and the |---| line
  const documented: Record<string, Record<string, { next: string; why: string }>> = {};
  for (const row of rows) {
    const cells = /^\| `(\w+)` \| `(\w+)` \| `(\w+)` \| (.*) \|$/.exec(row);
    if (!cells) throw new Error(`docs/uplink.md: unreadable connection-states row: ${row}`);
    const [, state, event, next, why] = cells as unknown as [string, string, string, string, string];
    documented[state] ??= {};
    documented[state][event] = { next, why };
  }
  return documented;
}

describe('CONNECTION_TRANSITIONS', () => {
  it('is exactly the table in docs/uplink.md ("Connection states")', () => {
    // Regenerate the page's table with `pnpm tsx test/support/connection-states-docs.ts --write`.
    const inCode = Object.fromEntries(
      Object.entries(CONNECTION_TRANSITIONS)
        .filter(([, events]) => Object.keys(events).length > 0)
        .map(([state, events]) => [state, { ...events }]),
    );
    expect(documentedTransitions()).toEqual(inCode);
  });

  it('leads only to known states, uses every event, and reaches every state from idle', () => {
    const reached = new Set<ConnectionState>(['idle']);
    const used = new Set<string>();
    for (let grew = true; grew; ) {
      grew = false;
      for (const state of [...reached]) {
        for (const [event, { next }] of Object.entries(CONNECTION_TRANSITIONS[state])) {
          used.add(event);
          expect(CONNECTION_STATES).toContain(next);
          if (!reached.has(next)) {
            reached.add(next);
            grew = true;
          }
        }
      }
    }
    expect([...reached].sort()).toEqual([...CONNECTION_STATES].sort());
    expect([...used].sort()).toEqual([...CONNECTION_EVENTS].sort());
  });

  it('lets every state but closed close, and nothing leave closed', () => {
    for (const state of CONNECTION_STATES) {
      if (state === 'closing' || state === 'closed') continue;
      expect(nextState(state, 'close'), state).toBe('closing');
    }
    expect(CONNECTION_TRANSITIONS.closed).toEqual({});
  });
});

describe('nextState', () => {
  it.each([
    ['idle', 'start', 'connecting'],
    ['connecting', 'connack', 'announcing'],
    ['connecting', 'protocolFallback', 'connecting'],
    ['announcing', 'announced', 'online'],
    ['online', 'linkClosed', 'waiting'],
    ['waiting', 'alarmSubmitted', 'waiting'],
    ['waiting', 'retryDue', 'connecting'],
    ['online', 'reconfigure', 'retiring'],
    ['retiring', 'retired', 'connecting'],
    ['retiring', 'retiredUnstarted', 'idle'],
    ['closing', 'closed', 'closed'],
  ] as [ConnectionState, ConnectionEvent, ConnectionState][])('%s + %s -> %s', (state, event, next) => {
    expect(nextState(state, event)).toBe(next);
  });

  it.each([
    ['idle', 'connack'],
    ['online', 'connack'],
    ['online', 'start'],
    ['waiting', 'announced'],
    ['connecting', 'retryDue'],
    ['closing', 'reconfigure'],
    ['closing', 'close'],
    ['closed', 'start'],
    ['closed', 'linkClosed'],
  ] as [ConnectionState, ConnectionEvent][])('refuses %s + %s with UPLINK_STATE_INVALID', (state, event) => {
    let thrown: unknown;
    try {
      nextState(state, event);
    } catch (error) {
      thrown = error;
    }
    expect(isFirecodeError(thrown, 'UPLINK_STATE_INVALID')).toBe(true);
    expect((thrown as { details?: unknown }).details).toEqual({ state, event });
    expect((thrown as Error).message).toContain(`'${event}' is not allowed in state '${state}'`);
  });
});
