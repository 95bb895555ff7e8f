/**
 * Renders docs/schema-reference.md from the package itself (JSON Schema of every published schema, the
 * code tables, units, error codes), so the page cannot drift from the code. Pure: no file access here;
 * gen-docs.ts writes the page and src/reference-doc.test.ts fails when the committed page is stale.
 */
import {
  type AnalogType,
  canonicalUnits,
  codeTables,
  defaultAnalogTypes,
  eventKinds,
  findAnalogType,
  type JsonSchema,
  jsonSchemas,
  type PublishedSchemaName,
  pointKinds,
  qualityLevels,
  qualityReasons,
  SCHEMA_ERROR_CODES,
  SCHEMA_ERROR_DESCRIPTIONS,
  SCHEMA_VERSION,
  type StatusBit,
  units,
} from '../src/index.js';

/** Checks JSON Schema cannot express, stated once here for the reader. */
const crossChecks: Partial<Record<PublishedSchemaName, string[]>> = {
  Catalog: [
    'Component ids are unique; point ids are unique.',
    "Every point's `component` is the id of a component in the catalog.",
    '`gateway.id`, when given, equals `gatewayId`.',
    "When `systems` is given, each (system type, system address) is listed once and every component's system (address absent = 0) is listed.",
    '`schemaVersion`, when present, must be one this reader supports (`assertSchemaVersion`).',
  ],
  Point: [
    '`unit` is the canonical unit of `kind` (see "Point kinds and units").',
    '`range.min` <= `range.max`; `thresholds.low` < `thresholds.high`.',
    '`analogType`, when given, carries the same kind as the point (`analogTypeForPoint`).',
    '`states` only on `state` points, each `value` listed once.',
  ],
  Location: ['`floor` is never 0: 1 is the ground floor, -1 the first basement.'],
};

export type Json = Record<string, unknown>;

export function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function anchor(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');
}

function withoutDocs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutDocs);
  if (schema === null || typeof schema !== 'object') return schema;
  const copy: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$schema' || key === 'title' || key === 'description') continue;
    copy[key] = withoutDocs(value);
  }
  return copy;
}

function sameShape(a: unknown, b: unknown): boolean {
  return JSON.stringify(withoutDocs(a)) === JSON.stringify(withoutDocs(b));
}

function constraints(schema: Json): string[] {
  const parts: string[] = [];
  const limit = (key: string, word: string): void => {
    const value = schema[key];
    // zod writes the safe-integer bounds for plain .int(): not a constraint worth printing.
    if (typeof value === 'number' && Math.abs(value) !== Number.MAX_SAFE_INTEGER)
      parts.push(`${word} ${value}`);
  };
  limit('minimum', '≥');
  limit('exclusiveMinimum', '>');
  limit('maximum', '≤');
  limit('exclusiveMaximum', '<');
  limit('minLength', 'length ≥');
  limit('maxLength', 'length ≤');
  if (typeof schema['pattern'] === 'string') parts.push(`pattern \`${schema['pattern']}\``);
  return parts;
}

export interface Row {
  field: string;
  type: string;
  required: boolean;
  description: string;
}

function typeOf(schema: Json, published: Record<string, JsonSchema>, self: string): string {
  for (const [name, candidate] of Object.entries(published)) {
    if (name !== self && sameShape(schema, candidate)) return `[${name}](#${anchor(name)})`;
  }
  if (Array.isArray(schema['enum']))
    return (schema['enum'] as unknown[]).map((v) => `\`${JSON.stringify(v)}\``).join(' | ');
  if (Array.isArray(schema['anyOf'])) {
    return (schema['anyOf'] as Json[]).map((option) => typeOf(option, published, self)).join(' or ');
  }
  const type = schema['type'];
  if (type === 'array') return `list of ${typeOf((schema['items'] as Json) ?? {}, published, self)}`;
  if (type === 'object' && schema['additionalProperties'] && !schema['properties']) {
    return `map of ${typeOf(schema['additionalProperties'] as Json, published, self)}`;
  }
  const base = Array.isArray(type) ? type.join(' or ') : typeof type === 'string' ? type : 'any';
  const extra = constraints(schema);
  return extra.length > 0 ? `${base} (${extra.join(', ')})` : base;
}

