import { MockBinding } from '@serialport/binding-mock';
import { describe, expect, it } from 'vitest';
import { createRtuBus } from './create-bus.js';
import { isModbusError } from './errors.js';
import { SerialLink } from './serial-link.js';

describe('SerialLink', () => {
  it('says which port could not be opened and what to check (native binding)', async () => {
    const bus = createRtuBus({ path: '/dev/firecode-no-such-port', baudRate: 9600, retries: 0 });
    let offline = 0;
    bus.on('offline', (e) => {
      if (e.unit === null) offline++;
    });
    const error = await bus.readHoldingRegisters(1, 0, 1).catch((e: unknown) => e);
    expect(isModbusError(error, 'MODBUS_DISCONNECTED')).toBe(true);
    expect(String((error as Error).message)).toMatch(
      /cannot open serial port \/dev\/firecode-no-such-port: .*check the path/,
    );
    expect(offline).toBe(1);
    await bus.close();
  });

  it('carries bytes both ways through a MockBinding port and reports the port closing', async () => {
    MockBinding.createPort('/dev/mock-serial-link', { echo: false, record: true });
    const link = new SerialLink({ path: '/dev/mock-serial-link', baudRate: 19200, binding: MockBinding });
    const received: number[] = [];
    const closed: (Error | undefined)[] = [];
    link.setReceiver({ data: (chunk) => received.push(...chunk), closed: (e) => closed.push(e) });
    await link.open();
    expect(link.isOpen).toBe(true);
    await link.write(Uint8Array.of(1, 2, 3));
    const port = link.stream!.port as unknown as { emitData(b: Buffer): void; recording: Buffer };
    port.emitData(Buffer.from([9, 8]));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(received).toEqual([9, 8]);
    expect(Array.from(port.recording)).toEqual([1, 2, 3]);
    await link.close();
    expect(link.isOpen).toBe(false);
    expect(closed).toHaveLength(1);
    await expect(link.write(Uint8Array.of(1))).rejects.toMatchObject({ code: 'MODBUS_DISCONNECTED' });
  });
});
