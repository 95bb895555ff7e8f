/**
 * Panel captures (hardware/captures/panels/*.yaml): recorded panel ports replayed through the panel
 * drivers, which must find exactly the records the recording lists.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { parse } from 'yaml';
import { checkPanelCapture, type PanelCapture } from './testing/panel-golden.js';

const dir = fileURLToPath(new URL('../../../hardware/captures/panels/', import.meta.url));
const files = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.yaml')) : [];

describe('panel captures', () => {
  if (files.length === 0) it.skip('no panel captures in hardware/captures/panels yet', () => {});
  for (const name of files) {
    it(name, () => checkPanelCapture(parse(readFileSync(dir + name, 'utf8')) as PanelCapture));
  }
});
