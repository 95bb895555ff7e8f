import { once } from 'node:events';
import { type AddressInfo, connect, createServer } from 'node:net';
import type { FireEvent } from '@firecode/schema';
import { describe, expect, it } from 'vitest';
import { createMemoryBytePair } from '../testing/memory-byte-pair.js';
import { byteStreamFromDuplex } from './byte-stream.js';
import { startGst9000Listener } from './gst9000-listener.js';
import { encodeGst9000Record } from './gst9000-printer.js';
import { encodeLd128eRecord, LD128E_IDLE, LD128E_POLL } from './ld128e.js';
import { startLd128ePoller } from './ld128e-poller.js';
import type { UnknownFrame } from './unknown-frames.js';

/** Resolves when `predicate` holds, checking on every callback; bounded by the test timeout. */
function until(predicate: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = () => (predicate() ? resolve() : setTimeout(check, 2));
    check();
  });
}

describe('LD128E poller over a byte stream', () => {
  it('polls with 0x20, turns answers into events, reports junk, and goes offline once when the panel is silent', async () => {
    const [host, panel] = createMemoryBytePair();
    const queue: Uint8Array[] = [
      encodeLd128eRecord({ code: 0x01, loop: 1, address: 23 }),
      Uint8Array.of(0xee, 0xef),
      encodeLd128eRecord({ code: 0x05, loop: 4, address: 6 }),
    ];
    let silent = false;
    panel.onData((bytes) => {
      for (const byte of bytes) {
        expect(byte).toBe(LD128E_POLL);
        if (silent) continue;
        panel.write(queue.shift() ?? Uint8Array.of(LD128E_IDLE));
      }
    });
    const events: FireEvent[] = [];
    const unknown: UnknownFrame[] = [];
    const poller = startLd128ePoller({
      stream: host,
      componentId: 'fap-4',
      intervalMs: 5,
      offlineAfter: 3,
      now: () => 42,
      onEvent: (event) => events.push(event),
      onUnknown: (frame) => unknown.push(frame),
    });
    try {
      await until(() => events.length >= 2 && poller.stats().idle >= 2);
      silent = true;
      await until(() => events.some((e) => e.kind === 'offline'));
      silent = false;
      await until(() => events.filter((e) => e.kind === 'offline').length >= 2);
    } finally {
      poller.stop();
    }
    expect(events.map((e) => [e.kind, e.active, e.loop, e.address])).toEqual([
      ['fire', true, 1, 23],
      ['fault', false, 4, 6],
      ['offline', true, undefined, undefined],
      ['offline', false, undefined, undefined],
    ]);
    expect(unknown.map((u) => u.hex)).toEqual(['ee ef']);
    expect(poller.stats().unknownFrames).toBe(1);
  });
});

