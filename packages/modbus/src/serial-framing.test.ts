import { describe, expect, it } from 'vitest';
import { readRequest } from './pdu.js';
import { asciiFraming, rtuFraming } from './serial-framing.js';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const bytes = (s: string) => new TextEncoder().encode(s);

describe('asciiFraming', () => {
  it('encodes the specification example (unit 0x11, read 3 registers at 0x006B, LRC 0x7E)', () => {
    expect(text(asciiFraming.encode(0x11, readRequest(3, 0x6b, 3)))).toBe(':1103006B00037E\r\n');
  });
  it('finds frame ends at CR LF, ignores noise before the colon, and checks the LRC', () => {
    const frame = bytes('\x00\xff:1103006B00037E\r\n');
    expect(asciiFraming.frameLength(frame, frame.length - 1)).toBeUndefined();
    expect(asciiFraming.frameLength(frame, frame.length)).toBe(frame.length);
    expect(asciiFraming.decode(frame)).toEqual({ unit: 0x11, pdu: readRequest(3, 0x6b, 3) });
    expect(asciiFraming.decode(bytes(':1103006B00037F\r\n'))).toBeUndefined();
    expect(asciiFraming.decode(bytes(':1103006B0003ZZ\r\n'))).toBeUndefined();
    expect(asciiFraming.decode(bytes(':11\r\n'))).toBeUndefined();
  });
  it('sizes frames for timeouts', () => {
    expect(asciiFraming.frameBytes(5)).toBe(1 + 14 + 2);
    expect(rtuFraming.frameBytes(5)).toBe(8);
  });
});
