/**
 * `pnpm docs:screenshots`: runs the demo building, opens its status page in headless Chromium
 * (/usr/bin/chromium, or CHROMIUM_PATH) and writes docs/status-page-green.png (before the fire) and
 * docs/status-page-red.png (after it). Needs only what the demo needs, plus Chromium.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startDemo } from './demo.js';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The scenario's own fire comes after the run (the script raises it once the page shows green). */
const FIRE_AT_SECONDS = 3600;
const docs = (name: string) => fileURLToPath(new URL(`../../../docs/${name}`, import.meta.url));

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM_PATH)) {
    console.error(`no Chromium at ${CHROMIUM_PATH}: apt-get install chromium, or set CHROMIUM_PATH`);
    process.exit(2);
  }
  const demo = await startDemo({ print: () => undefined, fireAtSeconds: FIRE_AT_SECONDS, httpPort: 0 });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const url = await demo.statusUrl;
    console.log(`status page ${url}`);
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(url);
    const row = page.locator('#buildings tr[data-building="B-001"]');
    await page.locator('.trend canvas').first().waitFor({ timeout: 60_000 });
    await row.and(page.locator('[data-colour="green"]')).waitFor({ timeout: 60_000 });
    await page.waitForTimeout(15_000); // some history on the trend
    await page.screenshot({ path: docs('status-page-green.png'), fullPage: true });
    console.log('wrote docs/status-page-green.png');
    demo.raiseFire();
    await row.and(page.locator('[data-colour="red"]')).waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1500);
    await page.screenshot({ path: docs('status-page-red.png'), fullPage: true });
    console.log('wrote docs/status-page-red.png');
  } finally {
    await browser.close();
    await demo.stop();
  }
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(`screenshots failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
