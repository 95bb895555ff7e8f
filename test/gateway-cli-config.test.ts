/**
 * `firecode-gateway` run as a child process, as an integrator runs it: --help, exit codes, `check`
 * on good and bad configuration files, and secrets kept out of its output.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'packages/gateway/src/cli.ts');

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], {
      cwd: root,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const dir = mkdtempSync(join(tmpdir(), 'firecode-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const SECRET = 'Very-Secret-Broker-Pw-4711';

// A valid file; the bad ones below are edits of it. Line numbers matter.
const valid = `building:
  id: sh-0001
  name: Demo tower
gateway:
  id: gw-1
buses:
  - id: line-1
    kind: rtu
    path: /dev/ttyUSB0
    baud: 9600
  - id: tcp-1
    kind: tcp
    host: 127.0.0.1
    port: 1502
devices:
  - id: tank-level
    bus: line-1
    unit: 1
    profile: qdy30a
    overrides:
      points:
        level: { low: 1.5, high: 4 }
  - id: fas
    bus: line-1
    unit: 2
    profile: gst-modbus-panel
    loops: [1]
  - id: arc-1
    bus: tcp-1
    unit: 3
    profile: ningbo-arc-fault-detector
uplink:
  url: mqtts://broker.example.com:8883
  username: gw-1
  password: env:FIRECODE_TEST_MQTT_PASSWORD
  outbox:
    path: /var/lib/firecode/outbox
`;
const env = { FIRECODE_TEST_MQTT_PASSWORD: SECRET };

describe('firecode-gateway --help and exit codes', () => {
  it('documents every command and the exit codes', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const command of ['run', 'check', 'scan', 'read', 'identify', 'profiles', 'sizing', 'schema']) {
      expect(result.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
    expect(result.stdout).toMatch(/2 {2}bad configuration or bad command-line arguments/);
  });

  it('every command answers --help with its usage and the exit codes', async () => {
    const commands = ['run', 'check', 'scan', 'read', 'identify', 'profiles', 'sizing'];
    const results = await Promise.all(commands.map((command) => runCli([command, '--help'])));
    results.forEach((result, index) => {
      expect(result.code, commands[index]).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^Usage: firecode-gateway ${commands[index]} `, 'm'));
      expect(result.stdout).toMatch(/Exit codes:/);
    });
  });

  it('exits 2 on an unknown command, an unknown option or a missing required option', async () => {
    const results = await Promise.all([
      runCli(['chek']),
      runCli(['check', '--config', 'x.yaml', '--jsn']),
      runCli(['check']),
    ]);
    expect(results.map((r) => r.code)).toEqual([2, 2, 2]);
    expect(results[0]!.stderr).toMatch(/unknown command 'chek'[\s\S]*Did you mean check\?/);
    expect(results[1]!.stderr).toMatch(/unknown option '--jsn'/);
    expect(results[2]!.stderr).toMatch(/required option '-c, --config <file>' not specified/);
  });
});

describe('firecode-gateway check', () => {
  it('validates a good file and prints each bus read plan with its line utilisation', async () => {
    const result = await runCli(['check', '--config', file('good.yaml', valid)], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/good\.yaml: valid — building sh-0001, gateway gw-1, 2 buses, 3 devices/);
    expect(result.stdout).toMatch(/bus line-1 \(serial \/dev\/ttyUSB0 9600 8N1\): 2 devices/);
    // qdy30a: one read of 3 registers: (8 + 11) chars + 2 × 3.5 chars = 26 chars of 10 bits at 9600 = 27.1 ms.
    expect(result.stdout).toMatch(
      /tank-level {2}unit 1 {2}qdy30a {2}every 1000 ms: 1 requests \[holding 2\+3\], 27\.1 ms of line per poll = 2\.7 %/,
    );
    expect(result.stdout).toMatch(/line utilisation: \d+\.\d %/);
    expect(result.stdout).toMatch(/bus tcp-1 \(tcp 127\.0\.0\.1:1502\)[\s\S]*requests\/s/);
    expect(result.stdout).not.toContain(SECRET);
  });

  it('--json gives scripts the plans and the configuration, with the secret redacted', async () => {
    const result = await runCli(['check', '--json', '--config', file('good-json.yaml', valid)], env);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      ok: boolean;
      buses: { id: string; utilisation?: number; devices: { id: string; requests: unknown[] }[] }[];
      config: { uplink: { password: string } };
    };
    expect(report.ok).toBe(true);
    expect(report.buses.map((b) => b.id)).toEqual(['line-1', 'tcp-1']);
    expect(report.buses[0]!.utilisation).toBeGreaterThan(0);
    expect(report.buses[0]!.devices[0]!.requests).toEqual([{ table: 'holding', address: 2, count: 3 }]);
    expect(report.config.uplink.password).toBe('[redacted] (env:FIRECODE_TEST_MQTT_PASSWORD)');
    expect(result.stdout + result.stderr).not.toContain(SECRET);
  });

  it('exits 2 and lists every reference problem with file:line:column and a hint', async () => {
    // Twelve kinds of problem that only the whole file (or the outside world) reveals.
    const bad = valid
      .replace('    unit: 2\n', '    unit: 1\n') // 1: unit 1 twice on line-1
      .replace('  - id: fas', '  - id: tank-level') // 2: duplicate device id
      .replace('    loops: [1]', '    loops: [17]') // 3: loop outside the panel's 1-16
      .replace('    bus: tcp-1', '    bus: line-2') // 4: bus that does not exist
      .replace('profile: ningbo-arc-fault-detector', 'profile: ningbo-arc-fault-detektor') // 5: unknown profile
      .replace('level: { low: 1.5, high: 4 }', 'levle: { low: 5, high: 4 }') // 6 + 7: unknown point, low >= high
      .replace('mqtts://broker.example.com:8883', 'mqtts://user:pw@broker.example.com:8883') // 8: credentials in URL
      .replace('env:FIRECODE_TEST_MQTT_PASSWORD', 'env:FIRECODE_TEST_NOT_SET') // 9: env var not set
      .replace('  - id: tcp-1', '  - id: line-1') // 10: duplicate bus id
      .replace('  username: gw-1\n', '  username: gw-1\n  tls:\n    ca: /nonexistent/firecode/ca.pem\n') // 11: missing file
      .concat('metrics:\n  listen: 127.0.0.1:99999\n'); // 12: port out of range
    const path = file('references.yaml', bad);
    const result = await runCli(['check', '--config', path], env);
    expect(result.code).toBe(2);
    const expected: [number, number, RegExp][] = [
      [11, 9, /bus id "line-1" is already used by buses\[0\] — give every bus its own id/],
      [23, 9, /device id "tank-level" is already used by devices\[0\]/],
      [25, 11, /unit 1 on bus "line-1" is already devices\[0\] — two devices cannot share a unit id/],
      [27, 13, /loop 17 is outside the loops 1-16 of profile "gst-modbus-panel" — use loop numbers 1-16/],
      [22, 9, /profile "qdy30a" has no point "levle" — did you mean "level"\?/],
      [22, 23, /low threshold 5 is not below high threshold 4 — swap them/],
      [29, 10, /bus "line-2" is not defined — did you mean "line-1"\?/],
      [
        31,
        14,
        /profile "ningbo-arc-fault-detektor" is not known — did you mean "ningbo-arc-fault-detector"\? \(list them with `firecode-gateway profiles`\)/,
      ],
      [33, 8, /the URL carries credentials — remove them from the URL/],
      [36, 9, /file \/nonexistent\/firecode\/ca\.pem does not exist or cannot be read/],
      [41, 11, /port 99999 is out of range 1-65535/],
      [
        37,
        13,
        /environment variable FIRECODE_TEST_NOT_SET is not set — set FIRECODE_TEST_NOT_SET in the service environment/,
      ],
    ];
    for (const [line, column, message] of expected) {
      const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      expect(result.stderr).toMatch(new RegExp(`${escaped}:${line}:${column}: [^\\n]*${message.source}`));
    }
    expect(result.stderr).toMatch(/12 configuration problems/);
    expect(result.stdout).toBe('');
  });

  it('exits 2 and lists every schema problem with file:line:column and a hint', async () => {
    const bad = valid
      .replace('  name: Demo tower\n', '  name: Demo tower\n  adress: somewhere\n') // unknown key + did-you-mean
      .replace('id: gw-1', 'id: GW 1') // bad id format
      .replace('kind: tcp', 'kind: modbus-tcp') // unknown bus kind
      .replace('baud: 9600', 'baud: 9601\n    timeoutMs: 5') // non-standard baud, timeout out of range
      .replace('    unit: 1\n', '    unit: 248\n') // unit out of range
      .replace('    unit: 3\n', '    unit: three\n') // wrong type
      .replace('    loops: [1]\n', '    loops: [1]\n    pollIntervalMS: 500\n') // misspelt key
      .replace('env:FIRECODE_TEST_MQTT_PASSWORD', SECRET) // password written in the file
      .replace('  outbox:\n    path: /var/lib/firecode/outbox\n', '') // required section missing
      .concat('logging:\n  level: verbose\n'); // not a log level
    const path = file('schema.yaml', bad);
    const result = await runCli(['check', '--config', path], env);
    expect(result.code).toBe(2);
    const expected: [number, number, RegExp][] = [
      [4, 3, /unknown key "adress" — did you mean "address"\?/],
      [6, 7, /"id" has a bad format: found the text "GW 1" — use 1-64 lowercase letters/],
      [11, 11, /"baud" cannot be number 9601 — did you mean "9600"\?/],
      [12, 16, /"timeoutMs" is 5, out of range 10-60000/],
      [14, 11, /"kind" cannot be the text "modbus-tcp" — expected one of "tcp", "rtu", "rtu-over-tcp"/],
      [20, 11, /"unit" is 248, out of range 1-247 — Modbus unit ids are 1-247/],
      [30, 5, /unknown key "pollIntervalMS" — did you mean "pollIntervalMs"\?/],
      [33, 11, /"unit" must be a number, found the text "three"/],
      [
        38,
        13,
        /"password" has a bad format: found a value that is not shown because it may be a secret — write env:VARIABLE or file:/,
      ],
      [35, 1, /"outbox" is missing — add "outbox:"/],
      [40, 10, /"level" cannot be the text "verbose" — expected one of "fatal", "error"/],
    ];
    for (const [line, column, message] of expected) {
      expect(result.stderr).toMatch(new RegExp(`schema\\.yaml:${line}:${column}: [^\\n]*${message.source}`));
    }
    expect(result.stderr).toMatch(/11 configuration problems/);
    expect(result.stderr).not.toContain(SECRET);
  });

  it('exits 2 on a YAML syntax error, at its place', async () => {
    const result = await runCli(
      ['check', '--config', file('syntax.yaml', valid.replace('  id: gw-1', '  id: gw-1\n\tname: tab'))],
      env,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/syntax\.yaml:6:1: YAML syntax: .* — /);
  });

  it('exits 2 when the file cannot be read', async () => {
    const result = await runCli(['check', '--config', join(dir, 'missing.yaml')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/missing\.yaml: cannot read the configuration file \(ENOENT\)/);
  });

  it('--json reports the problems as JSON on stdout, still with exit code 2', async () => {
    const result = await runCli(
      ['check', '--json', '--config', file('json-bad.yaml', valid.replace('unit: 3', 'unit: 300'))],
      env,
    );
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as {
      ok: boolean;
      problems: { line: number; column: number; message: string }[];
    };
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      expect.objectContaining({ line: 30, column: 11, message: '"unit" is 300, out of range 1-247' }),
    ]);
  });

  it('accepts the sample configurations shipped in examples/configs', async () => {
    const results = await Promise.all([
      runCli(['check', '--config', 'examples/configs/minimal.yaml']),
      runCli(['check', '--config', 'examples/configs/local-simulator.yaml']),
      runCli(['check', '--config', 'examples/configs/demo-building.yaml'], { FIRECODE_MQTT_PASSWORD: 'x' }),
    ]);
    for (const result of results)
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  });
});

describe('firecode-gateway schema and profiles', () => {
  it('prints the JSON Schema the editor uses', async () => {
    const result = await runCli(['schema']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      title: 'Firecode gateway configuration',
      type: 'object',
    });
  });

  it('lists the built-in profiles with their read plans', async () => {
    const result = await runCli(['profiles', '--json']);
    expect(result.code).toBe(0);
    const rows = JSON.parse(result.stdout) as { id: string; readPlan: unknown[] }[];
    expect(rows.find((r) => r.id === 'qdy30a')?.readPlan).toEqual([
      { table: 'holding', address: 2, count: 3 },
    ]);
  });
});

describe('firecode-gateway sizing', () => {
  it('sizes the outbox from points, rate and hours with the uplink sizing function', async () => {
    const result = await runCli([
      'sizing',
      '--points',
      '48',
      '--rate-per-point',
      '1',
      '--hours',
      '72',
      '--json',
    ]);
    expect(result.code).toBe(0);
    const figures = JSON.parse(result.stdout) as { readings: number; maxBytes: number; points: number };
    expect(figures.readings).toBe(48 * 72 * 3600);
    expect(figures.maxBytes).toBeGreaterThan(figures.readings * 16);
  });

  it('takes points and poll rates from a configuration and says whether maxBytes is enough', async () => {
    const path = file(
      'sizing.yaml',
      valid.replace(
        '    path: /var/lib/firecode/outbox\n',
        '    path: /var/lib/firecode/outbox\n    maxBytes: 1048576\n',
      ),
    );
    const result = await runCli(['sizing', '--config', path, '--hours', '24'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/sizing\.yaml: \d+ points, worst case every poll reported/);
    expect(result.stdout).toMatch(
      /configured uplink\.outbox\.maxBytes 1048576 \(1\.0 MiB\) is NOT enough: raise it to \d+/,
    );
  });

  it('exits 2 on impossible figures', async () => {
    const results = await Promise.all([
      runCli(['sizing', '--points', '0', '--rate-per-point', '1', '--hours', '72']),
      runCli(['sizing', '--hours', '72']),
    ]);
    expect(results.map((r) => r.code)).toEqual([2, 2]);
    expect(results[0]!.stderr).toMatch(/points must be a positive number/);
    expect(results[1]!.stderr).toMatch(/give --points/);
  });
});
