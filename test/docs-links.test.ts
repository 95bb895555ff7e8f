/**
 * The documentation's relative links resolve (files, folders and `#anchors` into Markdown headings),
 * and every SVG diagram is well-formed XML with an `<svg>` root, so a renamed file or a hand-edited
 * wiring diagram cannot break the pages a newcomer follows. External (http) links are not fetched.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const skipDirs = new Set(['node_modules', '.git', 'dist', 'build', 'api', 'coverage']);

function walk(dir: string, ext: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!skipDirs.has(entry.name) && !entry.name.startsWith('.')) walk(join(dir, entry.name), ext, out);
    } else if (entry.name.endsWith(ext)) out.push(join(dir, entry.name));
  }
  return out;
}

/** The pages: README.md, docs/, hardware/ and examples/ (their own READMEs). */
const pages = [
  join(root, 'README.md'),
  ...walk(join(root, 'docs'), '.md'),
  ...walk(join(root, 'hardware'), '.md'),
  ...walk(join(root, 'examples'), '.md'),
].filter((path) => existsSync(path));
const diagrams = [...walk(join(root, 'docs'), '.svg'), ...walk(join(root, 'hardware'), '.svg')];

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = heading[1]!
      .replace(/`([^`]*)`/g, '$1')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** `[text](target)` and `![alt](target)` outside code, with their line numbers. */
function linksOf(markdown: string): { target: string; line: number }[] {
  const links: { target: string; line: number }[] = [];
  let fenced = false;
  markdown.split('\n').forEach((text, index) => {
    if (/^\s*(```|~~~)/.test(text)) fenced = !fenced;
    if (fenced) return;
    const prose = text.replace(/`[^`]*`/g, '');
    for (const match of prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      links.push({ target: match[1]!, line: index + 1 });
    }
  });
  return links;
}

describe('documentation links', () => {
  it('finds the pages', () => {
    expect(pages.map((p) => relative(root, p))).toEqual(
      expect.arrayContaining(['README.md', 'docs/hardware.md', 'hardware/captures/README.md']),
    );
  });

  for (const page of pages) {
    it(`${relative(root, page)}: every relative link resolves`, () => {
      const markdown = readFileSync(page, 'utf8');
      const broken: string[] = [];
      for (const { target, line } of linksOf(markdown)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, https:, mailto:
        const [path, anchor] = target.split('#', 2) as [string, string | undefined];
        const file = path === '' ? page : resolve(dirname(page), decodeURI(path));
        if (!existsSync(file)) {
          broken.push(`line ${line}: ${target} (no ${relative(root, file)})`);
          continue;
        }
        if (anchor && file.endsWith('.md') && statSync(file).isFile()) {
          if (!anchorsOf(readFileSync(file, 'utf8')).has(decodeURIComponent(anchor).toLowerCase())) {
            broken.push(`line ${line}: ${target} (no heading #${anchor} in ${relative(root, file)})`);
          }
        }
      }
      expect(broken, `broken links in ${relative(root, page)}`).toEqual([]);
    });
  }
});

const python = ['/usr/bin/python3', '/usr/local/bin/python3'].find((p) => existsSync(p));
const noPython =
  python === undefined ? ' [skipped: python3 is not installed; its expat parser checks the XML]' : '';

describe('SVG diagrams', () => {
  it('there are wiring diagrams to check', () => {
    expect(diagrams.length).toBeGreaterThan(0);
  });

  for (const svg of diagrams) {
    it.skipIf(python === undefined)(
      `${relative(root, svg)} is well-formed XML with an <svg> root${noPython}`,
      () => {
        // Python's expat: a real XML parser, already a repository tool (hardware/captures/synthesize.py).
        const result = spawnSync(
          python!,
          ['-c', 'import sys, xml.etree.ElementTree as E; print(E.parse(sys.argv[1]).getroot().tag)', svg],
          { encoding: 'utf8' },
        );
        expect(result.stderr, `${relative(root, svg)} does not parse`).toBe('');
        expect(result.stdout.trim()).toBe('{http://www.w3.org/2000/svg}svg');
      },
    );
  }
});
