/**
 * `pnpm bench gateway-pipeline [--cycles N] [--rounds N]`: CPU and garbage of the gateway's per-poll
 * pipeline, in one process, without sockets or timers, so that its figures hold on a shared machine
 * where `pnpm bench gateway` (the whole gateway over loopback TCP) swings by several percent.
 *
 * One cycle is what the gateway does each second at building scale (the `gateway` benchmark's
 * workload): 100 devices × 100 points (99 i16 pressures + 1 fire input) polled through the runtime's
 * own `DevicePoller` (its `DeviceReader` plan, register snapshot and normalizer) over a Modbus master
 * that answers from memory, every value reported (`period` 900 ms) by the runtime's `ReportFilter`,
 * gathered by its `Batcher` (5,000 readings a batch) and encoded by `encodeDataBatch`.
 *
 * The measurement runs in a child process with the heap flags of the shipped systemd unit
 * (`--max-semi-space-size=1 --max-old-space-size=64`, override with FIRECODE_BENCH_GATEWAY_NODE_ARGS):
 * the young generation is as small as the gateway's, so "scavenges per cycle" is what the gateway pays.
 *
 * Four variants run in the same process, interleaved round by round so that a busy neighbour slows
 * them all alike: a yardstick (JSON.stringify of one cycle's 10,000 readings), then the pipeline up to
 * the normalizer, up to the report filter, and in full. Figures per cycle: CPU ms (process.cpuUsage),
 * scavenges, MB allocated in the young generation (from V8's GC profile: new-space growth between
 * collections), and CPU as a multiple of the yardstick. On a shared machine the CPU figures move with
 * the neighbours' load (the yardstick too, but not always alike); scavenges and MB per cycle do not.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GCProfiler, getHeapSpaceStatistics } from 'node:v8';
import { encodeDataBatch } from '@firecode/codec';
import { createDeviceNormalizer, type DeviceProfile, parseProfile } from '@firecode/devices';
import type { ModbusMaster } from '@firecode/modbus';
import { partialModbusMaster } from '@firecode/modbus/testing';
import type { Catalog, Reading } from '@firecode/schema';
import { ReadingBatcher } from '@firecode/uplink';
import { DevicePoller } from '../packages/gateway/src/runtime/device-poller.js';
import { ReportFilter } from '../packages/gateway/src/runtime/report-strategy.js';
import { ANALOG_POINTS, benchDeviceProfile, FIRE_REGISTER, wholeNumberArgument } from './building-scale.js';
import { printResult, printTable } from './support.js';

const DEVICES = 100;
const POLL_MS = 1000;
const GATEWAY_ID = 'bench-gw';

/**
 * A Modbus master answering from one shared register table, a fresh array per read as the real one
 * returns. Values drift every cycle as the `gateway` benchmark's simulator makes them.
 */
function memoryMaster(registers: Uint16Array): ModbusMaster {
  const read = async (_unit: number, address: number, count: number) =>
    registers.slice(address, address + count);
  return partialModbusMaster({ readHoldingRegisters: read, readInputRegisters: read });
}

type Stage = 'normalize' | 'filter' | 'full';

interface Pipeline {
  /** One poll of every device and what the stage does with the readings. */
  cycle(tick: number): Promise<void>;
}

