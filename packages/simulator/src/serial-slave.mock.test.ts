import { SerialPortMock } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { rtuFrame } from './crc16.js';
import { MemoryRegisterBank } from './register-bank.js';
import { type SerialLine, startRtuSlave } from './serial-slave.js';

// The `openPort` seam with serialport's own test double (no socat needed): bytes in by emitData,
// replies out in the mock port's recording.
// serialport's own copy of the mock binding (the one SerialPortMock opens through).
const MockBinding = SerialPortMock.binding;
afterEach(() => MockBinding.reset());

function mockOpener(path: string) {
  MockBinding.createPort(path, { echo: false, record: true });
  let port: SerialPortMock | undefined;
  return {
    open: (settings: { path: string; baudRate: number }) =>
      new Promise<SerialLine>((resolve, reject) => {
        port = new SerialPortMock({ path: settings.path, baudRate: settings.baudRate }, (error) =>
          error ? reject(error) : resolve(port as unknown as SerialLine),
        );
      }),
    mock: () => (port as SerialPortMock).port!,
    port: () => port as SerialPortMock,
  };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
}

describe('startRtuSlave through the openPort seam (serialport MockBinding)', () => {
  it('answers a request delivered in two pieces, once, with the right frame', async () => {
    const opener = mockOpener('/dev/firecode-sim-mock');
    const slave = await startRtuSlave({
      path: '/dev/firecode-sim-mock',
      baudRate: 9600,
      units: { 5: new MemoryRegisterBank().setHolding(2, 0xbeef) },
      openPort: opener.open,
    });
    const request = rtuFrame(5, Buffer.from('0300020001', 'hex'));
    opener.mock().emitData(request.subarray(0, 3));
    opener.mock().emitData(request.subarray(3));
    const expected = rtuFrame(5, Buffer.from('0302beef', 'hex'));
    await until(() => opener.mock().recording.length >= expected.length);
    expect(opener.mock().recording).toEqual(expected);
    expect(slave.engine.stats.replies).toBe(1);
    await slave.close();
  });

  it('reports a port error after opening (adapter pulled) as SIM_PORT_FAILED naming the port, and counts it', async () => {
    const opener = mockOpener('/dev/firecode-sim-mock-error');
    const errors: { code: string; message: string }[] = [];
    const slave = await startRtuSlave({
      path: '/dev/firecode-sim-mock-error',
      baudRate: 9600,
      units: { 1: new MemoryRegisterBank() },
      openPort: opener.open,
      onError: (error) => errors.push(error),
    });
    (opener.port() as unknown as { emit(event: string, arg: unknown): void }).emit(
      'error',
      new Error('device reports readiness to read but returned no data'),
    );
    expect(slave.portErrors).toBe(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe('SIM_PORT_FAILED');
    expect(errors[0]!.message).toMatch(/serial port \/dev\/firecode-sim-mock-error failed: device reports/);
    await slave.close();
  });
});
