/**
 * The four encoders. Each builds the envelope (a map with small integer keys) and a body; the body is
 * appended as raw bytes so that `compress: 'auto'` can compare sizes without encoding twice.
 */
import {
  catalogSchema,
  type FireEvent,
  formatProblems,
  isReadingColumns,
  type Reading,
  ReadingColumns,
  validate,
} from '@firecode/schema';
import { type CodecCatalog, prepareCatalog } from './catalog.js';
import { encodeCbor, wireInteger } from './cbor.js';
import { encodedMap } from './cbor-writer.js';
import { fflateDeflate } from './deflate.js';
import { codecError } from './errors.js';
import { checkTextLength, checkTime, encodeEvents } from './event-codec.js';
import { DEFAULT_DECODE_LIMITS } from './limits.js';
import type {
  AlarmInput,
  BirthMeta,
  ColumnarDataBatch,
  DataBatch,
  EncodeOptions,
  StateInput,
} from './messages.js';
import { encodeReadingColumns } from './reading-columns.js';
import { Body, Envelope, FORMAT_VERSION, MessageTypeCode } from './wire-keys.js';

const MAX_SEQUENCE = 2n ** 64n - 1n;

/**
 * Most readings in one data batch. At worst (raw floats, irregular times, qualities) a reading costs
 * four data items, so this keeps every batch under the receivers' default item limit.
 */
export const MAX_READINGS_PER_BATCH = 200_000;

/** A message a receiver with default limits would refuse is an encoding error, not a network one. */
function withinReceiverLimits(message: Uint8Array, readings: number): Uint8Array {
  if (message.length > DEFAULT_DECODE_LIMITS.maxBytes) {
    throw codecError(
      'CODEC_INVALID_INPUT',
      `batch of ${readings} readings encodes to ${message.length} bytes, above the ${DEFAULT_DECODE_LIMITS.maxBytes} receivers accept by default: send smaller batches or compress`,
      { size: message.length },
    );
  }
  return message;
}

/**
 * Encodes a birth message: the catalog (components and points, whose list positions are their
 * aliases) with its hash. Send it on every connect and whenever the catalog changes.
 */
export function encodeBirth(catalog: CodecCatalog, meta: BirthMeta, options: EncodeOptions = {}): Uint8Array {
  // A receiver rejects an invalid catalog, so find out here, where it can still be fixed.
  const checked = validate(catalogSchema, catalog);
  if (!checked.ok) {
    throw codecError(
      'CODEC_INVALID_INPUT',
      `the catalog is not valid:\n${formatProblems(checked.problems)}`,
      {
        path: 'catalog',
      },
    );
  }
  const prepared = prepareCatalog(catalog);
  checkGatewayId(catalog.gatewayId, 'catalog.gatewayId');
  checkTime(meta.time, 'meta.time');
  const envelope = header(MessageTypeCode.birth, catalog.gatewayId, meta.sequence, meta.time);
  envelope.set(Envelope.catalogHash, prepared.hashBytes);
  const compress = options.compress ?? 'never';
  if (compress !== 'never') {
    const deflated = fflateDeflate.deflate(prepared.bytes);
    if (compress === 'always' || deflated.length < prepared.bytes.length) {
      envelope.set(Envelope.deflatedBody, deflated);
      return encodeCbor(envelope);
    }
  }
  envelope.set(Envelope.body, prepared.bytes);
  return encodeCbor(envelope);
}

/**
 * Encodes a data batch: readings column-wise per point (aliases from the catalog, time offsets from
 * the batch's base time, decimal-scaled values, qualities only where not good), events, status.
 * The readings may be an array or {@link ReadingColumns} (the same bytes either way).
 */
