import type { Duplex } from 'node:stream';

/**
 * The seam between a panel driver and whatever carries its bytes: a serialport `SerialPort`, a TCP
 * socket to a serial server, a socat pty, or the in-memory pair below. Drivers only write bytes and
 * listen for bytes.
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

/** One end of an in-memory link, with the bytes it wrote kept for assertions. */
export interface MemoryByteStream extends ByteStream {
  /** Everything this end has written so far. */
  readonly written: Uint8Array[];
}

/**
 * Two connected in-memory ends (the test double of {@link ByteStream}): what one writes, the other
 * receives, asynchronously (on a microtask) like a real port.
 */
export function createMemoryBytePair(): [MemoryByteStream, MemoryByteStream] {
  const make = (): MemoryByteStream & {
    deliver(chunk: Uint8Array): void;
    peer?: MemoryByteStream & { deliver(chunk: Uint8Array): void };
  } => {
    const listeners = new Set<(chunk: Uint8Array) => void>();
    const end = {
      written: [] as Uint8Array[],
      peer: undefined as (MemoryByteStream & { deliver(chunk: Uint8Array): void }) | undefined,
      deliver(chunk: Uint8Array) {
        for (const listener of listeners) listener(chunk);
      },
      write(data: Uint8Array) {
        const copy = Uint8Array.from(data);
        end.written.push(copy);
        queueMicrotask(() => end.peer?.deliver(copy));
      },
      onData(listener: (chunk: Uint8Array) => void) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    return end;
  };
  const a = make();
  const b = make();
  a.peer = b;
  b.peer = a;
  return [a, b];
}
