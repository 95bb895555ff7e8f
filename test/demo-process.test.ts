/**
 * `pnpm demo` as a user runs it: a separate process with its embedded broker; its status page answers
 * and shows the building red once the fire starts; Ctrl-C (SIGINT) stops it cleanly with exit code 0.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsxCli = fileURLToPath(import.meta.resolve('tsx/cli'));

describe('pnpm demo (process)', () => {
  it('shows the fire alarm and pressure readings, serves the status page with the building red, then stops cleanly on Ctrl-C with exit code 0', async () => {
    const env = { ...process.env };
    delete env.MQTT_URL; // the embedded broker: what a fresh machine gets
    const child = spawn(
      process.execPath,
      [tsxCli, 'examples/quick-start/src/main.ts', '--fire-at', '1', '--http', '127.0.0.1:0'],
      {
        cwd: root,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    const started = Date.now();
    while (!/FIRE loop 1 addr 23/.test(output) || !/riser-2F .* kPa good/.test(output)) {
      if (Date.now() - started > 20_000 || child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(output).toMatch(/embedded aedes/);
    expect(output).toMatch(/riser-2F .* kPa good/);
    expect(output).toMatch(/FIRE loop 1 addr 23/);

    // The status page: PGlite takes a few seconds (tens on a loaded machine) before it is up.
    const pageLine = /\[ingest\] status page (http:\/\/\S+)/;
    while (!pageLine.test(output) && child.exitCode === null && Date.now() - started < 100_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const url = pageLine.exec(output)?.[1];
    expect(url, output).toBeDefined();
    // The real ingest worker stores what the page shows, in its single-worker mode (aedes is MQTT 3.1.1).
    expect(output).toMatch(/\[ingest\] the IngestWorker \(single-worker mode/);
    const page = await fetch(url!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Firecode — building status</title>');
    let building: { id: string; colour: string; indicators: { rule: string; summary: string }[] } | undefined;
    for (let i = 0; i < 300 && building?.colour !== 'red'; i++) {
      const body = (await (await fetch(`${url}api/buildings`)).json()) as { buildings: (typeof building)[] };
      building = body.buildings.find((b) => b?.id === 'B-001');
      if (building?.colour !== 'red') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(building?.colour).toBe('red');
    expect(building?.indicators[0]).toMatchObject({
      rule: 'fire-alarm',
      summary: 'Fire: smoke detector loop 1 addr 23 — 2F corridor',
    });

    child.kill('SIGINT');
    const code = await exited;
    expect(code).toBe(0);
    expect(output).toMatch(/stopped cleanly/);
  }, 150_000);
});

describe('pnpm demo with an unreachable MQTT_URL', () => {
  it('says which URL failed and keeps retrying instead of crashing', async () => {
    const child = spawn(process.execPath, [tsxCli, 'examples/quick-start/src/main.ts', '--duration', '4'], {
      cwd: root,
      env: { ...process.env, MQTT_URL: 'mqtt://127.0.0.1:1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).toBe(0);
    const gatewayRetries =
      output.match(/\[gateway\] cannot connect to mqtt:\/\/127\.0\.0\.1:1.*next try in/g) ?? [];
    expect(gatewayRetries.length).toBeGreaterThanOrEqual(2);
    expect(output).toMatch(/\[consumer\] cannot reach the broker at mqtt:\/\/127\.0\.0\.1:1/);
    expect(output).toMatch(/stopped cleanly/);
  }, 30_000);
});
