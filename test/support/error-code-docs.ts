/**
 * Renders docs/errors.md from the packages' errors.ts files: every code with the TSDoc line above it,
 * so the table of codes cannot drift from the code. `pnpm tsx test/support/error-code-docs.ts --write`
 * rewrites the page; test/error-codes.test.ts fails while it is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const errorsPagePath = `${root}docs/errors.md`;

/** Each package, the file its codes are listed in, and the prefixes its codes may start with. */
export const ERROR_CODE_SOURCES = [
  { pkg: 'schema', file: 'schema-errors.ts', list: 'SCHEMA_ERROR_CODES', prefixes: ['SCHEMA_'] },
  { pkg: 'codec', file: 'errors.ts', list: 'CODEC_ERROR_CODES', prefixes: ['CODEC_'] },
  { pkg: 'modbus', file: 'errors.ts', list: 'MODBUS_ERROR_CODES', prefixes: ['MODBUS_'] },
  { pkg: 'devices', file: 'errors.ts', list: 'DEVICES_ERROR_CODES', prefixes: ['DEVICES_'] },
  // The outbox is the uplink's own area with its own prefix: OUTBOX_FULL is what an SDK user catches.
  { pkg: 'uplink', file: 'errors.ts', list: 'UPLINK_ERROR_CODES', prefixes: ['UPLINK_', 'OUTBOX_'] },
  { pkg: 'sdk', file: 'errors.ts', list: 'SDK_ERROR_CODES', prefixes: ['SDK_'] },
  { pkg: 'simulator', file: 'errors.ts', list: 'SIMULATOR_ERROR_CODES', prefixes: ['SIM_'] },
  { pkg: 'gateway', file: 'errors.ts', list: 'GATEWAY_ERROR_CODES', prefixes: ['GATEWAY_'] },
  { pkg: 'gb26875', file: 'errors.ts', list: 'GB26875_ERROR_CODES', prefixes: ['GB26875_'] },
  { pkg: 'ingest', file: 'errors.ts', list: 'INGEST_ERROR_CODES', prefixes: ['INGEST_'] },
] as const;

export interface DocumentedCode {
  readonly code: string;
  readonly meaning: string;
}

/** The codes of every `*_ERROR_CODES` array in a source file, each with the TSDoc comment above it. */
export function documentedCodes(source: string): DocumentedCode[] {
  const codes: DocumentedCode[] = [];
  for (const array of source.matchAll(/export const [A-Z0-9_]+_ERROR_CODES = \[([\s\S]*?)\] as const;/g)) {
    let comment = '';
    for (const line of array[1]!.split('\n')) {
      const text = line.trim();
      const code = /^'([A-Z0-9_]+)',?$/.exec(text);
      if (code) {
        codes.push({ code: code[1]!, meaning: comment.trim() });
        comment = '';
      } else if (text.startsWith('/**') || text.startsWith('*')) {
        comment += ` ${text.replace(/^\/\*\*|\*\/$|^\*/g, '').trim()}`;
      }
    }
  }
  return codes;
}

export function codesOf(source: (typeof ERROR_CODE_SOURCES)[number]): DocumentedCode[] {
  return documentedCodes(readFileSync(`${root}packages/${source.pkg}/src/${source.file}`, 'utf8'));
}

export function renderErrorsPage(): string {
  const sections = ERROR_CODE_SOURCES.map((source) => {
    const rows = codesOf(source).map(
      ({ code, meaning }) => `| \`${code}\` | ${meaning.replace(/\|/g, '\\|')} |`,
    );
    return [
      `## @firecode/${source.pkg}`,
      '',
      `\`${source.list}\`, type \`${typeNameOf(source.pkg)}ErrorCode\`, in \`packages/${source.pkg}/src/${source.file}\`.`,
      '',
      '| Code | What happened, and what to do |',
      '|---|---|',
      ...rows,
    ].join('\n');
  });
  return `${[HEADER, ...sections].join('\n\n')}\n`;
}

function typeNameOf(pkg: string): string {
  return pkg === 'gb26875' ? 'Gb26875' : pkg[0]!.toUpperCase() + pkg.slice(1);
}

const HEADER = `# Error codes

<!-- Generated from each package's errors.ts by test/support/error-code-docs.ts: edit the TSDoc there and run
     \`pnpm tsx test/support/error-code-docs.ts --write\`. test/error-codes.test.ts fails while this page is stale. -->

Every Firecode package throws (or emits) one error type, \`FirecodeError\` from \`@firecode/schema\`, with a
stable \`code\` a program can switch on, a \`message\` that says what was wrong, where, and what to do, and
\`details\` (path, unit id, line and column, ...) for logs. Check with \`isFirecodeError(error, 'MODBUS_TIMEOUT')\`.

The convention, the same in every package:

- \`packages/<pkg>/src/errors.ts\` exports the codes as \`<PKG>_ERROR_CODES\` (an \`as const\` array with one TSDoc
  line per code), their union type \`<Pkg>ErrorCode\`, and a factory \`<pkg>Error(code, message, options)\`.
- Every code is UPPER_SNAKE_CASE and starts with its package's prefix (the uplink has two areas: \`UPLINK_\` for
  the MQTT link and \`OUTBOX_\` for the store; the simulator's prefix is \`SIM_\`), so no two packages share a code.
- Errors of a package underneath keep their own code: a gateway whose Modbus read times out reports
  \`MODBUS_TIMEOUT\`, not a gateway code.`;

if (process.argv.includes('--write')) {
  writeFileSync(errorsPagePath, renderErrorsPage());
  console.log(`wrote ${errorsPagePath}`);
}