export function rowsOf(
  schema: Json,
  published: Record<string, JsonSchema>,
  self: string,
  prefix = '',
): Row[] {
  const properties = (schema['properties'] ?? {}) as Record<string, Json>;
  const required = new Set((schema['required'] as string[] | undefined) ?? []);
  return Object.entries(properties).flatMap(([key, property]) => {
    const field = `${prefix}${key}`;
    const row: Row = {
      field,
      type: typeOf(property, published, self),
      required: required.has(key),
      description: typeof property['description'] === 'string' ? property['description'] : '',
    };
    const linked = row.type.startsWith('[');
    if (property['type'] === 'object' && property['properties'] && !linked) {
      return [{ ...row, type: 'object' }, ...rowsOf(property, published, self, `${field}.`)];
    }
    return [row];
  });
}

function renderSchemas(lines: string[]): void {
  const published = jsonSchemas();
  lines.push('## Data types', '');
  lines.push(
    'Generated from the zod schemas via `z.toJSONSchema` (draft 2020-12). Get any of them at run time with',
    "`toJsonSchema('<Name>')` or all with `jsonSchemas()`; as files for editors and other languages in",
    '`packages/schema/json-schema/<Name>.schema.json` (shipped in the npm package). Unknown fields are',
    'ignored by the parsers (see docs/schema.md, "Versioning").',
    '',
  );
  for (const [name, schema] of Object.entries(published) as [PublishedSchemaName, JsonSchema][]) {
    lines.push(`### ${name}`, '');
    const description = schema['description'];
    if (typeof description === 'string')
      lines.push(description.endsWith('.') ? description : `${description}.`, '');
    lines.push('| field | type | required | description |', '|---|---|---|---|');
    for (const row of rowsOf(schema, published, name)) {
      lines.push(
        `| \`${row.field}\` | ${escapeCell(row.type)} | ${row.required ? 'yes' : 'no'} | ${escapeCell(row.description)} |`,
      );
    }
    lines.push('');
    const checks = crossChecks[name];
    if (checks) {
      lines.push(
        'Also checked (not expressible in JSON Schema):',
        '',
        ...checks.map((check) => `- ${check}`),
        '',
      );
    }
  }
}

function renderUnits(lines: string[]): void {
  lines.push('## Point kinds and units', '');
  lines.push(
    'Every reading is converted to its kind’s canonical unit before it leaves the gateway (`toCanonical`).',
    'Level accepts pressure units too: a hydrostatic transmitter’s water column, at 1000 kg/m³ and',
    'standard gravity (1 mH2O = 9.80665 kPa = 1 m).',
    '',
    '| kind | canonical unit | accepted units (aliases) | default analog type |',
    '|---|---|---|---|',
  );
  for (const kind of pointKinds) {
    const accepted = units
      .filter((unit) => unit.kind === kind)
      .map((unit) => {
        const symbol = unit.symbol === '' ? '(none)' : `\`${unit.symbol}\``;
        return unit.aliases.length > 0
          ? `${symbol} (${unit.aliases.map((alias) => `\`${alias}\``).join(', ')})`
          : symbol;
      })
      .join(', ');
    const code = defaultAnalogTypes[kind];
    const analog = code === undefined ? '—' : `${code} (${findAnalogType(code)?.resolution ?? '?'})`;
    const canonical = canonicalUnits[kind] === '' ? '(none)' : `\`${canonicalUnits[kind]}\``;
    lines.push(`| \`${kind}\` | ${canonical} | ${escapeCell(accepted)} | ${analog} |`);
  }
  lines.push('');
}

function isBit(entry: object): entry is StatusBit {
  return 'key' in entry;
}

function isAnalog(entry: object): entry is AnalogType {
  return 'resolution' in entry;
}

function renderCodeTables(lines: string[]): void {
  lines.push('## Code tables', '');
  lines.push(
    'Exported as data (`systemTypes`, `componentTypes`, `analogTypes`, the bit tables, `codeTables`), looked',
    'up with `findByCode(entries, code)` and `findByName(entries, nameOrLabel)`.',
    '',
  );
  for (const table of codeTables) {
    lines.push(`### ${table.title}`, '', `Source: ${table.source}. Export: \`${table.id}\`.`, '');
    const first = table.entries[0];
    if (first && isBit(first)) {
      lines.push('| bit | key | English | 中文 | event kind |', '|---|---|---|---|---|');
      for (const entry of table.entries as readonly StatusBit[]) {
        lines.push(
          `| ${entry.code} | \`${entry.key}\` | ${escapeCell(entry.en)} | ${escapeCell(entry.zh)} | ${entry.event ? `\`${entry.event}\`` : ''} |`,
        );
      }
    } else if (first && isAnalog(first)) {
      lines.push(
        '| code | name | English | 中文 | step | kind | valid range |',
        '|---|---|---|---|---|---|---|',
      );
      for (const entry of table.entries as readonly AnalogType[]) {
        lines.push(
          `| ${entry.code} | \`${entry.name}\` | ${escapeCell(entry.en)} | ${escapeCell(entry.zh)} | ${entry.resolution} | \`${entry.kind}\` | ${entry.min} .. ${entry.max}${canonicalUnits[entry.kind] === '' ? '' : ` ${canonicalUnits[entry.kind]}`} |`,
        );
      }
    } else {
      lines.push('| code | name | English | 中文 |', '|---|---|---|---|');
      for (const entry of table.entries) {
        lines.push(
          `| ${entry.code} | \`${entry.name}\` | ${escapeCell(entry.en)} | ${escapeCell(entry.zh)} |`,
        );
      }
    }
    lines.push('');
  }
}

