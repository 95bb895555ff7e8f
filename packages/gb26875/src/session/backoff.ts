/** Reconnect delays: exponential from `minMs` to `maxMs`, each shortened by a random share up to `jitter`. */
export interface ReconnectOptions {
  /** First delay after a loss. Default 1 s. */
  readonly minMs?: number;
  /** Cap. Default 60 s: a centre that is down for an hour is dialled once a minute, not hammered. */
  readonly maxMs?: number;
  /** 0..1. Default 0.3, so the gateways of a city do not all redial in step after a centre outage. */
  readonly jitter?: number;
}

/** The delay before reconnect attempt `attempt` (0 = the first after a loss). */
export function reconnectDelay(
  attempt: number,
  options: ReconnectOptions = {},
  random: () => number = Math.random,
): number {
  const min = options.minMs ?? 1000;
  const max = options.maxMs ?? 60_000;
  const jitter = options.jitter ?? 0.3;
  const base = Math.min(max, min * 2 ** Math.min(attempt, 30));
  return Math.round(base * (1 - jitter * random()));
}

/** Throws a TypeError for impossible reconnect options. */
export function checkReconnect(options: ReconnectOptions | undefined): void {
  if (!options) return;
  const { minMs = 1000, maxMs = 60_000, jitter = 0.3 } = options;
  if (!(Number.isFinite(minMs) && minMs >= 0 && Number.isFinite(maxMs) && maxMs >= minMs)) {
    throw new TypeError(
      `Gb26875Session: reconnect needs 0 <= minMs <= maxMs (finite), got minMs=${minMs}, maxMs=${maxMs}`,
    );
  }
  if (!(jitter >= 0 && jitter <= 1)) {
    throw new TypeError(`Gb26875Session: reconnect.jitter must be within 0..1, got ${jitter}`);
  }
}
