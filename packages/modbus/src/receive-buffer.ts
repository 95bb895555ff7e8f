/**
 * Bytes received from a link and not yet framed: one growable buffer reused for the life of a
 * transport, so receiving a chunk allocates nothing once the buffer has reached the largest frame
 * (plus whatever arrived with it). Shared by the MBAP and the serial transports.
 */
export class ReceiveBuffer {
  private buffer: Uint8Array;
  private used = 0;

  constructor(initialBytes: number) {
    this.buffer = new Uint8Array(initialBytes);
  }

  /** How many bytes are held. */
  get length(): number {
    return this.used;
  }

  /** The backing array: its first {@link length} bytes are the received ones. Valid until the next call. */
  get bytes(): Uint8Array {
    return this.buffer;
  }

  /** Adds `chunk` after what is held, growing the buffer (doubling) when it does not fit. */
  append(chunk: Uint8Array): void {
    if (this.used + chunk.length > this.buffer.length) {
      const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.used + chunk.length));
      grown.set(this.buffer.subarray(0, this.used));
      this.buffer = grown;
    }
    this.buffer.set(chunk, this.used);
    this.used += chunk.length;
  }

  /** Drops the first `count` bytes (a frame handled), keeping what follows them. */
  consume(count: number): void {
    this.buffer.copyWithin(0, count, this.used);
    this.used -= count;
  }

  /** Drops everything held; returns how many bytes that was (for the unsolicited-bytes counter). */
  clear(): number {
    const dropped = this.used;
    this.used = 0;
    return dropped;
  }
}
