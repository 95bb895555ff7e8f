/**
 * The commissioning commands (`scan`, `read`, `identify`) run as child processes against simulated
 * slaves on loopback: Modbus TCP, RTU over TCP, and RTU on a socat pty pair.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  MemoryRegisterBank,
  openPtyPair,
  type PtyPair,
  type RtuSlave,
  socatAvailable,
  startRtuSlave,
  startTcpSlave,
  type TcpSlave,
} from '@firecode/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'packages/gateway/src/cli.ts');

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A QDY30A level transmitter: unit code 1 (cm), 1 decimal, level 123.4 cm. */
const levelTransmitter = () => new MemoryRegisterBank().setHolding(0, 1, 3, 1, 1, 1234);
/** Something that is not a known transmitter: unit code 99 at register 2. */
const stranger = () =>
  new MemoryRegisterBank().setHolding(0, 42, 0, 99, 7, 0xfff6, 0, 0, 0, 0, 0, 0x4148, 0x0000);
/** A device with only two holding registers: reading register 5 is an exception, yet it is there. */
const tiny = () => new MemoryRegisterBank({ holding: 2 });

let tcp: TcpSlave;
let rtuOverTcp: TcpSlave;
beforeAll(async () => {
  tcp = await startTcpSlave({ units: { 1: levelTransmitter(), 7: stranger(), 9: tiny() } });
  rtuOverTcp = await startTcpSlave({ units: { 3: levelTransmitter() }, framing: 'rtu' });
});
afterAll(async () => {
  await tcp?.close();
  await rtuOverTcp?.close();
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('firecode-gateway scan', () => {
  it('finds the units that answer over Modbus TCP, results on stdout and progress on stderr', async () => {
    const result = await runCli([
      'scan',
      '--tcp',
      `127.0.0.1:${tcp.port}`,
      '--units',
      '1-10',
      '--address',
      '5',
      '--timeout',
      '150',
      '--json',
    ]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { tried: number; found: { unit: number; status: string }[] };
    expect(report.tried).toBe(10);
    expect(report.found.map((f) => [f.unit, f.status])).toEqual([
      [1, 'answered'],
      [7, 'answered'],
      [9, 'exception'],
    ]);
    expect(result.stderr).toMatch(/scan tcp 127\.0\.0\.1:\d+: 10\/10 found 3/);
    expect(result.stderr).toMatch(/3 of 10 unit ids answered/);
  });

  it('prints one line per unit found without --json', async () => {
    const result = await runCli([
      'scan',
      '--tcp',
      `127.0.0.1:${tcp.port}`,
      '--units',
      '1,2,9',
      '--timeout',
      '150',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('unit 1: answered holding 0 = 1\n' + 'unit 9: answered holding 0 = 0\n');
  });

  it('scans through a serial device server (RTU over TCP)', async () => {
    const result = await runCli([
      'scan',
      '--rtu-over-tcp',
      `127.0.0.1:${rtuOverTcp.port}`,
      '--units',
      '1-4',
      '--timeout',
      '150',
      '--json',
    ]);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { found: { unit: number }[] }).found.map((f) => f.unit)).toEqual([
      3,
    ]);
  });

  it('stops with exit code 1 when the link itself is dead', async () => {
    const result = await runCli([
      'scan',
      '--tcp',
      `127.0.0.1:${await closedPort()}`,
      '--units',
      '1-3',
      '--timeout',
      '150',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/firecode-gateway: .*(refused|ECONNREFUSED|connect)/i);
  });

  it('rejects bad arguments with exit code 2', async () => {
    const results = await Promise.all([
      runCli(['scan', '--tcp', '127.0.0.1:1502', '--units', '0-300']),
      runCli(['scan', '--tcp', '127.0.0.1:1502', '--serial', '/dev/ttyUSB0']),
      runCli(['scan', '--serial', '/dev/ttyUSB0', '--baud', '9601']),
      runCli(['scan']),
    ]);
    expect(results.map((r) => r.code)).toEqual([2, 2, 2, 2]);
    expect(results[0]!.stderr).toMatch(/--units: "0-300" is outside 1-247/);
    expect(results[1]!.stderr).toMatch(/exactly one of --tcp/);
    expect(results[2]!.stderr).toMatch(/--baud: 9601 is not a standard rate/);
  });
});

describe.skipIf(!socatAvailable())('firecode-gateway scan on a serial line (socat pty pair)', () => {
  let pair: PtyPair;
  let slave: RtuSlave;
  beforeAll(async () => {
    pair = await openPtyPair();
    slave = await startRtuSlave({
      path: pair.slavePath,
      baudRate: 9600,
      units: { 2: levelTransmitter(), 4: stranger() },
      timing: true,
    });
  });
  afterAll(async () => {
    await slave?.close();
    await pair?.close();
  });

  it('finds unit ids 2 and 4 at 9600 baud', async () => {
    const result = await runCli([
      'scan',
      '--serial',
      pair.masterPath,
      '--baud',
      '9600',
      '--units',
      '1-5',
      '--timeout',
      '200',
      '--json',
    ]);
    expect(result.stderr).not.toMatch(/firecode-gateway:/);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { found: { unit: number; status: string }[] }).found).toEqual([
      expect.objectContaining({ unit: 2, status: 'answered', words: [1] }),
      expect.objectContaining({ unit: 4, status: 'answered', words: [42] }),
    ]);
  });
});

describe('firecode-gateway read', () => {
  it('reads raw registers', async () => {
    const result = await runCli([
      'read',
      '--tcp',
      `127.0.0.1:${tcp.port}`,
      '--unit',
      '1',
      '--address',
      '2',
      '--count',
      '3',
      '--json',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      unit: 1,
      table: 'holding',
      address: 2,
      count: 3,
      words: [1, 1, 1234],
    });
  });

  it('decodes types: i16 and f32', async () => {
    const [i16, f32] = await Promise.all([
      runCli(['read', '--tcp', `127.0.0.1:${tcp.port}`, '--unit', '7', '--address', '4', '--type', 'i16']),
      runCli([
        'read',
        '--tcp',
        `127.0.0.1:${tcp.port}`,
        '--unit',
        '7',
        '--address',
        '0x0a',
        '--type',
        'f32',
        '--json',
      ]),
    ]);
    expect(i16.code).toBe(0);
    expect(i16.stdout).toBe('holding 4: 65526  0xfff6\ni16: -10\n');
    expect(f32.code).toBe(0);
    expect(JSON.parse(f32.stdout)).toMatchObject({ words: [0x4148, 0], type: 'f32', values: [12.5] });
  });

  it('exits 1 with the Modbus exception when the register does not exist', async () => {
    const result = await runCli(['read', '--tcp', `127.0.0.1:${tcp.port}`, '--unit', '9', '--address', '5']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/illegal data address/);
  });

  it('exits 1 when the unit does not answer', async () => {
    const result = await runCli([
      'read',
      '--tcp',
      `127.0.0.1:${tcp.port}`,
      '--unit',
      '99',
      '--address',
      '0',
      '--timeout',
      '150',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/firecode-gateway: .*(timeout|did not answer|no answer)/i);
  });

  it('exits 2 on bad arguments', async () => {
    const results = await Promise.all([
      runCli(['read', '--tcp', '127.0.0.1:1502', '--unit', '0', '--address', '0']),
      runCli([
        'read',
        '--tcp',
        '127.0.0.1:1502',
        '--unit',
        '1',
        '--address',
        '0',
        '--count',
        '3',
        '--type',
        'f32',
      ]),
      runCli(['read', '--tcp', '127.0.0.1:1502', '--unit', '1', '--address', '0', '--type', 'f33']),
    ]);
    expect(results.map((r) => r.code)).toEqual([2, 2, 2]);
    expect(results[0]!.stderr).toMatch(/--unit: "0" is not an integer in 1-247/);
    expect(results[1]!.stderr).toMatch(/a f32 takes 2 registers/);
    expect(results[2]!.stderr).toMatch(/argument 'f33' is invalid/);
  });
});

describe('firecode-gateway identify', () => {
  it('names the profiles whose probes fit the unit', async () => {
    const result = await runCli(['identify', '--tcp', `127.0.0.1:${tcp.port}`, '--unit', '1']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^FITS {2}qdy30a .*unit=1 \(0\.\.6\) ok, decimals=1 \(0\.\.3\) ok$/m);
    expect(result.stdout).toMatch(/unit 1: \d+ profile\(s\) fit: .*qdy30a/);
  });

  it('exits 1 when no profile fits', async () => {
    // Only the transmitters: other profiles' probes may accept a register map full of small numbers.
    const result = await runCli([
      'identify',
      '--tcp',
      `127.0.0.1:${tcp.port}`,
      '--unit',
      '7',
      '--json',
      '--profile',
      'qdy30a',
      'mpd-380',
    ]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { matches: { profile: string; matches: boolean }[] };
    expect(report.matches.find((m) => m.profile === 'qdy30a')).toMatchObject({ matches: false });
    expect(report.matches.map((m) => [m.profile, m.matches])).toEqual([
      ['qdy30a', false],
      ['mpd-380', false],
    ]);
  });
});
