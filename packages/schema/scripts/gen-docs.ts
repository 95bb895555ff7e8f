/**
 * Writes docs/schema-reference.md. Run from the repository root:
 *   pnpm tsx packages/schema/scripts/gen-docs.ts
 * With --check it writes nothing and exits 1 when the committed page is out of date (for CI).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { normalizeMarkdown, renderReference } from './render-reference.js';

export const referencePath = fileURLToPath(new URL('../../../docs/schema-reference.md', import.meta.url));

function main(argv: string[]): number {
  const page = renderReference();
  if (argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(referencePath, 'utf8');
    } catch {
      // A missing page is simply out of date.
    }
    if (normalizeMarkdown(current) === normalizeMarkdown(page)) return 0;
    console.error(`${referencePath} is out of date: run pnpm tsx packages/schema/scripts/gen-docs.ts`);
    return 1;
  }
  writeFileSync(referencePath, page);
  console.log(`wrote ${referencePath}`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
