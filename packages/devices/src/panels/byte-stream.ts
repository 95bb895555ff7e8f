import type { Duplex } from 'node:stream';

/**
 * The seam between a panel driver and whatever carries its bytes: a serialport `SerialPort`, a TCP
 * socket to a serial server, a socat pty, or in tests `createMemoryBytePair` of
 * `@firecode/devices/testing`. Drivers only write bytes and listen for bytes.
 */
export interface ByteStream {
  write(data: Uint8Array): void;
  /** Adds a listener for received bytes; returns a function that removes it. */
  onData(listener: (chunk: Uint8Array) => void): () => void;
}

/**
 * Wraps a Node duplex stream (`SerialPort` from serialport, `net.Socket`) as a {@link ByteStream}.
 * Errors stay with the caller's stream handling: listen to `stream.on('error')` yourself.
 */
export function byteStreamFromDuplex(stream: Duplex): ByteStream {
  return {
    write: (data) => {
      stream.write(data);
    },
    onData(listener) {
      const handler = (chunk: Buffer | string) =>
        listener(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk);
      stream.on('data', handler);
      return () => stream.off('data', handler);
    },
  };
}
