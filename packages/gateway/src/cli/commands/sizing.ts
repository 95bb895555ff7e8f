import { createProfileRegistry, profiles } from '@firecode/devices';
import { formatBytes, type SizingInput, sizeOutbox } from '@firecode/uplink';
import type { Command } from 'commander';
import type { GatewayConfig } from '../../config/gateway-config.js';
import { loadConfigWithWarnings } from '../../config/parse.js';
import type { CliDeps } from '../deps.js';
import { ExitCode, type ExitCodeValue, exitCodesHelp, usageError } from '../exit-codes.js';
import { writeJson } from '../io.js';

interface SizingOptionValues {
  config?: string;
  points?: string;
  ratePerPoint?: string;
  readingsPerSecond?: string;
  hours: string;
  bytesPerReading?: string;
  readingsPerMessage?: string;
  margin?: string;
  segmentBytes?: string;
  json?: boolean;
}

function number(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0)
    throw usageError(`${name}: "${text}" is not a non-negative number`);
  return value;
}

/**
 * Points and readings per second of a configuration, at worst: every poll of every enabled point is
 * reported (what an outage of a busy building looks like with on-change and a noisy sensor).
 */
export function loadOfConfig(
  config: GatewayConfig,
  registry: ReturnType<typeof createProfileRegistry>,
): { points: number; readingsPerSecond: number } {
  let points = 0;
  let readingsPerSecond = 0;
  for (const device of config.devices) {
    if (!device.enabled || !registry.has(device.profile)) continue;
    const profile = registry.get(device.profile);
    const disabled = Object.entries(device.overrides?.points ?? {}).filter(([, o]) => o.disabled).length;
    // A panel's detection-loop points are not in `points`: each polled loop adds its addresses.
    const panel = profile.panel;
    const loops = panel ? (device.loops?.length ?? panel.loops.max - panel.loops.min + 1) : 0;
    const panelPoints = panel ? loops * (panel.addresses.max - panel.addresses.min + 1) : 0;
    const count = Math.max(0, profile.points.length + profile.events.length + panelPoints - disabled);
    points += count;
    readingsPerSecond += (count * 1000) / device.pollIntervalMs;
  }
  return { points, readingsPerSecond };
}

/** `sizing`: how big the outbox must be to ride out an outage (the uplink package's `sizeOutbox`). */
export function registerSizingCommand(
  program: Command,
  deps: CliDeps,
  setExit: (code: ExitCodeValue) => void,
): void {
  program
    .command('sizing')
    .description('size the durable outbox for an outage: from points, rates and hours to maxBytes and disk')
    .requiredOption('--hours <h>', 'hours of outage to ride through without dropping data')
    .option(
      '-c, --config <file>',
      'take points and poll rates from a configuration (worst case: every poll reported)',
    )
    .option('--points <n>', 'points reported (instead of --config)')
    .option('--rate-per-point <r/s>', 'readings per second per point, e.g. 0.0167 for once a minute')
    .option('--readings-per-second <r/s>', 'readings per second in total (instead of --rate-per-point)')
    .option('--bytes-per-reading <B>', 'encoded bytes per reading in a batch (default 16)')
    .option('--readings-per-message <n>', 'readings per batch message (default 500)')
    .option('--margin <share>', 'extra share on top of the need (default 0.2)')
    .option('--segment-bytes <B>', 'DiskOutbox segment size (default 4 MiB)')
    .option('--json', 'print the figures as JSON')
    .addHelpText(
      'after',
      `
Examples:
  firecode-gateway sizing --points 48 --rate-per-point 1 --hours 72
  firecode-gateway sizing --config /etc/firecode-gateway/gateway.yaml --hours 72
${exitCodesHelp}`,
    )
    .action(async (options: SizingOptionValues) => {
      let config: GatewayConfig | undefined;
      let fromConfig: { points: number; readingsPerSecond: number } | undefined;
      if (options.config !== undefined) {
        if (
          options.points !== undefined ||
          options.ratePerPoint !== undefined ||
          options.readingsPerSecond !== undefined
        ) {
          throw usageError(
            '--config gives points and rates: leave out --points, --rate-per-point and --readings-per-second',
          );
        }
        const parsed = await loadConfigWithWarnings(options.config, { env: deps.io.env });
        config = parsed.config;
        fromConfig = loadOfConfig(config, createProfileRegistry(parsed.profiles ?? profiles));
      } else if (options.points === undefined) {
        throw usageError('give --points with --rate-per-point or --readings-per-second, or --config <file>');
      }
      const optional = (key: keyof SizingInput, value: number | undefined) =>
        value === undefined ? {} : { [key]: value };
      let input: SizingInput;
      if (fromConfig !== undefined) {
        input = {
          points: fromConfig.points,
          readingsPerSecond: fromConfig.readingsPerSecond,
          outageHours: number('--hours', options.hours)!,
          readingsPerMessage: config!.batch.maxReadings,
        };
      } else {
        input = {
          points: number('--points', options.points)!,
          outageHours: number('--hours', options.hours)!,
          ...optional('ratePerPoint', number('--rate-per-point', options.ratePerPoint)),
          ...optional('readingsPerSecond', number('--readings-per-second', options.readingsPerSecond)),
          ...optional('readingsPerMessage', number('--readings-per-message', options.readingsPerMessage)),
        };
      }
      input = {
        ...input,
        ...optional('bytesPerReading', number('--bytes-per-reading', options.bytesPerReading)),
        ...optional('margin', number('--margin', options.margin)),
        ...optional('segmentBytes', number('--segment-bytes', options.segmentBytes)),
      };
      let result: ReturnType<typeof sizeOutbox>;
      try {
        result = sizeOutbox(input);
      } catch (error) {
        // sizeOutbox throws TypeError on impossible inputs: that is a bad argument, exit 2.
        if (error instanceof TypeError) throw usageError(error.message.replace(/^sizeOutbox: /, ''));
        throw error;
      }
      const configured = config?.uplink.outbox.maxBytes;
      const enough = configured === undefined ? undefined : configured >= result.maxBytes;
      if (options.json) {
        const { summary: _summary, ...figures } = result;
        writeJson(deps.io, {
          ...figures,
          points: input.points,
          ...(configured === undefined ? {} : { configuredMaxBytes: configured, enough }),
        });
      } else {
        if (fromConfig !== undefined) {
          deps.io.stdout.write(
            `${options.config}: ${fromConfig.points} points, worst case every poll reported\n`,
          );
        }
        deps.io.stdout.write(`${result.summary}\n`);
        if (configured !== undefined) {
          deps.io.stdout.write(
            enough
              ? `configured uplink.outbox.maxBytes ${configured} (${formatBytes(configured)}) is enough\n`
              : `configured uplink.outbox.maxBytes ${configured} (${formatBytes(configured)}) is NOT enough: raise it to ${result.maxBytes}\n`,
          );
        }
      }
      setExit(ExitCode.ok);
    });
}
