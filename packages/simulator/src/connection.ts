/**
 * The seam between a byte stream (TCP socket, serial port) and a framing (MBAP, RTU): the stream
 * feeds received bytes in and gets replies out through `write`.
 */
export interface SlaveConnection {
  /** Bytes received from the master. */
  receive(chunk: Buffer): void;
  /** The stream is gone: cancel pending replies and timers. */
  close(): void;
}

/** Where a connection writes replies. */
export type WriteBytes = (bytes: Buffer) => void;
