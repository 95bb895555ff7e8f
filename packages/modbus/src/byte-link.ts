/**
 * The byte-stream seam under every transport: a serial port, a TCP socket to a device or serial
 * device server, or an in-memory pair in tests. Framing (RTU or MBAP) lives above it, so one frame
 * layer serves all of them.
 */
export interface ByteLink {
  /** Identifies the physical line: serial path or host:port. The scheduler keeps one lock per line. */
  readonly name: string;
  /** True between a successful `open()` and the link closing (by `close()`, the peer, or a failure). */
  readonly isOpen: boolean;
  /** Opens (or re-opens after a failure). Rejects with MODBUS_DISCONNECTED when it cannot. */
  open(): Promise<void>;
  /** Queues bytes for sending. Rejects with MODBUS_DISCONNECTED when the link is closed. */
  write(bytes: Uint8Array): Promise<void>;
  /** Closes the link; resolves once it is closed. Idempotent: closing a closed link resolves at once. */
  close(): Promise<void>;
  /** The one consumer of received bytes and of the link closing (the transport). */
  setReceiver(receiver: ByteLinkReceiver): void;
}

/** Callbacks a {@link ByteLink} calls. */
export interface ByteLinkReceiver {
  /** Bytes received, in arrival order, chunked as the OS delivered them (not by frame). */
  data(chunk: Uint8Array): void;
  /** The link closed: failed, closed by the peer, or by `close()`. Called once per opening. */
  closed(error?: Error): void;
}
