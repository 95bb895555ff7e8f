/**
 * The schema package is embedded by vendors in browsers and other runtimes: it may import nothing but
 * zod and use no Node-only API. Checked three ways: the import lines of every source file, a browser
 * bundle built by esbuild (which fails on any `node:` or Node built-in import), and running that bundle in
 * a bare V8 context that has no `process`, `Buffer`, `require` or other Node globals.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bareContext, browserBundle } from '../../../test/support/browser-bundle.js';

const sourceDir = fileURLToPath(new URL('.', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('portability', () => {
  const files = sourceFiles(sourceDir);

  it('declares zod as its only dependency', () => {
    const manifest = JSON.parse(readFileSync(join(sourceDir, '..', 'package.json'), 'utf8')) as Record<
      string,
      Record<string, string> | undefined
    >;
    expect(Object.keys(manifest['dependencies'] ?? {})).toEqual(['zod']);
    expect(manifest['peerDependencies']).toBeUndefined();
    expect(manifest['optionalDependencies']).toBeUndefined();
  });

  it('finds the sources', () => {
    expect(files.map((file) => relative(sourceDir, file))).toContain('index.ts');
  });

  it.each(files.map((file) => [relative(sourceDir, file), file]))(
    '%s imports only zod and relative .js modules, and no Node globals',
    (_, file) => {
      const text = readFileSync(file, 'utf8');
      const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map(
        (match) => match[1]!,
      );
      for (const specifier of specifiers) {
        expect(specifier === 'zod' || /^\.\.?\/.+\.js$/.test(specifier), `import "${specifier}"`).toBe(true);
      }
      expect(text).not.toMatch(/\b(process|Buffer|__dirname|__filename|require)\s*[.(]/);
    },
  );

  it('bundles for the browser and runs in a context without Node globals', async () => {
    const bundle = await browserBundle(join(sourceDir, 'index.ts'), 'FirecodeSchema');
    expect(bundle.errors).toEqual([]);
    const code = bundle.code;

    const context = bareContext();
    expect(context.nodeGlobals).toBe('undefinedundefinedundefined');
    const outcome = context.run(
      `${code}
      const s = FirecodeSchema;
      const catalog = s.catalogSchema.parse({
        gatewayId: 'gw-1',
        components: [{ id: 'pt-1', systemType: 11, componentType: 0 }],
        points: [{ id: 'p-1', kind: 'pressure', unit: 'kPa', component: 'pt-1' }],
      });
      JSON.stringify({
        points: catalog.points.length,
        kPa: s.toCanonical(0.35, 'MPa', 'pressure'),
        raw: s.toAnalogValue(101.3, 5),
        word: s.encodeSystemStatus(s.decodeSystemStatus(0x4403)),
        problems: s.validate(s.readingSchema, {}).problems.length,
        jsonSchema: s.toJsonSchema('Catalog').title,
      });`,
    );
    expect(JSON.parse(outcome as string)).toEqual({
      points: 1,
      kPa: 350,
      raw: 1013,
      word: 0x4403,
      problems: 4,
      jsonSchema: 'Catalog',
    });
  });
});
