/**
 * Registers per second over an RTU line that honours baud timing (an in-memory half-duplex line that
 * delivers each frame when its last bit would arrive), 8N1, reads of 125 registers, against the line's
 * physical limit. `pnpm bench modbus-rtu [seconds-at-9600]`
 *
 * Limit per exchange = request frame (8 bytes) + slave wait (its turnaround, never less than the
 * inter-frame silence) + response frame (5 + 250 bytes) + the master's inter-frame silence.
 */
import { createRtuBus, lineTiming } from '@firecode/modbus';
import { createLinkPair, serveRtu, TestSlave } from '@firecode/modbus/testing';
import { printResult, printTable } from './support.js';

const REGISTERS = 125;
const REQUEST_BYTES = 8;
const RESPONSE_BYTES = 5 + 2 * REGISTERS;
const SLAVE_TURNAROUND_MS = 2;
const secondsAt9600 = Number(process.argv[2] ?? 10);

async function run(baudRate: number, seconds: number) {
  const timing = lineTiming({ baudRate });
  const slave = new TestSlave().addUnit(1);
  slave.setRegisters(
    1,
    0,
    Array.from({ length: REGISTERS }, (_, i) => i),
  );
  const pair = createLinkPair({ timing, name: `bench-${baudRate}` });
  const served = serveRtu(slave, pair.slave, { timing, turnaroundMs: SLAVE_TURNAROUND_MS });
  const bus = createRtuBus({ link: pair.master, baudRate, timeoutMs: 200, retries: 0 });
  await bus.readHoldingRegisters(1, 0, REGISTERS); // open and warm up
  const slaveWaitMs = Math.max(SLAVE_TURNAROUND_MS, timing.interFrameMs);
  const exchangeMs =
    timing.wireMs(REQUEST_BYTES) + slaveWaitMs + timing.wireMs(RESPONSE_BYTES) + timing.interFrameMs;
  const limit = (REGISTERS * 1000) / exchangeMs;

  let registers = 0;
  let errors = 0;
  const started = performance.now();
  const endAt = started + seconds * 1000;
  // Two pollers, so the next request is always queued in the scheduler when the line frees up.
  const poller = async () => {
    while (performance.now() < endAt) {
      try {
        const values = await bus.readHoldingRegisters(1, 0, REGISTERS);
        registers += values.length; // not `registers += await ...`: that reads `registers` before awaiting
      } catch {
        errors++;
      }
    }
  };
  await Promise.all([poller(), poller()]);
  const elapsedS = (performance.now() - started) / 1000;
  const stats = bus.stats();
  await bus.close();
  await served.stop();
  const registersPerSec = registers / elapsedS;
  return {
    baud: baudRate,
    registersPerSec: Math.round(registersPerSec * 10) / 10,
    limit: Math.round(limit * 10) / 10,
    utilization: Math.round((registersPerSec / limit) * 1000) / 1000,
    detail: {
      exchangeMs,
      errors,
      gapViolations: pair.monitor.gapViolations,
      collisions: pair.monitor.collisions,
      minGapMs: pair.monitor.minGapMs,
      lineUtilization: stats.lineUtilization,
    },
  };
}

const runs = [await run(9600, secondsAt9600), await run(115200, Math.max(2, secondsAt9600 / 3))];
printTable(
  `RTU 8N1, ${REGISTERS}-register reads, slave turnaround ${SLAVE_TURNAROUND_MS} ms (never under the inter-frame silence)`,
  runs.map((r) => ({
    baud: r.baud,
    'registers/s': r.registersPerSec,
    'limit/s': r.limit,
    utilization: r.utilization,
    'exchange ms (limit)': r.detail.exchangeMs,
    errors: r.detail.errors,
    'gap violations': r.detail.gapViolations,
    collisions: r.detail.collisions,
    'min gap ms': r.detail.minGapMs,
  })),
);
printResult('modbus-rtu', {
  runs: runs.map(({ baud, registersPerSec, limit, utilization }) => ({
    baud,
    registersPerSec,
    limit,
    utilization,
  })),
});
