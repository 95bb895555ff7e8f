import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** A file the status server serves as it is. */
export interface StaticAsset {
  path: string;
  contentType: string;
}

/**
 * The page's files: its own (HTML, script, style) next to this module, and uPlot from node_modules —
 * served by the ingest itself, so the page works without internet (no CDN).
 */
export function staticAssets(): Map<string, StaticAsset> {
  const here = import.meta.url;
  const pageDir = [new URL('./page/', here), new URL('../src/http/page/', here)]
    .map((url) => fileURLToPath(url))
    .find((dir) => existsSync(`${dir}index.html`));
  if (pageDir === undefined) {
    throw new TypeError(
      `status page files not found next to ${fileURLToPath(here)} (looked for page/index.html): reinstall @firecode/ingest`,
    );
  }
  const require = createRequire(here);
  const uplotJs = require.resolve('uplot/dist/uPlot.iife.min.js');
  const uplotCss = require.resolve('uplot/dist/uPlot.min.css');
  return new Map<string, StaticAsset>([
    ['/', { path: `${pageDir}index.html`, contentType: 'text/html; charset=utf-8' }],
    [
      '/assets/status-page.js',
      { path: `${pageDir}status-page.js`, contentType: 'text/javascript; charset=utf-8' },
    ],
    [
      '/assets/status-page.css',
      { path: `${pageDir}status-page.css`, contentType: 'text/css; charset=utf-8' },
    ],
    ['/assets/uPlot.iife.min.js', { path: uplotJs, contentType: 'text/javascript; charset=utf-8' }],
    ['/assets/uPlot.min.css', { path: uplotCss, contentType: 'text/css; charset=utf-8' }],
  ]);
}

/** Reads every asset once (they are small and never change while the server runs). */
export async function loadAssets(
  assets: Map<string, StaticAsset>,
): Promise<Map<string, { body: Buffer; contentType: string }>> {
  const loaded = new Map<string, { body: Buffer; contentType: string }>();
  for (const [route, asset] of assets) {
    loaded.set(route, { body: await readFile(asset.path), contentType: asset.contentType });
  }
  return loaded;
}
