import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { browserBundle } from '../../../test/support/browser-bundle.js';
import * as core from './core.js';
import * as main from './index.js';

describe('@firecode/schema/core', () => {
  it('exports the very same values as the main entry', () => {
    // Entries, not core[name]: a test may read the namespaces whole (tree shaking is moot here).
    const mainValues = new Map(Object.entries(main));
    const entries = Object.entries(core);
    expect(entries.length).toBeGreaterThan(50);
    for (const [name, value] of entries) expect(value, name).toBe(mainValues.get(name));
  });

  it('bundles without zod', async () => {
    const entry = fileURLToPath(new URL('./core.ts', import.meta.url));
    const bundle = await browserBundle(entry, 'FirecodeSchemaCore');
    expect(bundle.errors).toEqual([]);
    // zod 4 names every schema class through $constructor("$Zod…"): none may be in the bundle.
    expect(bundle.code).not.toMatch(/\$Zod[A-Z]/);
    expect(bundle.code).toContain('fire-alarm-system');
    // The main entry does carry it, so the check above can fail.
    const whole = await browserBundle(
      fileURLToPath(new URL('./index.ts', import.meta.url)),
      'FirecodeSchema',
    );
    expect(whole.code).toMatch(/\$Zod[A-Z]/);
  });
});
