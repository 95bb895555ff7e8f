import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CODEC_ERROR_CODES } from '@firecode/codec';
import { DEVICES_ERROR_CODES } from '@firecode/devices';
import { GATEWAY_ERROR_CODES } from '@firecode/gateway';
import { GB26875_ERROR_CODES } from '@firecode/gb26875';
import { INGEST_ERROR_CODES } from '@firecode/ingest';
import { MODBUS_ERROR_CODES } from '@firecode/modbus';
import { SCHEMA_ERROR_CODES } from '@firecode/schema';
import { SDK_ERROR_CODES } from '@firecode/sdk';
import { SIMULATOR_ERROR_CODES } from '@firecode/simulator';
import { UPLINK_ERROR_CODES } from '@firecode/uplink';
import { describe, expect, it } from 'vitest';
import { codesOf, ERROR_CODE_SOURCES, errorsPagePath, renderErrorsPage } from './support/error-code-docs.js';

const exported: Record<string, readonly string[]> = {
  schema: SCHEMA_ERROR_CODES,
  codec: CODEC_ERROR_CODES,
  modbus: MODBUS_ERROR_CODES,
  devices: DEVICES_ERROR_CODES,
  uplink: UPLINK_ERROR_CODES,
  sdk: SDK_ERROR_CODES,
  simulator: SIMULATOR_ERROR_CODES,
  gateway: GATEWAY_ERROR_CODES,
  gb26875: GB26875_ERROR_CODES,
  ingest: INGEST_ERROR_CODES,
};
const packagesDir = fileURLToPath(new URL('../packages', import.meta.url));

describe('one error-code convention across packages (docs/errors.md)', () => {
  it('covers every package', () => {
    expect(ERROR_CODE_SOURCES.map((s) => s.pkg).sort()).toEqual(readdirSync(packagesDir).sort());
  });

  for (const source of ERROR_CODE_SOURCES) {
    it(`@firecode/${source.pkg}: exports ${source.list}, each code prefixed and documented`, () => {
      const documented = codesOf(source);
      // The parsed source and the runtime export are the same list: the page shows what the code has.
      expect(documented.map((d) => d.code).sort()).toEqual([...exported[source.pkg]!].sort());
      for (const { code, meaning } of documented) {
        expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/);
        expect(
          source.prefixes.some((prefix) => code.startsWith(prefix)),
          code,
        ).toBe(true);
        expect(meaning.length, `${code} needs a TSDoc line in ${source.file}`).toBeGreaterThan(10);
      }
    });
  }

  it('gives no two packages the same code', () => {
    const all = Object.values(exported).flat();
    expect(all.length).toBe(new Set(all).size);
  });

  it('throws only listed codes (every literal code passed to an error constructor in the sources)', () => {
    const known = new Set(Object.values(exported).flat());
    const unknown: string[] = [];
    const thrown =
      /(?:new FirecodeError(?:<[^>]*>)?|[a-z][A-Za-z0-9]*Error)\(\s*(?:\d+,\s*)?'([A-Z][A-Z0-9_]+)'/g;
    for (const file of sourceFiles(packagesDir)) {
      for (const match of readFileSync(file, 'utf8').matchAll(thrown)) {
        if (!known.has(match[1]!)) unknown.push(`${match[1]} in ${file.slice(packagesDir.length + 1)}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it('docs/errors.md is the page the code renders (regenerate: pnpm tsx test/support/error-code-docs.ts --write)', () => {
    expect(readFileSync(errorsPagePath, 'utf8')).toBe(renderErrorsPage());
  });
});

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...sourceFiles(path));
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) files.push(path);
  }
  return files;
}
