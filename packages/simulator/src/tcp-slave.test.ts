import { Socket } from 'node:net';
import ModbusRTU from 'modbus-serial';
import { afterEach, describe, expect, it } from 'vitest';
import { rtuFrame } from './crc16.js';
import { MemoryRegisterBank } from './register-bank.js';
import { startTcpSlave, type TcpSlave } from './tcp-slave.js';

// A real, independent master (modbus-serial's client) over loopback TCP.
let slave: TcpSlave | undefined;
const clients: ModbusRTU[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) await new Promise<void>((resolve) => client.close(() => resolve()));
  await slave?.close();
  slave = undefined;
});

async function connect(port: number, unit = 1): Promise<ModbusRTU> {
  const client = new ModbusRTU();
  clients.push(client);
  await client.connectTCP('127.0.0.1', { port });
  client.setID(unit);
  client.setTimeout(1000);
  return client;
}

describe('startTcpSlave', () => {
  it('serves all four tables and writes to several unit ids on one port', async () => {
    const one = new MemoryRegisterBank().setHolding(4, 1234, 65535).setInput(10, 7).setCoil(3, true);
    const two = new MemoryRegisterBank().setHolding(0, 2).setDiscreteInput(0, false, true);
    slave = await startTcpSlave({
      units: new Map([
        [1, one],
        [2, two],
      ]),
    });
    expect(slave.port).toBeGreaterThan(0);
    const client = await connect(slave.port);
    expect((await client.readHoldingRegisters(4, 2)).data).toEqual([1234, 65535]);
    expect((await client.readInputRegisters(10, 1)).data).toEqual([7]);
    expect((await client.readCoils(0, 8)).data.slice(0, 4)).toEqual([false, false, false, true]);
    await client.writeRegister(5, 42);
    await client.writeRegisters(100, [1, 2, 3]);
    await client.writeCoil(9, true);
    await client.writeCoils(20, [true, false, true]);
    expect(one.getHolding(5)).toBe(42);
    expect([100, 101, 102].map((a) => one.getHolding(a))).toEqual([1, 2, 3]);
    expect(one.getCoil(9)).toBe(true);
    expect([20, 21, 22].map((a) => one.getCoil(a))).toEqual([true, false, true]);
    client.setID(2);
    expect((await client.readHoldingRegisters(0, 1)).data).toEqual([2]);
    expect((await client.readDiscreteInputs(0, 2)).data.slice(0, 2)).toEqual([false, true]);
    expect(slave.engine.stats.replies).toBe(9);
  });

  it('answers illegal data address beyond a sized bank and illegal data value for 126 registers', async () => {
    slave = await startTcpSlave({ units: { 1: new MemoryRegisterBank({ holding: 10 }) } });
    const client = await connect(slave.port);
    await expect(client.readHoldingRegisters(9, 2)).rejects.toMatchObject({ modbusCode: 2 });
    await expect(client.readHoldingRegisters(0, 126)).rejects.toMatchObject({ modbusCode: 3 });
    expect(slave.engine.stats.exceptions).toEqual({ 2: 1, 3: 1 });
  });

  it('injects an exception fault for a number of requests, then serves normally', async () => {
    slave = await startTcpSlave({ units: { 1: new MemoryRegisterBank().setHolding(0, 9) } });
    slave.engine.setFault(1, { kind: 'exception', code: 6 }, { requests: 1 });
    const client = await connect(slave.port);
    await expect(client.readHoldingRegisters(0, 1)).rejects.toMatchObject({ modbusCode: 6 });
    expect((await client.readHoldingRegisters(0, 1)).data).toEqual([9]);
    expect(slave.engine.stats.faults.exception).toBe(1);
  });

  it('closes a connection whose MBAP header cannot be valid, and counts it', async () => {
    slave = await startTcpSlave({ units: { 1: new MemoryRegisterBank() } });
    const socket = new Socket();
    await new Promise<void>((resolve) => socket.connect(slave!.port, '127.0.0.1', resolve));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write(Buffer.from('0001000500060103000000', 'hex').subarray(0, 11)); // protocol id 5
    await closed;
    expect(slave.engine.stats.badFrames).toBe(1);
  });

  it('vanishes (connections dropped, port closed) and comes back on the same port', async () => {
    slave = await startTcpSlave({ units: { 1: new MemoryRegisterBank().setHolding(0, 1) } });
    const port = slave.port;
    await slave.vanish();
    const refused = new Socket();
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => {
      refused.on('error', resolve);
      refused.connect(port, '127.0.0.1');
    });
    expect(error.code).toBe('ECONNREFUSED');
    await slave.restore();
    expect(slave.port).toBe(port);
    const client = await connect(port);
    expect((await client.readHoldingRegisters(0, 1)).data).toEqual([1]);
  });

  it('serves RTU frames over TCP, also in timing-accurate mode, several unit ids', async () => {
    const one = new MemoryRegisterBank().setHolding(0, ...Array.from({ length: 10 }, (_, i) => 100 + i));
    const two = new MemoryRegisterBank().setInput(3, 33);
    for (const timing of [undefined, { baudRate: 9600, turnaroundMs: 1 }]) {
      slave = await startTcpSlave({
        units: { 1: one, 2: two },
        framing: 'rtu',
        ...(timing ? { timing } : {}),
      });
      const client = new ModbusRTU();
      clients.push(client);
      // modbus-serial's "telnet" port is its RTU-over-TCP client (connectTcpRTUBuffered speaks MBAP).
      await client.connectTelnet('127.0.0.1', { port: slave.port });
      client.setTimeout(2000);
      client.setID(1);
      expect((await client.readHoldingRegisters(0, 10)).data).toEqual(
        Array.from({ length: 10 }, (_, i) => 100 + i),
      );
      client.setID(2);
      expect((await client.readInputRegisters(3, 1)).data).toEqual([33]);
      await new Promise<void>((resolve) => client.close(() => resolve()));
      clients.pop();
      await slave.close();
    }
    slave = undefined;
  });

  it('in timing-accurate mode answers back-to-back requests one after the other, never interleaved', async () => {
    const bank = new MemoryRegisterBank().setHolding(0, ...Array.from({ length: 20 }, (_, i) => i));
    slave = await startTcpSlave({
      units: { 1: bank, 2: bank },
      framing: 'rtu',
      timing: { baudRate: 115200 },
    });
    const socket = new Socket();
    await new Promise<void>((resolve) => socket.connect(slave!.port, '127.0.0.1', resolve));
    const received: Buffer[] = [];
    socket.on('data', (chunk) => received.push(chunk));
    const first = rtuFrame(1, Buffer.from('0300000014', 'hex'));
    const second = rtuFrame(2, Buffer.from('0300050002', 'hex'));
    socket.write(Buffer.concat([first, second]));
    const expected = Buffer.concat([
      rtuFrame(
        1,
        Buffer.concat([Buffer.from([3, 40]), ...Array.from({ length: 20 }, (_, i) => Buffer.from([0, i]))]),
      ),
      rtuFrame(2, Buffer.from('0304' + '0005' + '0006', 'hex')),
    ]);
    for (let i = 0; i < 300 && Buffer.concat(received).length < expected.length; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(Buffer.concat(received).toString('hex')).toBe(expected.toString('hex'));
    socket.destroy();
  });

  it('releases its port on close', async () => {
    slave = await startTcpSlave({ units: { 1: new MemoryRegisterBank() } });
    const port = slave.port;
    await slave.close();
    slave = await startTcpSlave({ port, units: { 1: new MemoryRegisterBank() } });
    expect(slave.port).toBe(port);
  });
});