function pipeline(profile: DeviceProfile, registers: Uint16Array, stage: Stage): Pipeline {
  let time = 1_700_000_000_000;
  const master = memoryMaster(registers);
  const normalizers = Array.from({ length: DEVICES }, (_, d) =>
    createDeviceNormalizer(profile, { deviceId: `dev-${d}` }),
  );
  const parts = normalizers.map((normalizer) => normalizer.catalog());
  const catalog: Catalog = {
    gatewayId: GATEWAY_ID,
    building: { id: 'b-bench', name: 'Bench Tower', address: 'Bench Tower' },
    components: parts.flatMap((part) => part.components),
    points: parts.flatMap((part) => part.points),
  };
  let sequence = 0n;
  let encodedBytes = 0;
  /** Where the 'filter' stage hands the reported rows: nowhere (reportTo counts them). */
  const discard = { addRow: () => {} };
  const batcher = new ReadingBatcher({ maxAgeMs: POLL_MS, maxReadings: 5000 }, (readings) => {
    const message = encodeDataBatch(
      {
        gatewayId: GATEWAY_ID,
        sequence: sequence++,
        historical: false,
        readings,
        events: [],
        status: { transmissionStatus: 1, droppedTotal: 0 },
      },
      catalog,
    );
    encodedBytes += message.length;
    // As the Publisher does once the outbox holds the batch: its columns gather the next one.
    batcher.recycle(readings);
  });
  const filter = new ReportFilter(() => ({ strategy: 'period', periodMs: 900 }));
  let kept = 0;
  const pollers = normalizers.map(
    (normalizer, d) =>
      new DevicePoller({
        deviceId: `dev-${d}`,
        unit: 1,
        bus: master,
        normalizer,
        pollIntervalMs: POLL_MS,
        onPoll: () => {},
        // Devices poll at their own phase of the second, as the gateway's timers spread them.
        now: () => time + d * 7,
      }),
  );
  return {
    async cycle(tick) {
      time += POLL_MS;
      for (let i = tick % 10; i < ANALOG_POINTS; i += 10) registers[i] = 300 + i + (tick % 7);
      for (const poller of pollers) {
        const outcome = await poller.pollOnce();
        if (stage === 'normalize') {
          kept += outcome.readings.length;
          continue;
        }
        // As the gateway's onPoll: the filter hands what it reports to the batcher, or to a counter.
        kept += filter.reportTo(outcome.readings, stage === 'filter' ? discard : batcher);
      }
      if (stage === 'full') batcher.flush();
      // Keeps the work observable, so no stage can be optimised away.
      if (kept + encodedBytes < 0) console.log(kept, encodedBytes);
    },
  };
}

/** The yardstick: JSON of one cycle's readings, the same work on every machine whatever we change. */
function yardstick(readings: readonly Reading[]): Pipeline {
  let length = 0;
  return {
    async cycle() {
      length += JSON.stringify(readings).length;
      if (length < 0) console.log(length);
    },
  };
}

interface Totals {
  cpuMicros: number;
  cycles: number;
  scavenges: number;
  markCompacts: number;
  gcMicros: number;
  youngBytes: number;
}

const YOUNG_SPACES = new Set(['new_space', 'new_large_object_space']);

function youngUsed(spaces: readonly { spaceName: string; spaceUsedSize: number }[]): number {
  let used = 0;
  for (const space of spaces) if (YOUNG_SPACES.has(space.spaceName)) used += space.spaceUsedSize;
  return used;
}

async function measure(variant: Pipeline, cycles: number, firstTick: number, totals: Totals): Promise<void> {
  const profiler = new GCProfiler();
  const youngAtStart = youngUsedNow();
  profiler.start();
  const cpu = process.cpuUsage();
  for (let c = 0; c < cycles; c++) await variant.cycle(firstTick + c);
  const used = process.cpuUsage(cpu);
  const profile = profiler.stop();
  totals.cpuMicros += used.user + used.system;
  totals.cycles += cycles;
  // Young-generation bytes allocated: its growth between one collection's end and the next one's start.
  let previousAfter = youngAtStart;
  for (const gc of profile.statistics) {
    totals.youngBytes += Math.max(0, youngUsed(gc.beforeGC.heapSpaceStatistics) - previousAfter);
    previousAfter = youngUsed(gc.afterGC.heapSpaceStatistics);
    totals.gcMicros += gc.cost;
    if (gc.gcType === 'Scavenge' || gc.gcType === 'MinorMarkCompact') totals.scavenges++;
    else totals.markCompacts++;
  }
  totals.youngBytes += Math.max(0, youngUsedNow() - previousAfter);
}

function youngUsedNow(): number {
  return youngUsed(
    getHeapSpaceStatistics().map((space) => ({
      spaceName: space.space_name,
      spaceUsedSize: space.space_used_size,
    })),
  );
}

