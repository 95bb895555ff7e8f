/**
 * One Modbus framing over one {@link ByteLink}: sends a request PDU to a unit and returns the response
 * PDU (function code + data), raw: decoding and exception handling happen above, once for all
 * transports. Implementations: {@link SerialTransport} (serial or RTU over TCP) and {@link MbapTransport}
 * (Modbus TCP). All of them pass the same conformance suite (`describeTransport`).
 */
export interface ModbusTransport {
  readonly kind: TransportKind;
  /** The physical line (serial path or host:port): the scheduler's unit of mutual exclusion. */
  readonly lineName: string;
  /** How many requests may be outstanding at once on this line (1 for serial lines). */
  readonly maxInFlight: number;
  /** Whether unit 0 is a broadcast without response (serial framings) or an ordinary address (TCP). */
  readonly broadcastUnit0: boolean;
  /** True while the underlying link is open (the scheduler opens it before the next request if not). */
  readonly isOpen: boolean;
  /**
   * Opens (or re-opens after a failure) the underlying link. Rejects with MODBUS_DISCONNECTED, saying
   * what to check, when it cannot.
   */
  open(): Promise<void>;
  /**
   * Sends one request and resolves with the response PDU (or an empty array for a broadcast).
   * Rejects with MODBUS_TIMEOUT, MODBUS_CRC, MODBUS_WRONG_UNIT, MODBUS_TRUNCATED, MODBUS_BAD_RESPONSE or
   * MODBUS_DISCONNECTED. Never resets the link because of one bad answer.
   */
  exchange(request: TransportRequest): Promise<Uint8Array>;
  /**
   * Fails every pending exchange with MODBUS_CLOSED and closes the link; `onDisconnect` listeners are
   * not called. Resolves once the link is closed; `open()` may be called again afterwards.
   */
  close(): Promise<void>;
  /** Byte-level counters (the bus adds them to its stats). */
  counters(): TransportCounters;
  /** Called when the link closes or fails by itself (not on `close()`). */
  onDisconnect(listener: (error: Error) => void): void;
}

/** Which framing a transport speaks. */
export type TransportKind = 'rtu' | 'rtu-over-tcp' | 'ascii' | 'tcp';

/** One request as the transport sees it. */
export interface TransportRequest {
  unit: number;
  /** Function code and data. */
  pdu: Uint8Array;
  /**
   * How long the slave may take to start answering. Transports add the wire time of the request and of
   * the expected response at the line's baud rate, so slow lines need no hand-tuned timeouts.
   */
  timeoutMs: number;
}

/** Byte-level counters of a transport. */
export interface TransportCounters {
  bytesOut: number;
  bytesIn: number;
  /** Bytes that arrived while no request was waiting, or after a complete frame: discarded. */
  unsolicitedBytes: number;
  /** TCP responses whose transaction id matched no waiting request (answers after their timeout). */
  lateResponses: number;
  /** Times the line was re-synchronised by waiting for silence (RTU) or reconnecting (TCP desync). */
  resyncs: number;
}

/** Fresh zeroed counters (for transport implementations). */
export function emptyCounters(): TransportCounters {
  return { bytesOut: 0, bytesIn: 0, unsolicitedBytes: 0, lateResponses: 0, resyncs: 0 };
}
