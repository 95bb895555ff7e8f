import { MockBinding, type MockPortBinding } from '@serialport/binding-mock';
import type { ByteLink, ByteLinkReceiver } from '../byte-link.js';
import type { SerialBinding } from '../serial-link.js';
import { type RtuSlaveCounters, type ServeRtuOptions, serveRtu } from './serve-rtu.js';
import type { TestSlave } from './test-slave.js';

/** The slave's side of a MockBinding port: what the master writes arrives here; writes here reach the master. */
class MockPortSlaveEnd implements ByteLink {
  readonly isOpen = true;
  private receiver: ByteLinkReceiver = { data: () => {}, closed: () => {} };

  constructor(
    readonly name: string,
    private readonly port: MockPortBinding,
  ) {}

  setReceiver(receiver: ByteLinkReceiver): void {
    this.receiver = receiver;
  }

  open(): Promise<void> {
    return Promise.resolve();
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.port.isOpen) this.port.emitData(Buffer.from(bytes));
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  fromMaster(bytes: Uint8Array): void {
    this.receiver.data(bytes);
  }
}

/**
 * A serialport binding (serialport's own `MockBinding` underneath) with `slave` answering on every port
 * opened through it. Pass it as `binding` to `createRtuBus({ path, binding })`; the path is created here.
 * `counters` reports the RTU slave's counters once a port is open.
 */
export function mockBindingWithSlave(
  slave: TestSlave,
  path: string,
  options: ServeRtuOptions = {},
): { binding: SerialBinding; counters: () => RtuSlaveCounters | undefined } {
  MockBinding.createPort(path, { echo: false, record: false });
  let counters: RtuSlaveCounters | undefined;
  const binding = {
    ...MockBinding,
    async open(openOptions: Parameters<typeof MockBinding.open>[0]) {
      const port = await MockBinding.open(openOptions);
      const end = new MockPortSlaveEnd(`${path}/slave`, port);
      counters = serveRtu(slave, end, options).counters;
      const write = port.write.bind(port);
      port.write = async (buffer: Buffer) => {
        await write(buffer);
        end.fromMaster(Uint8Array.from(buffer));
      };
      return port;
    },
  } as SerialBinding;
  return { binding, counters: () => counters };
}
