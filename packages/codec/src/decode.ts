/**
 * `decodeMessage`: checks the bytes against the limits, then decodes the envelope and the body and
 * expands aliases through the catalog. Every failure is a `FirecodeError` with a codec code.
 */
import { sha256 } from '@noble/hashes/sha2';
import {
  CATALOG_HASH_BYTES,
  type CodecCatalog,
  hashToHex,
  type PreparedCatalog,
  prepareReceivedCatalog,
} from './catalog.js';
import { catalogFromWire } from './catalog-from-wire.js';
import { type CatalogLookup, type CatalogStore, catalogResolver } from './catalog-store.js';
import { decodeCbor } from './cbor.js';
import { fflateDeflate } from './deflate.js';
import { codecError } from './errors.js';
import { decodeEvents } from './event-codec.js';
import { type DecodeLimits, resolveLimits } from './limits.js';
import type {
  DecodedAlarm,
  DecodedBirth,
  DecodedData,
  DecodedMessage,
  DecodedState,
  GatewayStatus,
} from './messages.js';
import { decodeReadingColumns } from './reading-columns.js';
import { checkWellFormed } from './well-formed.js';
import { Body, Envelope, FORMAT_VERSION, MessageTypeCode } from './wire-keys.js';
import { asBoolean, asBytes, asInteger, asMap, asString, malformed } from './wire-read.js';

/** How to decode. */
export interface DecodeOptions {
  /** Catalogs seen in births, to expand a data batch's aliases. Needed for data batches. */
  catalogs?: CatalogStore | CatalogLookup;
  /** Overrides of {@link DEFAULT_DECODE_LIMITS}. */
  limits?: Partial<DecodeLimits>;
}

const COSE_SIGN1_FIRST_BYTE = 0xd2;

/**
 * Decodes one message. Throws `FirecodeError` with a codec code: `CODEC_UNKNOWN_CATALOG` (recoverable:
 * wait for or request the gateway's next birth), `CODEC_MALFORMED`, `CODEC_LIMIT_EXCEEDED`,
 * `CODEC_UNSUPPORTED_VERSION`, `CODEC_CATALOG_HASH_MISMATCH`, `CODEC_UNKNOWN_POINT`, and
 * `CODEC_SIGNATURE_UNVERIFIED` for a signed message (use `verifyMessage` first).
 */
export function decodeMessage(bytes: Uint8Array, options: DecodeOptions = {}): DecodedMessage {
  const limits = resolveLimits(options.limits);
  if (!(bytes instanceof Uint8Array)) {
    throw codecError('CODEC_MALFORMED', 'decodeMessage expects the message bytes as a Uint8Array');
  }
  if (bytes[0] === COSE_SIGN1_FIRST_BYTE) {
    throw codecError(
      'CODEC_SIGNATURE_UNVERIFIED',
      'this message is signed (COSE_Sign1): verify it with verifyMessage and decode the payload it returns',
    );
  }
  checkWellFormed(bytes, limits);
  const envelope = asMap(decodeCbor(bytes), 'message');
  const version = envelope.get(Envelope.version);
  if (version !== FORMAT_VERSION) {
    throw codecError(
      'CODEC_UNSUPPORTED_VERSION',
      `message is wire format version ${String(version)}; this decoder reads version ${FORMAT_VERSION}: upgrade @firecode/codec`,
      { version },
    );
  }
  const gatewayId = asString(envelope.get(Envelope.gatewayId), 'gatewayId');
  const time = timeOf(envelope.get(Envelope.time), 'time');
  const compressed = envelope.has(Envelope.deflatedBody);
  const common = { formatVersion: FORMAT_VERSION, gatewayId, compressed };
  const type = envelope.get(Envelope.type);
  switch (type) {
    case MessageTypeCode.birth:
      return decodeBirth(envelope, common, time, limits);
    case MessageTypeCode.data:
      return decodeData(envelope, common, time, limits, options);
    case MessageTypeCode.alarm:
      return decodeAlarm(envelope, common, time, limits, options);
    case MessageTypeCode.state:
      return decodeState(envelope, common, time, limits);
    default:
      return malformed(
        `message type ${String(type)} is not one of 0 (birth), 1 (data), 2 (alarm), 3 (state)`,
      );
  }
}

type Common = { formatVersion: number; gatewayId: string; compressed: boolean };

/** The body's bytes: key 7's byte string (birth) or key 8 inflated. */
function bodyBytes(envelope: Map<unknown, unknown>, limits: DecodeLimits): Uint8Array {
  const deflated = envelope.get(Envelope.deflatedBody);
  if (deflated !== undefined) {
    if (envelope.has(Envelope.body)) malformed('message has both a body (7) and a compressed body (8)');
    return fflateDeflate.inflate(asBytes(deflated, 'compressed body'), limits.maxBytes);
  }
  return asBytes(envelope.get(Envelope.body), 'body');
}

/** The body map of a data, alarm or state message. */
function bodyMap(envelope: Map<unknown, unknown>, limits: DecodeLimits): Map<unknown, unknown> {
  const deflated = envelope.get(Envelope.deflatedBody);
  if (deflated === undefined) return asMap(envelope.get(Envelope.body), 'body');
  const inflated = bodyBytes(envelope, limits);
  checkWellFormed(inflated, limits);
  return asMap(decodeCbor(inflated), 'body');
}

