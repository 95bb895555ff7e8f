/**
 * Waits until `find` returns something, checking every 25 ms. The bound only keeps a broken test from
 * hanging: it is never a timing assertion. `what` names what was awaited in the failure (a function
 * when the description depends on state at the time of failure).
 */
export function waitFor<T>(
  find: () => T | undefined,
  what: string | (() => string),
  boundMs = 20_000,
): Promise<T> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      let found: T | undefined;
      try {
        found = find();
      } catch (error) {
        reject(error);
        return;
      }
      if (found !== undefined) resolve(found);
      else if (Date.now() - started > boundMs) {
        reject(new Error(`gave up waiting for ${typeof what === 'function' ? what() : what}`));
      } else setTimeout(tick, 25);
    };
    tick();
  });
}
