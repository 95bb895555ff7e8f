/** Milliseconds from a monotonic clock (never jumps with the wall clock). */
export function nowMs(): number {
  return performance.now();
}

/**
 * Node timers work in whole milliseconds and may fire up to 1 ms early or late for fractional delays.
 * At 9600 baud a millisecond is a character, so waits are done in two steps: a timer for all but the
 * last millisecond, then `setImmediate` turns (a fraction of a millisecond of event-loop turns per
 * frame) until the exact moment. Never early, rarely more than 0.1 ms late.
 */
const IMMEDIATE_TAIL_MS = 1;

/** Calls `callback` once at least `ms` have passed on the monotonic clock. Returns a cancel function. */
export function setTimeoutAtLeast(callback: () => void, ms: number): () => void {
  const until = nowMs() + ms;
  let cancelled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastSeen = Number.NaN;
  const schedule = (left: number, now: number) => {
    if (left > IMMEDIATE_TAIL_MS) timer = setTimeout(check, Math.floor(left - IMMEDIATE_TAIL_MS));
    // A clock that did not move during an event-loop turn is a virtual one (fake timers in tests):
    // spinning would never reach `until`, so let a timer advance it.
    else if (now === lastSeen) timer = setTimeout(check, 1);
    else setImmediate(check);
    lastSeen = now;
  };
  const check = () => {
    timer = undefined;
    if (cancelled) return;
    const now = nowMs();
    const left = until - now;
    if (left <= 0) callback();
    else schedule(left, now);
  };
  // Always asynchronous, even for 0 ms: callers rely on not being re-entered.
  schedule(ms, Number.NaN);
  return () => {
    cancelled = true;
    if (timer) clearTimeout(timer);
  };
}

/** Resolves once at least `ms` have passed (see {@link setTimeoutAtLeast}). */
export function sleepAtLeast(ms: number): Promise<void> {
  return new Promise((resolve) => {
    setTimeoutAtLeast(resolve, ms);
  });
}