async function run(): Promise<void> {
  const cycles = wholeNumberArgument('cycles', 10);
  const rounds = wholeNumberArgument('rounds', 12);
  const profile = parseProfile(benchDeviceProfile());
  const registers = new Uint16Array(FIRE_REGISTER + 1);
  for (let i = 0; i < ANALOG_POINTS; i++) registers[i] = 300 + i;

  // The yardstick's readings: one cycle of the pipeline, kept.
  const sample: Reading[] = [];
  {
    const normalizer = createDeviceNormalizer(profile, { deviceId: 'dev-0' });
    const poller = new DevicePoller({
      deviceId: 'dev-0',
      unit: 1,
      bus: memoryMaster(registers),
      normalizer,
      pollIntervalMs: POLL_MS,
      onPoll: () => {},
      now: () => 1_700_000_000_000,
    });
    const outcome = await poller.pollOnce();
    for (let d = 0; d < DEVICES; d++) {
      for (const reading of outcome.readings.toReadings())
        sample.push({ ...reading, point: `dev-${d}.${reading.point}` });
    }
  }
  const variants: { name: string; pipeline: Pipeline }[] = [
    { name: 'yardstick: JSON.stringify of the readings', pipeline: yardstick(sample) },
    { name: 'poll + normalize', pipeline: pipeline(profile, registers, 'normalize') },
    { name: '+ report filter', pipeline: pipeline(profile, registers, 'filter') },
    { name: '+ batcher + encode (full)', pipeline: pipeline(profile, registers, 'full') },
  ];
  // Warm-up: every variant's code optimised and its state (report filter, plan memory) settled.
  for (const { pipeline: variant } of variants) for (let c = 0; c < 5; c++) await variant.cycle(c);

  const totals = variants.map(
    (): Totals => ({ cpuMicros: 0, cycles: 0, scavenges: 0, markCompacts: 0, gcMicros: 0, youngBytes: 0 }),
  );
  let tick = 5;
  for (let round = 0; round < rounds; round++) {
    for (let v = 0; v < variants.length; v++) await measure(variants[v]!.pipeline, cycles, tick, totals[v]!);
    tick += cycles;
  }

  const perCycle = totals.map((t) => ({
    cpuMs: t.cpuMicros / 1000 / t.cycles,
    gcMs: t.gcMicros / 1000 / t.cycles,
    scavenges: t.scavenges / t.cycles,
    markCompacts: t.markCompacts / t.cycles,
    youngMB: t.youngBytes / 1024 / 1024 / t.cycles,
  }));
  const yard = perCycle[0]!.cpuMs;
  printTable(
    `gateway pipeline: ${DEVICES} devices × ${ANALOG_POINTS + 1} points per cycle, ${rounds} rounds × ${cycles} cycles per variant, node ${process.execArgv.join(' ') || '(defaults)'}`,
    variants.map(({ name }, v) => ({
      variant: name,
      'CPU ms/cycle': perCycle[v]!.cpuMs,
      '× yardstick': perCycle[v]!.cpuMs / yard,
      'GC ms/cycle': perCycle[v]!.gcMs,
      'scavenges/cycle': perCycle[v]!.scavenges,
      'mark-compacts/cycle': perCycle[v]!.markCompacts,
      'young MB/cycle': perCycle[v]!.youngMB,
    })),
  );
  const full = perCycle[3]!;
  const round2 = (n: number) => Math.round(n * 100) / 100;
  printResult('gateway-pipeline', {
    points: DEVICES * (ANALOG_POINTS + 1),
    cpuMsPerCycle: round2(full.cpuMs),
    yardstickCpuMsPerCycle: round2(yard),
    cpuVsYardstick: round2(full.cpuMs / yard),
    scavengesPerCycle: round2(full.scavenges),
    youngMBPerCycle: round2(full.youngMB),
    stages: {
      normalize: { cpuVsYardstick: round2(perCycle[1]!.cpuMs / yard), youngMB: round2(perCycle[1]!.youngMB) },
      filter: { cpuVsYardstick: round2(perCycle[2]!.cpuMs / yard), youngMB: round2(perCycle[2]!.youngMB) },
    },
  });
}

/** NODE_OPTIONS of the shipped systemd unit, as `pnpm bench gateway` uses them. */
function installedNodeOptions(): string {
  const unit = readFileSync(
    new URL('../packages/gateway/systemd/firecode-gateway.service', import.meta.url),
    'utf8',
  );
  return /^Environment=NODE_OPTIONS=(.*)$/m.exec(unit)?.[1]?.trim() ?? '';
}

if (process.argv.includes('--measure')) {
  run().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
} else {
  // Re-run in a child with the gateway's heap flags: the young generation's size sets the scavenges.
  const nodeArgs = (process.env['FIRECODE_BENCH_GATEWAY_NODE_ARGS'] ?? installedNodeOptions())
    .split(' ')
    .filter(Boolean);
  const self = fileURLToPath(import.meta.url);
  const child = spawnSync(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', self, '--measure', ...process.argv.slice(2)],
    { stdio: 'inherit', cwd: fileURLToPath(new URL('..', import.meta.url)) },
  );
  process.exit(child.status ?? 1);
}
