import { cpSync } from 'node:fs';
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/testing/index.ts', 'src/cli.ts'],
  format: ['esm', 'cjs'],
  dts: { compilerOptions: { composite: false } },
  tsconfig: 'tsconfig.json',
  sourcemap: true,
  // Comments and whitespace out: kept comments with a non-ASCII character (Chinese terms) made V8
  // hold a whole bundle's source as a two-byte string. Identifiers stay as they are, so class and
  // function names (`.name`, stack frames) need no keepNames, whose __name() calls give each function
  // a property array (0.44 MB in the gateway). `node --enable-source-maps` maps traces back to the
  // sources (docs/install.md). The bench bundles the gateway the same way.
  minifyWhitespace: true,
  minifySyntax: true,
  clean: true,
  target: 'node20',
  // import.meta.url in the CommonJS build too: the store finds its SQL migrations beside the bundle.
  shims: true,
  async onSuccess() {
    cpSync('src/storage/migrations', 'dist/migrations', { recursive: true });
  },
});
