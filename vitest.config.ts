import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests run against each package's src/ without a build: @firecode/<name> resolves to its source.
const packagesDir = fileURLToPath(new URL('./packages', import.meta.url));
// A subpath export (`@firecode/uplink/testing`, `@firecode/codec/decode`) resolves to
// packages/<name>/src/<subpath> (a file or a folder with index.ts), so adding one needs no edit here.
const alias = [
  { find: /^@firecode\/([^/]+)\/(.+)$/, replacement: `${packagesDir}/$1/src/$2` },
  ...readdirSync(packagesDir).map((name) => ({
    find: new RegExp(`^@firecode/${name}$`),
    replacement: `${packagesDir}/${name}/src/index.ts`,
  })),
];

export default defineConfig({
  resolve: { alias },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts', 'examples/*/src/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    // Many end-to-end tests start processes under tsx (a second or two each on a quiet machine); on a
    // loaded one that stretches several-fold. A hung test still fails, a minute later.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: keep parallelism modest so timing-sensitive transports are not starved.
    maxWorkers: 2,
  },
});
