import { describe, expect, it } from 'vitest';
import { catalogHash } from './catalog.js';
import { generateEd25519KeyPair, signMessage } from './cose-sign1.js';
import { encodeDataBatch, encodeState } from './encode.js';
import { readEnvelope } from './envelope.js';
import { sampleBatch, sampleCatalog, T0 } from './test-fixtures.js';

describe('readEnvelope', () => {
  it('reads routing facts without a catalog, through compression and signatures', async () => {
    const data = encodeDataBatch(sampleBatch({ sequence: 2n ** 64n - 2n, historical: true }), sampleCatalog, {
      compress: 'always',
    });
    const expected = {
      type: 'data',
      gatewayId: 'gw-tower-a',
      sequence: 2n ** 64n - 2n,
      historical: true,
      catalogHash: catalogHash(sampleCatalog),
      compressed: true,
    };
    expect(readEnvelope(data)).toMatchObject({ ...expected, signed: false });
    const signed = await signMessage(data, await generateEd25519KeyPair());
    expect(readEnvelope(signed)).toMatchObject({ ...expected, signed: true });
    expect(readEnvelope(encodeState({ gatewayId: 'gw', online: true, time: T0 }))).toEqual({
      type: 'state',
      gatewayId: 'gw',
      time: T0,
      historical: false,
      compressed: false,
      signed: false,
    });
  });

  it('rejects damaged bytes with codec codes', () => {
    expect(() => readEnvelope(Uint8Array.of(0xa1, 0x00))).toThrow(
      expect.objectContaining({ code: 'CODEC_MALFORMED' }),
    );
  });
});