export function encodeDataBatch(
  batch: DataBatch | ColumnarDataBatch,
  catalog: CodecCatalog,
  options: EncodeOptions = {},
): Uint8Array {
  const prepared = prepareCatalog(catalog);
  checkGatewayId(batch.gatewayId, 'batch.gatewayId');
  if (batch.gatewayId !== catalog.gatewayId) {
    throw codecError(
      'CODEC_INVALID_INPUT',
      `batch is from gateway "${batch.gatewayId}" but the catalog is gateway "${catalog.gatewayId}": use that gateway's catalog`,
      { path: 'batch.gatewayId' },
    );
  }
  if (batch.readings.length > MAX_READINGS_PER_BATCH) {
    throw codecError(
      'CODEC_INVALID_INPUT',
      `batch has ${batch.readings.length} readings, more than ${MAX_READINGS_PER_BATCH}: split it into several batches`,
      { path: 'batch.readings' },
    );
  }
  // Columns (the batchers' output) as they are; an array is checked, then laid out as columns once
  // (by reference: no copies of ids or qualities).
  const readings = isReadingColumns(batch.readings)
    ? batch.readings
    : ReadingColumns.from(checkReadingTypes(batch.readings, 'batch'));
  const time = baseTime(readings, batch.events, batch.time, 'batch');
  const envelope = header(MessageTypeCode.data, batch.gatewayId, batch.sequence, time);
  envelope.set(Envelope.catalogHash, prepared.hashBytes);
  envelope.set(Envelope.historical, batch.historical === true);
  // The body map from its entries' bytes: the series come already encoded (see CborWriter).
  const body: [number, Uint8Array][] = [];
  if (batch.readings.length > 0) {
    const { timeColumns, series } = encodeReadingColumns(readings, prepared, time);
    body.push([Body.timeColumns, encodeCbor(timeColumns)], [Body.series, series]);
  }
  if (batch.events.length > 0) {
    body.push([Body.events, encodeCbor(encodeEvents(batch.events, time, prepared))]);
  }
  if (batch.status !== undefined) body.push([Body.status, encodeCbor(statusOnWire(batch.status))]);
  return withinReceiverLimits(withBody(envelope, encodedMap(body), options), batch.readings.length);
}

/**
 * Encodes an alarm: one or a few events, sent at once. Components and points are written by id, so a
 * receiver that missed the birth can still read the alarm; the catalog, when given, only adds its hash.
 */
export function encodeAlarm(
  alarm: AlarmInput,
  catalog?: CodecCatalog,
  options: EncodeOptions = {},
): Uint8Array {
  checkGatewayId(alarm.gatewayId, 'alarm.gatewayId');
  const time = baseTime(NO_READINGS, alarm.events, alarm.time, 'alarm');
  const envelope = header(MessageTypeCode.alarm, alarm.gatewayId, alarm.sequence, time);
  if (catalog !== undefined) envelope.set(Envelope.catalogHash, prepareCatalog(catalog).hashBytes);
  envelope.set(Envelope.historical, alarm.historical === true);
  const body = new Map<number, unknown>([[Body.events, encodeEvents(alarm.events, time, undefined)]]);
  return withBody(envelope, encodeCbor(body), options);
}

/**
 * Encodes a state message. `online: false`, encoded when the connection is made, is the gateway's
 * MQTT last will; `online: true` is published (retained) once connected.
 */
export function encodeState(state: StateInput): Uint8Array {
  checkGatewayId(state.gatewayId, 'state.gatewayId');
  checkTime(state.time, 'state.time');
  if (typeof state.online !== 'boolean') {
    throw codecError('CODEC_INVALID_INPUT', 'state.online must be true or false', { path: 'state.online' });
  }
  const envelope = header(MessageTypeCode.state, state.gatewayId, undefined, state.time);
  envelope.set(Envelope.body, new Map([[Body.online, state.online]]));
  return encodeCbor(envelope);
}

/** The envelope's first entries. Callers add the rest in ascending key order, as RFC 8949 §4.2.1 sorts. */
function header(
  type: number,
  gatewayId: string,
  sequence: bigint | undefined,
  time: number,
): Map<number, unknown> {
  const envelope = new Map<number, unknown>([
    [Envelope.version, FORMAT_VERSION],
    [Envelope.type, type],
    [Envelope.gatewayId, gatewayId],
  ]);
  if (sequence !== undefined) envelope.set(Envelope.sequence, sequenceOnWire(sequence));
  envelope.set(Envelope.time, wireInteger(time));
  return envelope;
}

