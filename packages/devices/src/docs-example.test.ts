/**
 * Keeps the worked example of docs/devices.md true: its YAML profile must load and its capture must
 * pass the golden runner.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { defineComposedProfile } from './profile/compose.js';
import { parseProfile } from './profile/parse.js';
import { m } from './profile/presets.js';
import { checkGoldenPolls, type GoldenCapture } from './testing/golden-runner.js';

const doc = readFileSync(fileURLToPath(new URL('../../../docs/devices.md', import.meta.url)), 'utf8');

function yamlBlockAfter(marker: string): unknown {
  const match = new RegExp(`<!-- ${marker} -->\\s*\`\`\`yaml\\n([\\s\\S]*?)\`\`\``).exec(doc);
  if (!match) throw new Error(`docs/devices.md has no yaml block after <!-- ${marker} -->`);
  return parse(match[1]!);
}

describe('docs/devices.md worked example', () => {
  it('its profile loads and its golden capture passes', () => {
    const profile = parseProfile(yamlBlockAfter('example-profile'), 'docs/devices.md');
    const capture = yamlBlockAfter('example-capture') as GoldenCapture;
    expect(capture.profile).toBe(profile.id);
    checkGoldenPolls(profile, capture);
  });

  it('its TypeScript version (presets) describes the same registers and points', () => {
    const fromYaml = parseProfile(yamlBlockAfter('example-profile'), 'docs/devices.md');
    // Mirrors the TypeScript snippet of the page.
    const fromPresets = defineComposedProfile({
      id: 'acme-pt-200',
      vendor: 'ACME',
      model: 'PT-200',
      description: fromYaml.description,
      systemType: 11,
      componentType: 0,
      extend: [
        m.pressure({
          name: 'Pipe pressure',
          address: 0,
          type: 'i16',
          decimalsFrom: { address: 2, values: { min: 0, max: 3 } },
          unitFrom: { address: 1, values: { min: 0, max: 2 }, codes: { 0: 'MPa', 1: 'kPa', 2: 'bar' } },
          range: { min: -100, max: 2500 },
          thresholds: { low: 100, high: 1000, hysteresis: 10 },
        }),
      ],
    });
    expect(fromPresets).toEqual(fromYaml);
  });
});
