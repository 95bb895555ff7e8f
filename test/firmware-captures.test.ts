/**
 * The committed firmware captures (hardware/captures/mpd-380-firmware.yaml and
 * panels/gst9000-printer-firmware.yaml) are still what the firmware sends: the same recording is
 * made again in simavr (test/support/record-firmware.ts) and its frames and decoded values must be
 * the committed ones. When the firmware changes what it answers, re-record them:
 * `pnpm exec tsx test/record-firmware-captures.ts`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GoldenCapture, PanelCapture } from '@firecode/devices/testing';
import { socatAvailable } from '@firecode/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildFirmware, firmwareToolsMissing } from './support/firmware.js';
import { firmwareSha, recordPanelPrinterPort, recordPressureTransmitter } from './support/record-firmware.js';

const captures = fileURLToPath(new URL('../hardware/captures/', import.meta.url));
const missing =
  firmwareToolsMissing() ?? (socatAvailable() ? undefined : 'socat is not installed (apt-get install socat)');
const skipped = missing ? ` [skipped: ${missing}]` : '';
const reRecord = 're-record with `pnpm exec tsx test/record-firmware-captures.ts`';

const read = <T>(path: string) => parse(readFileSync(path, 'utf8')) as T;
let dir = '';

beforeAll(async () => {
  if (missing) return;
  dir = mkdtempSync(join(tmpdir(), 'firecode-firmware-captures-'));
  await buildFirmware();
}, 240_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** What must not change between two recordings: frames and meanings, not times. */
function essence(capture: GoldenCapture) {
  return {
    polls: capture.polls.map((poll) => ({
      frames: poll.exchanges.map((e) => [e.request, e.reply]),
      values: (poll.expect.readings as { value: number | null; quality: unknown }[]).map((r) => [
        r.value,
        r.quality,
      ]),
      events: (poll.expect.events as { kind: string; active: boolean }[]).map((e) => `${e.kind} ${e.active}`),
    })),
    exchanges: (capture.exchanges ?? []).map((e) => [e.request, e.reply, e.expect]),
  };
}

describe('firmware captures', () => {
  it.skipIf(missing !== undefined)(
    `mpd-380-firmware.yaml is what the pressure-transmitter firmware answers${skipped}`,
    async () => {
      const out = join(dir, 'mpd-380.yaml');
      await recordPressureTransmitter(
        out,
        `firmware pressure-transmitter ${firmwareSha('pressure-transmitter', false)}`,
      );
      const fresh = read<GoldenCapture & { recording: Record<string, number> }>(out);
      const committed = read<GoldenCapture & { recording: Record<string, number | string> }>(
        join(captures, 'mpd-380-firmware.yaml'),
      );
      expect(fresh.recording.badCrc, 'the line carried no bad CRC').toBe(0);
      expect(committed.recording.origin).toMatch(/^firmware pressure-transmitter [0-9a-f]{7,}$/);
      expect(essence(fresh), `the firmware answers differently now: ${reRecord}`).toEqual(essence(committed));
    },
    60_000,
  );

  it.skipIf(missing !== undefined)(
    `panels/gst9000-printer-firmware.yaml is what the panel-printer-port firmware prints${skipped}`,
    async () => {
      const out = join(dir, 'panel.yaml');
      await recordPanelPrinterPort(
        out,
        `firmware panel-printer-port ${firmwareSha('panel-printer-port', false)}`,
      );
      const fresh = read<PanelCapture>(out);
      const committed = read<PanelCapture>(join(captures, 'panels/gst9000-printer-firmware.yaml'));
      const bytes = (capture: PanelCapture) => capture.segments.map((s) => [s.bytes, s.records]);
      expect(bytes(fresh), `the firmware prints differently now: ${reRecord}`).toEqual(bytes(committed));
    },
    60_000,
  );
});
