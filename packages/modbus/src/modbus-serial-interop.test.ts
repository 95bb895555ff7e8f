import net from 'node:net';
import ModbusRTU, { ServerTCP } from 'modbus-serial';
import { afterEach, describe, expect, it } from 'vitest';
import { createTcpBus } from './create-bus.js';
import type { ModbusBus } from './modbus-bus.js';
import { serveTcp, type TcpTestServer } from './testing/serve-tcp.js';
import { TestSlave } from './testing/test-slave.js';

/**
 * Interoperability with an independent implementation: our master against modbus-serial's ServerTCP,
 * and modbus-serial's client against our test slave (so the test double itself speaks real Modbus).
 */
/** A port nobody listens on right now (ServerTCP cannot listen on port 0 and report it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

describe('modbus-serial interoperability', () => {
  it('our TCP master reads and writes a modbus-serial ServerTCP', async () => {
    const holding = new Map<number, number>([
      [0, 11],
      [1, 22],
    ]);
    const coils = new Map<number, boolean>([[3, true]]);
    const port = await freePort();
    const server = new ServerTCP(
      {
        getHoldingRegister: (addr: number) => holding.get(addr) ?? 0,
        getInputRegister: (addr: number) => addr + 100,
        getCoil: (addr: number) => coils.get(addr) ?? false,
        getDiscreteInput: (addr: number) => addr % 2 === 0,
        setRegister: (addr: number, value: number) => {
          holding.set(addr, value);
        },
        setCoil: (addr: number, value: boolean) => {
          coils.set(addr, value);
        },
      },
      { host: '127.0.0.1', port, unitID: 1 },
    );
    await new Promise<void>((resolve) => server.on('initialized', () => resolve()));
    const bus: ModbusBus = createTcpBus({ host: '127.0.0.1', port });
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    closers.push(() => bus.close());
    expect(Array.from(await bus.readHoldingRegisters(1, 0, 2))).toEqual([11, 22]);
    expect(Array.from(await bus.readInputRegisters(1, 5, 2))).toEqual([105, 106]);
    expect(await bus.readCoils(1, 2, 3)).toEqual([false, true, false]);
    expect(await bus.readDiscreteInputs(1, 0, 3)).toEqual([true, false, true]);
    await bus.writeRegisters(1, 10, [7, 8]);
    await bus.writeCoil(1, 4, true);
    expect([holding.get(10), holding.get(11), coils.get(4)]).toEqual([7, 8, true]);
  });

  it("modbus-serial's client reads and writes our test slave", async () => {
    const slave = new TestSlave().addUnit(3);
    slave.setRegisters(3, 0, [5, 6, 7]);
    const server: TcpTestServer = await serveTcp(slave);
    const client = new ModbusRTU();
    await client.connectTCP('127.0.0.1', { port: server.port });
    client.setID(3);
    client.setTimeout(1000);
    closers.push(() => server.close());
    closers.push(() => new Promise((resolve) => client.close(() => resolve())));
    expect((await client.readHoldingRegisters(0, 3)).data).toEqual([5, 6, 7]);
    await client.writeRegisters(10, [1, 2]);
    expect(slave.getRegisters(3, 10, 2)).toEqual([1, 2]);
    await expect(client.readHoldingRegisters(0, 126)).rejects.toMatchObject({ modbusCode: 3 });
  });
});
