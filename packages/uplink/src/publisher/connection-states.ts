import { type UplinkError, uplinkError } from '../errors.js';

/**
 * Where the uplink's connection is. `connecting` covers building the will and waiting for the CONNACK;
 * `announcing` is connected with the birth and online state on their way (messages wait); `waiting`
 * is the back-off before the next attempt; `retiring` is a reconfiguration ending the old connection.
 */
export const CONNECTION_STATES = [
  'idle',
  'connecting',
  'announcing',
  'online',
  'waiting',
  'retiring',
  'closing',
  'closed',
] as const;

/** One of {@link CONNECTION_STATES}. */
export type ConnectionState = (typeof CONNECTION_STATES)[number];

/** What happens to the connection; each one moves it along {@link CONNECTION_TRANSITIONS}. */
export const CONNECTION_EVENTS = [
  'start',
  'connack',
  'announced',
  'linkClosed',
  'attemptFailed',
  'protocolFallback',
  'retryDue',
  'alarmSubmitted',
  'reconfigure',
  'retired',
  'retiredUnstarted',
  'close',
  'closed',
] as const;

/** One of {@link CONNECTION_EVENTS}. */
export type ConnectionEvent = (typeof CONNECTION_EVENTS)[number];

/** Where an event leads from one state, and why. */
export interface ConnectionTransition {
  readonly next: ConnectionState;
  readonly why: string;
}

/**
 * The uplink's connection moves only along these transitions (docs/uplink.md shows the same table, and
 * connection-states.test.ts checks that the two agree). An event a state does not list is a bug.
 */
export const CONNECTION_TRANSITIONS: {
  readonly [S in ConnectionState]: Readonly<Partial<Record<ConnectionEvent, ConnectionTransition>>>;
} = {
  idle: {
    start: { next: 'connecting', why: 'start() opens the first connection' },
    reconfigure: { next: 'retiring', why: 'new settings before start(): swapped, nothing to end' },
    close: { next: 'closing', why: 'close() before start(): nothing to say offline on' },
  },
  connecting: {
    connack: { next: 'announcing', why: 'the broker accepted: birth and online state go first' },
    linkClosed: { next: 'waiting', why: 'refused, unreachable or timed out: back off' },
    attemptFailed: { next: 'waiting', why: 'the will could not be built or the client not created' },
    protocolFallback: { next: 'connecting', why: "MQTT 5 refused under 'auto': retry at once with 3.1.1" },
    reconfigure: { next: 'retiring', why: 'the attempt is dropped for the new settings' },
    close: { next: 'closing', why: 'the attempt is dropped; no connection is opened' },
  },
  announcing: {
    announced: { next: 'online', why: 'birth and online state are out: messages flow' },
    linkClosed: { next: 'waiting', why: 'the link died before the birth was out: back off' },
    reconfigure: { next: 'retiring', why: 'the new connection publishes the birth instead' },
    close: { next: 'closing', why: 'say offline, then disconnect' },
  },
  online: {
    linkClosed: { next: 'waiting', why: 'the link died: in-flight messages go again from the outbox' },
    reconfigure: { next: 'retiring', why: 'stop publishing, say offline on the old topics, disconnect' },
    close: { next: 'closing', why: 'say offline, then disconnect' },
  },
  waiting: {
    retryDue: { next: 'connecting', why: 'the back-off is over: next attempt' },
    alarmSubmitted: { next: 'waiting', why: 'an alarm cuts the wait (attempts stay a minimum gap apart)' },
    reconfigure: { next: 'retiring', why: 'the wait is cancelled for the new settings' },
    close: { next: 'closing', why: 'the wait is cancelled' },
  },
  retiring: {
    linkClosed: { next: 'retiring', why: 'the old link ended on its own: nothing to schedule' },
    retired: { next: 'connecting', why: 'old connection ended; started, so connect with the new settings' },
    retiredUnstarted: { next: 'idle', why: 'old connection ended; not started, so stay unconnected' },
    close: { next: 'closing', why: 'the reconfiguration finishes ending the old link, then close goes on' },
  },
  closing: {
    linkClosed: { next: 'closing', why: 'the link being retired ended on its own: nothing to schedule' },
    closed: { next: 'closed', why: 'offline state said and DISCONNECT sent (or nothing was up)' },
  },
  closed: {},
};

/**
 * The state `event` leads to from `state`. Throws `UPLINK_STATE_INVALID` when the table has no such
 * transition (a bug in the uplink, not something a caller can cause).
 */
export function nextState(state: ConnectionState, event: ConnectionEvent): ConnectionState {
  const transition = CONNECTION_TRANSITIONS[state][event];
  if (!transition) throw invalidTransition(state, event);
  return transition.next;
}

function invalidTransition(state: ConnectionState, event: ConnectionEvent): UplinkError {
  const allowed = Object.keys(CONNECTION_TRANSITIONS[state]).join(', ') || 'none';
  return uplinkError(
    'UPLINK_STATE_INVALID',
    `uplink connection: event '${event}' is not allowed in state '${state}' (allowed: ${allowed}); this is a bug in @firecode/uplink, please report it`,
    { details: { state, event } },
  );
}
