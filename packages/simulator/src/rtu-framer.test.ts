import { describe, expect, it } from 'vitest';
import { rtuFrame } from './crc16.js';
import { RtuFramer } from './rtu-framer.js';

const hex = (s: string) => Buffer.from(s.replace(/ /g, ''), 'hex');
const readAddress = '01 03 0000 0001 840a';

describe('RtuFramer', () => {
  it('emits a frame split over several chunks once it is complete', () => {
    const framer = new RtuFramer();
    framer.push(hex('01 03 00'));
    expect(framer.take()).toEqual([]);
    framer.push(hex('00 0001 840a'));
    expect(framer.take()).toEqual([hex(readAddress)]);
    expect(framer.pending).toBe(false);
  });

  it('sizes FC10 frames from their byte count', () => {
    const framer = new RtuFramer();
    framer.push(hex('01 10 03e8 0001 02 0002 03b9'));
    expect(framer.take().map((f) => f.toString('hex'))).toEqual(['011003e800010200020 3b9'.replace(' ', '')]);
  });

  it('drops a frame with a bad CRC at the silence and counts it', () => {
    const framer = new RtuFramer();
    framer.push(hex('01 03 0000 0001 840b'));
    expect(framer.take()).toEqual([]);
    expect(framer.flush()).toEqual([]);
    expect(framer.badFrames).toBe(1);
  });

  it('finds a valid frame after noise and counts the noise', () => {
    const framer = new RtuFramer();
    framer.push(Buffer.concat([hex('ff 00 13'), hex(readAddress)]));
    expect(framer.take()).toEqual([hex(readAddress)]);
    expect(framer.badFrames).toBe(1);
  });

  it('hands over a CRC-valid frame of an unknown function code at the silence', () => {
    const framer = new RtuFramer();
    const frame = rtuFrame(1, hex('2b 0e 01 00')); // read device identification
    framer.push(frame);
    expect(framer.take()).toEqual([]);
    expect(framer.flush()).toEqual([frame]);
    expect(framer.badFrames).toBe(0);
  });
});
