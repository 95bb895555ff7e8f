import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/testing/index.ts'],
  format: ['esm', 'cjs'],
  dts: { compilerOptions: { composite: false } },
  tsconfig: 'tsconfig.json',
  sourcemap: true,
  // Minified, names kept (`.name`, stack frames); `node --enable-source-maps` maps traces back to the
  // sources (docs/install.md). Kept comments with one non-ASCII character (Chinese terms) made V8
  // hold a whole bundle's source as a two-byte string; the bench bundles the gateway the same way.
  minify: true,
  keepNames: true,
  clean: true,
  target: 'node20',
});
