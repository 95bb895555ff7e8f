/**
 * Test support ships beside each package under `./testing`, never from its main entry, and nothing a
 * package needs only for tests sits in its runtime `dependencies`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const packages = readdirSync(join(root, 'packages'));

interface Manifest {
  name: string;
  exports: Record<string, unknown>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const manifestOf = (pkg: string): Manifest =>
  JSON.parse(readFileSync(join(root, 'packages', pkg, 'package.json'), 'utf8')) as Manifest;

/** The entry files of a package's build (tsup `entry`). */
function entriesOf(pkg: string): string[] {
  const config = readFileSync(join(root, 'packages', pkg, 'tsup.config.ts'), 'utf8');
  return [...(config.match(/entry:\s*\[([^\]]*)\]/)?.[1] ?? '').matchAll(/'([^']+)'/g)].map((m) => m[1]!);
}

/**
 * Texts of the source files the given entries load, following relative imports: what ships in that
 * part of the build (tests and helpers beside them that no entry imports are not in it).
 */
function sourcesReachedFrom(pkg: string, entries: readonly string[]): string[] {
  const dir = join(root, 'packages', pkg);
  const seen = new Set<string>();
  const queue = entries.map((entry) => join(dir, entry));
  const texts: string[] = [];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    texts.push(text);
    for (const [, spec] of text.matchAll(/(?:from\s+|import\(\s*)'(\.{1,2}\/[^']+)'/g)) {
      queue.push(join(dirname(file), spec!.replace(/\.js$/, '.ts')));
    }
  }
  return texts;
}

const runtimeSources = (pkg: string) =>
  sourcesReachedFrom(
    pkg,
    entriesOf(pkg).filter((entry) => !entry.startsWith('src/testing/')),
  );
const testingSources = (pkg: string) => sourcesReachedFrom(pkg, ['src/testing/index.ts']);

/** Packages a source imports, requires or resolves (bare specifiers, without subpaths). */
function importedPackages(text: string): Set<string> {
  const found = new Set<string>();
  const specifier = /(?:from\s+|import\(\s*|require(?:\.resolve)?\(\s*)'([^'.][^']*)'/g;
  for (const [, spec] of text.matchAll(specifier)) {
    const parts = spec!.split('/');
    found.add(spec!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!);
  }
  return found;
}

const isBuiltin = (name: string) => name.startsWith('node:') || builtinModules.includes(name);

describe('testing entries', () => {
  const withTesting = packages.filter((pkg) =>
    existsSync(join(root, 'packages', pkg, 'src/testing/index.ts')),
  );

  it('exist for the packages that ship test doubles', () => {
    expect(withTesting).toEqual(expect.arrayContaining(['devices', 'ingest', 'modbus', 'sdk', 'uplink']));
  });

  it.each(withTesting)(
    '%s: ./testing is exported, built, documented, and not re-exported by the main entry',
    (pkg) => {
      const dir = join(root, 'packages', pkg);
      expect(manifestOf(pkg).exports['./testing']).toEqual({
        types: './dist/testing/index.d.ts',
        import: './dist/testing/index.js',
        require: './dist/testing/index.cjs',
      });
      expect(readFileSync(join(dir, 'tsup.config.ts'), 'utf8')).toContain("'src/testing/index.ts'");
      const typedoc = JSON.parse(readFileSync(join(dir, 'typedoc.json'), 'utf8')) as {
        entryPoints: string[];
      };
      expect(typedoc.entryPoints).toEqual(['src/index.ts', 'src/testing/index.ts']);
      expect(readFileSync(join(dir, 'src/index.ts'), 'utf8')).not.toMatch(/from '\.\/testing\//);
      // What the test support needs beyond the runtime (vitest, ...) is a peer an installer can see.
      const manifest = manifestOf(pkg);
      const declared = [
        ...Object.keys(manifest.dependencies ?? {}),
        ...Object.keys(manifest.peerDependencies ?? {}),
      ];
      const imported = new Set(testingSources(pkg).flatMap((text) => [...importedPackages(text)]));
      expect(
        [...imported].filter(
          (name) => !isBuiltin(name) && name !== manifest.name && !declared.includes(name),
        ),
        'imported by src/testing/ but neither a dependency nor a peer',
      ).toEqual([]);
    },
  );
});

describe('runtime dependencies', () => {
  it.each(packages)('%s: runtime sources import only dependencies, and every dependency is used', (pkg) => {
    const manifest = manifestOf(pkg);
    const dependencies = Object.keys(manifest.dependencies ?? {});
    const requiredPeers = Object.keys(manifest.peerDependencies ?? {}).filter(
      (name) => !manifest.peerDependenciesMeta?.[name]?.optional,
    );
    const runtime = new Set(runtimeSources(pkg).flatMap((text) => [...importedPackages(text)]));
    const undeclared = [...runtime].filter(
      (name) =>
        !isBuiltin(name) &&
        name !== manifest.name &&
        !dependencies.includes(name) &&
        !requiredPeers.includes(name),
    );
    expect(undeclared, 'imported at runtime but not a dependency').toEqual([]);
    // A dependency that only tests or src/testing/ use belongs in devDependencies or an optional peer.
    expect(
      dependencies.filter((name) => !runtime.has(name)),
      'dependencies the runtime never loads',
    ).toEqual([]);
  });
});
