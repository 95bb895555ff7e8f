import type { Gb26875Time } from '../frame/index.js';

/** What the session knows when it asks for an application data unit. */
export interface ResponderContext {
  /** The time label to use: the host clock corrected by the centre's last clock sync. */
  readonly time: Gb26875Time;
  /** Corrected epoch milliseconds (the same instant as `time`). */
  readonly nowMs: number;
  /** The host clock's epoch milliseconds (for code that applies the correction itself). */
  readonly hostMs: number;
  /** Whether the link to the centre is up (it is, when asked from a live link). */
  readonly linkUp: boolean;
}

/**
 * The gateway side of the session: the ADUs only the gateway's live state can fill. The session
 * handles frames, serial numbers, confirms and timing; this answers "what do I say". The real one is
 * `MapperResponder` (src/uplink); tests pass their own.
 */
export interface CentreResponder {
  /**
   * The reply ADUs to a read request ADU of the centre (type 61-68 or 81-88), each sent in its own
   * reply frame with the request's serial number, or undefined when it cannot be answered (the
   * session then denies the request).
   */
  reply(request: Uint8Array, context: ResponderContext): Uint8Array[] | undefined;
  /** The link check sent when nothing else went out for `heartbeatMs`: the device's run status (21). */
  heartbeat(context: ResponderContext): Uint8Array;
  /** The check-in answer: transmission-device operation information (24) with "check-in answered" set. */
  checkInAnswer(context: ResponderContext): Uint8Array;
}
