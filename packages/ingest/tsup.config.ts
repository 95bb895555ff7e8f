import { cpSync } from 'node:fs';
import { defineConfig } from 'tsup';
import { distMinify } from '../../tsup.dist.js';

export default defineConfig({
  entry: ['src/index.ts', 'src/testing/index.ts', 'src/cli.ts'],
  format: ['esm', 'cjs'],
  dts: { compilerOptions: { composite: false } },
  tsconfig: 'tsconfig.json',
  sourcemap: true,
  ...distMinify,
  clean: true,
  target: 'node20',
  // import.meta.url in the CommonJS build too: the store finds its SQL migrations beside the bundle.
  shims: true,
  async onSuccess() {
    cpSync('src/storage/migrations', 'dist/migrations', { recursive: true });
  },
});
