/**
 * The publishing defaults the SDK and the gateway share, defined once: a platform listening on the
 * default topics hears both, and a device and a gateway behave the same on a bad link. Documented in
 * docs/uplink.md, "Defaults"; `test/publisher-defaults.test.ts` checks that both apply them.
 */
export const PUBLISHER_DEFAULTS = {
  /** Messages go to `<topicPrefix>/<gatewayId>/{birth,state,alarm,status,data}`. */
  topicPrefix: 'firecode/v1',
  /**
   * MQTT keep alive: a silently dead link is noticed after 1.5 × this (45 s), which bounds how long
   * an alarm can sit behind a connection that only looks up.
   */
  keepaliveSeconds: 30,
  connectTimeoutMs: 10_000,
  /** MQTT 5 session expiry: 7 days. */
  sessionExpirySeconds: 7 * 24 * 3600,
  /** Unacknowledged publishes at most (alarms may use 4 more). */
  inFlight: 16,
  reconnect: {
    minMs: 500,
    maxMs: 30_000,
    jitter: 0.5,
    /** The cap while an alarm waits (GB 26875.1: 10 s for a fire alarm to reach the centre). */
    alarmMaxMs: 2000,
  },
  /** A batch of readings leaves when its first reading is this old or it holds this many. */
  batch: { maxAgeMs: 5000, maxReadings: 500 },
} as const;

/** The ranges both accept for the settings above that a user may change. */
export const PUBLISHER_LIMITS = {
  batchMaxAgeMs: { min: 10, max: 3_600_000 },
  /**
   * Keeps each batch far below what receivers accept by default: 10,000 readings are ~130 kB in the
   * costliest form (irregular times, full-precision values), ~20 kB typically, against the ingest's
   * 1 MiB `maxMessageBytes` and the decoder's 4 MiB / 1,000,000 items; 100,000 would pass 1 MiB.
   * Checked by `describePublisherConformance` (docs/uplink.md, "Why at most 10,000 readings").
   */
  batchMaxReadings: { min: 1, max: 10_000 },
  keepaliveSeconds: { min: 5, max: 3600 },
} as const;

/**
 * The MQTT client id of a device or gateway that names none: `firecode-<gatewayId>`, stable across
 * restarts (so the broker keeps the session) and recognisable in a broker's ACL (`firecode-%`).
 */
export function defaultClientId(gatewayId: string): string {
  return `firecode-${gatewayId}`;
}
