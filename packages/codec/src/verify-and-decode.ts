import { type VerifyOptions, verifyMessage } from './cose-sign1.js';
import { type DecodeOptions, decodeMessage } from './decode.js';
import type { DecodedMessage } from './messages.js';

/** A decoded message and whether its signature was checked. */
export type VerifiedDecodedMessage = DecodedMessage & {
  /** True when the message was signed and the signature matched the gateway's key. */
  signed: boolean;
  keyId?: string;
};

/**
 * What a receiver calls for every incoming message: checks the signature where the gateway signs (or
 * all are required to), then decodes. Throws the codes of `verifyMessage` and `decodeMessage`.
 */
export async function verifyAndDecode(
  bytes: Uint8Array,
  options: DecodeOptions & VerifyOptions,
): Promise<VerifiedDecodedMessage> {
  const verified = await verifyMessage(bytes, options);
  const decoded = decodeMessage(verified.message, options);
  return verified.keyId === undefined
    ? { ...decoded, signed: verified.signed }
    : { ...decoded, signed: verified.signed, keyId: verified.keyId };
}
