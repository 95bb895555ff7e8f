/**
 * Writes docs/schema-reference.md, the generated section of docs/sdk.md and
 * packages/schema/json-schema/*.schema.json. Run from anywhere:
 *   pnpm tsx packages/schema/scripts/gen-docs.ts
 * With --check it writes nothing and exits 1 when a committed file is out of date (for CI).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  alignMarkdownTables,
  normalizeMarkdown,
  renderJsonSchemaFiles,
  renderReference,
} from './render-reference.js';
import { renderSdkSection, withSdkSection } from './render-sdk-section.js';

export const referencePath = fileURLToPath(new URL('../../../docs/schema-reference.md', import.meta.url));
export const sdkGuidePath = fileURLToPath(new URL('../../../docs/sdk.md', import.meta.url));
export const jsonSchemaDir = fileURLToPath(new URL('../json-schema/', import.meta.url));

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return ''; // a missing file is simply out of date
  }
}

/** Paths of generated files that differ from what the code renders now (missing and extra files too). */
export function staleFiles(): string[] {
  const stale: string[] = [];
  if (normalizeMarkdown(readOrEmpty(referencePath)) !== normalizeMarkdown(renderReference())) {
    stale.push(referencePath);
  }
  const guide = readOrEmpty(sdkGuidePath);
  if (normalizeMarkdown(guide) !== normalizeMarkdown(withSdkSection(guide, renderSdkSection()))) {
    stale.push(sdkGuidePath);
  }
  const files = renderJsonSchemaFiles();
  for (const [name, text] of Object.entries(files)) {
    // Compared as data: a formatter may re-indent the JSON.
    const current = readOrEmpty(join(jsonSchemaDir, name));
    if (current === '' || JSON.stringify(JSON.parse(current)) !== JSON.stringify(JSON.parse(text))) {
      stale.push(join(jsonSchemaDir, name));
    }
  }
  let present: string[] = [];
  try {
    present = readdirSync(jsonSchemaDir);
  } catch {
    // no directory yet: every file was reported missing above
  }
  for (const name of present) if (!(name in files)) stale.push(join(jsonSchemaDir, name));
  return stale;
}

function write(): void {
  // Tables padded as the committed pages have them; the staleness check ignores padding either way.
  writeFileSync(referencePath, alignMarkdownTables(renderReference()));
  const guide = readFileSync(sdkGuidePath, 'utf8');
  // docs/sdk.md keeps its tables unpadded (as the rest of that page is).
  writeFileSync(sdkGuidePath, withSdkSection(guide, renderSdkSection()));
  rmSync(jsonSchemaDir, { recursive: true, force: true });
  mkdirSync(jsonSchemaDir, { recursive: true });
  for (const [name, text] of Object.entries(renderJsonSchemaFiles())) {
    writeFileSync(join(jsonSchemaDir, name), text);
  }
  console.log(`wrote ${referencePath} and ${jsonSchemaDir}`);
}

function main(argv: string[]): number {
  if (!argv.includes('--check')) {
    write();
    return 0;
  }
  const stale = staleFiles();
  if (stale.length === 0) return 0;
  console.error(`out of date:\n  ${stale.join('\n  ')}\nrun: pnpm tsx packages/schema/scripts/gen-docs.ts`);
  return 1;
}

// Only when run as a script, so the test can import staleFiles without writing anything.
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main(process.argv.slice(2));
}
