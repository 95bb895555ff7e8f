import { describe, expect, it } from 'vitest';
import type { ByteStream } from './byte-stream.js';

/** Two connected ends of some byte transport, and how to tear them down. */
export interface BytePairFixture {
  a: ByteStream;
  b: ByteStream;
  close(): Promise<void>;
}

/** Collects what `stream` receives until `count` bytes have arrived. */
function receive(stream: ByteStream, count: number): Promise<number[]> {
  return new Promise((resolve) => {
    const got: number[] = [];
    const off = stream.onData((chunk) => {
      got.push(...chunk);
      if (got.length >= count) {
        off();
        resolve(got);
      }
    });
  });
}

/**
 * The conformance suite every {@link ByteStream} implementation passes: bytes arrive in order and
 * intact in both directions, every listener hears them, and a removed listener hears nothing more.
 */
export function describeByteStream(name: string, build: () => Promise<BytePairFixture>): void {
  describe(`ByteStream conformance: ${name}`, () => {
    it('carries every byte value, in order, both ways', async () => {
      const { a, b, close } = await build();
      try {
        const all = Uint8Array.from({ length: 256 }, (_, i) => i);
        const atB = receive(b, 512);
        a.write(all);
        a.write(all.slice().reverse());
        expect(await atB).toEqual([...all, ...all.slice().reverse()]);
        const atA = receive(a, 3);
        b.write(Uint8Array.of(0x20, 0x7f, 0x1b));
        expect(await atA).toEqual([0x20, 0x7f, 0x1b]);
      } finally {
        await close();
      }
    });

    it('tells every listener, and stops telling one that unsubscribed', async () => {
      const { a, b, close } = await build();
      try {
        const heardByRemoved: number[] = [];
        const off = b.onData((chunk) => heardByRemoved.push(...chunk));
        off();
        const first = receive(b, 2);
        const second = receive(b, 2);
        a.write(Uint8Array.of(1, 2));
        expect(await first).toEqual([1, 2]);
        expect(await second).toEqual([1, 2]);
        expect(heardByRemoved).toEqual([]);
      } finally {
        await close();
      }
    });
  });
}
