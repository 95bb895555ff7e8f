import {
  createDeviceNormalizer,
  createRegisterSnapshot,
  type DeviceProfile,
  encodeRegister,
  readPlanFor,
  readRegister,
} from '@firecode/devices';
import { isBitTable, type RegisterTable, registerTableOfReadFunction } from '@firecode/modbus';
import type { PairedLine, TappedExchange } from './pairing.js';
import type { TappedFrame } from './rtu-splitter.js';

/** How the recording was made: goes into the file's `recording` section. */
export interface RecordingInfo {
  /** `recorded <date> <note>` or `firmware <sketch> <git short sha>`: every exchange and poll carries it. */
  origin: string;
  /** Where the tap listened, e.g. `/dev/ttyUSB0 9600 8N1`. */
  line: string;
  /** Wall-clock time of the recording's start (ms since the epoch); frame `at`s count from it. */
  startedAt: number;
  durationMs: number;
  silenceMs: number;
}

/** Options of {@link buildGoldenCapture}. */
export interface GoldenFileOptions {
  profile: DeviceProfile;
  deviceId: string;
  /** The unit the file is about; default the unit of the first request recorded. */
  unit?: number;
}

/** What the golden reader (packages/devices/src/testing/rtu-frames.ts) understands. */
const goldenFunctions = new Set([1, 2, 3, 4, 5, 6, 15, 16]);

const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
const ms = (at: number) => Math.round(at * 10) / 10;
const word = (bytes: Uint8Array, offset: number) => (bytes[offset]! << 8) | bytes[offset + 1]!;

interface ReadExchange {
  exchange: TappedExchange;
  table: RegisterTable;
  address: number;
  count: number;
  values: number[];
}

/** A read answered with data (not an exception), as registers or bits. */
function asRead(exchange: TappedExchange): ReadExchange | undefined {
  const { request, reply } = exchange;
  const fc = request.bytes[1]!;
  const table = registerTableOfReadFunction(fc);
  if (!table || !reply || reply.bytes[1] !== fc) return undefined;
  const address = word(request.bytes, 2);
  const count = word(request.bytes, 4);
  const data = reply.bytes.subarray(3, reply.bytes.length - 2);
  const values =
    fc <= 2
      ? Array.from({ length: count }, (_, i) => (data[i >> 3]! >> (i & 7)) & 1)
      : Array.from({ length: count }, (_, i) => word(data, i * 2));
  return { exchange, table, address, count, values };
}

/** True when every planned range lies inside one of the reads (a real master may merge ranges). */
function covers(reads: readonly ReadExchange[], plan: ReturnType<typeof readPlanFor>): boolean {
  return plan.every((want) =>
    reads.some(
      (r) =>
        r.table === want.table &&
        r.address <= want.address &&
        r.address + r.count >= want.address + want.count,
    ),
  );
}

/**
 * Turns a paired recording into a golden capture (the format of hardware/captures/*.yaml): runs of
 * reads that cover the profile's read plan become `polls`, decoded by the same normalizer the golden
 * test runs, so the expected readings are what this code makes of the device today (review them
 * before committing); other requests of the unit become `exchanges` (with the register values or
 * exception they carry). Bad-CRC frames, stray frames and other units' traffic are listed and
 * counted in `recording`, outside what the golden test reads.
 */
