/**
 * The status page in a real headless Chromium, fed by the real chain: a simulated fire panel and
 * pressure transmitter (Modbus TCP) → the gateway → Mosquitto → the ingest worker (MQTT v5 shared
 * subscription) → PGlite → the status engine → the page over SSE. A fire raised at the simulated panel
 * turns the building's row red, with the reason, without reloading the page.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, type RunningGateway, startGateway } from '@firecode/gateway';
import { openPgliteStore, type RunningStatusHttp, type SqlStore, startStatusHttp } from '@firecode/ingest';
import { type BuildingSimulator, buildingSimulator } from '@firecode/simulator';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoConfig } from '../examples/quick-start/src/demo-config.js';
import { FIRE_POINT, PANEL_UNIT, PRESSURE_UNIT } from '../examples/quick-start/src/simulated-building.js';
import { IngestWorker } from '../packages/ingest/src/worker/ingest-worker.js';
import { chromiumMissing, launchChromium } from './support/chromium.js';
import { mqttUrl, uniqueTopicPrefix } from './support/mqtt.js';

const skip =
  chromiumMissing() ??
  (inject('brokerKind') === 'embedded-aedes'
    ? 'the fallback broker (aedes) has no MQTT v5 shared subscriptions, which the ingest worker uses'
    : undefined);

describe.skipIf(skip !== undefined)(`status page in Chromium${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  let building: BuildingSimulator;
  let http: RunningStatusHttp;
  let browser: Browser;
  let page: Page;
  const log: string[] = [];

  beforeAll(async () => {
    const prefix = uniqueTopicPrefix('status-page');
    building = await buildingSimulator({
      name: 'Browser test tower',
      lines: [
        {
          name: 'riser-line',
          tcp: '127.0.0.1:0',
          devices: [
            { name: 'riser-pressure', unit: PRESSURE_UNIT, profile: 'mpd-380', points: { pressure: 420 } },
            { name: 'panel', unit: PANEL_UNIT, profile: 'gst-modbus-panel' },
          ],
        },
      ],
    });
    cleanups.push(() => building.close());
    const [host = '127.0.0.1', port = '0'] = building.endpoints[0]!.address.split(':');

    const store: SqlStore = await openPgliteStore({ dataDir: 'memory://' });
    cleanups.push(() => store.close());
    const worker = await IngestWorker.start({
      url: mqttUrl(),
      topicPrefix: prefix,
      shareGroup: prefix.replace(/\W/g, '-'),
      clientId: `status-page-${prefix.slice(-8)}`,
      sessionExpirySeconds: 0,
      store,
      log: (line: string) => log.push(line),
    });
    cleanups.push(() => worker.close());
    http = await startStatusHttp({ host: '127.0.0.1', port: 0, worker, store, tickMs: 1000 });
    cleanups.push(() => http.close());

    const outboxDir = await mkdtemp(join(tmpdir(), 'firecode-status-page-'));
    cleanups.push(() => rm(outboxDir, { recursive: true, force: true }));
    const config = demoConfig({
      brokerUrl: mqttUrl(),
      topicPrefix: prefix,
      simulatorHost: host,
      simulatorPort: Number(port),
      outboxDir,
    });
    const gateway: RunningGateway = await startGateway(config, {
      logger: createLogger({ level: 'error', destination: process.stderr }),
    });
    cleanups.push(() => gateway.stop());

    browser = await launchChromium();
    cleanups.push(() => browser.close());
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  it('shows the building green with its pressure trend, then red with the reason when the panel reports a fire', async () => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(http.url);
    const row = page.locator('#buildings tr[data-building="B-001"]');
    await row.and(page.locator('[data-colour="green"]')).waitFor({ timeout: 30_000 });
    await expect(row.locator('td').nth(1).textContent()).resolves.toContain('Demo Tower');
    // The riser's pressure chart (uPlot draws into a canvas).
    await page.locator('.trend canvas').first().waitFor({ timeout: 30_000 });
    await page.locator('#live[data-state="live"]').waitFor({ timeout: 10_000 });
    // A mark on the window: still there after the change means the page updated itself, no reload.
    await page.evaluate(() => {
      (globalThis as unknown as { firecodeMark: number }).firecodeMark = 42;
    });

    building.targets.get('panel')!.setPanelPoint!(FIRE_POINT.loop, FIRE_POINT.address, 'fire');

    await row.and(page.locator('[data-colour="red"]')).waitFor({ timeout: 30_000 });
    const reason = row.locator('li[data-rule="fire-alarm"]');
    await expect(reason.textContent()).resolves.toMatch(/Fire: smoke detector loop 1 addr 23/);
    await expect(row.locator('.badge').textContent()).resolves.toBe('red');
    await page.locator('#events .kind.fire').first().waitFor({ timeout: 10_000 });
    await expect(
      page.evaluate(() => (globalThis as unknown as { firecodeMark?: number }).firecodeMark),
    ).resolves.toBe(42);
    await page.locator('#gateways tr[data-gateway="demo-gw"]').waitFor();
    expect(pageErrors).toEqual([]);
    expect(log.filter((line) => /rejected|failed/.test(line))).toEqual([]);
  }, 90_000);
});
