/**
 * Interop with a third-party master: mbpoll (Debian package) reads simulated devices over Modbus TCP
 * and over RTU on a socat pty pair and gets the values the device profiles define.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { getProfile } from '@firecode/devices';
import {
  openPtyPair,
  ProfileDevice,
  SlaveEngine,
  socatAvailable,
  startRtuSlave,
  startTcpSlave,
} from '@firecode/simulator';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const MBPOLL = '/usr/bin/mbpoll';
const noMbpoll = existsSync(MBPOLL) ? false : 'mbpoll is not installed (apt-get install mbpoll)';
const noSocat = socatAvailable() ? false : 'socat is not installed (apt-get install socat)';

/** Runs one mbpoll poll and returns the values it printed, by reference. */
async function mbpoll(args: string[]): Promise<Map<number, number>> {
  const { stdout } = await run(MBPOLL, [...args], { timeout: 10_000 });
  const values = new Map<number, number>();
  for (const match of stdout.matchAll(/^\[(\d+)\]:\s+(-?\d+)/gm))
    values.set(Number(match[1]), Number(match[2]));
  if (values.size === 0) throw new Error(`mbpoll printed no values:\n${stdout}`);
  return values;
}

/** A QDY30A at unit 1 and an arc-fault detector at unit 2 on one engine, with known values. */
function building() {
  const level = new ProfileDevice('qdy30a');
  level.setPoint('level', 2.5); // m: with the default unit (cm) and 1 decimal the register holds 2500
  const arc = new ProfileDevice('ningbo-arc-fault-detector');
  arc.setEvent('arc-alarm', 'fire');
  const engine = new SlaveEngine({
    1: { bank: level, quirks: level.quirks },
    2: { bank: arc, quirks: arc.quirks },
  });
  const qdy = getProfile('qdy30a');
  // What the profile defines for registers 0..6 (40001..40007): address, baud code, unit code, decimals, value, range.
  const expectedQdy = [
    qdy.registers['slave-address']?.default,
    qdy.registers.baud?.default,
    qdy.registers.unit?.default,
    qdy.registers.decimals?.default,
    2500,
    qdy.registers['range-zero']?.default,
    qdy.registers['range-full']?.default,
  ];
  return { engine, expectedQdy };
}

/** mbpoll references are 1-based: -r 1 is register 0. */
function asList(values: Map<number, number>, first: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => values.get(first + i) ?? Number.NaN);
}

describe.skipIf(noMbpoll)('mbpoll reads the simulator over Modbus TCP', () => {
  it('gets the QDY30A registers and the arc-fault alarm word', async () => {
    const { engine, expectedQdy } = building();
    const slave = await startTcpSlave({ engine });
    try {
      const common = ['-m', 'tcp', '-p', String(slave.port), '-t', '4', '-1', '-o', '2'];
      const qdy = await mbpoll([...common, '-a', '1', '-r', '1', '-c', '7', '127.0.0.1']);
      expect(asList(qdy, 1, 7)).toEqual(expectedQdy);
      const arc = await mbpoll([...common, '-a', '2', '-r', '1', '-c', '1', '127.0.0.1']);
      expect(arc.get(1)).toBe(1);
    } finally {
      await slave.close();
    }
  });
});

/** mbpoll's arguments for the QDY30A's 7 holding registers (unit 1) at 9600 8N1, as one poll. */
const qdyRegistersOverRtu = (path: string) =>
  ['-m', 'rtu', '-b', '9600', '-P', 'none', '-d', '8', '-s', '1'].concat([
    '-a',
    '1',
    '-r',
    '1',
    '-c',
    '7',
    '-t',
    '4',
    '-1',
    '-o',
    '2',
    path,
  ]);

describe.skipIf(noMbpoll || noSocat)('mbpoll reads the simulator over RTU on a socat pty pair', () => {
  it('gets the QDY30A registers at 9600 8N1', async () => {
    const { engine, expectedQdy } = building();
    const pair = await openPtyPair();
    const slave = await startRtuSlave({ path: pair.slavePath, baudRate: 9600, engine });
    try {
      const values = await mbpoll(qdyRegistersOverRtu(pair.masterPath));
      expect(asList(values, 1, 7)).toEqual(expectedQdy);
      expect(engine.stats.badFrames).toBe(0);
    } finally {
      await slave.close();
      await pair.close();
    }
  });

  it('gets the values in timing-accurate mode too', async () => {
    const { engine, expectedQdy } = building();
    const pair = await openPtyPair();
    const slave = await startRtuSlave({
      path: pair.slavePath,
      baudRate: 9600,
      engine,
      timing: { turnaroundMs: 2 },
    });
    try {
      const values = await mbpoll(qdyRegistersOverRtu(pair.masterPath));
      expect(asList(values, 1, 7)).toEqual(expectedQdy);
    } finally {
      await slave.close();
      await pair.close();
    }
  });
});
