/**
 * `pnpm bench gateway [--seconds N] [--devices N] [--lines N]`: the gateway runtime at building scale.
 *
 * 100 simulated devices × 100 points (99 analog pressures + 1 fire input, 10,000 points) served over
 * Modbus TCP on loopback (10 lines of 10 units, as serial device servers would), polled every 1 s,
 * every value reported every poll (the heavy case: the Neuron anchor is 10k floats/s). The gateway is
 * the real `firecode-gateway run` in its OWN child process, so its RSS (/proc/<pid>/status VmRSS) and
 * CPU (/proc/<pid>/stat utime+stime) are its own; simulator, broker and subscriber live elsewhere.
 * Alarm latency: a fire is raised on a random device at a random moment and timed until the alarm
 * is decoded at an MQTT subscriber of the real broker.
 *
 * The gateway runs as installed: the CLI bundled to one JavaScript file (tsup/esbuild, what `node
 * dist/cli.js` runs) — not under tsx, whose TypeScript loader alone costs ~100 MB of RSS. `--tsx`
 * runs it from the sources instead, for comparison.
 *
 * The floor, in the same run: after the gateway stops, the bare polling loop (bench/gateway-floor-loop.ts,
 * modbus-serial's plain client in its own child process) reads the same registers from the same slaves
 * at the same interval for as long; `cpuVsFloor` is the gateway's CPU over the loop's. `--layout`:
 * `100x100` (default: each device's registers contiguous, the floor does 100 reads of 99 + the fire
 * input) or `1000x10` (each device's registers as 10 blocks of 10 in the profile; the floor does 1000
 * reads of 10, the devices read 0 in the holes, the gateway's planner merges as it sees fit,
 * `requestsPerPoll` says how). `--floor-client firecode` runs the bare loop on the gateway's own Modbus
 * master (@firecode/modbus) instead of modbus-serial's: a diagnostic of what the Modbus stack costs;
 * the figures of record use modbus-serial.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeMessage, MemoryCatalogStore } from '@firecode/codec';
import { parseProfile } from '@firecode/devices';
import { ProfileDevice, startTcpSlave, type TcpSlave } from '@firecode/simulator';
import mqtt from 'mqtt';
import { build } from 'tsup';
import { distMinify } from '../tsup.dist.js';
import {
  ANALOG_POINTS,
  analogAddress,
  type BenchLayout,
  benchDeviceProfile,
  FIRE_REGISTER,
  POINTS_PER_DEVICE,
  wholeNumberArgument,
} from './building-scale.js';
import { printResult, printTable } from './support.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'packages/gateway/src/cli.ts');
const POLL_MS = 1000;

const seconds = wholeNumberArgument('seconds', 60);
const deviceCount = wholeNumberArgument('devices', 100);
const lineCount = Math.min(wholeNumberArgument('lines', 10), deviceCount);
const fromSources = process.argv.includes('--tsx');
const layoutName = argumentValue('layout') ?? '100x100';
type FloorClient = 'modbus-serial' | 'firecode';
const floorClient = (argumentValue('floor-client') ?? 'modbus-serial') as FloorClient;
if (floorClient !== 'modbus-serial' && floorClient !== 'firecode') {
  console.error(`--floor-client must be modbus-serial or firecode, got "${floorClient}"`);
  process.exit(2);
}
const layouts: Record<string, BenchLayout> = { '100x100': 'contiguous', '1000x10': 'blocks' };
const layout = layouts[layoutName];
if (layout === undefined) {
  console.error(`--layout must be one of ${Object.keys(layouts).join(', ')}, got "${layoutName}"`);
  process.exit(2);
}

function argumentValue(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index < 0 ? undefined : process.argv[index + 1];
}

/** The reads of the bare loop per device: the same registers, as the layout's blocks. */
function floorReads(): [number, number][] {
  if (layout === 'contiguous')
    return [
      [0, ANALOG_POINTS],
      [FIRE_REGISTER, 1],
    ];
  const reads: [number, number][] = [];
  for (let first = 0; first < ANALOG_POINTS; first += 10) {
    reads.push([analogAddress(first, 'blocks'), Math.min(10, ANALOG_POINTS - first)]);
  }
  reads.push([FIRE_REGISTER, 1]);
  return reads;
}
const brokerUrl = process.env['FIRECODE_MQTT_URL'] ?? 'mqtt://127.0.0.1:1883';

