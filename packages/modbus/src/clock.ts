/** Milliseconds from a monotonic clock (never jumps with the wall clock). */
export function nowMs(): number {
  return performance.now();
}

/**
 * Resolves once at least `ms` have passed. Timers fire late, never early, but they round: loop so that
 * an inter-frame silence is never cut short.
 */
export async function sleepAtLeast(ms: number): Promise<void> {
  const until = nowMs() + ms;
  for (let left = ms; left > 0; left = until - nowMs()) {
    await new Promise<void>((resolve) => setTimeout(resolve, Math.max(1, Math.ceil(left))));
  }
}

/**
 * Like setTimeout, but never fires before `ms` have passed on the monotonic clock (Node timers work in
 * whole milliseconds and may fire up to 1 ms early for fractional delays). Returns a cancel function.
 */
export function setTimeoutAtLeast(callback: () => void, ms: number): () => void {
  const until = nowMs() + ms;
  let timer: ReturnType<typeof setTimeout>;
  const check = () => {
    const left = until - nowMs();
    if (left <= 0) return callback();
    timer = setTimeout(check, Math.max(1, Math.ceil(left)));
  };
  timer = setTimeout(check, Math.max(0, Math.ceil(ms)));
  return () => clearTimeout(timer);
}
