import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAsciiBus, createRtuBus, createRtuOverTcpBus, createTcpBus } from './create-bus.js';
import { lineTiming } from './line-timing.js';
import { asciiFraming } from './serial-framing.js';
import { SerialLink } from './serial-link.js';
import { describeTransport } from './testing/describe-transport.js';
import { createLinkPair } from './testing/link-pair.js';
import { mockBindingWithSlave } from './testing/mock-binding-slave.js';
import { serveRtu } from './testing/serve-rtu.js';
import { serveRtuOverTcp } from './testing/serve-rtu-over-tcp.js';
import { serveTcp } from './testing/serve-tcp.js';
import type { TestSlave } from './testing/test-slave.js';

const noRetries = { retries: 0, timeoutMs: 500, breaker: { failureThreshold: 100 } };

/** A loopback Modbus TCP slave and a bus to it, `maxInFlight` requests at a time. */
const overLoopbackTcp = (maxInFlight: number) => async (slave: TestSlave) => {
  const server = await serveTcp(slave);
  const bus = createTcpBus({ host: '127.0.0.1', port: server.port, maxInFlight, ...noRetries });
  return {
    bus,
    async stop() {
      await bus.close();
      await server.close();
    },
  };
};

describeTransport('Modbus TCP over loopback', overLoopbackTcp(1), { crc: false, broadcast: false });

describeTransport('Modbus TCP over loopback, 8 requests pipelined', overLoopbackTcp(8), {
  crc: false,
  broadcast: false,
});

let mockPortNumber = 0;
describeTransport(
  "RTU over serialport's MockBinding (9600 8N1, wire time simulated)",
  async (slave) => {
    const path = `/dev/mock-conformance-${mockPortNumber++}`;
    const timing = lineTiming({ baudRate: 9600 });
    const { binding } = mockBindingWithSlave(slave, path, { timing, simulateWireTime: true });
    const bus = createRtuBus({ path, binding, baudRate: 9600, ...noRetries, broadcastTurnaroundMs: 20 });
    return { bus, stop: () => bus.close() };
  },
  { crc: true, broadcast: true },
);

describeTransport(
  'RTU over an in-memory line honouring 115200 baud',
  async (slave) => {
    const timing = lineTiming({ baudRate: 115200 });
    const pair = createLinkPair({ timing });
    const served = serveRtu(slave, pair.slave, { timing });
    const bus = createRtuBus({
      link: pair.master,
      baudRate: 115200,
      ...noRetries,
      broadcastTurnaroundMs: 20,
    });
    return {
      bus,
      async stop() {
        await bus.close();
        await served.stop();
        if (pair.monitor.gapViolations !== 0 || pair.monitor.collisions !== 0) {
          throw new Error(`line discipline broken: ${JSON.stringify(pair.monitor)}`);
        }
      },
    };
  },
  { crc: true, broadcast: true },
);

describeTransport(
  'ASCII over an in-memory line honouring 9600 baud 7E1',
  async (slave) => {
    const format = { baudRate: 9600, dataBits: 7, parity: 'even', stopBits: 1 } as const;
    const timing = lineTiming(format);
    const pair = createLinkPair({ timing });
    const served = serveRtu(slave, pair.slave, { timing, framing: asciiFraming });
    const bus = createAsciiBus({ link: pair.master, ...format, ...noRetries, broadcastTurnaroundMs: 20 });
    return {
      bus,
      async stop() {
        await bus.close();
        await served.stop();
        if (pair.monitor.gapViolations !== 0 || pair.monitor.collisions !== 0) {
          throw new Error(`line discipline broken: ${JSON.stringify(pair.monitor)}`);
        }
      },
    };
  },
  { crc: true, broadcast: true, tolerates: ['garbage-before'] },
);

describeTransport(
  'RTU over TCP (serial device server) on loopback',
  async (slave) => {
    const server = await serveRtuOverTcp(slave);
    const bus = createRtuOverTcpBus({
      host: '127.0.0.1',
      port: server.port,
      ...noRetries,
      broadcastTurnaroundMs: 20,
    });
    return {
      bus,
      async stop() {
        await bus.close();
        await server.close();
      },
    };
  },
  { crc: true, broadcast: true },
);

/** A socat pty pair: a real kernel serial device for both ends. */
async function startPtyPair(): Promise<{ master: string; slave: string; stop(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'firecode-pty-'));
  const master = join(dir, 'master');
  const slave = join(dir, 'slave');
  const child: ChildProcess = spawn(
    'socat',
    [`pty,raw,echo=0,link=${master}`, `pty,raw,echo=0,link=${slave}`],
    {
      stdio: 'ignore',
    },
  );
  for (let i = 0; i < 200 && !(existsSync(master) && existsSync(slave)); i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  if (!existsSync(master)) throw new Error('socat did not create the pty pair');
  return {
    master,
    slave,
    stop: () => {
      if (child.pid !== undefined) child.kill();
      // socat removes its links on exit; the folder is ours to remove.
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describeTransport(
  'RTU over a socat pty pair (native serialport binding)',
  async (slave) => {
    const pty = await startPtyPair();
    const timing = lineTiming({ baudRate: 38400 });
    const served = serveRtu(slave, new SerialLink({ path: pty.slave, baudRate: 38400 }), { timing });
    await served.ready;
    const bus = createRtuBus({ path: pty.master, baudRate: 38400, ...noRetries, broadcastTurnaroundMs: 20 });
    return {
      bus,
      async stop() {
        await bus.close();
        await served.stop();
        pty.stop();
      },
    };
  },
  { crc: true, broadcast: true },
);
