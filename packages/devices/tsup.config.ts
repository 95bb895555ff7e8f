import { defineConfig } from 'tsup';
import { distMinify } from '../../tsup.dist.js';

export default defineConfig({
  entry: ['src/index.ts', 'src/testing/index.ts'],
  format: ['esm', 'cjs'],
  dts: { compilerOptions: { composite: false } },
  tsconfig: 'tsconfig.json',
  sourcemap: true,
  ...distMinify,
  clean: true,
  target: 'node20',
});
