/**
 * Optional signatures: COSE_Sign1 (RFC 9052 §4.2) with EdDSA/Ed25519 (alg -8) over the whole encoded
 * message, through WebCrypto (`globalThis.crypto.subtle`: Node 20+, browsers, Deno, Bun), so no
 * Node-only API is needed. The protected header carries the key id (`kid`, label 4): the first 8 bytes
 * of SHA-256 of the raw public key, which lets the receiver tell a wrong key from altered bytes.
 *
 * A signed message is `18([protected, {}, payload, signature])` where payload is the plain message.
 */
import { sha256 } from '@noble/hashes/sha2';
import { hashToHex } from './catalog.js';
import { decodeCbor, encodeCbor, isTag, tagged } from './cbor.js';
import { codecError } from './errors.js';
import { type DecodeLimits, resolveLimits } from './limits.js';
import { checkWellFormed } from './well-formed.js';
import { asBytes, asMap, asString, malformed } from './wire-read.js';

/** CBOR tag of COSE_Sign1. */
export const COSE_SIGN1_TAG = 18;
/** COSE algorithm id of EdDSA. */
const ALG_EDDSA = -8;
const HEADER_ALG = 1;
const HEADER_KID = 4;
const KEY_ID_BYTES = 8;

/**
 * A WebCrypto `CryptoKey`, typed structurally so the codec's types need neither the DOM library nor
 * Node's typings.
 */
export interface WebCryptoKey {
  readonly type: string;
  readonly extractable: boolean;
  readonly algorithm: unknown;
  readonly usages: readonly string[];
}

/** The part of WebCrypto's `SubtleCrypto` the codec uses. */
interface Subtle {
  generateKey(algorithm: { name: string }, extractable: boolean, usages: string[]): Promise<unknown>;
  exportKey(format: 'raw' | 'pkcs8', key: WebCryptoKey): Promise<ArrayBuffer>;
  exportKey(format: 'jwk', key: WebCryptoKey): Promise<{ x?: string }>;
  importKey(
    format: 'raw' | 'pkcs8',
    data: ArrayBuffer,
    algorithm: { name: string },
    extractable: boolean,
    usages: string[],
  ): Promise<WebCryptoKey>;
  sign(algorithm: { name: string }, key: WebCryptoKey, data: ArrayBuffer): Promise<ArrayBuffer>;
  verify(
    algorithm: { name: string },
    key: WebCryptoKey,
    signature: ArrayBuffer,
    data: ArrayBuffer,
  ): Promise<boolean>;
}

/** An Ed25519 key pair: the private key as a WebCrypto key, the public key as its 32 raw bytes. */
export interface Ed25519KeyPair {
  privateKey: WebCryptoKey;
  publicKey: Uint8Array;
}

/** Where the receiver finds each gateway's public key (raw 32 bytes); undefined for unsigned gateways. */
export type PublicKeyLookup = (gatewayId: string) => Uint8Array | undefined;

/** How to verify. */
export interface VerifyOptions {
  /** Public keys of the gateways that sign. A gateway with a key here must sign every message. */
  publicKeys: PublicKeyLookup;
  /** Require a signature from every gateway, even one without a key in `publicKeys`. */
  requireSignatures?: boolean;
  limits?: Partial<DecodeLimits>;
}

/** The outcome of {@link verifyMessage}: the plain message to hand to `decodeMessage`. */
export interface VerifiedMessage {
  /** The plain (unsigned) message bytes. */
  message: Uint8Array;
  gatewayId: string;
  signed: boolean;
  /** Hex key id of the key that signed it. */
  keyId?: string;
}

function subtle(): Subtle {
  const crypto = (globalThis as { crypto?: { subtle?: Subtle } }).crypto;
  if (!crypto?.subtle) {
    throw new TypeError(
      'signatures need WebCrypto (globalThis.crypto.subtle): use Node 20+ or a modern runtime',
    );
  }
  return crypto.subtle;
}

/** The key id of a public key: hex of the first 8 bytes of its SHA-256. */
export function keyIdOf(publicKey: Uint8Array): string {
  return hashToHex(sha256(publicKey).subarray(0, KEY_ID_BYTES));
}