function gatewayConfig(options: {
  ports: number[];
  profilesDir: string;
  outboxDir: string;
  prefix: string;
}): string {
  const buses = options.ports
    .map((port, i) => `  - { id: line-${i + 1}, kind: tcp, host: 127.0.0.1, port: ${port}, timeoutMs: 1000 }`)
    .join('\n');
  const devices: string[] = [];
  for (let d = 0; d < deviceCount; d++) {
    devices.push(
      `  - { id: dev-${d}, bus: line-${(d % lineCount) + 1}, unit: ${Math.floor(d / lineCount) + 1}, profile: bench-100-points, pollIntervalMs: ${POLL_MS} }`,
    );
  }
  return `building: { id: B-BENCH, name: Bench Tower }
gateway: { id: bench-gw }
profiles: { dirs: [${JSON.stringify(options.profilesDir)}] }
buses:
${buses}
devices:
${devices.join('\n')}
uplink:
  url: ${brokerUrl}
  topicPrefix: ${options.prefix}
  outbox: { path: ${JSON.stringify(options.outboxDir)} }
report: { strategy: period, periodMs: 900 }
batch: { maxAgeMs: 1000, maxReadings: 5000 }
logging: { level: warn }
metrics: { enabled: false }
`;
}

/**
 * Bundles the gateway CLI and the @firecode packages into `dir`, minified as the published packages'
 * dist files are; third-party dependencies stay external and load from the packages' node_modules,
 * as they do in an installation.
 */
async function bundleGatewayCli(dir: string): Promise<string> {
  return bundle('firecode-gateway', cli, dir);
}

