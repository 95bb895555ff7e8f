import { PUBLISHER_DEFAULTS } from './defaults.js';

const DEFAULTS = PUBLISHER_DEFAULTS.reconnect;

/** Reconnect delays: exponential from `minMs` to `maxMs`, each reduced by a random share up to `jitter`. */
export interface BackoffOptions {
  /** First delay. Default 500 ms. */
  readonly minMs?: number;
  /** Cap. Default 30 s. */
  readonly maxMs?: number;
  /** 0..1: share of each delay that is random, so that a city of gateways does not reconnect in step. Default 0.5. */
  readonly jitter?: number;
  /**
   * Cap while an alarm waits in the outbox (GB 26875.1 gives a fire alarm 10 s to reach the centre,
   * so it must not sit out a 30 s backoff). Default {@link ALARM_BACKOFF_MAX_MS}. Only the reconnect
   * backoff uses it.
   */
  readonly alarmMaxMs?: number;
}

/** Default cap on the reconnect delay while an alarm waits: well under the law's 10 s. */
export const ALARM_BACKOFF_MAX_MS: number = DEFAULTS.alarmMaxMs;

/**
 * The delay before reconnect attempt `attempt` (0 = the first after a loss). With `alarmWaiting`, the
 * delay is capped at `alarmMaxMs` (the attempt count keeps growing, so the normal cap returns once the
 * alarm is out).
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
  alarmWaiting = false,
): number {
  const cap = options.maxMs ?? DEFAULTS.maxMs;
  const max = alarmWaiting ? Math.min(cap, options.alarmMaxMs ?? ALARM_BACKOFF_MAX_MS) : cap;
  const min = Math.min(options.minMs ?? DEFAULTS.minMs, max);
  const jitter = options.jitter ?? DEFAULTS.jitter;
  const base = Math.min(max, min * 2 ** Math.min(attempt, 30));
  return Math.round(base * (1 - jitter * random()));
}

/**
 * The shortest gap between two connection attempts that an alarm may force: an alarm cuts the wait,
 * but a burst of alarms must not turn into a burst of connects.
 */
export function alarmAttemptGapMs(options: BackoffOptions = {}): number {
  return Math.min(options.minMs ?? DEFAULTS.minMs, options.alarmMaxMs ?? ALARM_BACKOFF_MAX_MS);
}

/** Throws a TypeError for impossible backoff options. */
export function checkBackoff(options: BackoffOptions | undefined): void {
  if (!options) return;
  const {
    minMs = DEFAULTS.minMs,
    maxMs = DEFAULTS.maxMs,
    jitter = DEFAULTS.jitter,
    alarmMaxMs = ALARM_BACKOFF_MAX_MS,
  } = options;
  if (!(minMs >= 0 && maxMs >= minMs && Number.isFinite(maxMs))) {
    throw new TypeError(
      `uplink: reconnect needs 0 <= minMs <= maxMs (finite), got minMs=${minMs}, maxMs=${maxMs}`,
    );
  }
  if (!(jitter >= 0 && jitter <= 1))
    throw new TypeError(`uplink: reconnect.jitter must be within 0..1, got ${jitter}`);
  if (!(alarmMaxMs >= 0 && Number.isFinite(alarmMaxMs))) {
    throw new TypeError(
      `uplink: reconnect.alarmMaxMs must be a finite number of ms >= 0 (default ${ALARM_BACKOFF_MAX_MS}; keep it well under the 10 s GB 26875.1 allows a fire alarm), got ${alarmMaxMs}`,
    );
  }
}
