/**
 * docs/gb26875.md cannot drift: every hex dump on it is decoded and compared with the JSON below it
 * (and re-encoded to the same bytes), every frame kind and type flag has a dump, and its tables of
 * type flags, user-defined codes and error codes match the code.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeAdu, encodeAdu } from './adu/codec.js';
import { aduLayouts } from './adu/layouts.js';
import { GB26875_ERROR_CODES } from './errors.js';
import { Command } from './frame/command.js';
import { decodeFrame, encodeFrame } from './frame/frame.js';
import type { Gb26875Quirks } from './frame/quirks.js';
import { hexBytes } from './frame/test-bytes.js';
import { userDefinedCodes } from './mapping/user-defined.js';

const doc = readFileSync(new URL('../../../docs/gb26875.md', import.meta.url), 'utf8');

interface Example {
  heading: string;
  hex: string;
  quirks: Gb26875Quirks;
  json: { frame?: Record<string, unknown>; adu?: unknown };
}

function examples(): Example[] {
  const found: Example[] = [];
  const pattern = /^### (.+)\n\n```hex( quirks=([\w,]+))?\n([\s\S]*?)```\n\n```json\n([\s\S]*?)```/gm;
  for (const match of doc.matchAll(pattern)) {
    const quirks = Object.fromEntries(
      (match[3] ?? '')
        .split(',')
        .filter(Boolean)
        .map((name) => [name, true]),
    );
    found.push({ heading: match[1]!, hex: match[4]!, quirks, json: JSON.parse(match[5]!) });
  }
  return found;
}

const all = examples();

describe('docs/gb26875.md', () => {
  it('has hex dumps, each followed by its decoded JSON', () => {
    expect(all.length).toBeGreaterThan(30);
    // Every ```hex block is one of them (none left unchecked).
    expect(doc.match(/^```hex/gm)?.length).toBe(all.length);
  });

  it.each(all.map((example) => [example.heading, example] as const))(
    '%s decodes to the documented fields',
    (_h, example) => {
      const bytes = hexBytes(example.hex);
      const quirks = example.quirks;
      if (example.json.frame !== undefined) {
        const frame = decodeFrame(bytes, { quirks });
        const { adu, ...fields } = frame;
        expect(fields).toEqual(example.json.frame);
        if (example.json.adu === undefined) expect(adu.length).toBe(0);
        else expect(decodeAdu(adu, { quirks })).toEqual(example.json.adu);
        expect(encodeFrame(frame, { quirks })).toEqual(bytes);
      } else {
        const adu = decodeAdu(bytes, { quirks });
        expect(adu).toEqual(example.json.adu);
        expect(encodeAdu(adu, { quirks })).toEqual(bytes);
      }
    },
  );

  it('shows every frame kind and every type flag', () => {
    const commands = new Set(all.map((example) => example.json.frame?.['command']));
    for (const command of Object.values(Command)) expect(commands).toContain(command);
    const types = new Set(all.map((example) => (example.json.adu as { type?: number } | undefined)?.type));
    for (const layout of aduLayouts) expect(types, `type ${layout.type} has no dump`).toContain(layout.type);
  });

  it('prints the layout table as the code has it', () => {
    for (const layout of aduLayouts) {
      const row = doc.split('\n').find((line) => line.startsWith(`| ${layout.type} | \`${layout.name}\` |`));
      expect(row, `row for type ${layout.type}`).toBeDefined();
      const cells = row!.split('|').map((cell) => cell.trim());
      expect(cells[3]).toBe(layout.zh);
      expect(cells[5]).toBe(
        `${layout.command} ${['', 'control', 'sendData', 'confirm', 'request'][layout.command]}`,
      );
      expect(Number(cells[6])).toBe(layout.maxObjects);
      expect(cells[7]!.split(', ').map((field) => field.split(' ')[0])).toEqual(
        layout.fields.map((field) => field.key),
      );
    }
  });

  it('lists exactly the user-defined codes the code uses', () => {
    const section = doc.slice(doc.indexOf('### User-defined codes'), doc.indexOf('## Errors'));
    const rows = section.split('\n').filter((line) => /^\| analog type \|/.test(line));
    expect(
      rows.map((row) =>
        row
          .split('|')
          .map((cell) => cell.trim())
          .slice(3, 7),
      ),
    ).toEqual(
      userDefinedCodes.map((code) => [String(code.code), `\`${code.name}\``, code.resolution, code.zh]),
    );
  });

  it('lists every error code, and keeps the headings the session work fills', () => {
    for (const code of GB26875_ERROR_CODES) expect(doc).toContain(`| \`${code}\` |`);
    for (const heading of ['## Gateway configuration', '## Session', '## Centre simulator'])
      expect(doc).toContain(heading);
  });
});