/** Bundles one entry point as bundleGatewayCli does; returns the bundle's path. */
async function bundle(name: string, entry: string, dir: string): Promise<string> {
  await build({
    entry: { [name]: entry },
    format: ['cjs'],
    outDir: dir,
    platform: 'node',
    target: 'node20',
    noExternal: [/^@firecode\//],
    external: [/^(?!@firecode\/)[^./]/],
    tsconfig: join(root, 'tsconfig.json'),
    silent: true,
    dts: false,
    // Minified like the packages' dist files: the gateway is measured as installed. No source map:
    // the installed unit runs without --enable-source-maps.
    ...distMinify,
    sourcemap: false,
    splitting: false,
    config: false,
  });
  return join(dir, `${name}.cjs`);
}

function packageModulePaths(): string {
  return ['gateway', 'uplink', 'codec', 'schema', 'devices', 'modbus']
    .map((name) => join(root, 'packages', name, 'node_modules'))
    .join(':');
}

interface ProcSample {
  rssKb: number;
  cpuTicks: number;
}

const CLOCK_TICKS_PER_S = 100; // USER_HZ on Linux (getconf CLK_TCK)

function sample(pid: number): ProcSample {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  // Fields after the "(comm)" part: utime and stime are the 14th and 15th fields of the whole line.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuTicks = Number(fields[11]) + Number(fields[12]);
  return { rssKb, cpuTicks };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'firecode-bench-gateway-'));
  const cleanups: (() => unknown)[] = [() => rmSync(work, { recursive: true, force: true })];
  let child: ChildProcess | undefined;
  try {
    const profileJson = benchDeviceProfile(layout);
    const profile = parseProfile(profileJson);
    const profilesDir = join(work, 'profiles');
    const outboxDir = join(work, 'outbox');
    await import('node:fs/promises').then((fs) => fs.mkdir(profilesDir));
    writeFileSync(join(profilesDir, 'bench-100-points.json'), JSON.stringify(profileJson));

    // The simulated building: `lineCount` serial device servers, each with its share of the units.
    const devices: ProfileDevice[] = [];
    const slaves: TcpSlave[] = [];
    for (let line = 0; line < lineCount; line++) {
      const units: Record<number, ProfileDevice> = {};
      for (let d = line; d < deviceCount; d += lineCount) {
        // Blocks layout: the devices read 0 in the holes between blocks (as many do), so the planner may
        // read across them; a device that answered 02 there would teach it to split instead.
        const device = new ProfileDevice(profile, layout === 'blocks' ? { unmapped: 'zero' } : {});
        for (let i = 0; i < ANALOG_POINTS; i++) device.setPoint(`p${i}`, 300 + i);
        devices[d] = device;
        units[Math.floor(d / lineCount) + 1] = device;
      }
      const slave = await startTcpSlave({ host: '127.0.0.1', port: 0, units });
      slaves.push(slave);
      cleanups.push(() => slave.close());
    }
    // Values drift a little every second, as a building's pressures do.
    let tick = 0;
    const drift = setInterval(() => {
      tick++;
      for (const device of devices) {
        for (let i = tick % 10; i < ANALOG_POINTS; i += 10) device.setPoint(`p${i}`, 300 + i + (tick % 7));
      }
    }, 1000);
    cleanups.push(() => clearInterval(drift));

    // The subscriber: decodes births and alarms (data batches only counted, to spare this process).
    const prefix = `firecode-bench/gateway-${process.pid}`;
    const catalogs = new MemoryCatalogStore();
    const raisedAt = new Map<string, number>();
    const latencies: number[] = [];
    let dataMessages = 0;
    let dataBytes = 0;
    let birthSeen = false;
    const subscriber = await mqtt.connectAsync(brokerUrl);
    cleanups.push(() => subscriber.endAsync());
    subscriber.on('message', (topic, payload) => {
      if (payload.length === 0) return;
      if (topic.endsWith('/data')) {
        dataMessages++;
        dataBytes += payload.length;
        return;
      }
      if (!topic.endsWith('/birth') && !topic.endsWith('/alarm')) return;
      const message = decodeMessage(new Uint8Array(payload), { catalogs });
      if (message.type === 'birth') {
        catalogs.add(message.catalog);
        birthSeen = true;
      } else if (message.type === 'alarm') {
        const received = Date.now();
        for (const event of message.events) {
          if (event.kind !== 'fire' || !event.active) continue;
          const raised = raisedAt.get(event.component);
          if (raised === undefined) continue;
          raisedAt.delete(event.component);
          latencies.push(received - raised);
        }
      }
    });
    await subscriber.subscribeAsync(`${prefix}/+/+`, { qos: 1 });

    const configPath = join(work, 'gateway.yaml');
    writeFileSync(
      configPath,
      gatewayConfig({ ports: slaves.map((s) => s.port), profilesDir, outboxDir, prefix }),
    );
    // Node flags of the gateway process: those the systemd unit installs (measure what is installed),
    // or FIRECODE_BENCH_GATEWAY_NODE_ARGS to compare other settings ("" for Node's defaults).
    const nodeArgs = (process.env['FIRECODE_BENCH_GATEWAY_NODE_ARGS'] ?? installedNodeOptions())
      .split(' ')
      .filter(Boolean);
    console.log(`gateway node flags: ${nodeArgs.join(' ') || '(Node defaults)'}`);
    const entry = fromSources ? ['--import', 'tsx', cli] : [await bundleGatewayCli(join(work, 'dist'))];
    child = spawn(process.execPath, [...nodeArgs, ...entry, 'run', '--config', configPath], {
      cwd: root,
      // The bundle's externals resolve from the node_modules of the packages that depend on them.
      env: { ...process.env, NODE_PATH: packageModulePaths() },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    const pid = child.pid!;

    // Warm-up: the gateway is connected and every device polled a few times.
    const warmupUntil = Date.now() + 30_000;
    while ((!birthSeen || dataMessages < 3) && Date.now() < warmupUntil) {
      if (child.exitCode !== null)
        throw new Error(`the gateway exited early (${child.exitCode}):\n${stderr}`);
      await sleep(100);
    }
    if (!birthSeen) throw new Error(`no birth from the gateway within 30 s:\n${stderr}`);
    await sleep(3000);

    const slaveRequests = () => slaves.reduce((sum, slave) => sum + slave.engine.stats.requests, 0);
    const requestsAtStart = slaveRequests();
    const start = sample(pid);
    const startedAt = Date.now();
    const dataAtStart = { messages: dataMessages, bytes: dataBytes };
    let peakRssKb = start.rssKb;
    let rssSumKb = 0;
    let rssSamples = 0;
    let raised = 0;
    let nextDevice = 0;
    const burning = new Set<number>();
    const endAt = startedAt + seconds * 1000;
    let nextRaiseAt = startedAt + 200 + Math.random() * 1000;
    let nextSampleAt = startedAt + 1000;
    while (Date.now() < endAt) {
      const now = Date.now();
      if (now >= nextRaiseAt) {
        // A fire on a device not raised before in this run, at a random phase of its poll cycle.
        const index = nextDevice++ % deviceCount;
        const device = devices[index]!;
        if (burning.has(index)) {
          nextRaiseAt = now + 100;
          continue;
        }
        burning.add(index);
        raisedAt.set(`dev-${index}`, Date.now());
        device.setEvent('fire-input', 1);
        raised++;
        // Clear it well after it was seen, so the device can be raised again on a later lap.
        setTimeout(() => {
          device.setEvent('fire-input', 0);
          setTimeout(() => burning.delete(index), 2 * POLL_MS).unref();
        }, 3 * POLL_MS).unref();
        nextRaiseAt = now + 700 + Math.random() * 600;
      }
      if (now >= nextSampleAt) {
        const s = sample(pid);
        peakRssKb = Math.max(peakRssKb, s.rssKb);
        rssSumKb += s.rssKb;
        rssSamples++;
        nextSampleAt += 1000;
      }
      await sleep(20);
    }
    const end = sample(pid);
    const elapsedS = (Date.now() - startedAt) / 1000;
    const requestsPerPoll = ((slaveRequests() - requestsAtStart) / elapsedS) * (POLL_MS / 1000);
    await sleep(2 * POLL_MS); // the last alarms' latencies
    const cpuPercent = ((end.cpuTicks - start.cpuTicks) / CLOCK_TICKS_PER_S / elapsedS) * 100;
    const sorted = [...latencies].sort((a, b) => a - b);
    const p50 = percentile(sorted, 50);
    const p99 = percentile(sorted, 99);
    const rssMB = peakRssKb / 1024;
    const dataPerS = (dataMessages - dataAtStart.messages) / elapsedS;
    const bytesPerS = (dataBytes - dataAtStart.bytes) / elapsedS;

    printTable(
      `gateway (${fromSources ? 'from sources under tsx' : 'bundled CLI'}): ${deviceCount} devices × ${POINTS_PER_DEVICE} points over ${lineCount} Modbus TCP lines, poll ${POLL_MS} ms, ${elapsedS.toFixed(0)} s measured`,
      [
        { figure: 'RSS peak (MB)', value: rssMB, target: '≤ 100' },
        {
          figure: 'RSS mean (MB)',
          value: rssSamples ? rssSumKb / rssSamples / 1024 : Number.NaN,
          target: '',
        },
        { figure: 'CPU (% of one core)', value: cpuPercent, target: '≤ 10' },
        { figure: 'alarms raised / timed', value: `${raised} / ${latencies.length}`, target: '' },
        { figure: 'alarm latency p50 (ms)', value: p50, target: '' },
        { figure: 'alarm latency p99 (ms)', value: p99, target: `≤ ${POLL_MS + 300}` },
        { figure: 'alarm latency max (ms)', value: sorted.at(-1) ?? Number.NaN, target: '' },
        { figure: 'data messages / s', value: dataPerS, target: '' },
        { figure: 'data kB / s', value: bytesPerS / 1024, target: '' },
      ],
    );
    if (latencies.length < raised) {
      console.log(`note: ${raised - latencies.length} alarm(s) not seen at the subscriber within the run`);
    }
    child.kill('SIGTERM');
    const code = await exited;
    if (code !== 0) console.log(`note: the gateway exited with ${code} on SIGTERM:\n${stderr}`);
    child = undefined;

    const unitsByLine = slaves.map((_, line) =>
      Array.from({ length: Math.ceil((deviceCount - line) / lineCount) }, (_, i) => i + 1),
    );
    // The loop runs as the gateway does: bundled (or under tsx with --tsx), with the same Node flags.
    const floorEntry = fromSources
      ? ['--import', 'tsx', join(root, 'bench/gateway-floor-loop.ts')]
      : [await bundle('floor-loop', join(root, 'bench/gateway-floor-loop.ts'), join(work, 'dist'))];
    const floor = await measureFloor(
      {
        ports: slaves.map((slave) => slave.port),
        unitsByLine,
        reads: floorReads(),
        pollMs: POLL_MS,
        client: floorClient,
      },
      // The same Node flags, but never a profiler's: profiling the floor would inflate it.
      [...nodeArgs.filter((arg) => !arg.startsWith('--cpu-prof')), ...floorEntry],
      elapsedS,
    );
    const cpuVsFloor = cpuPercent / floor.cpuPercent;
    printTable(`the same run: gateway vs the bare polling loop (${floorClient}, layout ${layoutName})`, [
      {
        process: 'gateway',
        cpuPercent: round1(cpuPercent),
        rssMB: round1(rssMB),
        requestsPerPoll: Math.round(requestsPerPoll),
      },
      {
        process: 'bare loop',
        cpuPercent: round1(floor.cpuPercent),
        rssMB: round1(floor.rssMB),
        requestsPerPoll: Math.round(floor.requestsPerPoll),
      },
      {
        process: 'ratio',
        cpuPercent: Math.round(cpuVsFloor * 100) / 100,
        rssMB: round1(rssMB / floor.rssMB),
        requestsPerPoll: '',
      },
    ]);
    printResult('gateway', {
      layout: layoutName,
      points: deviceCount * POINTS_PER_DEVICE,
      rssMB: round1(rssMB),
      cpuPercent: round1(cpuPercent),
      floorCpuPercent: round1(floor.cpuPercent),
      floorRssMB: round1(floor.rssMB),
      cpuVsFloor: Math.round(cpuVsFloor * 100) / 100,
      requestsPerPoll: Math.round(requestsPerPoll),
      floorRequestsPerPoll: Math.round(floor.requestsPerPoll),
      ...(floorClient === 'modbus-serial' ? {} : { floorClient }),
      alarmLatencyMs: { p50, p99 },
    });
  } finally {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => {});
  }
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Runs the bare polling loop in its own process for `seconds` and measures it as the gateway was. */
async function measureFloor(
  plan: {
    ports: number[];
    unitsByLine: number[][];
    reads: [number, number][];
    pollMs: number;
    client: FloorClient;
  },
  command: string[],
  seconds: number,
): Promise<{ cpuPercent: number; rssMB: number; requestsPerPoll: number }> {
  const loop = spawn(process.execPath, [...command, JSON.stringify(plan)], {
    cwd: root,
    // The bundle's modbus-serial resolves from @firecode/modbus's node_modules, as the gateway's do.
    env: { ...process.env, NODE_PATH: packageModulePaths() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  loop.stdout!.on('data', (chunk: Buffer) => (output += chunk));
  loop.stderr!.on('data', (chunk: Buffer) => (output += chunk));
  const exited = new Promise<void>((resolve) => loop.once('exit', () => resolve()));
  try {
    for (let i = 0; i < 300 && !output.includes('polling'); i++) await sleep(100);
    if (!output.includes('polling')) throw new Error(`the bare loop did not start:\n${output}`);
    await sleep(3000); // as the gateway: measured after a warm-up
    const start = sample(loop.pid!);
    const startedAt = Date.now();
    let peakRssKb = start.rssKb;
    while (Date.now() - startedAt < seconds * 1000) {
      await sleep(1000);
      peakRssKb = Math.max(peakRssKb, sample(loop.pid!).rssKb);
    }
    const end = sample(loop.pid!);
    const elapsed = (Date.now() - startedAt) / 1000;
    const startedLines = output.length;
    loop.kill('SIGTERM');
    await exited;
    const counts = JSON.parse(output.slice(startedLines).trim().split('\n').at(-1) ?? '{}') as {
      requests?: number;
    };
    // Requests per poll over the whole run of the loop (warm-up included): the plan is fixed.
    const perPoll = plan.unitsByLine.flat().length * plan.reads.length;
    if (counts.requests === undefined) throw new Error(`the bare loop printed no counts:\n${output}`);
    return {
      cpuPercent: ((end.cpuTicks - start.cpuTicks) / CLOCK_TICKS_PER_S / elapsed) * 100,
      rssMB: peakRssKb / 1024,
      requestsPerPoll: perPoll,
    };
  } finally {
    if (loop.exitCode === null) loop.kill('SIGKILL');
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

/** NODE_OPTIONS of the shipped systemd unit, so the benchmark measures the gateway as installed. */
function installedNodeOptions(): string {
  const unit = readFileSync(
    new URL('../packages/gateway/systemd/firecode-gateway.service', import.meta.url),
    'utf8',
  );
  return /^Environment=NODE_OPTIONS=(.*)$/m.exec(unit)?.[1]?.trim() ?? '';
}
