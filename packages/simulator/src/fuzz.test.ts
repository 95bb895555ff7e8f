import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasValidCrc, rtuFrame } from './crc16.js';
import { answerPdu } from './pdu.js';
import { MemoryRegisterBank } from './register-bank.js';
import { MAX_RTU_FRAME, RtuFramer } from './rtu-framer.js';

// Whatever a master (or line noise) sends, the slave never crashes and answers only well-formed PDUs.
describe('fuzz', () => {
  it('answerPdu answers any PDU with a reply or a well-formed exception, never a throw', () => {
    const bank = new MemoryRegisterBank({
      holding: 300,
      coils: 300,
      input: 300,
      discrete: 300,
    });
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 253 }), (pdu) => {
        const answer = answerPdu(pdu, bank);
        if (answer.kind === 'exception') {
          expect(answer.pdu).toHaveLength(2);
          expect(answer.pdu[0]).toBe(((pdu[0] as number) | 0x80) & 0xff);
          expect([1, 2, 3, 4]).toContain(answer.pdu[1]);
        } else {
          expect(answer.pdu[0]).toBe(pdu[0]);
          expect(answer.pdu.length).toBeLessThanOrEqual(253);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('RtuFramer hands out only CRC-valid frames from noise, with bounded memory', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 }), (chunks) => {
        const framer = new RtuFramer();
        for (const chunk of chunks) {
          framer.push(Buffer.from(chunk));
          for (const frame of framer.take()) expect(hasValidCrc(frame)).toBe(true);
        }
        for (const frame of framer.flush()) expect(hasValidCrc(frame)).toBe(true);
        expect(framer.pending).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('RtuFramer still finds a valid request behind any noise', () => {
    const request = rtuFrame(1, Buffer.from('0300000001', 'hex'));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: MAX_RTU_FRAME }), (noise) => {
        const framer = new RtuFramer();
        framer.push(Buffer.concat([Buffer.from(noise), request]));
        const frames = [...framer.take(), ...framer.flush()];
        expect(frames.some((frame) => frame.equals(request))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
