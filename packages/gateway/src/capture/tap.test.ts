import { createLinkPair } from '@firecode/modbus/testing';
import { describe, expect, it } from 'vitest';
import { RtuFrameSplitter } from './rtu-splitter.js';
import { listenOnTap } from './tap.js';

const request = Uint8Array.from([0x01, 0x03, 0x00, 0x02, 0x00, 0x03, 0xa4, 0x0b]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A memory line: `bus` puts bytes on it, `tap` is what the recorder listens to (never writing). */
function line() {
  const { master: tap, slave: bus } = createLinkPair();
  let writes = 0;
  const write = tap.write.bind(tap);
  tap.write = (bytes) => {
    writes++;
    return write(bytes);
  };
  return { tap, bus, writes: () => writes };
}

function splitting() {
  const splitter = new RtuFrameSplitter({ silenceMs: 4 });
  const frames: Uint8Array[] = [];
  const take = (list: { bytes: Uint8Array }[]) => {
    for (const f of list) frames.push(f.bytes);
    return list.length;
  };
  return {
    frames,
    onChunk: (chunk: Uint8Array, at: number) => take(splitter.push(chunk, at)),
    silence: {
      ms: 4,
      check: (now: number) => take(splitter.silence(now)),
      holding: () => splitter.holding,
      flush: () => take(splitter.flush()),
    },
  };
}

describe('listenOnTap', () => {
  it('ends at the frame limit, having never written to the line', async () => {
    const { tap, bus, writes } = line();
    const split = splitting();
    let listening = false;
    const done = listenOnTap(tap, { ...split, maxFrames: 2, onListening: () => (listening = true) });
    await bus.open();
    await sleep(10);
    expect(listening).toBe(true);
    await bus.write(request.subarray(0, 5));
    await sleep(2);
    await bus.write(request.subarray(5));
    await sleep(10);
    await bus.write(request);
    const result = await done;
    expect(result).toMatchObject({ reason: 'max-frames', frames: 2 });
    expect(split.frames).toEqual([request, request]);
    expect(writes()).toBe(0);
    expect(tap.isOpen).toBe(false);
  });

  it('ends when the line closes, keeping what it had, and on `stop`', async () => {
    const first = line();
    const split = splitting();
    const closed = listenOnTap(first.tap, split);
    await first.bus.open();
    await sleep(5);
    await first.bus.write(request.subarray(0, 3));
    await sleep(5);
    await first.tap.close(); // the adapter pulled
    const result = await closed;
    expect(result.reason).toBe('line-closed');
    // The held bytes are flushed as a (bad) frame, not lost.
    expect(split.frames.map((f) => f.length)).toEqual([3]);

    let stop: () => void = () => {};
    const second = line();
    const stopped = listenOnTap(second.tap, { ...splitting(), stop: new Promise<void>((r) => (stop = r)) });
    await sleep(5);
    stop();
    expect((await stopped).reason).toBe('stopped');
  });

  it('ends after its duration', async () => {
    const { tap } = line();
    const result = await listenOnTap(tap, { ...splitting(), durationMs: 30 });
    expect(result.reason).toBe('duration');
    expect(result.frames).toBe(0);
  });
});
