/** docs/wire-format.md shows real bytes: every worked example must equal what the encoder writes now. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogHash } from './catalog.js';
import { MemoryCatalogStore } from './catalog-store.js';
import { importEd25519PrivateKey, keyIdOf, verifyMessage } from './cose-sign1.js';
import { decodeMessage } from './decode.js';
import { EXAMPLE_TEST_KEY_PKCS8, exampleCatalog, wireExamples } from './wire-examples.js';

const doc = readFileSync(fileURLToPath(new URL('../../../docs/wire-format.md', import.meta.url)), 'utf8');

function documentedHex(name: string): { hex: string; size: number } {
  const match = new RegExp(
    `### Example: ${name} \\((\\d+) bytes\\)[\\s\\S]*?\`\`\`hex\\n([0-9a-f\\n]+)\`\`\``,
  ).exec(doc);
  if (!match) throw new Error(`docs/wire-format.md has no hex block for example "${name}"`);
  return { size: Number(match[1]), hex: match[2]!.replace(/\n/g, '') };
}

describe('docs/wire-format.md worked examples', () => {
  it('match the encoder byte for byte', async () => {
    const examples = await wireExamples();
    expect(Object.keys(examples)).toEqual(['state', 'birth', 'data', 'alarm', 'signed']);
    for (const [name, bytes] of Object.entries(examples)) {
      const documented = documentedHex(name);
      expect(documented.hex, `example ${name}: regenerate the page's hex`).toBe(
        Buffer.from(bytes).toString('hex'),
      );
      expect(documented.size, `example ${name}: byte count`).toBe(bytes.length);
    }
  });

  it('decode to what the page says they mean', async () => {
    const examples = await wireExamples();
    const catalogs = new MemoryCatalogStore();
    const birth = decodeMessage(examples['birth']!);
    expect(birth).toMatchObject({
      type: 'birth',
      catalog: exampleCatalog,
      catalogHash: catalogHash(exampleCatalog),
    });
    catalogs.add(exampleCatalog);
    const data = decodeMessage(examples['data']!, { catalogs });
    if (data.type !== 'data') throw new Error('expected data');
    expect(data.readings.map((reading) => [reading.point, reading.value, reading.quality.level])).toEqual([
      ['p1', 352.4, 'good'],
      ['p1', 352.5, 'good'],
      ['p1', null, 'bad'],
      ['z3', 0, 'good'],
      ['z3', 1, 'good'],
      ['z3', 1, 'good'],
    ]);
    const key = await importEd25519PrivateKey(EXAMPLE_TEST_KEY_PKCS8);
    expect(keyIdOf(key.publicKey)).toBe('34750f98bd59fcfc');
    const verified = await verifyMessage(examples['signed']!, { publicKeys: () => key.publicKey });
    expect(decodeMessage(verified.message)).toMatchObject({ type: 'state', online: false });
  });
});
