/**
 * `decodeColumnar`: the receiver's fast path. A data batch's readings come back as typed columns
 * (point alias, time, value, missing, quality code) read straight from the CBOR bytes, without one
 * object per reading or a generic CBOR tree in between; a store can bulk-insert from the columns.
 * Other message types, and a batch's events and status (a handful per batch), go through the same
 * code as {@link decodeMessage}, so both decoders accept and reject exactly the same bytes with the
 * same errors (a property test holds them to that).
 */

import { decodeCbor } from './cbor.js';
import { CborCursor, Major } from './cbor-cursor.js';
import { type ReadingColumns, readSeriesColumns } from './columnar-series.js';
import { type DecodeOptions, decodeMessage, hashOf, requireCatalog, statusOf } from './decode.js';
import { fflateDeflate } from './deflate.js';
import { decodeEvents } from './event-codec.js';
import { resolveLimits } from './limits.js';
import type { DecodedData, DecodedMessage } from './messages.js';
import { checkWellFormed } from './well-formed.js';
import { Body, Envelope, FORMAT_VERSION, MessageTypeCode } from './wire-keys.js';
import { malformed } from './wire-read.js';

export { columnsToReadings, qualityOfCode, type ReadingColumns } from './columnar-series.js';

/** A decoded data batch whose readings are typed columns. */
export interface DecodedDataColumns extends Omit<DecodedData, 'readings'> {
  /** The readings, grouped by point in the order the points first appeared (as `DecodedData.readings`). */
  columns: ReadingColumns;
}

/** What {@link decodeColumnar} returns: data batches as columns, every other message as `decodeMessage` does. */
export type DecodedColumnarMessage = Exclude<DecodedMessage, DecodedData> | DecodedDataColumns;

const COSE_SIGN1_FIRST_BYTE = 0xd2;
const ENVELOPE_KEYS = 9;

/**
 * Decodes one message like {@link decodeMessage} (same options, same error codes), but hands a data
 * batch's readings back as {@link ReadingColumns}. The columns' arrays are fresh per call: keep them.
 */
export function decodeColumnar(bytes: Uint8Array, options: DecodeOptions = {}): DecodedColumnarMessage {
  if (!(bytes instanceof Uint8Array) || bytes[0] === COSE_SIGN1_FIRST_BYTE) {
    return decodeMessage(bytes, options) as DecodedColumnarMessage;
  }
  const limits = resolveLimits(options.limits);
  checkWellFormed(bytes, limits);
  const cursor = new CborCursor(bytes);
  const fields = envelopeOffsets(cursor);
  const typeOffset = fields[Envelope.type];
  const versionOffset = fields[Envelope.version];
  // Anything but a v1 data batch (and every version or type error) is decodeMessage's to handle.
  if (
    versionOffset === undefined ||
    typeOffset === undefined ||
    integerAt(cursor, versionOffset) !== FORMAT_VERSION ||
    integerAt(cursor, typeOffset) !== MessageTypeCode.data
  ) {
    return decodeMessage(bytes, options) as DecodedColumnarMessage;
  }
  return decodeDataColumns(cursor, fields, options, limits.maxBytes);
}

/** Offsets of the envelope's values by key (the last one wins, as in a decoded map). */
function envelopeOffsets(cursor: CborCursor): (number | undefined)[] {
  const fields: (number | undefined)[] = new Array(ENVELOPE_KEYS);
  const pairs = cursor.mapSize('message');
  for (let pair = 0; pair < pairs; pair += 1) {
    cursor.readHead();
    const key = cursor.major === Major.unsigned ? cursor.argument : -1;
    if (cursor.major === Major.bytes || cursor.major === Major.text) cursor.offset += cursor.argument;
    else if (cursor.major >= Major.array) {
      // A container or float as a key: not this format's, skip it whole.
      cursor.offset -= 1;
      cursor.skip();
    }
    if (key >= 0 && key < ENVELOPE_KEYS) fields[key] = cursor.offset;
    // The last value (usually the body) need not be walked: nothing follows it.
    if (pair < pairs - 1) cursor.skip();
  }
  return fields;
}

