import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultStatusThresholds, STATUS_RULE_SET_VERSION, statusRules } from './rule-set.js';

const doc = readFileSync(
  fileURLToPath(new URL('../../../../docs/building-status.md', import.meta.url)),
  'utf8',
);

describe('docs/building-status.md', () => {
  it('lists exactly the rules of the code, in order, with their colours and conditions', () => {
    const table = doc.split('<!-- rules:start -->')[1]?.split('<!-- rules:end -->')[0] ?? '';
    const rows = table
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) => line.split('|').map((cell) => cell.trim()));
    expect(rows.map((cells) => [cells[1], cells[2], cells[3]])).toEqual(
      statusRules.map((rule) => [`\`${rule.id}\``, rule.colour, rule.when]),
    );
  });

  it('names the current rule set version and every default threshold', () => {
    expect(doc).toContain(`## Rule set ${STATUS_RULE_SET_VERSION}`);
    for (const [name, value] of Object.entries(defaultStatusThresholds)) {
      const shown = typeof value === 'number' ? String(value) : '`{}`';
      expect(doc).toContain(`| \`${name}\` | ${shown} |`);
    }
  });
});
