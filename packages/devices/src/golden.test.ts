/**
 * Golden tests: every built-in profile against the frames in hardware/captures (vendor-document
 * frames byte for byte, plus frames synthesized from the vendors' register tables). Each poll's
 * requests must be exactly the profile's read plan, and its replies must decode to exactly the
 * expected readings and events.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { getProfile, profiles } from './registry.js';
import { checkGoldenExchange, checkGoldenPolls, type GoldenCapture } from './testing/golden-runner.js';

const capturesDir = fileURLToPath(new URL('../../../hardware/captures/', import.meta.url));

const captures = readdirSync(capturesDir)
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => ({ name, capture: parse(readFileSync(capturesDir + name, 'utf8')) as GoldenCapture }));

describe('golden captures', () => {
  it('cover every built-in profile', () => {
    const covered = new Set(captures.map((c) => c.capture.profile));
    expect(profiles.filter((p) => !covered.has(p.id)).map((p) => p.id)).toEqual([]);
  });

  for (const { name, capture } of captures) {
    describe(name, () => {
      const profile = getProfile(capture.profile);
      for (const exchange of capture.exchanges ?? []) {
        it(exchange.name ?? exchange.request, () => checkGoldenExchange(profile, capture, exchange));
      }
      it('polls decode to exactly the expected readings and events', () =>
        checkGoldenPolls(profile, capture));
    });
  }
});
