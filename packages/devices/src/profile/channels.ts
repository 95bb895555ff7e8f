/**
 * `channels`: one block of registers, points and events written once and repeated per channel of a
 * multi-channel device (a 12-loop residual-current monitor, an 8-input module). In each copy `$n` in
 * any key or string becomes the channel number, and `{ first, step }` where a number belongs becomes
 * `first + (n - start) × step` (an address, a bit). Expanded before validation, so the result is an
 * ordinary profile and every error names the expanded field (`registers.loop-7-current.address`).
 *
 * ```yaml
 * channels:
 *   count: 12            # channels 1..12 (`start: 0` for 0..11)
 *   registers:
 *     loop-$n-current: { table: inputRegisters, address: { first: 0, step: 1 } }
 *   points:
 *     - { id: loop-$n-residual, kind: residual-current, register: loop-$n-current, unit: mA }
 * ```
 */
import { devicesError } from '../errors.js';

/** One `channels` block as written. */
interface ChannelBlock {
  count: number;
  start: number;
  registers: Record<string, unknown>;
  points: unknown[];
  events: unknown[];
}

const MAX_CHANNELS = 256;

/**
 * The profile with its `channels` block(s) expanded into `registers`, `points` and `events`, and
 * without its top-level `x-` keys (a place for YAML anchors that other fields merge in with `<<`).
 */
export function expandChannels(written: unknown, source = 'profile'): unknown {
  if (written === null || typeof written !== 'object' || Array.isArray(written)) return written;
  const input = Object.fromEntries(Object.entries(written).filter(([key]) => !key.startsWith('x-')));
  if (!('channels' in input)) return input;
  const { channels, ...profile } = input as Record<string, unknown> & { channels: unknown };
  const blocks = (Array.isArray(channels) ? channels : [channels]).map((block, index) =>
    readBlock(block, Array.isArray(channels) ? `channels[${index}]` : 'channels', source),
  );
  const registers: Record<string, unknown> = { ...((profile['registers'] as object | undefined) ?? {}) };
  const points = [...((profile['points'] as unknown[] | undefined) ?? [])];
  const events = [...((profile['events'] as unknown[] | undefined) ?? [])];
  for (const block of blocks) {
    for (let n = block.start; n < block.start + block.count; n += 1) {
      for (const [name, spec] of Object.entries(block.registers)) {
        const expanded = substitute(name, n, block.start) as string;
        if (expanded in registers) {
          throw invalid(
            source,
            `channels: register "${expanded}" exists twice (written out and from a channel, or "$n" missing from its name)`,
          );
        }
        registers[expanded] = substitute(spec, n, block.start);
      }
      for (const point of block.points) points.push(substitute(point, n, block.start));
      for (const event of block.events) events.push(substitute(event, n, block.start));
    }
  }
  return { ...profile, registers, points, events };
}

function readBlock(block: unknown, where: string, source: string): ChannelBlock {
  if (block === null || typeof block !== 'object' || Array.isArray(block)) {
    throw invalid(source, `${where}: expected { count, registers, points, events }`);
  }
  const {
    count,
    start = 1,
    registers = {},
    points = [],
    events = [],
    ...rest
  } = block as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) {
    throw invalid(
      source,
      `${where}: unknown key ${unknown.map((k) => `"${k}"`).join(', ')} (use count, start, registers, points, events)`,
    );
  }
  if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > MAX_CHANNELS) {
    throw invalid(
      source,
      `${where}.count: give the number of channels, a whole number from 1 to ${MAX_CHANNELS}`,
    );
  }
  if (!Number.isInteger(start) || (start as number) < 0) {
    throw invalid(source, `${where}.start: the first channel number, a whole number ≥ 0 (default 1)`);
  }
  if (registers === null || typeof registers !== 'object' || Array.isArray(registers)) {
    throw invalid(source, `${where}.registers: expected registers by name, as in the profile's registers`);
  }
  if (!Array.isArray(points) || !Array.isArray(events)) {
    throw invalid(source, `${where}.points and ${where}.events: expected lists, as in the profile`);
  }
  return {
    count: count as number,
    start: start as number,
    registers: registers as Record<string, unknown>,
    points,
    events,
  };
}

/** A deep copy of `value` for channel `n`: `$n` in strings and keys, `{ first, step }` as a number. */
function substitute(value: unknown, n: number, start: number): unknown {
  if (typeof value === 'string') return value.replaceAll('$n', String(n));
  if (Array.isArray(value)) return value.map((item) => substitute(item, n, start));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const keys = entries.map(([key]) => key).sort();
  if (keys.length === 2 && keys[0] === 'first' && keys[1] === 'step') {
    const { first, step } = value as { first: unknown; step: unknown };
    if (typeof first === 'number' && typeof step === 'number') return first + (n - start) * step;
  }
  return Object.fromEntries(
    entries.map(([key, item]) => [key.replaceAll('$n', String(n)), substitute(item, n, start)]),
  );
}

function invalid(source: string, message: string) {
  return devicesError('DEVICES_PROFILE_INVALID', `${source}: ${message}`, { source });
}
