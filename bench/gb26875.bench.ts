/**
 * `pnpm bench gb26875 [--frames N] [--alarms N] [--points N] [--rtt-ms N]`: the GB/T 26875.3 uplink.
 *
 * 1. Codec: frames per second through `encodeFrame` and `decodeFrame` (a one-object component-status
 *    frame, the fire alarm's), beside a yardstick in the same run: JSON.stringify / JSON.parse of the
 *    same frame object. Rounds are interleaved so a busy neighbour slows all alike.
 * 2. Fire-alarm latency, end to end, in one process: a simulated GST panel (Modbus TCP on loopback)
 *    polled every 500 ms by the real gateway runtime with both uplinks (MQTT to the machine's broker,
 *    GB/T 26875.3 to the centre simulator). Timed from the panel's register change to the moment the
 *    centre confirms the component-status unit carrying the fire bit. The centre answers each frame
 *    `--rtt-ms` late (default 5 ms: a centre across the city). Measured idle, and while the queue
 *    drains a 1-hour backlog: what `--points` pressure transmitters (default 100) polled every second
 *    for an hour give, as analog-value units of 63 objects (the standard's limit), queued while the
 *    centre was down. Goal: p99 <= poll interval + 300 ms (the law allows 10 s).
 *
 * Last line: {"bench":"gb26875","encodeFramesPerSec",…,"alarmP99IdleMs",…,"alarmP99DrainingMs",…}.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createLogger,
  parseConfig,
  type RunningGateway,
  startGateway,
} from '../packages/gateway/src/index.js';
import {
  CentreSimulator,
  Command,
  decodeFrame,
  encodeAdu,
  encodeFrame,
  type Gb26875Frame,
  type Gb26875Uplink,
  TypeFlag,
  timeFromDate,
} from '../packages/gb26875/src/index.js';
import { buildingSimulator } from '../packages/simulator/src/index.js';
import { wholeNumberArgument } from './building-scale.js';
import { printResult, printTable } from './support.js';

const FRAMES = wholeNumberArgument('frames', 200_000);
const ALARMS = wholeNumberArgument('alarms', 30);
const POINTS = wholeNumberArgument('points', 100);
const RTT_MS = process.argv.includes('--rtt-ms') ? wholeNumberArgument('rtt-ms', 5) : 5;
const POLL_MS = 500;
const brokerUrl = process.env['FIRECODE_MQTT_URL'] ?? 'mqtt://127.0.0.1:1883';

const percentile = (sorted: readonly number[], p: number) =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

function alarmFrame(): Gb26875Frame {
  const time = timeFromDate(Date.now());
  return {
    serial: 1,
    version: { major: 1, minor: 0 },
    time,
    source: 110105000001,
    destination: 0,
    command: Command.sendData,
    adu: encodeAdu({
      type: TypeFlag.componentStatus,
      objects: [
        {
          systemType: 1,
          systemAddress: 1,
          componentType: 40,
          componentAddress: 65536 + 23,
          status: 0b11,
          description: '2F corridor 走廊',
          time,
        },
      ],
    }),
  };
}

function codec(): Record<string, number> {
  const frame = alarmFrame();
  const bytes = encodeFrame(frame);
  const json = JSON.stringify({ ...frame, adu: Array.from(frame.adu) });
  const rounds = 5;
  const per = Math.ceil(FRAMES / rounds);
  const totals = { encode: 0, decode: 0, stringify: 0, parse: 0 };
  let sink = 0;
  for (let round = 0; round < rounds; round++) {
    let start = performance.now();
    for (let i = 0; i < per; i++) sink += encodeFrame(frame).length;
    totals.encode += performance.now() - start;
    start = performance.now();
    for (let i = 0; i < per; i++) sink += decodeFrame(bytes).serial;
    totals.decode += performance.now() - start;
    start = performance.now();
    for (let i = 0; i < per; i++) sink += JSON.stringify({ ...frame, adu: Array.from(frame.adu) }).length;
    totals.stringify += performance.now() - start;
    start = performance.now();
    for (let i = 0; i < per; i++) sink += (JSON.parse(json) as { serial: number }).serial;
    totals.parse += performance.now() - start;
  }
  if (sink === 0) console.log('');
  const rate = (ms: number) => Math.round((per * rounds) / (ms / 1000));
  return {
    encodeFramesPerSec: rate(totals.encode),
    decodeFramesPerSec: rate(totals.decode),
    jsonStringifyPerSec: rate(totals.stringify),
    jsonParsePerSec: rate(totals.parse),
    frameBytes: bytes.length,
  };
}

async function latency(): Promise<{
  idle: number[];
  draining: number[];
  backlogUnits: number;
  drainMs: number;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'firecode-bench-gb26875-'));
  const building = await buildingSimulator({
    name: 'bench',
    lines: [
      {
        name: 'line',
        tcp: '127.0.0.1:0',
        devices: [{ name: 'panel', unit: 2, profile: 'gst-modbus-panel' }],
      },
    ],
  });
  const panel = building.devices.get('panel')!;
  const [host, port] = building.endpoints[0]!.address.split(':');
  const centre = await CentreSimulator.start({ faults: { delayMs: RTT_MS } });
  let gateway: RunningGateway | undefined;
  try {
    const config = parseConfig(
      `building: { id: B-BENCH, name: Bench }
gateway: { id: bench-gw }
buses: [{ id: line, kind: tcp, host: ${host}, port: ${port}, timeoutMs: 500 }]
devices:
  - { id: panel, bus: line, unit: 2, profile: gst-modbus-panel, pollIntervalMs: ${POLL_MS}, loops: [1] }
uplink:
  url: ${brokerUrl}
  topicPrefix: firecode-bench/gb26875-${process.pid}
  outbox: { path: ${JSON.stringify(join(dir, 'outbox'))}, fsync: false }
uplinks:
  gb26875: { host: 127.0.0.1, port: ${centre.port}, sourceAddress: 110105000001, heartbeatSeconds: 3600 }
metrics: { enabled: false }
`,
      join(dir, 'gw.yaml'),
    );
    gateway = await startGateway(config, { logger: createLogger({ level: 'silent' }) });
    const uplink = gateway.sideUplinks[0] as Gb26875Uplink;
    for (let i = 0; i < 500 && !uplink.session.isOnline; i++) await sleep(10);

    /** Raises a fire at `address`, resolves with ms until the centre received the unit it confirms. */
    const alarm = async (address: number): Promise<number> => {
      const from = centre.received.length;
      const start = Date.now();
      panel.setPanelPoint(1, address, 'fire');
      for (let i = 0; i < 3000; i++) {
        for (let k = from; k < centre.received.length; k++) {
          const r = centre.received[k]!;
          if (r.answer !== 'confirm' || r.adu?.type !== TypeFlag.componentStatus) continue;
          if (r.adu.objects.some((o) => o.componentAddress === 65536 + address && (o.status & 0b10) !== 0))
            return r.at + RTT_MS - start;
        }
        await sleep(2);
      }
      throw new Error(`no confirmed fire unit for address ${address} within 6 s`);
    };
    const run = async (count: number, keepGoing: () => boolean, base: number) => {
      const out: number[] = [];
      for (let n = 0; n < count && keepGoing(); n++) {
        const address = base + n;
        out.push(await alarm(address));
        panel.setPanelPoint(1, address, 'normal');
        await sleep(50 + Math.random() * POLL_MS); // a random phase against the poll
      }
      return out;
    };

    const idle = await run(ALARMS, () => true, 1);

    // The backlog: an hour of POINTS pressure readings a second, 63 per unit, queued while down.
    await centre.offline();
    for (let i = 0; i < 500 && uplink.session.isOnline; i++) await sleep(10);
    const hourAgo = Date.now() - 3_600_000;
    const units = Math.ceil((3600 * POINTS) / 63);
    for (let u = 0; u < units; u++) {
      const time = timeFromDate(hourAgo + Math.floor((u * 63) / POINTS) * 1000);
      const objects = Array.from({ length: 63 }, (_, k) => ({
        systemType: 11,
        systemAddress: 1,
        componentType: 0,
        componentAddress: ((u * 63 + k) % POINTS) + 1,
        analogType: 5,
        value: 4000 + (k % 50),
        time,
      }));
      await uplink.queue.append('data', () => encodeAdu({ type: TypeFlag.analogValue, objects }));
    }
    const drainStart = Date.now();
    await centre.online();
    const draining = await run(ALARMS, () => uplink.queue.size > 0, 200);
    for (let i = 0; i < 60_000 && uplink.queue.size > 0; i++) await sleep(10);
    const drainMs = Date.now() - drainStart;
    return { idle, draining, backlogUnits: units, drainMs };
  } finally {
    await gateway?.stop();
    await centre.close();
    await building.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const figures = codec();
printTable('GB/T 26875.3 codec (one-object component-status frame, per second)', [
  {
    what: 'encodeFrame',
    perSec: figures.encodeFramesPerSec!,
    'vs JSON': (figures.encodeFramesPerSec! / figures.jsonStringifyPerSec!).toFixed(2),
  },
  {
    what: 'decodeFrame',
    perSec: figures.decodeFramesPerSec!,
    'vs JSON': (figures.decodeFramesPerSec! / figures.jsonParsePerSec!).toFixed(2),
  },
  { what: 'JSON.stringify (yardstick)', perSec: figures.jsonStringifyPerSec!, 'vs JSON': '1.00' },
  { what: 'JSON.parse (yardstick)', perSec: figures.jsonParsePerSec!, 'vs JSON': '1.00' },
]);
const { idle, draining, backlogUnits, drainMs } = await latency();
const sortedIdle = [...idle].sort((a, b) => a - b);
const sortedDraining = [...draining].sort((a, b) => a - b);
printTable(
  `Fire alarm: panel register change → centre's confirm (poll ${POLL_MS} ms, centre answers ${RTT_MS} ms late, goal p99 <= ${POLL_MS + 300} ms)`,
  [
    {
      phase: 'idle',
      alarms: idle.length,
      p50Ms: percentile(sortedIdle, 50),
      p99Ms: percentile(sortedIdle, 99),
      maxMs: sortedIdle.at(-1) ?? Number.NaN,
    },
    {
      phase: `draining a 1-hour backlog (${backlogUnits} units, ${POINTS} points)`,
      alarms: draining.length,
      p50Ms: percentile(sortedDraining, 50),
      p99Ms: percentile(sortedDraining, 99),
      maxMs: sortedDraining.at(-1) ?? Number.NaN,
    },
  ],
);
console.log(
  `backlog drained in ${(drainMs / 1000).toFixed(1)} s (${Math.round(backlogUnits / (drainMs / 1000))} units/s)`,
);
printResult('gb26875', {
  ...figures,
  alarmP50IdleMs: percentile(sortedIdle, 50),
  alarmP99IdleMs: percentile(sortedIdle, 99),
  alarmP50DrainingMs: percentile(sortedDraining, 50),
  alarmP99DrainingMs: percentile(sortedDraining, 99),
  drainingAlarms: draining.length,
  backlogUnits,
  drainMs,
  pollMs: POLL_MS,
  rttMs: RTT_MS,
});
process.exit(0);
