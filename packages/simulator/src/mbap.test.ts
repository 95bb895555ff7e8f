import { describe, expect, it } from 'vitest';
import { mbapFrame, parseMbap } from './mbap.js';

const hex = (s: string) => Buffer.from(s.replace(/ /g, ''), 'hex');

describe('MBAP framing', () => {
  it('takes one request off the front and leaves the rest', () => {
    const parsed = parseMbap(hex('0001 0000 0006 11 03 006b 0003 00ff'));
    expect(parsed).toEqual({
      kind: 'request',
      request: { transactionId: 1, unit: 0x11, pdu: hex('03 006b 0003') },
      consumed: 12,
    });
  });

  it('waits for a header or body still arriving', () => {
    expect(parseMbap(hex('0001 0000 00'))).toEqual({ kind: 'incomplete' });
    expect(parseMbap(hex('0001 0000 0006 11 03'))).toEqual({ kind: 'incomplete' });
  });

  it('rejects headers no valid request has', () => {
    expect(parseMbap(hex('0001 0005 0006 11 03 006b 0003'))).toMatchObject({
      kind: 'invalid',
      reason: /protocol id 5/,
    });
    expect(parseMbap(hex('0001 0000 0001 11'))).toMatchObject({ kind: 'invalid', reason: /length field 1/ });
    expect(parseMbap(hex('0001 0000 0100 11'))).toMatchObject({
      kind: 'invalid',
      reason: /length field 256/,
    });
  });

  it('frames replies, and breaks the protocol id on request', () => {
    expect(mbapFrame(7, 1, hex('0302 04d2')).toString('hex')).toBe('0007000000050103' + '0204d2');
    expect(mbapFrame(7, 1, hex('0302 04d2'), true).subarray(2, 4).toString('hex')).toBe('ffff');
  });
});
