import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { referencePath, staleFiles } from '../scripts/gen-docs.js';
import { normalizeMarkdown, renderReference } from '../scripts/render-reference.js';
import { codeTables } from './tables/registry.js';

describe('generated docs/schema-reference.md and json-schema/*.schema.json', () => {
  const page = renderReference();

  it('are up to date (regenerate with: pnpm tsx packages/schema/scripts/gen-docs.ts)', () => {
    expect(staleFiles()).toEqual([]);
    expect(normalizeMarkdown(readFileSync(referencePath, 'utf8'))).toBe(normalizeMarkdown(page));
  });

  it('still notice a changed cell after normalizing table padding', () => {
    expect(normalizeMarkdown('| a  | b |\n|----|---|')).toBe('|a|b|\n|---|---|');
    expect(normalizeMarkdown('| 23 | Fire power supply |')).not.toBe(
      normalizeMarkdown('| 23 | Fire elevator |'),
    );
  });

  it('list every code of every table with its source', () => {
    for (const table of codeTables) {
      expect(page).toContain(`Source: ${table.source}.`);
      for (const entry of table.entries) expect(page).toContain(`| ${entry.code} | \``);
    }
  });
});
