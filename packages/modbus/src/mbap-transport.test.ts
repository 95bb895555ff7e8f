import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isModbusError } from './errors.js';
import { MbapTransport } from './mbap-transport.js';
import { readRequest } from './pdu.js';
import { TcpLink } from './tcp-link.js';

/** A raw TCP server whose handler decides, per MBAP request, what bytes to send back. */
async function rawServer(handle: (request: Buffer, socket: net.Socket, n: number) => void) {
  let n = 0;
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('data', (chunk) => handle(chunk, socket, ++n));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function answer(request: Buffer, value: number): Buffer {
  return Buffer.from([request[0]!, request[1]!, 0, 0, 0, 5, request[6]!, 3, 2, 0, value]);
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
});

describe('MbapTransport edge cases', () => {
  it('recognises an answer that arrives after its timeout by its transaction id', async () => {
    let releaseLateAnswer = () => {};
    const server = await rawServer((request, socket, n) => {
      // The first answer is held back until its request has timed out.
      if (n === 1) releaseLateAnswer = () => socket.write(answer(request, 1));
      else socket.write(answer(request, n));
    });
    const transport = new MbapTransport(new TcpLink({ host: '127.0.0.1', port: server.port }));
    close = async () => {
      await transport.close();
      await server.close();
    };
    await transport.open();
    const request = { unit: 1, pdu: readRequest(3, 0, 1), timeoutMs: 40 };
    expect(isModbusError(await transport.exchange(request).catch((e: unknown) => e), 'MODBUS_TIMEOUT')).toBe(
      true,
    );
    releaseLateAnswer();
    expect(Array.from(await transport.exchange({ ...request, timeoutMs: 5000 }))).toEqual([3, 2, 0, 2]);
    expect(transport.counters().lateResponses).toBe(1);
  });

  it('drops and reports the connection when the stream stops making sense', async () => {
    const server = await rawServer((request, socket, n) => {
      socket.write(n === 1 ? Buffer.from([0, 1, 0x12, 0x34, 0, 5, 1, 3, 2, 0, 0]) : answer(request, 7));
    });
    const transport = new MbapTransport(new TcpLink({ host: '127.0.0.1', port: server.port }));
    close = async () => {
      await transport.close();
      await server.close();
    };
    const disconnects: Error[] = [];
    transport.onDisconnect((e) => disconnects.push(e));
    await transport.open();
    const request = { unit: 1, pdu: readRequest(3, 0, 1), timeoutMs: 500 };
    const error = await transport.exchange(request).catch((e: unknown) => e);
    expect(isModbusError(error, 'MODBUS_DISCONNECTED')).toBe(true);
    expect(String((error as Error).message)).toMatch(/out of step \(protocol id 4660/);
    expect(disconnects).toHaveLength(1);
    await transport.open();
    expect(Array.from(await transport.exchange(request))).toEqual([3, 2, 0, 7]);
    expect(server.connections()).toBe(2);
  });
});
