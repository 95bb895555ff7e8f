import { MESSAGE_CLASSES } from '../message-class.js';
import { RECORD_HEADER_BYTES } from '../outbox/record-format.js';

/** What the outbox must ride through. Give `ratePerPoint` or `readingsPerSecond`. */
export interface SizingInput {
  /** Points reported (pressures, zone states, ...). */
  readonly points: number;
  /** Readings per second per point (1/60 = once a minute). */
  readonly ratePerPoint?: number;
  /** Readings per second for the whole gateway, instead of `ratePerPoint`. */
  readonly readingsPerSecond?: number;
  /** Hours of outage to ride through without dropping data. */
  readonly outageHours: number;
  /** Encoded bytes per reading inside a batch. Default 16 (columnar CBOR measures 11-16). */
  readonly bytesPerReading?: number;
  /** Readings per batch message. Default 500. */
  readonly readingsPerMessage?: number;
  /** Extra share on top of the computed need. Default 0.2. */
  readonly margin?: number;
  /** Segment size of the DiskOutbox. Default 4 MiB. */
  readonly segmentBytes?: number;
}

/** The result of {@link sizeOutbox}: what to configure and how much disk to set aside. */
export interface SizingResult {
  readonly readingsPerSecond: number;
  /** Readings produced during the outage. */
  readonly readings: number;
  /** Batch messages they make. */
  readonly messages: number;
  /** Bytes the outage's messages occupy in the outbox (20-byte record headers included). */
  readonly neededBytes: number;
  /** `maxBytes` to configure: the need plus the margin. */
  readonly maxBytes: number;
  /** `alarmReserveBytes` to configure (the DiskOutbox default: maxBytes / 10). */
  readonly alarmReserveBytes: number;
  /**
   * Disk to set aside: maxBytes + alarm reserve + segments not yet reclaimed (per class, the segment
   * being written and one partly acknowledged, each up to `segmentBytes` plus one message).
   */
  readonly diskBytes: number;
  /** One line per figure, for people. */
  readonly summary: string;
}

/** Sizes the outbox for an outage: from points, rates and hours to `maxBytes` and disk to reserve. */
export function sizeOutbox(input: SizingInput): SizingResult {
  const where = 'sizeOutbox';
  positive(where, 'points', input.points);
  positive(where, 'outageHours', input.outageHours);
  if ((input.ratePerPoint === undefined) === (input.readingsPerSecond === undefined)) {
    throw new TypeError(
      `${where}: give exactly one of ratePerPoint (per point) or readingsPerSecond (in total)`,
    );
  }
  const readingsPerSecond = input.readingsPerSecond ?? input.points * (input.ratePerPoint as number);
  positive(
    where,
    input.readingsPerSecond === undefined ? 'ratePerPoint' : 'readingsPerSecond',
    readingsPerSecond,
  );
  const bytesPerReading = input.bytesPerReading ?? 16;
  const readingsPerMessage = input.readingsPerMessage ?? 500;
  const margin = input.margin ?? 0.2;
  const segmentBytes = input.segmentBytes ?? 4 * 1024 * 1024;
  positive(where, 'bytesPerReading', bytesPerReading);
  positive(where, 'readingsPerMessage', readingsPerMessage);
  positive(where, 'segmentBytes', segmentBytes);
  if (!(margin >= 0)) throw new TypeError(`${where}: margin must be >= 0, got ${margin}`);

  const readings = Math.ceil(readingsPerSecond * input.outageHours * 3600);
  const messages = Math.ceil(readings / readingsPerMessage);
  const messageBytes = RECORD_HEADER_BYTES + Math.ceil(readingsPerMessage * bytesPerReading);
  const neededBytes = readings * bytesPerReading + messages * RECORD_HEADER_BYTES;
  const maxBytes = Math.ceil(neededBytes * (1 + margin));
  const alarmReserveBytes = Math.ceil(maxBytes / 10);
  const diskBytes = maxBytes + alarmReserveBytes + MESSAGE_CLASSES.length * 2 * (segmentBytes + messageBytes);
  const summary = [
    `${formatNumber(readingsPerSecond)} readings/s for ${input.outageHours} h = ${formatNumber(readings)} readings`,
    `in ${formatNumber(messages)} messages of ${readingsPerMessage} readings x ${bytesPerReading} B = ${formatBytes(neededBytes)}`,
    `maxBytes: ${maxBytes} (${formatBytes(maxBytes)}, ${Math.round(margin * 100)} % margin)`,
    `alarmReserveBytes: ${alarmReserveBytes} (${formatBytes(alarmReserveBytes)})`,
    `disk to set aside: ${formatBytes(diskBytes)} (with ${formatBytes(segmentBytes)} segments)`,
  ].join('\n');
  return {
    readingsPerSecond,
    readings,
    messages,
    neededBytes,
    maxBytes,
    alarmReserveBytes,
    diskBytes,
    summary,
  };
}

function positive(where: string, name: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`${where}: ${name} must be a positive number, got ${String(value)}`);
  }
}

/** 1536 → "1.5 KiB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toFixed(3);
}
