/**
 * Vendors embed the codec in browsers and other runtimes, and receivers may decode in a browser: the
 * package uses no Node-only API. Checked two ways: the imports of every source file, and a browser
 * bundle (esbuild picks cbor-x's browser build; it fails on any Node built-in) run in a bare V8
 * context that has only the Web APIs a browser has (TextEncoder/TextDecoder, WebCrypto) and no
 * `process`, `Buffer` or `require`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bareContext, browserBundle } from '../../../test/support/browser-bundle.js';

const sourceDir = fileURLToPath(new URL('.', import.meta.url));
const allowed = new Set(['@firecode/schema', 'cbor-x', 'fflate', '@noble/hashes/sha2']);

/**
 * Node's WebCrypto checks `instanceof ArrayBuffer` against its own realm; a browser has one realm. So
 * byte arguments coming from the sandbox are copied into this realm's arrays, and nothing else changes.
 */
function crossRealmCrypto(): unknown {
  const subtle = globalThis.crypto.subtle as unknown as Record<string, (...args: unknown[]) => unknown>;
  const local = (arg: unknown) =>
    typeof arg === 'object' &&
    arg !== null &&
    (ArrayBuffer.isView(arg) || Object.prototype.toString.call(arg) === '[object ArrayBuffer]')
      ? Uint8Array.from(
          new Uint8Array(
            ArrayBuffer.isView(arg)
              ? arg.buffer.slice(arg.byteOffset, arg.byteOffset + arg.byteLength)
              : (arg as ArrayBuffer),
          ),
        )
      : arg;
  const wrapped = Object.fromEntries(
    ['generateKey', 'exportKey', 'importKey', 'sign', 'verify'].map((name) => [
      name,
      (...args: unknown[]) => subtle[name]!.apply(globalThis.crypto.subtle, args.map(local)),
    ]),
  );
  return { subtle: wrapped };
}

describe('portability', () => {
  // test-*.ts files support the tests (fast-check arbitraries, mutations) and are never imported by
  // the package's entry points.
  const files = readdirSync(sourceDir).filter(
    (name) =>
      name.endsWith('.ts') && !name.endsWith('.test.ts') && !/^test-(arbitraries|mutations)\.ts$/.test(name),
  );

  it.each(files)('%s imports only the declared dependencies and uses no Node globals', (name) => {
    const text = readFileSync(join(sourceDir, name), 'utf8');
    for (const [, specifier] of text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
      expect(allowed.has(specifier!) || /^\.\/.+\.js$/.test(specifier!), `import "${specifier}"`).toBe(true);
    }
    expect(text).not.toMatch(/\b(process|Buffer|__dirname|__filename|require)\s*[.(]/);
  });

  it('bundles for the browser and encodes, decodes, signs and verifies without Node', async () => {
    const bundle = await browserBundle(join(sourceDir, 'index.ts'), 'FirecodeCodec', {
      '@firecode/schema': join(sourceDir, '../../schema/src/index.ts'),
    });
    expect(bundle.errors).toEqual([]);
    const context = bareContext({ TextEncoder, TextDecoder, crypto: crossRealmCrypto(), atob });
    expect(context.nodeGlobals).toBe('undefinedundefinedundefined');
    context.run(bundle.code);
    const outcome = await context.run(
      `(async () => {
        const c = FirecodeCodec;
        const catalog = {
          gatewayId: 'gw-1',
          components: [{ id: 'pt-1', systemType: 11, componentType: 99 }],
          points: [{ id: 'p-1', kind: 'pressure', unit: 'kPa', component: 'pt-1' }],
        };
        const store = new c.MemoryCatalogStore();
        const birth = c.decodeMessage(c.encodeBirth(catalog, { time: 1 }));
        store.add(birth.catalog);
        const readings = [0, 1, 2].map((i) => ({ point: 'p-1', time: 1000 * i, value: 350.5 + i, quality: { level: 'good' } }));
        const bytes = c.encodeDataBatch({ gatewayId: 'gw-1', sequence: 2n ** 63n, historical: true, readings, events: [] }, catalog, { compress: 'always' });
        const keys = await c.generateEd25519KeyPair();
        const signed = await c.signMessage(bytes, keys);
        const data = await c.verifyAndDecode(signed, { catalogs: store, publicKeys: () => keys.publicKey });
        return JSON.stringify({
          hash: birth.catalogHash === c.catalogHash(catalog),
          sequence: String(data.sequence),
          compressed: data.compressed,
          signed: data.signed,
          values: data.readings.map((r) => r.value),
        });
      })()`,
    );
    expect(JSON.parse(outcome as string)).toEqual({
      hash: true,
      sequence: String(2n ** 63n),
      compressed: true,
      signed: true,
      values: [350.5, 351.5, 352.5],
    });
  });
});