function renderVocabulary(lines: string[]): void {
  lines.push('## Vocabularies', '');
  lines.push(`- Quality levels: ${qualityLevels.map((level) => `\`${level}\``).join(', ')}.`);
  lines.push(`- Quality reasons: ${qualityReasons.map((reason) => `\`${reason}\``).join(', ')}.`);
  lines.push(`- Event kinds: ${eventKinds.map((kind) => `\`${kind}\``).join(', ')}.`, '');
  lines.push('## Error codes', '', 'Thrown as `FirecodeError` with one of these `code`s.', '');
  lines.push('| code | meaning |', '|---|---|');
  for (const code of SCHEMA_ERROR_CODES)
    lines.push(`| \`${code}\` | ${escapeCell(SCHEMA_ERROR_DESCRIPTIONS[code])} |`);
  lines.push('');
}

/**
 * The page with table cells trimmed and separator rows reduced to `---`, so a page that a formatter
 * (biome aligns Markdown tables) has padded still compares equal to the rendered one.
 */
export function normalizeMarkdown(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const trimmed = line.trimEnd();
      if (!trimmed.startsWith('|')) return trimmed;
      const cells = trimmed
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((cell) => cell.trim())
        .map((cell) => (/^:?-+:?$/.test(cell) ? '---' : cell));
      return `|${cells.join('|')}|`;
    })
    .join('\n');
}

/** Display width of a cell: CJK and full-width characters take two columns, as editors show them. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    width +=
      /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u.test(
        char,
      )
        ? 2
        : 1;
  }
  return width;
}

/**
 * Pads every Markdown table so its columns line up (the layout the committed pages have; the
 * repository's formatter does not format Markdown). Lines outside tables are left as they are.
 */
export function alignMarkdownTables(text: string): string {
  const out: string[] = [];
  let block: string[][] = [];
  const flush = (): void => {
    if (block.length === 0) return;
    const columns = Math.max(...block.map((row) => row.length));
    const widths = Array.from({ length: columns }, (_, j) =>
      Math.max(3, ...block.filter((_, i) => i !== 1).map((row) => displayWidth(row[j] ?? ''))),
    );
    block.forEach((row, i) => {
      const cells = widths.map((width, j) =>
        i === 1 ? '-'.repeat(width) : `${row[j] ?? ''}${' '.repeat(width - displayWidth(row[j] ?? ''))}`,
      );
      out.push(`| ${cells.join(' | ')} |`);
    });
    block = [];
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('|')) {
      block.push(
        line
          .trimEnd()
          .split(/(?<!\\)\|/)
          .slice(1, -1)
          .map((cell) => cell.trim()),
      );
      continue;
    }
    flush();
    out.push(line);
  }
  flush();
  return out.join('\n');
}

/** Every published JSON Schema as the file text written to packages/schema/json-schema/<Name>.schema.json. */
export function renderJsonSchemaFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [name, schema] of Object.entries(jsonSchemas())) {
    files[`${name}.schema.json`] = `${JSON.stringify(schema, null, 2)}\n`;
  }
  return files;
}

/** The whole reference page as Markdown. */
export function renderReference(): string {
  const lines: string[] = [
    '# High-rise fire code schema — reference',
    '',
    '<!-- Generated by `pnpm tsx packages/schema/scripts/gen-docs.ts` from @firecode/schema. Do not edit by hand:',
    '     a test fails when this page and the code disagree. -->',
    '',
    `Schema version **${SCHEMA_VERSION}**. Guide and compatibility rule: [schema.md](schema.md).`,
    '',
  ];
  renderSchemas(lines);
  renderUnits(lines);
  renderCodeTables(lines);
  renderVocabulary(lines);
  return `${lines.join('\n').trimEnd()}\n`;
}
