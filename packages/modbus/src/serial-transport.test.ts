import { describe, expect, it } from 'vitest';
import type { ByteLink } from './byte-link.js';
import { crc16 } from './crc.js';
import { isModbusError } from './errors.js';
import { lineTiming } from './line-timing.js';
import { readRequest } from './pdu.js';
import { SerialTransport } from './serial-transport.js';
import { createLinkPair } from './testing/link-pair.js';

function frame(...bytes: number[]): Uint8Array {
  const out = new Uint8Array(bytes.length + 2);
  out.set(bytes);
  const crc = crc16(out, 0, bytes.length);
  out[bytes.length] = crc & 0xff;
  out[bytes.length + 1] = crc >> 8;
  return out;
}

/** A transport on an in-memory line whose slave end answers with `reply(requestFrame)`. */
async function setup(reply: (request: Uint8Array, slave: ByteLink) => void, afterTimeoutSilenceMs?: number) {
  const timing = lineTiming({ baudRate: 115200 });
  const pair = createLinkPair({ timing });
  pair.slave.setReceiver({ data: (chunk) => reply(chunk, pair.slave), closed: () => {} });
  await pair.slave.open();
  const transport = new SerialTransport(pair.master, {
    timing,
    interCharTimeoutMs: 20,
    ...(afterTimeoutSilenceMs === undefined ? {} : { afterTimeoutSilenceMs }),
  });
  await transport.open();
  return { transport, slave: pair.slave };
}

const read = { unit: 1, pdu: readRequest(3, 0, 1), timeoutMs: 50 };

describe('SerialTransport edge cases', () => {
  it('ends a frame of unknown length on silence and hands it up (decoded above as a wrong function)', async () => {
    const { transport } = await setup((_, slave) => void slave.write(frame(1, 0x2b, 0x0e, 0x01, 0x02)));
    const pdu = await transport.exchange(read);
    expect(Array.from(pdu)).toEqual([0x2b, 0x0e, 0x01, 0x02]);
  });

  it('counts and drops bytes nobody asked for, before the next request', async () => {
    let answered = 0;
    const { transport, slave } = await setup((_, s) => {
      answered++;
      void s.write(frame(1, 3, 2, 0, 9));
    });
    await slave.write(Uint8Array.of(0xaa, 0xbb, 0xcc)); // noise on an idle line
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(Array.from(await transport.exchange(read))).toEqual([3, 2, 0, 9]);
    expect(answered).toBe(1);
    expect(transport.counters()).toMatchObject({ unsolicitedBytes: 3, resyncs: 1 });
  });

  it('discards a late answer to a timed-out request instead of taking it for the next one', async () => {
    let n = 0;
    let releaseLateAnswer = () => {};
    const { transport } = await setup((_, slave) => {
      n++;
      const answer = frame(1, 3, 2, 0, n);
      // The first answer is held back until the request has timed out; later ones are prompt.
      if (n === 1) releaseLateAnswer = () => void slave.write(answer);
      else void slave.write(answer);
    });
    const first = await transport.exchange(read).catch((e: unknown) => e);
    expect(isModbusError(first, 'MODBUS_TIMEOUT')).toBe(true);
    releaseLateAnswer();
    await new Promise((resolve) => setTimeout(resolve, 10)); // the late answer arrives while idle
    expect(Array.from(await transport.exchange({ ...read, timeoutMs: 5000 }))).toEqual([3, 2, 0, 2]);
    expect(transport.counters()).toMatchObject({ unsolicitedBytes: 7, resyncs: 1 });
  });

  it('keeps the line quiet a little after a timeout, so a just-too-late answer is not taken for the next', async () => {
    let n = 0;
    let releaseLateAnswer = () => {};
    const { transport } = await setup((_, slave) => {
      n++;
      const answer = frame(1, 3, 2, 0, n);
      if (n === 1) releaseLateAnswer = () => void slave.write(answer);
      else void slave.write(answer);
    }, 200);
    const first = transport.exchange(read).catch((e: unknown) => e);
    expect(isModbusError(await first, 'MODBUS_TIMEOUT')).toBe(true);
    // The next request is issued at once; the late answer lands during the post-timeout silence.
    const second = transport.exchange({ ...read, timeoutMs: 5000 });
    setTimeout(releaseLateAnswer, 5);
    expect(Array.from(await second)).toEqual([3, 2, 0, 2]);
    expect(transport.counters().unsolicitedBytes).toBe(7);
  });

  it('gives up with a clear error when the line never falls silent (another master, a babbling device)', async () => {
    // At 1200 baud a byte takes 8.3 ms and the silence is 29 ms; a byte queued every 2 ms keeps the
    // line continuously busy even if the timer runs late by 20 ms.
    const timing = lineTiming({ baudRate: 1200 });
    const pair = createLinkPair({ timing });
    await pair.slave.open();
    const transport = new SerialTransport(pair.master, { timing });
    await transport.open();
    const noise = setInterval(() => void pair.slave.write(Uint8Array.of(0x55)), 2);
    try {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const error = await transport.exchange({ ...read, timeoutMs: 100 }).catch((e: unknown) => e);
      expect(isModbusError(error, 'MODBUS_TIMEOUT')).toBe(true);
      expect(String((error as Error).message)).toMatch(
        /never fell silent .* another master or a babbling device/,
      );
      expect(transport.counters().bytesOut).toBe(0);
    } finally {
      clearInterval(noise);
      await transport.close();
      await pair.slave.close();
    }
  });

  it('reports a frame that stops mid-way as truncated, on silence rather than at the deadline', async () => {
    const { transport } = await setup((_, slave) => void slave.write(frame(1, 3, 2, 0, 9).subarray(0, 4)));
    const error = await transport.exchange({ ...read, timeoutMs: 10_000 }).catch((e: unknown) => e);
    expect(isModbusError(error, 'MODBUS_TRUNCATED')).toBe(true);
    expect((error as { details: { frame: string } }).details.frame).toBe('01 03 02 00');
  });

  it('fails the waiting request when the link closes, and says so', async () => {
    const { transport } = await setup(() => {});
    const disconnects: Error[] = [];
    transport.onDisconnect((e) => disconnects.push(e));
    const pending = transport.exchange({ ...read, timeoutMs: 10_000 }).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await (transport as unknown as { link: ByteLink }).link.close();
    expect(isModbusError(await pending, 'MODBUS_DISCONNECTED')).toBe(true);
    expect(disconnects).toHaveLength(1);
  });
});
