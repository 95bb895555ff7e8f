import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { referencePath, sdkGuidePath, staleFiles } from '../scripts/gen-docs.js';
import { normalizeMarkdown, renderReference } from '../scripts/render-reference.js';
import { renderSdkSection, withSdkSection } from '../scripts/render-sdk-section.js';
import { catalogSchema } from './catalog.js';
import { isFirecodeError } from './errors.js';
import { checkReadingValue } from './input-checks.js';
import { pointKinds } from './point.js';
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

describe('the generated section of docs/sdk.md', () => {
  const guide = readFileSync(sdkGuidePath, 'utf8');

  it('lists every point kind and is the one the code renders', () => {
    const section = renderSdkSection();
    for (const kind of pointKinds) expect(section).toContain(`| \`${kind}\` |`);
    expect(normalizeMarkdown(withSdkSection(guide, section))).toBe(normalizeMarkdown(guide));
    expect(() => withSdkSection('# no markers', section)).toThrow(/lacks the markers/);
  });

  it('has a fire-contact example that is a valid catalog whose point takes only its states', () => {
    const block = /### A digital input: the fire contact[\s\S]*?```json\n([\s\S]*?)```/.exec(guide)?.[1];
    expect(block, 'the JSON block of the fire-contact section').toBeDefined();
    const catalog = catalogSchema.parse({ gatewayId: 'hub-doc', ...JSON.parse(block ?? '{}') });
    const contact = catalog.points[0];
    expect(contact?.kind).toBe('state');
    if (!contact) return;
    expect(checkReadingValue(contact, 1)).toBe(1);
    expect(checkReadingValue(contact, 0)).toBe(0);
    let code: unknown;
    try {
      checkReadingValue(contact, 2);
    } catch (error) {
      code = isFirecodeError(error) ? error.code : error;
    }
    expect(code).toBe('SCHEMA_STATE_INVALID');
  });
});