describe('LD128E poller over a real TCP link (a serial server on 127.0.0.1)', () => {
  it('reads a fire from a panel behind a socket', async () => {
    const server = createServer((socket) => {
      // The client hangs up while a reply may still be on its way: a reset here is the test's own
      // teardown, not a failure, and must not surface as an uncaught error in a later test.
      socket.on('error', () => {});
      let answered = false;
      socket.on('data', (bytes) => {
        for (const byte of bytes) {
          if (byte !== LD128E_POLL) continue;
          socket.write(
            answered ? Uint8Array.of(LD128E_IDLE) : encodeLd128eRecord({ code: 0x01, loop: 3, address: 2 }),
          );
          answered = true;
        }
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const socket = connect(port, '127.0.0.1');
    // byteStreamFromDuplex leaves error handling to the owner of the stream; here that is the test.
    const socketErrors: Error[] = [];
    socket.on('error', (error) => socketErrors.push(error));
    await once(socket, 'connect');
    const events: FireEvent[] = [];
    const poller = startLd128ePoller({
      stream: byteStreamFromDuplex(socket),
      componentId: 'fap-6',
      intervalMs: 10,
      onEvent: (event) => events.push(event),
    });
    try {
      await until(() => events.length >= 1 && poller.stats().idle >= 1);
    } finally {
      poller.stop();
      socket.destroy();
      server.close();
      await once(server, 'close');
    }
    expect(socketErrors).toEqual([]);
    expect(events).toMatchObject([{ kind: 'fire', active: true, loop: 3, address: 2, component: 'fap-6' }]);
  });
});

describe('GST9000 listener over a byte stream', () => {
  it('turns printouts into events and reports unknown kinds with their text', async () => {
    const [host, panel] = createMemoryBytePair();
    const events: FireEvent[] = [];
    const unknown: UnknownFrame[] = [];
    const logged: { details: Record<string, unknown>; message: string }[] = [];
    const listener = startGst9000Listener({
      stream: host,
      componentId: 'fap-5',
      now: () => 9,
      onEvent: (event) => events.push(event),
      onUnknown: (frame) => unknown.push(frame),
      logger: { warn: (details, message) => logged.push({ details, message }) },
    });
    const base = { printedTime: '24/05/01  08:00', location: '三层', deviceText: '手动报警按钮' };
    panel.write(encodeGst9000Record({ ...base, loop: 2, point: 17, kindText: '火警' }));
    panel.write(encodeGst9000Record({ ...base, loop: 2, point: 18, kindText: '神秘事件' }));
    await until(() => events.length + unknown.length >= 2);
    listener.stop();
    expect(events).toMatchObject([{ kind: 'fire', active: true, loop: 2, address: 17, componentType: 23 }]);
    expect(unknown[0]?.reason).toContain('神秘事件');
    expect(listener.stats()).toEqual({ records: 1, unknownFrames: 1, callbackErrors: 0 });
    expect(logged).toMatchObject([
      { details: { component: 'fap-5' }, message: expect.stringContaining('神秘事件') },
    ]);
  });
});

describe('a caller callback that throws', () => {
  it('GST9000: is counted and logged, and the next record of the same chunk still goes out', async () => {
    const [host, panel] = createMemoryBytePair();
    const events: FireEvent[] = [];
    const logged: string[] = [];
    const listener = startGst9000Listener({
      stream: host,
      componentId: 'fap-5',
      now: () => 9,
      onEvent: (event) => {
        events.push(event);
        if (events.length === 1) throw new Error('outbox refused it');
      },
      logger: { warn: (_details, message) => logged.push(message) },
    });
    const base = { printedTime: '24/05/01  08:00', location: '三层', deviceText: '手动报警按钮' };
    // Both records in one chunk: before the guard, the throw on the first lost the second.
    const first = encodeGst9000Record({ ...base, loop: 2, point: 17, kindText: '火警' });
    const second = encodeGst9000Record({ ...base, loop: 2, point: 18, kindText: '火警' });
    panel.write(Uint8Array.from([...first, ...second]));
    await until(() => events.length >= 2);
    listener.stop();
    expect(events.map((e) => e.address)).toEqual([17, 18]);
    expect(listener.stats()).toMatchObject({ records: 2, callbackErrors: 1 });
    expect(logged).toEqual(['onEvent threw; the driver goes on']);
  });

  it('LD128E: is counted, and polling goes on (no exception escapes the poll timer)', async () => {
    const [host, panel] = createMemoryBytePair();
    const records = [
      encodeLd128eRecord({ code: 0x01, loop: 1, address: 23 }),
      encodeLd128eRecord({ code: 0x01, loop: 1, address: 24 }),
    ];
    panel.onData(() => panel.write(records.shift() ?? Uint8Array.of(LD128E_IDLE)));
    const events: FireEvent[] = [];
    const poller = startLd128ePoller({
      stream: host,
      componentId: 'fap-6',
      intervalMs: 5,
      onEvent: (event) => {
        events.push(event);
        if (events.length === 1) throw new Error('outbox refused it');
      },
    });
    await until(() => events.length >= 2 && poller.stats().idle >= 1);
    poller.stop();
    expect(events.map((e) => e.address)).toEqual([23, 24]);
    expect(poller.stats().callbackErrors).toBe(1);
  });
});
