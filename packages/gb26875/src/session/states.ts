/**
 * The session's states and transitions in one table (see conventions.md: a stateful protocol is a
 * written state machine). One `CentreLink` object lives for each connection attempt; the session
 * itself only moves between these states.
 *
 * ```
 * idle ──start──► connecting ──connected──► online ──lost──► backoff ──elapsed──► connecting
 *                     │                                         ▲
 *                     └──────────────failed─────────────────────┘
 * any state ──close──► closed
 * ```
 */
export const SESSION_STATES = ['idle', 'connecting', 'online', 'backoff', 'closed'] as const;
/** One of {@link SESSION_STATES}. */
export type SessionState = (typeof SESSION_STATES)[number];

/** What moves the session. */
export type SessionInput = 'start' | 'connected' | 'failed' | 'lost' | 'elapsed' | 'close';

/** state → input → next state. A pair missing here is a bug in the session, not a network event. */
export const SESSION_TRANSITIONS: Readonly<
  Record<SessionState, Readonly<Partial<Record<SessionInput, SessionState>>>>
> = {
  idle: { start: 'connecting', close: 'closed' },
  connecting: { connected: 'online', failed: 'backoff', close: 'closed' },
  online: { lost: 'backoff', close: 'closed' },
  backoff: { elapsed: 'connecting', close: 'closed' },
  closed: { close: 'closed' },
};

/** The next state, or a thrown Error naming the impossible pair. */
export function nextState(state: SessionState, input: SessionInput): SessionState {
  const next = SESSION_TRANSITIONS[state][input];
  if (next === undefined) throw new Error(`gb26875 session: no transition from ${state} on ${input}`);
  return next;
}
