import { crc16 } from '@firecode/modbus';
import { describe, expect, it } from 'vitest';
import { pairFrames } from './pairing.js';
import { RtuFrameSplitter, type TappedFrame } from './rtu-splitter.js';

const bytes = (hex: string) => Uint8Array.from(hex.split(' '), (b) => Number.parseInt(b, 16));
const withCrc = (hex: string) => {
  const body = bytes(hex);
  const crc = crc16(body, 0, body.length);
  return Uint8Array.from([...body, crc & 0xff, crc >> 8]);
};
const hexOf = (frame: TappedFrame) =>
  Array.from(frame.bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');

// QDY30A frames from hardware/captures/qdy30a.yaml.
const request = bytes('01 03 00 02 00 03 A4 0B');
const reply = bytes('01 03 06 00 01 00 01 04 D2 CF E8');

describe('RtuFrameSplitter', () => {
  it('cuts frames by CRC when a request and its reply arrive in one read', () => {
    const splitter = new RtuFrameSplitter({ silenceMs: 4 });
    const frames = splitter.push(Uint8Array.from([...request, ...reply]), 10);
    expect(frames.map(hexOf)).toEqual(['01 03 00 02 00 03 A4 0B', '01 03 06 00 01 00 01 04 D2 CF E8']);
    expect(frames.every((f) => f.crcOk)).toBe(true);
    expect(splitter.holding).toBe(false);
  });

  it('joins a frame delivered in pieces and times it by its first byte', () => {
    const splitter = new RtuFrameSplitter({ silenceMs: 4 });
    expect(splitter.push(reply.subarray(0, 4), 10)).toEqual([]);
    const [frame] = splitter.push(reply.subarray(4), 11);
    expect(frame).toMatchObject({ at: 10, crcOk: true });
    expect(frame!.bytes).toEqual(reply);
  });

  it('keeps a bad-CRC frame whole when silence ends it, marked as such', () => {
    const splitter = new RtuFrameSplitter({ silenceMs: 4 });
    const garbled = Uint8Array.from(reply);
    garbled[5] = garbled[5]! ^ 0x10;
    expect(splitter.push(garbled, 10)).toEqual([]);
    // The next frame after a silence ends the garbled one.
    const frames = splitter.push(request, 30);
    expect(frames.map((f) => [hexOf(f), f.crcOk, f.at])).toEqual([
      ['01 03 06 00 01 10 01 04 D2 CF E8', false, 10],
      ['01 03 00 02 00 03 A4 0B', true, 30],
    ]);
  });

  it('waits out a pause inside a frame whose header says more is coming (host jitter, not a frame end)', () => {
    const splitter = new RtuFrameSplitter({ silenceMs: 4, holdIncompleteMs: 100 });
    expect(splitter.push(reply.subarray(0, 10), 10)).toEqual([]);
    expect(splitter.silence(30)).toEqual([]);
    const [frame] = splitter.push(reply.subarray(10), 30);
    expect(frame).toMatchObject({ at: 10, crcOk: true });
    // A frame that never completes ends once the hold is over.
    splitter.push(reply.subarray(0, 6), 200);
    expect(splitter.silence(250)).toEqual([]);
    expect(splitter.silence(301).map((f) => [f.bytes.length, f.crcOk])).toEqual([[6, false]]);
  });

  it('finds a good frame after a silence inside garbled bytes that promised a longer frame', () => {
    const splitter = new RtuFrameSplitter({ silenceMs: 4 });
    // FC03 whose third byte (read as a reply's byte count) promises 5 + 0x40 bytes.
    expect(splitter.push(bytes('01 03 40 02 00 03 00 00'), 0)).toEqual([]);
    const frames = splitter.push(request, 20);
    expect(frames.map((f) => [hexOf(f), f.crcOk, f.at])).toEqual([
      ['01 03 40 02 00 03 00 00', false, 0],
      ['01 03 00 02 00 03 A4 0B', true, 20],
    ]);
  });

  it('splits FC16 requests by their byte count and exception replies by their length', () => {
    const write = withCrc('01 10 00 0C 00 02 04 00 01 00 02');
    const exception = withCrc('01 90 02');
    const frames = new RtuFrameSplitter({ silenceMs: 4 }).push(Uint8Array.from([...write, ...exception]), 0);
    expect(frames.map((f) => f.bytes.length)).toEqual([write.length, 5]);
  });
});

describe('pairFrames', () => {
  const frame = (b: Uint8Array, at: number, crcOk = true): TappedFrame => ({ at, bytes: b, crcOk });

  it('pairs replies with the pending request, leaves unanswered ones alone and counts bad CRCs', () => {
    const line = pairFrames([
      frame(request, 0),
      frame(reply, 5),
      frame(request, 100), // unanswered
      frame(request, 200),
      frame(reply, 205, false), // garbled reply
      frame(withCrc('01 06 00 00 00 02'), 300),
      frame(withCrc('01 06 00 00 00 02'), 305), // the echo
      frame(reply, 400), // no request pending: stray
    ]);
    expect(line.exchanges.map((e) => [e.request.at, e.reply?.at])).toEqual([
      [0, 5],
      [100, undefined],
      [200, undefined],
      [300, 305],
    ]);
    expect(line.badCrc.map((f) => f.at)).toEqual([205]);
    expect(line.stray.map((f) => f.at)).toEqual([400]);
  });

  it('takes an exception reply with the device quirk function code', () => {
    const line = pairFrames([frame(request, 0), frame(withCrc('01 80 02'), 5)], {
      exceptionFunctionCode: 0x80,
    });
    expect(line.exchanges[0]!.reply?.at).toBe(5);
  });
});
