/**
 * examples/rtu-virtual-serial as a user runs it: simulator and gateway on the two ends of a socat pty
 * pair (serialport 13 on both), readings printed by the consumer. Skipped, with the reason, where socat
 * is not installed.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { socatAvailable } from '@firecode/simulator';
import { describe, expect, it } from 'vitest';
import { mqttUrl, uniqueTopicPrefix } from './support/mqtt.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsxCli = fileURLToPath(import.meta.resolve('tsx/cli'));
const hasSocat = socatAvailable();
if (!hasSocat)
  console.warn('examples/rtu-virtual-serial test skipped: socat is not installed (apt-get install socat)');

describe('examples/rtu-virtual-serial', () => {
  it.skipIf(!hasSocat)(
    'prints the transmitter readings polled over the pty pair, then stops cleanly',
    async () => {
      const child = spawn(
        process.execPath,
        [tsxCli, 'examples/rtu-virtual-serial/src/main.ts', '--duration', '3'],
        {
          cwd: root,
          env: { ...process.env, MQTT_URL: mqttUrl(), FIRECODE_PREFIX: uniqueTopicPrefix('rtu-example') },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      // Bounded: a hung example fails the test instead of the run.
      const guard = setTimeout(() => child.pid !== undefined && process.kill(child.pid, 'SIGKILL'), 25_000);
      const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
      clearTimeout(guard);
      expect(code, output).toBe(0);
      expect(output).toMatch(/gateway {4}rtu-gw polls \S+\/master \(bus rs485-1, kind rtu\)/);
      const readings = output.match(/riser 1 pressure Pipe pressure \d+\.\d kPa good/g) ?? [];
      expect(readings.length, output).toBeGreaterThanOrEqual(2);
      expect(output).toMatch(/stopped cleanly/);
    },
    40_000,
  );
});
