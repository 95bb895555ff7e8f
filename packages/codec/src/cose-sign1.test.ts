import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode as cborgDecode, encode as cborgEncode } from 'cborg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryCatalogStore } from './catalog-store.js';
import {
  type Ed25519KeyPair,
  exportEd25519PrivateKey,
  generateEd25519KeyPair,
  importEd25519PrivateKey,
  keyIdOf,
  signMessage,
  verifyMessage,
} from './cose-sign1.js';
import { decodeMessage } from './decode.js';
import { encodeDataBatch, encodeState } from './encode.js';
import { sampleBatch, sampleCatalog, T0 } from './test-fixtures.js';
import { verifyAndDecode } from './verify-and-decode.js';

let gatewayKey: Ed25519KeyPair;
let otherKey: Ed25519KeyPair;
const message = encodeDataBatch(sampleBatch(), sampleCatalog);

beforeAll(async () => {
  gatewayKey = await generateEd25519KeyPair();
  otherKey = await generateEd25519KeyPair();
});

const keysFor = (key: () => Ed25519KeyPair) => (gatewayId: string) =>
  gatewayId === 'gw-tower-a' ? key().publicKey : undefined;

describe('COSE_Sign1 Ed25519 signatures', () => {
  it('signs and verifies, and verifyAndDecode returns the decoded, signed message', async () => {
    const signed = await signMessage(message, gatewayKey);
    const verified = await verifyMessage(signed, { publicKeys: keysFor(() => gatewayKey) });
    expect(Buffer.from(verified.message).equals(Buffer.from(message))).toBe(true);
    expect(verified).toMatchObject({
      gatewayId: 'gw-tower-a',
      signed: true,
      keyId: keyIdOf(gatewayKey.publicKey),
    });
    const store = new MemoryCatalogStore();
    store.add(sampleCatalog);
    const decoded = await verifyAndDecode(signed, { publicKeys: keysFor(() => gatewayKey), catalogs: store });
    expect(decoded).toMatchObject({ type: 'data', signed: true, sequence: 42n });
  });

  it('is a standard COSE_Sign1: tag 18, EdDSA, kid, payload = the plain message', async () => {
    const signed = await signMessage(message, gatewayKey);
    const tags: ((decode: () => unknown) => unknown)[] = [];
    tags[18] = (decode) => ({ cose: decode() });
    const { cose } = cborgDecode(signed, { tags, useMaps: true, strict: true }) as { cose: unknown[] };
    const [protectedHeader, unprotected, payload, signature] = cose as [
      Uint8Array,
      Map<number, unknown>,
      Uint8Array,
      Uint8Array,
    ];
    const header = cborgDecode(protectedHeader, { useMaps: true }) as Map<number, unknown>;
    expect(header.get(1)).toBe(-8);
    expect(Buffer.from(header.get(4) as Uint8Array).toString('hex')).toBe(keyIdOf(gatewayKey.publicKey));
    expect(unprotected.size).toBe(0);
    expect(Buffer.from(payload)).toEqual(Buffer.from(message));
    expect(signature).toHaveLength(64);
  });

  it('tells a tampered message, a wrong key and a missing signature apart', async () => {
    const signed = await signMessage(message, gatewayKey);
    const tampered = signed.slice();
    tampered[tampered.length - 80]! ^= 0x01; // inside the payload, after the envelope
    await expect(verifyMessage(tampered, { publicKeys: keysFor(() => gatewayKey) })).rejects.toMatchObject({
      code: 'CODEC_SIGNATURE_INVALID',
    });
    const badSignature = signed.slice();
    badSignature[badSignature.length - 1]! ^= 0x01;
    await expect(
      verifyMessage(badSignature, { publicKeys: keysFor(() => gatewayKey) }),
    ).rejects.toMatchObject({
      code: 'CODEC_SIGNATURE_INVALID',
    });
    await expect(verifyMessage(signed, { publicKeys: keysFor(() => otherKey) })).rejects.toMatchObject({
      code: 'CODEC_SIGNATURE_WRONG_KEY',
    });
    await expect(verifyMessage(signed, { publicKeys: () => undefined })).rejects.toMatchObject({
      code: 'CODEC_SIGNATURE_WRONG_KEY',
    });
    await expect(verifyMessage(message, { publicKeys: keysFor(() => gatewayKey) })).rejects.toMatchObject({
      code: 'CODEC_SIGNATURE_MISSING',
    });
    await expect(
      verifyMessage(message, { publicKeys: () => undefined, requireSignatures: true }),
    ).rejects.toMatchObject({ code: 'CODEC_SIGNATURE_MISSING' });
  });

  it('passes unsigned messages of gateways that do not sign', async () => {
    const state = encodeState({ gatewayId: 'gw-other', online: true, time: T0 });
    await expect(verifyMessage(state, { publicKeys: keysFor(() => gatewayKey) })).resolves.toMatchObject({
      signed: false,
      gatewayId: 'gw-other',
    });
  });

  it('refuses to decode a signed message without verifying it', async () => {
    const signed = await signMessage(message, gatewayKey);
    expect(() => decodeMessage(signed)).toThrow(
      expect.objectContaining({ code: 'CODEC_SIGNATURE_UNVERIFIED' }),
    );
  });

  it('round-trips a private key through PKCS #8', async () => {
    const restored = await importEd25519PrivateKey(await exportEd25519PrivateKey(gatewayKey));
    expect(restored.publicKey).toEqual(gatewayKey.publicKey);
    const signed = await signMessage(message, restored);
    await expect(verifyMessage(signed, { publicKeys: keysFor(() => gatewayKey) })).resolves.toMatchObject({
      signed: true,
    });
    await expect(importEd25519PrivateKey(new Uint8Array([1, 2, 3]))).rejects.toMatchObject({
      code: 'CODEC_INVALID_INPUT',
    });
  });
});

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

