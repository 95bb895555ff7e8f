/**
 * `readEnvelope`: the routing facts of a message (type, gateway, sequence, ...) without the catalog,
 * without inflating and without verifying. For de-duplication, gap detection and routing before the
 * full decode; never for trusting content: a signed message's envelope is read from its payload
 * before its signature is checked.
 */

import { hashToHex } from './catalog.js';
import { decodeCbor, isTag } from './cbor.js';
import { COSE_SIGN1_TAG } from './cose-sign1.js';
import { codecError } from './errors.js';
import { type DecodeLimits, resolveLimits } from './limits.js';
import type { MessageType } from './messages.js';
import { checkWellFormed } from './well-formed.js';
import { Envelope, FORMAT_VERSION, MessageTypeCode } from './wire-keys.js';
import { asBytes, asInteger, asMap, asString, malformed } from './wire-read.js';

/** What {@link readEnvelope} tells. */
export interface MessageEnvelope {
  type: MessageType;
  gatewayId: string;
  /** Absent on state messages (and births sent without one). */
  sequence?: bigint;
  /** Base time (data, alarm), connect time (birth) or state time, epoch ms. */
  time: number;
  historical: boolean;
  catalogHash?: string;
  compressed: boolean;
  /** True when the message is wrapped in COSE_Sign1 (not yet verified). */
  signed: boolean;
}

const typeNames: Record<number, MessageType> = {
  [MessageTypeCode.birth]: 'birth',
  [MessageTypeCode.data]: 'data',
  [MessageTypeCode.alarm]: 'alarm',
  [MessageTypeCode.state]: 'state',
};

/** Reads a message's envelope. Throws the decoder's codes for damaged or hostile bytes. */
export function readEnvelope(bytes: Uint8Array, limits?: Partial<DecodeLimits>): MessageEnvelope {
  const resolved = resolveLimits(limits);
  checkWellFormed(bytes, resolved, COSE_SIGN1_TAG);
  let item = decodeCbor(bytes);
  let signed = false;
  if (isTag(item)) {
    const parts = item.value;
    if (!Array.isArray(parts) || parts.length !== 4) malformed('COSE_Sign1 must be an array of 4');
    const payload = asBytes((parts as unknown[])[2], 'COSE payload');
    checkWellFormed(payload, resolved);
    item = decodeCbor(payload);
    signed = true;
  }
  const envelope = asMap(item, 'message');
  const version = envelope.get(Envelope.version);
  if (version !== FORMAT_VERSION) {
    throw codecError(
      'CODEC_UNSUPPORTED_VERSION',
      `message is wire format version ${String(version)}, not 1`,
      {
        version,
      },
    );
  }
  const type = typeNames[asInteger(envelope.get(Envelope.type), 'type')];
  if (type === undefined) return malformed('unknown message type');
  const result: MessageEnvelope = {
    type,
    gatewayId: asString(envelope.get(Envelope.gatewayId), 'gatewayId'),
    time: asInteger(envelope.get(Envelope.time), 'time'),
    historical: envelope.get(Envelope.historical) === true,
    compressed: envelope.has(Envelope.deflatedBody),
    signed,
  };
  const sequence = envelope.get(Envelope.sequence);
  if (typeof sequence === 'bigint' && sequence >= 0n) result.sequence = sequence;
  else if (sequence !== undefined) result.sequence = BigInt(asInteger(sequence, 'sequence'));
  const hash = envelope.get(Envelope.catalogHash);
  if (hash !== undefined) result.catalogHash = hashToHex(asBytes(hash, 'catalogHash'));
  return result;
}
