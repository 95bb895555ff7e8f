/**
 * `pnpm bench sim-timing`: the simulator's timing-accurate RTU mode against theory. A raw serial
 * master on one end of a socat pty pair sends FC03 requests; the simulator on the other end emulates
 * the line (character times at the baud rate and format, 3.5-character gap, turnaround). Measured:
 * from the master's write to the last reply byte received. Theory: request + gap + turnaround + reply
 * on the wire. Last line: {"bench":"sim-timing","measuredMs":..,"theoryMs":..} for 125 registers at 9600 8N1.
 */
import {
  type LineTiming,
  MemoryRegisterBank,
  openPtyPair,
  openSerialPort,
  socatAvailable,
  startRtuSlave,
  transactionTimeMs,
} from '../packages/simulator/src/index.js';
import { printResult, printTable } from './support.js';

const RUNS = 15;
const TURNAROUND_MS = 2;

if (!socatAvailable()) {
  console.error('sim-timing needs socat for a virtual serial line: apt-get install socat');
  process.exit(2);
}

function crc16(bytes: Buffer): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

function readRequest(unit: number, address: number, count: number): Buffer {
  const frame = Buffer.alloc(8);
  frame[0] = unit;
  frame[1] = 3;
  frame.writeUInt16BE(address, 2);
  frame.writeUInt16BE(count, 4);
  frame.writeUInt16LE(crc16(frame.subarray(0, 6)), 6);
  return frame;
}

async function measure(
  timing: LineTiming,
  registers: number,
): Promise<{ measuredMs: number; theoryMs: number }> {
  const pair = await openPtyPair();
  const bank = new MemoryRegisterBank().setHolding(0, ...Array.from({ length: 125 }, (_, i) => i * 3));
  const slave = await startRtuSlave({
    path: pair.slavePath,
    baudRate: timing.baudRate,
    parity: timing.parity ?? 'none',
    units: { 1: bank },
    timing: { turnaroundMs: timing.turnaroundMs ?? 0 },
  });
  // The master end through the simulator's own serialport seam (the bench folder has no serialport).
  const master = await openSerialPort({
    path: pair.masterPath,
    baudRate: timing.baudRate,
    parity: timing.parity ?? 'none',
  });
  let onReply: ((chunk: Buffer) => void) | undefined;
  master.on('data', (chunk) => onReply?.(chunk));
  const replyLength = 5 + 2 * registers;
  const samples: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      let received = 0;
      const done = new Promise<number>((resolve) => {
        onReply = (chunk: Buffer) => {
          received += chunk.length;
          if (received >= replyLength) {
            onReply = undefined;
            resolve(performance.now());
          }
        };
      });
      const start = performance.now();
      master.write(readRequest(1, 0, registers));
      samples.push((await done) - start);
      // Leave the line idle between transactions, as a master must.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await new Promise<void>((resolve) => master.close(() => resolve()));
    await slave.close();
    await pair.close();
  }
  samples.sort((a, b) => a - b);
  return {
    measuredMs: samples[Math.floor(samples.length / 2)] as number,
    theoryMs: transactionTimeMs(timing, 8, replyLength),
  };
}

const cases: { label: string; timing: LineTiming; registers: number }[] = [
  { label: '9600 8N1, 125 regs', timing: { baudRate: 9600, turnaroundMs: TURNAROUND_MS }, registers: 125 },
  { label: '9600 8N1, 10 regs', timing: { baudRate: 9600, turnaroundMs: TURNAROUND_MS }, registers: 10 },
  {
    label: '9600 8E1, 125 regs',
    timing: { baudRate: 9600, parity: 'even', turnaroundMs: TURNAROUND_MS },
    registers: 125,
  },
  { label: '19200 8N1, 125 regs', timing: { baudRate: 19200, turnaroundMs: TURNAROUND_MS }, registers: 125 },
  {
    label: '115200 8N1, 125 regs',
    timing: { baudRate: 115200, turnaroundMs: TURNAROUND_MS },
    registers: 125,
  },
];

const rows: Record<string, string | number>[] = [];
let headline: { measuredMs: number; theoryMs: number } | undefined;
for (const c of cases) {
  const result = await measure(c.timing, c.registers);
  headline ??= result;
  rows.push({
    case: c.label,
    'median ms': result.measuredMs,
    'theory ms': result.theoryMs,
    'error %': (100 * (result.measuredMs - result.theoryMs)) / result.theoryMs,
  });
}
printTable(`Simulator timing-accurate RTU (median of ${RUNS}, turnaround ${TURNAROUND_MS} ms)`, rows);
if (!headline) throw new Error('no measurement');
printResult('sim-timing', {
  measuredMs: Number(headline.measuredMs.toFixed(2)),
  theoryMs: Number(headline.theoryMs.toFixed(2)),
  errorPercent: Number(((100 * (headline.measuredMs - headline.theoryMs)) / headline.theoryMs).toFixed(2)),
});