function decodeBirth(
  envelope: Map<unknown, unknown>,
  common: Common,
  time: number,
  limits: DecodeLimits,
): DecodedBirth {
  const announced = hashOf(envelope.get(Envelope.catalogHash));
  const bytes = bodyBytes(envelope, limits);
  const actual = hashToHex(sha256(bytes).subarray(0, CATALOG_HASH_BYTES));
  if (actual !== announced) {
    throw codecError(
      'CODEC_CATALOG_HASH_MISMATCH',
      `birth announces catalog ${announced} but its catalog hashes to ${actual}: the message was damaged or built wrongly`,
      { announced, actual },
    );
  }
  checkWellFormed(bytes, limits);
  const catalog: CodecCatalog = catalogFromWire(decodeCbor(bytes));
  if (catalog.gatewayId !== common.gatewayId) {
    malformed(`birth of gateway "${common.gatewayId}" carries the catalog of "${catalog.gatewayId}"`);
  }
  prepareReceivedCatalog(catalog, bytes);
  const birth: DecodedBirth = { type: 'birth', ...common, time, catalogHash: announced, catalog };
  const sequence = envelope.get(Envelope.sequence);
  if (sequence !== undefined) birth.sequence = sequenceOf(sequence);
  return birth;
}

function decodeData(
  envelope: Map<unknown, unknown>,
  common: Common,
  time: number,
  limits: DecodeLimits,
  options: DecodeOptions,
): DecodedData {
  const sequence = sequenceOf(envelope.get(Envelope.sequence));
  const historical = historicalOf(envelope);
  const hash = hashOf(envelope.get(Envelope.catalogHash));
  const catalog = requireCatalog(common.gatewayId, hash, options);
  const body = bodyMap(envelope, limits);
  const hasReadings = body.has(Body.series);
  const readings = hasReadings
    ? decodeReadingColumns(body.get(Body.timeColumns), body.get(Body.series), catalog, time)
    : [];
  const events = body.has(Body.events)
    ? decodeEvents(body.get(Body.events), time, () => catalog, 'body.events')
    : [];
  const data: DecodedData = {
    type: 'data',
    ...common,
    sequence,
    historical,
    time,
    catalogHash: hash,
    readings,
    events,
  };
  if (body.has(Body.status)) data.status = statusOf(body.get(Body.status));
  return data;
}

function decodeAlarm(
  envelope: Map<unknown, unknown>,
  common: Common,
  time: number,
  limits: DecodeLimits,
  options: DecodeOptions,
): DecodedAlarm {
  const sequence = sequenceOf(envelope.get(Envelope.sequence));
  const historical = historicalOf(envelope);
  const hashItem = envelope.get(Envelope.catalogHash);
  const hash = hashItem === undefined ? undefined : hashOf(hashItem);
  const body = bodyMap(envelope, limits);
  // Alarms name components by id; a catalog is looked up only if one uses an alias anyway.
  const catalogFor = (): PreparedCatalog => {
    if (hash === undefined) return malformed('alarm uses aliases but names no catalog');
    return requireCatalog(common.gatewayId, hash, options);
  };
  const events = decodeEvents(body.get(Body.events) ?? [], time, catalogFor, 'body.events');
  const alarm: DecodedAlarm = { type: 'alarm', ...common, sequence, historical, time, events };
  if (hash !== undefined) alarm.catalogHash = hash;
  return alarm;
}

function decodeState(
  envelope: Map<unknown, unknown>,
  common: Common,
  time: number,
  limits: DecodeLimits,
): DecodedState {
  const body = bodyMap(envelope, limits);
  return { type: 'state', ...common, time, online: asBoolean(body.get(Body.online), 'body.online') };
}

/** @internal shared with the columnar decoder. */
export function requireCatalog(gatewayId: string, hash: string, options: DecodeOptions): PreparedCatalog {
  const catalog =
    options.catalogs === undefined ? undefined : catalogResolver(options.catalogs)(gatewayId, hash);
  if (catalog === undefined) {
    throw codecError(
      'CODEC_UNKNOWN_CATALOG',
      `gateway "${gatewayId}" sent data for catalog ${hash}, which this receiver has not seen: keep the message, and wait for or request the gateway's next birth`,
      { gatewayId, catalogHash: hash },
    );
  }
  return catalog;
}

/** @internal shared with the columnar decoder. */
export function hashOf(item: unknown): string {
  const bytes = asBytes(item, 'catalogHash');
  if (bytes.length !== CATALOG_HASH_BYTES) malformed(`catalogHash must be ${CATALOG_HASH_BYTES} bytes`);
  return hashToHex(bytes);
}

function sequenceOf(item: unknown): bigint {
  if (typeof item === 'number' && Number.isSafeInteger(item) && item >= 0) return BigInt(item);
  if (typeof item === 'bigint' && item >= 0n && item < 2n ** 64n) return item;
  return malformed('sequence must be an unsigned integer below 2^64');
}

function timeOf(item: unknown, where: string): number {
  const time = asInteger(item, where);
  if (time < 0) malformed(`${where} must not be negative`);
  return time;
}

function historicalOf(envelope: Map<unknown, unknown>): boolean {
  const item = envelope.get(Envelope.historical);
  return item === undefined ? false : asBoolean(item, 'historical');
}

/** @internal shared with the columnar decoder. */
export function statusOf(item: unknown): GatewayStatus {
  const status: Record<string, number | string | boolean> = {};
  for (const [key, value] of asMap(item, 'body.status')) {
    const name = asString(key, 'body.status key');
    let entry: number | string | boolean;
    if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') entry = value;
    else if (typeof value === 'bigint') entry = asInteger(value, `body.status.${name}`);
    else return malformed(`body.status.${name} must be a number, string or boolean`);
    Object.defineProperty(status, name, {
      value: entry,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return status;
}
