/**
 * Requests per second against a loopback Modbus TCP slave (our test slave: no artificial delay), ours
 * vs modbus-serial's plain client, in the same run, same workload: one client, one request at a time
 * (read 10 holding registers), rounds alternated to share the machine's noise. Ours pipelined
 * (8 outstanding, transaction ids matched) is shown in the table for reference.
 * `pnpm bench modbus-tcp [seconds-per-round]`
 */

import { createRequire } from 'node:module';
import { createTcpBus } from '@firecode/modbus';
import { serveTcp, TestSlave } from '@firecode/modbus/testing';
import { printResult, printTable } from './support.js';

/** The part of modbus-serial's client this benchmark uses. */
interface ModbusSerialClient {
  connectTCP(host: string, options: { port: number }): Promise<void>;
  setID(id: number): void;
  setTimeout(ms: number): void;
  readHoldingRegisters(address: number, count: number): Promise<{ data: number[] }>;
  close(callback: () => void): void;
}
// modbus-serial is a dependency of @firecode/modbus, not of the workspace root: resolve it from there.
const ModbusRTU = createRequire(new URL('../packages/modbus/package.json', import.meta.url))(
  'modbus-serial',
) as new () => ModbusSerialClient;

const roundSeconds = Number(process.argv[2] ?? 1.5);
const ROUNDS = 5;

const slave = new TestSlave().addUnit(1);
slave.setRegisters(
  1,
  0,
  Array.from({ length: 10 }, (_, i) => i * 7),
);
const server = await serveTcp(slave);

async function measure(request: () => Promise<unknown>, concurrency = 1): Promise<number> {
  for (let i = 0; i < 200; i++) await request(); // warm-up
  let done = 0;
  const started = performance.now();
  const endAt = started + roundSeconds * 1000;
  const loop = async () => {
    while (performance.now() < endAt) {
      await request();
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return done / ((performance.now() - started) / 1000);
}

const ours = createTcpBus({ host: '127.0.0.1', port: server.port, retries: 0 });
const oursPipelined = createTcpBus({ host: '127.0.0.1', port: server.port, retries: 0, maxInFlight: 8 });
const theirs = new ModbusRTU();
await theirs.connectTCP('127.0.0.1', { port: server.port });
theirs.setID(1);
theirs.setTimeout(1000);

const results = { firecode: [] as number[], modbusSerial: [] as number[], pipelined: [] as number[] };
for (let round = 0; round < ROUNDS; round++) {
  results.modbusSerial.push(await measure(() => theirs.readHoldingRegisters(0, 10)));
  results.firecode.push(await measure(() => ours.readHoldingRegisters(1, 0, 10)));
  results.pipelined.push(await measure(() => oursPipelined.readHoldingRegisters(1, 0, 10), 8));
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

printTable(
  `Modbus TCP on loopback, read 10 holding registers, median of ${ROUNDS} rounds of ${roundSeconds} s`,
  [
    {
      client: 'firecode (one at a time)',
      'requests/s': Math.round(median(results.firecode)),
      rounds: results.firecode.map(Math.round).join(' '),
    },
    {
      client: 'modbus-serial 8.0.25 (one at a time)',
      'requests/s': Math.round(median(results.modbusSerial)),
      rounds: results.modbusSerial.map(Math.round).join(' '),
    },
    {
      client: 'firecode (8 pipelined)',
      'requests/s': Math.round(median(results.pipelined)),
      rounds: results.pipelined.map(Math.round).join(' '),
    },
  ],
);
const oursStats = ours.stats();
console.log(
  `\nfirecode latency: mean ${(oursStats.latency.sumMs / oursStats.latency.count).toFixed(3)} ms over ${oursStats.latency.count} requests, errors ${JSON.stringify(oursStats.errors)}`,
);
await ours.close();
await oursPipelined.close();
await new Promise<void>((resolve) => theirs.close(() => resolve()));
await server.close();
printResult('modbus-tcp', {
  requestsPerSec: {
    firecode: Math.round(median(results.firecode)),
    modbusSerial: Math.round(median(results.modbusSerial)),
  },
});