/** The integer at an offset, or undefined for any other item. */
function integerAt(cursor: CborCursor, offset: number): number | undefined {
  cursor.offset = offset;
  cursor.readHead();
  if (cursor.major === Major.unsigned) return cursor.argument;
  if (cursor.major === Major.negative) return -1 - cursor.argument;
  return undefined;
}

function decodeDataColumns(
  cursor: CborCursor,
  fields: (number | undefined)[],
  options: DecodeOptions,
  maxBytes: number,
): DecodedDataColumns {
  const gatewayId = required(cursor, fields[Envelope.gatewayId], 'gatewayId', (c) => c.text('gatewayId'));
  const time = required(cursor, fields[Envelope.time], 'time', (c) => c.integer('time'));
  if (time < 0) malformed('time must not be negative');
  const compressed = fields[Envelope.deflatedBody] !== undefined;
  const sequence = required(cursor, fields[Envelope.sequence], 'sequence', (c) => c.unsignedBig('sequence'));
  const historical =
    fields[Envelope.historical] === undefined
      ? false
      : required(cursor, fields[Envelope.historical], 'historical', (c) => c.boolean('historical'));
  const hash = hashOf(
    required(cursor, fields[Envelope.catalogHash], 'catalogHash', (c) => c.byteString('catalogHash')),
  );
  const catalog = requireCatalog(gatewayId, hash, options);
  const body = bodyCursor(cursor, fields, maxBytes, options);
  const bodyFields = bodyOffsets(body);
  const columns = readSeriesColumns(
    body,
    bodyFields[Body.timeColumns],
    bodyFields[Body.series],
    catalog,
    time,
  );
  const events =
    bodyFields[Body.events] === undefined
      ? []
      : decodeEvents(decodeAt(body, bodyFields[Body.events]!), time, () => catalog, 'body.events');
  const data: DecodedDataColumns = {
    type: 'data',
    formatVersion: FORMAT_VERSION,
    gatewayId,
    compressed,
    sequence,
    historical,
    time,
    catalogHash: hash,
    columns,
    events,
  };
  if (bodyFields[Body.status] !== undefined) data.status = statusOf(decodeAt(body, bodyFields[Body.status]!));
  return data;
}

function required<T>(
  cursor: CborCursor,
  offset: number | undefined,
  name: string,
  read: (cursor: CborCursor) => T,
): T {
  if (offset === undefined) {
    return name === 'sequence'
      ? malformed('sequence must be an unsigned integer below 2^64')
      : malformed(`${name} is missing`);
  }
  cursor.offset = offset;
  return read(cursor);
}

/** A cursor on the body map: inline (key 7) or inflated from key 8 and checked like a message. */
function bodyCursor(
  cursor: CborCursor,
  fields: (number | undefined)[],
  maxBytes: number,
  options: DecodeOptions,
): CborCursor {
  const deflated = fields[Envelope.deflatedBody];
  if (deflated === undefined) {
    if (fields[Envelope.body] === undefined) malformed('body must be a map');
    return new CborCursor(cursor.bytes, fields[Envelope.body]);
  }
  if (fields[Envelope.body] !== undefined) malformed('message has both a body (7) and a compressed body (8)');
  cursor.offset = deflated;
  const inflated = fflateDeflate.inflate(cursor.byteString('compressed body'), maxBytes);
  checkWellFormed(inflated, resolveLimits(options.limits));
  return new CborCursor(inflated);
}

/** Offsets of the body map's values by key. */
function bodyOffsets(body: CborCursor): (number | undefined)[] {
  const fields: (number | undefined)[] = [];
  const pairs = body.mapSize('body');
  for (let pair = 0; pair < pairs; pair += 1) {
    body.readHead();
    const key = body.major === Major.unsigned ? body.argument : -1;
    if (body.major === Major.bytes || body.major === Major.text) body.offset += body.argument;
    else if (body.major >= Major.array) {
      body.offset -= 1;
      body.skip();
    }
    if (key >= 0 && key <= Body.online) fields[key] = body.offset;
    if (pair < pairs - 1) body.skip();
  }
  return fields;
}

/** Decodes the (small) item at an offset with the generic decoder. */
function decodeAt(cursor: CborCursor, offset: number): unknown {
  cursor.offset = offset;
  return decodeCbor(cursor.itemBytes());
}
