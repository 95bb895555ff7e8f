/**
 * Test support for packages that must run outside Node (schema, codec): bundle a package's source for
 * the browser with esbuild (which fails on any Node built-in) and give a bare V8 context without
 * `process`, `Buffer` or `require` to run it in.
 */
import { createRequire } from 'node:module';
import { createContext, runInContext } from 'node:vm';

/** The slice of esbuild's API used here (esbuild's own types are not resolvable from the packages). */
interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ errors: unknown[]; outputFiles: { text: string }[] }>;
}

/** esbuild ships as tsup's dependency; resolve it from there rather than adding a dependency. */
async function loadEsbuild(): Promise<Esbuild> {
  const fromTsup = createRequire(createRequire(import.meta.url).resolve('tsup'));
  return (await import(fromTsup.resolve('esbuild'))) as Esbuild;
}

/** A browser IIFE bundle of `entry` exposing its exports as `globalName`; the build's errors too. */
export async function browserBundle(
  entry: string,
  globalName: string,
  alias: Record<string, string> = {},
  /** More esbuild options, e.g. `{ minify: true }` to measure what a site would ship. */
  extra: Record<string, unknown> = {},
): Promise<{ errors: unknown[]; code: string }> {
  const result = await (await loadEsbuild()).build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName,
    write: false,
    logLevel: 'silent',
    alias,
    ...extra,
  });
  return { errors: result.errors, code: result.outputFiles[0]?.text ?? '' };
}

/** A V8 context with only `globals` in it (e.g. the Web APIs a browser has), and no Node globals. */
export function bareContext(globals: Record<string, unknown> = {}): {
  nodeGlobals: string;
  run: (code: string) => unknown;
} {
  const context = createContext({ ...globals });
  return {
    /** `typeof process + typeof Buffer + typeof require` inside the context. */
    nodeGlobals: String(runInContext('typeof process + typeof Buffer + typeof require', context)),
    run: (code) => runInContext(code, context),
  };
}