export function buildGoldenCapture(
  line: PairedLine,
  info: RecordingInfo,
  options: GoldenFileOptions,
): Record<string, unknown> {
  const { profile } = options;
  const unit = options.unit ?? line.exchanges[0]?.request.bytes[0] ?? 1;
  const mine = line.exchanges.filter((e) => e.request.bytes[0] === unit);
  const others = line.exchanges.length - mine.length;
  const plan = readPlanFor(profile);
  const normalizer = createDeviceNormalizer(profile, { deviceId: options.deviceId });
  const time = (at: number) => Math.round(info.startedAt + at);

  const polls: unknown[] = [];
  const exchanges: unknown[] = [];
  const skipped: unknown[] = [];
  const standalone = (exchange: TappedExchange) => {
    const fc = exchange.request.bytes[1]!;
    const entry = {
      at: ms(exchange.request.at),
      request: hex(exchange.request.bytes),
      ...(exchange.reply ? { reply: hex(exchange.reply.bytes) } : {}),
    };
    if (!goldenFunctions.has(fc)) {
      skipped.push({ ...entry, reason: `function code ${fc} is not read by the golden runner` });
      return;
    }
    const expect = expectOf(profile, exchange);
    exchanges.push({
      name: `${describe(exchange)} at ${ms(exchange.request.at)} ms`,
      origin: info.origin,
      ...entry,
      ...(expect ? { expect } : {}),
    });
  };

  let group: ReadExchange[] = [];
  const closeGroup = () => {
    if (group.length > 0 && covers(group, plan)) {
      const first = group[0]!.exchange.request.at;
      const snapshot = createRegisterSnapshot(
        group.map((r) => ({ table: r.table, address: r.address, values: r.values })),
      );
      const before = normalizer.stats().unknownCodes;
      const result = normalizer.normalize(snapshot, time(first));
      const unknownCodes = normalizer.stats().unknownCodes - before;
      polls.push({
        name: `poll at ${ms(first)} ms`,
        origin: info.origin,
        time: time(first),
        exchanges: group.map((r) => ({
          at: ms(r.exchange.request.at),
          request: hex(r.exchange.request.bytes),
          reply: hex(r.exchange.reply!.bytes),
        })),
        expect: {
          readings: result.readings,
          events: result.events,
          ...(unknownCodes > 0 ? { unknownCodes } : {}),
        },
      });
    } else {
      for (const r of group) standalone(r.exchange);
    }
    group = [];
  };

  for (const exchange of mine) {
    const read = asRead(exchange);
    if (!read) {
      closeGroup();
      standalone(exchange);
      continue;
    }
    // A read of a range the group already has starts the next poll.
    if (group.some((r) => r.table === read.table && r.address === read.address)) closeGroup();
    group.push(read);
    if (covers(group, plan)) closeGroup();
  }
  closeGroup();

  const frames =
    line.exchanges.reduce((n, e) => n + (e.reply ? 2 : 1), 0) + line.badCrc.length + line.stray.length;
  return {
    profile: profile.id,
    device: { deviceId: options.deviceId, unit },
    recording: {
      origin: info.origin,
      line: info.line,
      startedAt: new Date(info.startedAt).toISOString(),
      durationMs: Math.round(info.durationMs),
      silenceMs: ms(info.silenceMs),
      frames,
      exchanges: line.exchanges.length,
      unanswered: line.exchanges.filter((e) => !e.reply).length,
      badCrc: line.badCrc.length,
      stray: line.stray.length,
      otherUnits: others,
      polls: polls.length,
    },
    exchanges,
    polls,
    ...(line.badCrc.length > 0 ? { badCrcFrames: line.badCrc.map(frameEntry) } : {}),
    ...(line.stray.length > 0 ? { strayFrames: line.stray.map(frameEntry) } : {}),
    ...(skipped.length > 0 ? { skipped } : {}),
  };
}

/** The profile's writable register a FC06/FC16 request writes, with the raw value, when it is exactly one. */
function writeOf(
  profile: DeviceProfile,
  request: Uint8Array,
): { register: string; value: number } | undefined {
  const fc = request[1]!;
  const address = word(request, 2);
  const words =
    fc === 6
      ? [word(request, 4)]
      : Array.from({ length: word(request, 4) }, (_, i) => word(request, 7 + i * 2));
  for (const [name, spec] of Object.entries(profile.registers)) {
    if (!spec.writable || spec.address !== address || (spec.writeFunction ?? 6) !== fc) continue;
    const value = readRegister(createRegisterSnapshot([{ table: spec.table, address, values: words }]), spec);
    if (value === undefined || !Number.isFinite(value)) continue;
    // Only what the golden runner can check: the register's own encoding gives these very words.
    const [encoded] = encodeRegister(profile, name, value);
    if (encoded?.address === address && encoded.values.join() === words.join())
      return { register: name, value };
  }
  return undefined;
}

const frameEntry = (frame: TappedFrame) => ({ at: ms(frame.at), bytes: hex(frame.bytes) });

function describe(exchange: TappedExchange): string {
  const { request, reply } = exchange;
  const fc = request.bytes[1]!;
  const what = `FC${String(fc).padStart(2, '0')} ${word(request.bytes, 2)}`;
  if (!reply) return `${what}, no reply`;
  if (reply.bytes[1]! & 0x80) return `${what}, exception ${reply.bytes[2]}`;
  return what;
}

/**
 * The meaning the golden runner checks: register values of a read, the register and value of a
 * settings write, the exception of a refusal.
 */
function expectOf(profile: DeviceProfile, exchange: TappedExchange): Record<string, unknown> | undefined {
  const { reply } = exchange;
  if (!reply) return undefined;
  if (reply.bytes[1]! !== exchange.request.bytes[1]) {
    return reply.bytes.length === 5 ? { exception: reply.bytes[2]! } : undefined;
  }
  const fc = exchange.request.bytes[1]!;
  if (fc === 6 || fc === 16) {
    const write = writeOf(profile, exchange.request.bytes);
    return write ? { write } : undefined;
  }
  const read = asRead(exchange);
  if (!read || isBitTable(read.table)) return undefined;
  const snapshot = createRegisterSnapshot([
    { table: read.table, address: read.address, values: read.values },
  ]);
  const registers: Record<string, number> = {};
  for (const [name, spec] of Object.entries(profile.registers)) {
    if (spec.table !== read.table) continue;
    const value = readRegister(snapshot, spec);
    if (value !== undefined && Number.isFinite(value)) registers[name] = value;
  }
  return Object.keys(registers).length > 0 ? { registers } : undefined;
}
