import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { normalizeMarkdown, renderReference } from '../scripts/render-reference.js';
import { codeTables } from './tables/registry.js';

const pagePath = fileURLToPath(new URL('../../../docs/schema-reference.md', import.meta.url));

describe('docs/schema-reference.md', () => {
  const page = renderReference();

  it('is up to date (regenerate with: pnpm tsx packages/schema/scripts/gen-docs.ts)', () => {
    // Compared modulo table padding: the repository's formatter aligns Markdown tables.
    expect(normalizeMarkdown(readFileSync(pagePath, 'utf8'))).toBe(normalizeMarkdown(page));
  });

  it('still notices a changed cell after normalizing', () => {
    expect(normalizeMarkdown('| a  | b |\n|----|---|')).toBe('|a|b|\n|---|---|');
    expect(normalizeMarkdown('| 23 | Fire power supply |')).not.toBe(
      normalizeMarkdown('| 23 | Fire elevator |'),
    );
  });

  it('lists every code of every table with its source', () => {
    for (const table of codeTables) {
      expect(page).toContain(`Source: ${table.source}.`);
      for (const entry of table.entries) expect(page).toContain(`| ${entry.code} | \``);
    }
  });
});