describe.skipIf(!hasOpenssl)('interoperates with OpenSSL', () => {
  const directory = mkdtempSync(join(tmpdir(), 'firecode-cose-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('signs with an openssl-made key, and openssl verifies the Sig_structure built by cborg', async () => {
    const keyFile = join(directory, 'key.der');
    const generated = spawnSync('openssl', [
      'genpkey',
      '-algorithm',
      'ed25519',
      '-outform',
      'DER',
      '-out',
      keyFile,
    ]);
    expect(generated.status).toBe(0);
    const keyPair = await importEd25519PrivateKey(new Uint8Array(readFileSync(keyFile)));
    const signed = await signMessage(message, keyPair);
    const tags: ((decode: () => unknown) => unknown)[] = [];
    tags[18] = (decode) => decode();
    const [protectedHeader, , payload, signature] = cborgDecode(signed, {
      tags,
      useMaps: true,
    }) as Uint8Array[];
    // Sig_structure per RFC 9052 §4.4, encoded by cborg rather than by us.
    const toSign = cborgEncode(['Signature1', protectedHeader!, new Uint8Array(0), payload!]);
    writeFileSync(join(directory, 'tbs'), toSign);
    writeFileSync(join(directory, 'sig'), signature!);
    expect(
      spawnSync('openssl', [
        'pkey',
        '-inform',
        'DER',
        '-in',
        keyFile,
        '-pubout',
        '-out',
        join(directory, 'pub.pem'),
      ]).status,
    ).toBe(0);
    const verify = spawnSync(
      'openssl',
      [
        'pkeyutl',
        '-verify',
        '-pubin',
        '-inkey',
        join(directory, 'pub.pem'),
        '-rawin',
        '-in',
        join(directory, 'tbs'),
        '-sigfile',
        join(directory, 'sig'),
      ],
      { encoding: 'utf8' },
    );
    expect(verify.stdout + verify.stderr).toContain('Signature Verified Successfully');
  });
});
