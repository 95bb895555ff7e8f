import type { ByteStream } from '../panels/byte-stream.js';

/** One end of an in-memory link, with the bytes it wrote kept for assertions. */
export interface MemoryByteStream extends ByteStream {
  /** Everything this end has written so far. */
  readonly written: Uint8Array[];
}

/**
 * Two connected in-memory ends (the test double of `ByteStream`): what one writes, the other
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
