/** Reconnect delays: exponential from `minMs` to `maxMs`, each reduced by a random share up to `jitter`. */
export interface BackoffOptions {
  /** First delay. Default 500 ms. */
  readonly minMs?: number;
  /** Cap. Default 30 s. */
  readonly maxMs?: number;
  /** 0..1: share of each delay that is random, so that a city of gateways does not reconnect in step. Default 0.5. */
  readonly jitter?: number;
}

/** The delay before reconnect attempt `attempt` (0 = the first after a loss). */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const min = options.minMs ?? 500;
  const max = options.maxMs ?? 30_000;
  const jitter = options.jitter ?? 0.5;
  const base = Math.min(max, min * 2 ** Math.min(attempt, 30));
  return Math.round(base * (1 - jitter * random()));
}

/** Throws a TypeError for impossible backoff options. */
export function checkBackoff(options: BackoffOptions | undefined): void {
  if (!options) return;
  const { minMs = 500, maxMs = 30_000, jitter = 0.5 } = options;
  if (!(minMs >= 0 && maxMs >= minMs && Number.isFinite(maxMs))) {
    throw new TypeError(
      `uplink: reconnect needs 0 <= minMs <= maxMs (finite), got minMs=${minMs}, maxMs=${maxMs}`,
    );
  }
  if (!(jitter >= 0 && jitter <= 1))
    throw new TypeError(`uplink: reconnect.jitter must be within 0..1, got ${jitter}`);
}
