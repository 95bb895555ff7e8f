import ModbusRTU from 'modbus-serial';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rtuFrame } from './crc16.js';
import { openPtyPair, type PtyPair, socatAvailable } from './pty-pair.js';
import { MemoryRegisterBank } from './register-bank.js';
import { type RtuSlave, startRtuSlave } from './serial-slave.js';

// RTU over a real pty pair (socat): the simulator on one end, modbus-serial's RTU master on the other.
const skipReason = socatAvailable() ? false : 'socat is not installed (apt-get install socat)';

describe.skipIf(skipReason)('startRtuSlave over a socat pty pair', () => {
  let pair: PtyPair;
  let slave: RtuSlave | undefined;
  let client: ModbusRTU | undefined;

  beforeEach(async () => {
    pair = await openPtyPair();
  });
  afterEach(async () => {
    if (client?.isOpen) await new Promise<void>((resolve) => client!.close(() => resolve()));
    client = undefined;
    await slave?.close();
    slave = undefined;
    await pair.close();
  });

  async function master(unit: number, timeoutMs = 500): Promise<ModbusRTU> {
    client = new ModbusRTU();
    await client.connectRTUBuffered(pair.masterPath, { baudRate: 9600 });
    client.setID(unit);
    client.setTimeout(timeoutMs);
    return client;
  }

  it('serves several unit ids on one line and takes writes', async () => {
    const one = new MemoryRegisterBank().setHolding(4, 250);
    const two = new MemoryRegisterBank().setInput(0, 7, 8);
    slave = await startRtuSlave({ path: pair.slavePath, baudRate: 9600, units: { 1: one, 2: two } });
    const c = await master(1);
    expect((await c.readHoldingRegisters(4, 1)).data).toEqual([250]);
    await c.writeRegisters(10, [5, 6]);
    expect([one.getHolding(10), one.getHolding(11)]).toEqual([5, 6]);
    c.setID(2);
    expect((await c.readInputRegisters(0, 2)).data).toEqual([7, 8]);
  });

  it('stays silent for unit ids it does not serve', async () => {
    const one = new MemoryRegisterBank();
    slave = await startRtuSlave({ path: pair.slavePath, baudRate: 9600, units: { 1: one } });
    const c = await master(9, 200);
    await expect(c.readHoldingRegisters(0, 1)).rejects.toThrow(/timed out/i);
    expect(slave.engine.stats.unknownUnit).toBe(1);
  });

  it('answers in timing-accurate mode too', async () => {
    slave = await startRtuSlave({
      path: pair.slavePath,
      baudRate: 9600,
      units: { 1: new MemoryRegisterBank().setHolding(0, ...Array.from({ length: 125 }, (_, i) => i)) },
      timing: { turnaroundMs: 2 },
    });
    const c = await master(1, 2000);
    expect((await c.readHoldingRegisters(0, 125)).data).toEqual(Array.from({ length: 125 }, (_, i) => i));
  });

  it('produces each fault kind as a master sees it', async () => {
    const bank = new MemoryRegisterBank().setHolding(0, 42);
    slave = await startRtuSlave({ path: pair.slavePath, baudRate: 9600, units: { 1: bank } });
    const engine = slave.engine;
    // The late answer (150 ms) must stay well inside the master's timeout on a loaded machine.
    const c = await master(1, 600);
    const read = () => c.readHoldingRegisters(0, 1);

    engine.setFault(1, { kind: 'no-answer' }, { requests: 1 });
    await expect(read()).rejects.toThrow(/timed out/i);
    engine.setFault(1, { kind: 'corrupt-crc' }, { requests: 1 });
    await expect(read()).rejects.toThrow(/crc/i);
    engine.setFault(1, { kind: 'exception', code: 4 }, { requests: 1 });
    await expect(read()).rejects.toMatchObject({ modbusCode: 4 });
    engine.setFault(1, { kind: 'late-answer', delayMs: 150 }, { requests: 1 });
    expect((await read()).data).toEqual([42]);
    engine.setFault(1, { kind: 'offline' });
    await expect(read()).rejects.toThrow(/timed out/i);
    await expect(read()).rejects.toThrow(/timed out/i);
    engine.clearFault(1);
    expect((await read()).data).toEqual([42]);
    expect(engine.stats.faults).toMatchObject({
      'no-answer': 1,
      'corrupt-crc': 1,
      exception: 1,
      'late-answer': 1,
      offline: 2,
    });
  });

  it('drops requests with a bad CRC without answering, executes broadcasts silently', async () => {
    const one = new MemoryRegisterBank();
    const two = new MemoryRegisterBank();
    slave = await startRtuSlave({ path: pair.slavePath, baudRate: 9600, units: { 1: one, 2: two } });
    const { SerialPort } = await import('serialport');
    const raw = new SerialPort({ path: pair.masterPath, baudRate: 9600 });
    const replies: Buffer[] = [];
    raw.on('data', (chunk: Buffer) => replies.push(chunk));
    await new Promise<void>((resolve) => raw.once('open', () => resolve()));
    raw.write(Buffer.from('010300000001840b', 'hex')); // last CRC byte wrong
    await until(() => slave!.engine.stats.badFrames === 1);
    raw.write(Buffer.from('010300000001840a', 'hex'));
    await until(() => replies.length > 0);
    expect(Buffer.concat(replies).toString('hex')).toBe('01030200' + '00b844');
    raw.write(rtuFrame(0, Buffer.from('0600070009', 'hex'))); // broadcast: register 7 := 9
    await until(() => slave!.engine.stats.broadcasts === 1);
    expect([one.getHolding(7), two.getHolding(7)]).toEqual([9, 9]);
    expect(Buffer.concat(replies).length).toBe(7); // still only the one reply
    await new Promise<void>((resolve) => raw.close(() => resolve()));
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}
