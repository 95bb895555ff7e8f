import { describe, expect, it } from 'vitest';
import { Command } from './command.js';
import { Gb26875Deframer, type Rejection } from './deframer.js';
import { encodeFrame, type Gb26875Frame } from './frame.js';

function frame(
  serial: number,
  adu: number[] = [21, 1, 0x01, 0x35, 0x10, 0x15, 0x03, 0x0c, 0x1a],
): Gb26875Frame {
  return {
    serial,
    version: { major: 1, minor: 0 },
    time: { year: 2026, month: 12, day: 3, hour: 21, minute: 16, second: 53 },
    source: 0x112233445566,
    destination: 1,
    command: Command.sendData,
    adu: Uint8Array.from(adu),
  };
}

const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((part) => [...part]));

describe('Gb26875Deframer', () => {
  it('delivers several frames from one chunk and a frame split byte by byte', () => {
    const deframer = new Gb26875Deframer();
    const two = concat(encodeFrame(frame(1)), encodeFrame(frame(2)));
    expect(deframer.push(two).map((f) => f.serial)).toEqual([1, 2]);
    const third = encodeFrame(frame(3));
    const out: number[] = [];
    for (const byte of third) out.push(...deframer.push(Uint8Array.of(byte)).map((f) => f.serial));
    expect(out).toEqual([3]);
    expect(deframer.pendingBytes).toBe(0);
    expect(deframer.stats()).toMatchObject({ frames: 3, garbageBytes: 0, rejectedTotal: 0 });
  });

  it('skips garbage, including lone and doubled @ signs, and counts it', () => {
    const deframer = new Gb26875Deframer();
    const noise = Uint8Array.from([0x00, 0x40, 0x41, 0x23, 0x23, 0x40]);
    const frames = deframer.push(concat(noise, encodeFrame(frame(7))));
    expect(frames.map((f) => f.serial)).toEqual([7]);
    // The last noise '@' and the frame's '@@' look like a start: that candidate is rejected.
    expect(deframer.stats()).toMatchObject({ garbageBytes: 6, rejectedTotal: 1 });
  });

  it('drops a wrong checksum, a lying length and an over-long length, each counted, and resyncs', () => {
    const rejections: Rejection[] = [];
    const deframer = new Gb26875Deframer({ onReject: (r) => rejections.push(r) });
    const badChecksum = encodeFrame(frame(10));
    badChecksum[badChecksum.length - 3]! ^= 0xff;
    const lying = encodeFrame(frame(11));
    lying[24] = 4; // ADU is 9 bytes, header says 4
    const longer = encodeFrame(frame(12));
    longer[24] = 20; // says 20: swallows the next frame's start, then finds no '##'
    const overLimit = encodeFrame(frame(13));
    overLimit[25] = 0x04; // 1024 + 9
    const stream = concat(
      badChecksum,
      encodeFrame(frame(1)),
      lying,
      encodeFrame(frame(2)),
      longer,
      encodeFrame(frame(3)),
      overLimit,
      encodeFrame(frame(4)),
    );
    expect(deframer.push(stream).map((f) => f.serial)).toEqual([1, 2, 3, 4]);
    expect(deframer.stats().rejected).toEqual({
      GB26875_BAD_CHECKSUM: 1,
      GB26875_BAD_END: 2,
      GB26875_LENGTH_EXCEEDS_LIMIT: 1,
    });
    expect(rejections.map((r) => r.streamOffset)[0]).toBe(0);
  });

  it('drops a well-delimited frame that fails a later check whole', () => {
    const deframer = new Gb26875Deframer();
    const heartbeat = encodeFrame(
      { ...frame(5), adu: new Uint8Array(0) },
      { quirks: { emptyAduHeartbeat: true } },
    );
    expect(deframer.push(concat(heartbeat, encodeFrame(frame(6)))).map((f) => f.serial)).toEqual([6]);
    expect(deframer.stats().rejected).toEqual({ GB26875_EMPTY_ADU: 1 });
    expect(deframer.stats().garbageBytes).toBe(heartbeat.length);
    const lenient = new Gb26875Deframer({ quirks: { emptyAduHeartbeat: true } });
    expect(lenient.push(heartbeat).map((f) => f.adu.length)).toEqual([0]);
  });

  it('waits for a frame whose rest has not arrived and reset drops it', () => {
    const deframer = new Gb26875Deframer();
    const bytes = encodeFrame(frame(8));
    expect(deframer.push(bytes.subarray(0, 20))).toEqual([]);
    expect(deframer.pendingBytes).toBe(20);
    deframer.reset();
    expect(deframer.pendingBytes).toBe(0);
    expect(deframer.push(bytes).map((f) => f.serial)).toEqual([8]);
  });
});