/**
 * Appends the encoded body to the envelope as key 7 (a map) or key 8 (its DEFLATE bytes). The
 * envelope has fewer than 24 entries, so its map header is one byte and adding an entry adds one to it.
 */
function withBody(envelope: Map<number, unknown>, body: Uint8Array, options: EncodeOptions): Uint8Array {
  const compress = options.compress ?? 'never';
  if (compress !== 'never') {
    const deflated = fflateDeflate.deflate(body);
    if (compress === 'always' || deflated.length + 4 < body.length) {
      envelope.set(Envelope.deflatedBody, deflated);
      return encodeCbor(envelope);
    }
  }
  const head = encodeCbor(envelope);
  const message = new Uint8Array(head.length + 1 + body.length);
  message.set(head, 0);
  message[0] = head[0]! + 1;
  message[head.length] = Envelope.body;
  message.set(body, head.length + 1);
  return message;
}

/** The readings of an alarm, which has none. */
const NO_READINGS = new ReadingColumns(1);

/**
 * The types that columns would coerce (a time or value given as text, a value as `undefined`): caught
 * here, before {@link ReadingColumns.from} stores them in number columns.
 */
function checkReadingTypes(readings: readonly Reading[], where: string): readonly Reading[] {
  for (let index = 0; index < readings.length; index += 1) {
    const reading = readings[index]!;
    if (typeof reading.time !== 'number') checkTime(reading.time, `${where}.readings[${index}].time`);
    if (reading.value !== null && typeof reading.value !== 'number') {
      throw codecError('CODEC_INVALID_INPUT', `${where}.readings[${index}].value must be a number or null`, {
        path: `${where}.readings[${index}].value`,
      });
    }
  }
  return readings;
}

/** Earliest time of the readings and events, else the fallback, else 0. */
function baseTime(
  readings: ReadingColumns,
  events: readonly FireEvent[],
  fallback: number | undefined,
  where: string,
): number {
  let earliest = Number.POSITIVE_INFINITY;
  for (let index = 0; index < readings.length; index += 1) {
    const time = readings.timeAt(index);
    if (!Number.isSafeInteger(time) || time < 0) checkTime(time, `${where}.readings[${index}].time`);
    if (time < earliest) earliest = time;
  }
  for (let index = 0; index < events.length; index += 1) {
    const time = events[index]!.time;
    checkTime(time, `${where}.events[${index}].time`);
    if (time < earliest) earliest = time;
  }
  if (earliest !== Number.POSITIVE_INFINITY) return earliest;
  if (fallback !== undefined) {
    checkTime(fallback, `${where}.time`);
    return fallback;
  }
  return 0;
}

function checkGatewayId(gatewayId: unknown, where: string): void {
  if (typeof gatewayId !== 'string' || gatewayId.length === 0 || gatewayId.length > 64) {
    throw codecError('CODEC_INVALID_INPUT', `${where} must be a gateway id of 1-64 characters`, {
      path: where,
    });
  }
}

function sequenceOnWire(sequence: bigint): number | bigint {
  if (typeof sequence !== 'bigint' || sequence < 0n || sequence > MAX_SEQUENCE) {
    throw codecError(
      'CODEC_INVALID_INPUT',
      `sequence must be a bigint from 0 to 2^64-1, got ${String(sequence)}: keep a persisted 64-bit counter`,
      { path: 'sequence' },
    );
  }
  return wireInteger(sequence);
}

function statusOnWire(status: NonNullable<DataBatch['status']>): Map<string, unknown> {
  const entries = new Map<string, unknown>();
  for (const [key, value] of Object.entries(status)) {
    if (typeof value === 'number') entries.set(key, Number.isSafeInteger(value) ? wireInteger(value) : value);
    else if (typeof value === 'boolean') entries.set(key, value);
    else if (typeof value === 'string') {
      checkTextLength(value, `status.${key}`);
      entries.set(key, value);
    } else {
      throw codecError('CODEC_INVALID_INPUT', `status.${key} must be a number, string or boolean`, {
        path: `status.${key}`,
      });
    }
  }
  return entries;
}
