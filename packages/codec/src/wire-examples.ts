/**
 * The worked examples of docs/wire-format.md: small inputs whose encodings the document shows byte by
 * byte. A test re-encodes them and compares with the document, so the document cannot drift.
 */
import type { Catalog } from '@firecode/schema';
import { importEd25519PrivateKey, signMessage } from './cose-sign1.js';
import { encodeAlarm, encodeBirth, encodeDataBatch, encodeState } from './encode.js';

const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z

export const exampleCatalog: Catalog = {
  gatewayId: 'gw-1',
  components: [
    { id: 'pt-1', systemType: 11, componentType: 99 },
    { id: 'fap', systemType: 1, componentType: 1 },
  ],
  points: [
    { id: 'p1', kind: 'pressure', unit: 'kPa', component: 'pt-1' },
    { id: 'z3', kind: 'state', unit: '', component: 'fap' },
  ],
};

/**
 * A TEST key, published here on purpose so the signed example is reproducible (Ed25519 signatures are
 * deterministic): PKCS #8 of the seed 0x01 × 32. Never use it for anything else.
 */
export const EXAMPLE_TEST_KEY_PKCS8 = Uint8Array.from([
  ...[0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20],
  ...new Array(32).fill(0x01),
]);

/** Each example's name (as in the document's headings) and its bytes. */
export async function wireExamples(): Promise<Record<string, Uint8Array>> {
  const state = encodeState({ gatewayId: 'gw-1', online: false, time: T0 });
  return {
    state,
    birth: encodeBirth(exampleCatalog, { time: T0, sequence: 1n }),
    data: encodeDataBatch(
      {
        gatewayId: 'gw-1',
        sequence: 2n,
        historical: false,
        readings: [
          { point: 'p1', time: T0, value: 352.4, quality: { level: 'good' } },
          { point: 'z3', time: T0, value: 0, quality: { level: 'good' } },
          { point: 'p1', time: T0 + 1000, value: 352.5, quality: { level: 'good' } },
          { point: 'z3', time: T0 + 1000, value: 1, quality: { level: 'good' } },
          {
            point: 'p1',
            time: T0 + 2000,
            value: null,
            quality: { level: 'bad', reason: 'communication-failure' },
          },
          { point: 'z3', time: T0 + 2000, value: 1, quality: { level: 'good' } },
        ],
        events: [],
      },
      exampleCatalog,
    ),
    alarm: encodeAlarm({
      gatewayId: 'gw-1',
      sequence: 3n,
      events: [
        { time: T0 + 1000, kind: 'fire', active: true, component: 'fap', systemType: 1, componentType: 1 },
      ],
    }),
    signed: await signMessage(state, await importEd25519PrivateKey(EXAMPLE_TEST_KEY_PKCS8)),
  };
}
