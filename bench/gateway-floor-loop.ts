/**
 * The floor of `pnpm bench gateway`: the bare polling loop, nothing else. modbus-serial's plain client
 * reads the same registers from the same simulated slaves at the same interval as the gateway does,
 * one connection per line, one request at a time per line, and throws the answers away. Run as its
 * own child process by gateway.bench.ts (node --import tsx bench/gateway-floor-loop.ts '<json>'), so
 * its CPU and RSS are measured as the gateway's are. Prints one JSON line when it stops (SIGTERM).
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createTcpBus } from '@firecode/modbus';

interface ModbusSerialClient {
  connectTCP(host: string, options: { port: number }): Promise<void>;
  setID(id: number): void;
  setTimeout(ms: number): void;
  readHoldingRegisters(address: number, count: number): Promise<{ data: number[] }>;
  close(callback: () => void): void;
}
// modbus-serial is a dependency of @firecode/modbus, not of the workspace root: resolve it from there
// (the working directory is the repository's root, under tsx and bundled alike).
const ModbusRTU = createRequire(join(process.cwd(), 'packages/modbus/package.json'))(
  'modbus-serial',
) as new () => ModbusSerialClient;

/** What to poll: per line its port and unit ids, per unit the reads [address, count], every pollMs. */
interface FloorPlan {
  ports: number[];
  unitsByLine: number[][];
  reads: [number, number][];
  pollMs: number;
  /**
   * Whose Modbus client polls: modbus-serial's (the floor of the figures) or the gateway's own
   * (@firecode/modbus, `--floor-client firecode`: how much of the gateway's CPU its Modbus stack is).
   */
  client?: 'modbus-serial' | 'firecode';
}

const plan = JSON.parse(process.argv[2] ?? '') as FloorPlan;
let requests = 0;
let failures = 0;
let stopping = false;

/** One line's loop: every unit's reads one after the other, every `pollMs`, until SIGTERM. */
async function pollUnits(
  units: number[],
  read: (unit: number, address: number, count: number) => Promise<unknown>,
): Promise<void> {
  let next = Date.now();
  while (!stopping) {
    for (const unit of units) {
      for (const [address, count] of plan.reads) {
        try {
          await read(unit, address, count);
        } catch {
          failures += 1;
        }
        requests += 1;
      }
    }
    next += plan.pollMs;
    const wait = next - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    else next = Date.now();
  }
}

async function pollLine(port: number, units: number[]): Promise<void> {
  const client = new ModbusRTU();
  await client.connectTCP('127.0.0.1', { port });
  client.setTimeout(1000);
  await pollUnits(units, (unit, address, count) => {
    client.setID(unit);
    return client.readHoldingRegisters(address, count);
  });
  await new Promise<void>((resolve) => client.close(() => resolve()));
}

/** The same loop on the gateway's own Modbus TCP master. */
async function pollLineWithFirecode(port: number, units: number[]): Promise<void> {
  const bus = createTcpBus({ host: '127.0.0.1', port, timeoutMs: 1000 });
  await bus.open();
  await pollUnits(units, (unit, address, count) => bus.readHoldingRegisters(unit, address, count));
  await bus.close();
}

const poll = plan.client === 'firecode' ? pollLineWithFirecode : pollLine;
const lines = plan.ports.map((port, index) => poll(port, plan.unitsByLine[index] ?? []));
process.once('SIGTERM', () => {
  stopping = true;
  void Promise.allSettled(lines).then(() => {
    console.log(JSON.stringify({ requests, failures }));
    process.exit(0);
  });
});
console.log('polling');
