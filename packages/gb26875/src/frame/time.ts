import { gb26875Error } from '../errors.js';

/**
 * A GB/T 26875.3 time label: six bytes second, minute, hour, day, month, year (0-99 = 2000-2099) in
 * the device's local time. `year` here is the full year so values read naturally.
 */
export interface Gb26875Time {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/** Bytes of one time label. */
export const TIME_BYTES = 6;

/** China Standard Time (UTC+8), the default local time of a time label. */
export const CHINA_UTC_OFFSET_MINUTES = 480;

const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : monthDays[month - 1]!;
}

/** Why `time` is not a valid label, or undefined when it is. */
export function timeProblem(time: Gb26875Time): string | undefined {
  const { year, month, day, hour, minute, second } = time;
  if (
    !Number.isInteger(year) ||
    !Number.isInteger(month) ||
    !Number.isInteger(day) ||
    !Number.isInteger(hour) ||
    !Number.isInteger(minute) ||
    !Number.isInteger(second)
  ) {
    return 'every field must be an integer';
  }
  if (year < 2000 || year > 2099) return `year ${year} is outside 2000-2099 (the label holds 0-99)`;
  if (month < 1 || month > 12) return `month ${month} is outside 1-12`;
  if (day < 1 || day > daysInMonth(year, month)) return `day ${day} does not exist in ${year}-${month}`;
  if (hour < 0 || hour > 23) return `hour ${hour} is outside 0-23`;
  if (minute < 0 || minute > 59) return `minute ${minute} is outside 0-59`;
  if (second < 0 || second > 59) return `second ${second} is outside 0-59`;
  return undefined;
}

function toBcd(value: number): number {
  return ((Math.floor(value / 10) % 10) << 4) | (value % 10);
}

/** A BCD byte's value, or -1 when a nibble is not a decimal digit (so validation rejects it). */
function fromBcd(byte: number): number {
  const high = byte >> 4;
  const low = byte & 0x0f;
  return high > 9 || low > 9 ? -1 : high * 10 + low;
}

/** Writes `time` as six bytes at `offset`. Throws `GB26875_INVALID_INPUT` for an invalid time. */
export function writeTime(target: Uint8Array, offset: number, time: Gb26875Time, bcd = false): void {
  const problem = timeProblem(time);
  if (problem !== undefined) {
    throw gb26875Error('GB26875_INVALID_INPUT', `time label: ${problem}`, { time });
  }
  const fields = [time.second, time.minute, time.hour, time.day, time.month, time.year - 2000];
  for (let i = 0; i < TIME_BYTES; i++) target[offset + i] = bcd ? toBcd(fields[i]!) : fields[i]!;
}

/**
 * Reads six bytes at `offset` as a time label. Throws `GB26875_BAD_TIME` when they are no valid
 * time; a hint names the BCD quirk when the bytes would be valid BCD.
 */
export function readTime(source: Uint8Array, offset: number, bcd = false): Gb26875Time {
  const time = readTimeUnchecked(source, offset, bcd);
  const problem = timeProblem(time);
  if (problem === undefined) return time;
  const hex = Array.from(source.subarray(offset, offset + TIME_BYTES), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join(' ');
  let hint = '';
  if (!bcd && timeProblem(readTimeUnchecked(source, offset, true)) === undefined) {
    hint = '; the bytes are valid BCD: if the device encodes time as BCD, set quirks.bcdTime';
  }
  throw gb26875Error(
    'GB26875_BAD_TIME',
    `time label at byte ${offset} (${hex}, ${bcd ? 'BCD' : 'binary'} s m h D M Y): ${problem}${hint}`,
    { offset, bytes: hex, bcd },
  );
}

function readTimeUnchecked(source: Uint8Array, offset: number, bcd: boolean): Gb26875Time {
  const read = bcd ? (i: number) => fromBcd(source[offset + i]!) : (i: number) => source[offset + i]!;
  return {
    second: read(0),
    minute: read(1),
    hour: read(2),
    day: read(3),
    month: read(4),
    year: 2000 + read(5),
  };
}

/** The label for an instant, in local time at `utcOffsetMinutes` (default UTC+8). */
export function timeFromDate(
  date: Date | number,
  utcOffsetMinutes: number = CHINA_UTC_OFFSET_MINUTES,
): Gb26875Time {
  const ms = typeof date === 'number' ? date : date.getTime();
  const local = new Date(ms + utcOffsetMinutes * 60_000);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

/** The instant (ms since the epoch) a label names, read as local time at `utcOffsetMinutes`. */
export function timeToEpochMs(
  time: Gb26875Time,
  utcOffsetMinutes: number = CHINA_UTC_OFFSET_MINUTES,
): number {
  return (
    Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second) -
    utcOffsetMinutes * 60_000
  );
}

/** `2026-12-03 21:16:53`, for logs and the simulator. */
export function formatTime(time: Gb26875Time): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${time.year}-${two(time.month)}-${two(time.day)} ${two(time.hour)}:${two(time.minute)}:${two(time.second)}`;
}