/** Generates a new Ed25519 key pair (extractable, so it can be saved with {@link exportEd25519PrivateKey}). */
export async function generateEd25519KeyPair(): Promise<Ed25519KeyPair> {
  const pair = (await subtle().generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as {
    privateKey: WebCryptoKey;
    publicKey: WebCryptoKey;
  };
  const publicKey = new Uint8Array(await subtle().exportKey('raw', pair.publicKey));
  return { privateKey: pair.privateKey, publicKey };
}

/** The private key as PKCS #8 DER bytes, for the gateway's key file. */
export async function exportEd25519PrivateKey(keyPair: Ed25519KeyPair): Promise<Uint8Array> {
  return new Uint8Array(await subtle().exportKey('pkcs8', keyPair.privateKey));
}

/** Loads a key pair from PKCS #8 DER bytes (as written by {@link exportEd25519PrivateKey} or openssl). */
export async function importEd25519PrivateKey(pkcs8: Uint8Array): Promise<Ed25519KeyPair> {
  let privateKey: WebCryptoKey;
  try {
    privateKey = await subtle().importKey('pkcs8', copy(pkcs8), { name: 'Ed25519' }, true, ['sign']);
  } catch (cause) {
    throw codecError(
      'CODEC_INVALID_INPUT',
      'the private key is not an Ed25519 key in PKCS #8 DER: create one with `openssl genpkey -algorithm ed25519 -outform DER`',
      undefined,
      cause,
    );
  }
  // The JWK form of a private key includes its public half (x): the only portable way to derive it.
  const jwk = await subtle().exportKey('jwk', privateKey);
  if (typeof jwk.x !== 'string')
    throw codecError('CODEC_INVALID_INPUT', 'the Ed25519 key has no public part');
  return { privateKey, publicKey: fromBase64Url(jwk.x) };
}

/** Signs an encoded message: returns the COSE_Sign1 bytes to publish instead of the message. */
export async function signMessage(message: Uint8Array, keyPair: Ed25519KeyPair): Promise<Uint8Array> {
  const kid = sha256(keyPair.publicKey).subarray(0, KEY_ID_BYTES);
  const protectedHeader = encodeCbor(
    new Map<number, unknown>([
      [HEADER_ALG, ALG_EDDSA],
      [HEADER_KID, kid],
    ]),
  );
  const signature = new Uint8Array(
    await subtle().sign({ name: 'Ed25519' }, keyPair.privateKey, sigStructure(protectedHeader, message)),
  );
  return encodeCbor(tagged([protectedHeader, new Map(), message, signature], COSE_SIGN1_TAG));
}

/**
 * Checks a message's signature against the sending gateway's key and returns the plain message.
 * Errors: `CODEC_SIGNATURE_MISSING` (unsigned, but the gateway has a key or signatures are required),
 * `CODEC_SIGNATURE_WRONG_KEY` (signed with another key than the gateway's, or no key is known),
 * `CODEC_SIGNATURE_INVALID` (the bytes were altered after signing), and the decoder's codes for
 * damaged bytes.
 */
export async function verifyMessage(bytes: Uint8Array, options: VerifyOptions): Promise<VerifiedMessage> {
  const limits = resolveLimits(options.limits);
  checkWellFormed(bytes, limits, COSE_SIGN1_TAG);
  const item = decodeCbor(bytes);
  if (!isTag(item)) {
    const gatewayId = gatewayIdOf(item);
    if (options.requireSignatures === true || options.publicKeys(gatewayId) !== undefined) {
      throw codecError(
        'CODEC_SIGNATURE_MISSING',
        `message from gateway "${gatewayId}" is not signed, but this receiver requires its signature: configure the gateway's signing key`,
        { gatewayId },
      );
    }
    return { message: bytes, gatewayId, signed: false };
  }
  const parts = item.value;
  if (item.tag !== COSE_SIGN1_TAG || !Array.isArray(parts) || parts.length !== 4) {
    return malformed(
      'signed message must be COSE_Sign1: tag 18 around [protected, unprotected, payload, signature]',
    );
  }
  const protectedHeader = asBytes(parts[0], 'COSE protected header');
  asMap(parts[1], 'COSE unprotected header');
  const message = asBytes(parts[2], 'COSE payload');
  const signature = asBytes(parts[3], 'COSE signature');
  checkWellFormed(protectedHeader, limits);
  const header = asMap(decodeCbor(protectedHeader), 'COSE protected header');
  if (header.get(HEADER_ALG) !== ALG_EDDSA) malformed('COSE algorithm must be EdDSA (-8)');
  const kid = hashToHex(asBytes(header.get(HEADER_KID), 'COSE kid'));
  checkWellFormed(message, limits);
  const gatewayId = gatewayIdOf(decodeCbor(message));
  const publicKey = options.publicKeys(gatewayId);
  if (publicKey === undefined || keyIdOf(publicKey) !== kid) {
    throw codecError(
      'CODEC_SIGNATURE_WRONG_KEY',
      publicKey === undefined
        ? `message from gateway "${gatewayId}" is signed with key ${kid}, but no key is configured for that gateway: add its public key`
        : `message from gateway "${gatewayId}" is signed with key ${kid}, not with the gateway's key ${keyIdOf(publicKey)}: check which key the gateway uses`,
      { gatewayId, keyId: kid },
    );
  }
  const key = await subtle().importKey('raw', copy(publicKey), { name: 'Ed25519' }, false, ['verify']);
  const valid =
    signature.length === 64 &&
    (await subtle().verify(
      { name: 'Ed25519' },
      key,
      copy(signature),
      sigStructure(protectedHeader, message),
    ));
  if (!valid) {
    throw codecError(
      'CODEC_SIGNATURE_INVALID',
      `message from gateway "${gatewayId}" does not match its signature: it was altered after signing; drop it`,
      { gatewayId, keyId: kid },
    );
  }
  return { message, gatewayId, signed: true, keyId: kid };
}

/** RFC 9052 Sig_structure for COSE_Sign1 with empty external AAD. */
function sigStructure(protectedHeader: Uint8Array, payload: Uint8Array): ArrayBuffer {
  return copy(encodeCbor(['Signature1', protectedHeader, new Uint8Array(0), payload]));
}

function gatewayIdOf(item: unknown): string {
  return asString(asMap(item, 'message').get(2), 'gatewayId');
}

/** WebCrypto wants an ArrayBuffer it owns, not a view into a shared one. */
function copy(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer as ArrayBuffer;
}

function fromBase64Url(text: string): Uint8Array {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}
