/**
 * Renders the "Connection states" table of docs/uplink.md from CONNECTION_TRANSITIONS, so a change to the
 * table in the code is one command away from the page: `pnpm tsx test/support/connection-states-docs.ts --write`
 * rewrites the rows between the markers. packages/uplink/src/publisher/connection-states.test.ts parses the
 * page and fails while it differs from the code.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  CONNECTION_TRANSITIONS,
  type ConnectionState,
} from '../../packages/uplink/src/publisher/connection-states.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const uplinkPagePath = `${root}docs/uplink.md`;
export const TABLE_BEGIN = '<!-- connection-states:begin -->';
export const TABLE_END = '<!-- connection-states:end -->';

/** The markdown table: one row per transition, in the order of CONNECTION_TRANSITIONS. */
export function renderConnectionStatesTable(): string {
  const rows = Object.entries(CONNECTION_TRANSITIONS).flatMap(([state, events]) =>
    Object.entries(events).map(
      ([event, t]) => `| \`${state as ConnectionState}\` | \`${event}\` | \`${t!.next}\` | ${t!.why} |`,
    ),
  );
  return ['| State | Event | Next | Why |', '|---|---|---|---|', ...rows].join('\n');
}

/** The page with the table between the markers replaced by {@link renderConnectionStatesTable}. */
export function withRenderedTable(page: string): string {
  const begin = page.indexOf(TABLE_BEGIN);
  const end = page.indexOf(TABLE_END);
  if (begin < 0 || end < begin)
    throw new Error(`docs/uplink.md: markers ${TABLE_BEGIN} ... ${TABLE_END} missing`);
  return `${page.slice(0, begin + TABLE_BEGIN.length)}\n${renderConnectionStatesTable()}\n${page.slice(end)}`;
}

if (process.argv.includes('--write')) {
  writeFileSync(uplinkPagePath, withRenderedTable(readFileSync(uplinkPagePath, 'utf8')));
  console.log(`wrote ${uplinkPagePath}`);
}
