import { existsSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { lineTiming, SerialLink } from '@firecode/modbus';
import { type Command, Option } from 'commander';
import { stringify } from 'yaml';
import { type Recording, recordModbus, recordPanel } from '../../capture/record.js';
import { loadProfiles } from '../../config/profile-catalog.js';
import { baudRates, type PanelProtocol, panelProtocols } from '../../config/schema.js';
import type { CliDeps } from '../deps.js';
import { ExitCode, type ExitCodeValue, exitCodesHelp, usageError } from '../exit-codes.js';
import { parseChoice, parseIntegerOption } from '../options.js';

interface CaptureOptionValues {
  serial: string;
  out: string;
  baud: string;
  parity: string;
  dataBits: string;
  stopBits: string;
  profile?: string;
  profilesDir?: string[];
  unit?: string;
  deviceId?: string;
  panel?: string;
  duration?: string;
  maxFrames?: string;
  silence?: string;
  note?: string;
  origin?: string;
  force?: boolean;
}

const today = () => new Date().toISOString().slice(0, 10);

/** `recorded <date> <note>`, or the `--origin` given (which must say `recorded` or `firmware`). */
function originOf(options: CaptureOptionValues): string {
  if (options.origin !== undefined) {
    if (!/^(recorded|firmware) \S/.test(options.origin)) {
      throw usageError(
        `--origin: "${options.origin}" must start with "recorded " or "firmware " (e.g. "firmware pressure-transmitter 1a2b3c4"); or give --note for "recorded <date> <note>"`,
      );
    }
    return options.origin;
  }
  const note = options.note?.trim();
  if (!note) {
    throw usageError(
      '--note: say what was recorded, e.g. --note "QDY30A s/n 2304118, riser 2F" (it becomes origin: recorded <date> <note>)',
    );
  }
  return `recorded ${today()} ${note}`;
}

/**
 * `capture --serial <tty> --out <file> (--profile <id> | --panel <protocol>)`: records a line it only
 * listens to into a golden capture file.
 */
export function registerCaptureCommand(
  program: Command,
  deps: CliDeps,
  setExit: (code: ExitCodeValue) => void,
): void {
  program
    .command('capture')
    .description(
      'listen on a serial line (a tap on the RS-485 bus, never the master) and record its frames as a golden capture',
    )
    .requiredOption('--serial <tty>', 'the tap: an RS-485 adapter on the bus, e.g. /dev/ttyUSB0')
    .requiredOption('--out <file>', 'capture file to write (YAML, the format of hardware/captures)')
    .option('--baud <rate>', `serial speed: ${baudRates.join(', ')}`, '9600')
    .addOption(
      new Option('--parity <parity>', 'serial parity').choices(['none', 'even', 'odd']).default('none'),
    )
    .addOption(new Option('--data-bits <bits>', 'serial data bits').choices(['7', '8']).default('8'))
    .addOption(new Option('--stop-bits <bits>', 'serial stop bits').choices(['1', '2']).default('1'))
    .option('--profile <id>', 'Modbus RTU: the device profile that decodes the frames (see `profiles`)')
    .option('--profiles-dir <dir...>', 'also look for --profile in these folders')
    .option('--unit <id>', 'Modbus RTU: the unit to record (default: the first one seen)')
    .option('--device-id <id>', 'device id the expected readings carry (default: the profile id)')
    .addOption(
      new Option(
        '--panel <protocol>',
        'a fire panel port instead of Modbus: raw bytes cut by its driver',
      ).choices([...panelProtocols]),
    )
    .option('--duration <s>', 'stop after this many seconds (default: Ctrl-C)')
    .option('--max-frames <n>', 'stop after this many frames (panel: segments)')
    .option(
      '--silence <ms>',
      'line silence that ends a frame (default 3.5 characters; USB adapters may need more)',
    )
    .option(
      '--note <text>',
      'what was recorded (device, serial number, site): origin "recorded <date> <note>"',
    )
    .option('--origin <text>', 'the whole origin instead, e.g. "firmware pressure-transmitter 1a2b3c4"')
    .option('--force', 'overwrite --out if it exists')
    .addHelpText('after', exitCodesHelp)
    .action(async (options: CaptureOptionValues) => {
      const baud = parseIntegerOption('--baud', options.baud, 50, 4_000_000);
      if (!(baudRates as readonly number[]).includes(baud)) {
        throw usageError(`--baud: ${baud} is not a standard rate; use one of ${baudRates.join(', ')}`);
      }
      const parity = parseChoice('--parity', options.parity, ['none', 'even', 'odd'] as const);
      const format = {
        baudRate: baud,
        parity,
        dataBits: options.dataBits === '7' ? (7 as const) : (8 as const),
        stopBits: options.stopBits === '2' ? (2 as const) : (1 as const),
      };
      if ((options.profile === undefined) === (options.panel === undefined)) {
        throw usageError(
          'give exactly one of --profile <id> (a Modbus RTU device) or --panel <protocol> (a fire panel port)',
        );
      }
      if (options.panel !== undefined && options.unit !== undefined) {
        throw usageError('--unit applies to Modbus RTU (--profile); a panel port has no unit ids');
      }
      const durationMs =
        options.duration === undefined
          ? undefined
          : parseIntegerOption('--duration', options.duration, 1, 7 * 24 * 3600) * 1000;
      const maxFrames =
        options.maxFrames === undefined
          ? undefined
          : parseIntegerOption('--max-frames', options.maxFrames, 1, 10_000_000);
      const unit =
        options.unit === undefined ? undefined : parseIntegerOption('--unit', options.unit, 1, 247);
      const silenceMs =
        options.silence === undefined
          ? lineTiming(format).interFrameMs
          : parseIntegerOption('--silence', options.silence, 1, 1000);
      const origin = originOf(options);
      if (existsSync(options.out) && !options.force) {
        throw usageError(`--out: ${options.out} exists; give another file or --force to overwrite it`);
      }
      if (!existsSync(dirname(options.out) || '.')) {
        throw usageError(`--out: the folder ${dirname(options.out)} does not exist`);
      }
      let profile: Awaited<ReturnType<typeof loadProfiles>>[number] | undefined;
      if (options.profile !== undefined) {
        const list = await loadProfiles(options.profilesDir ?? []);
        profile = list.find((p) => p.id === options.profile);
        if (!profile) {
          throw usageError(
            `--profile: no profile "${options.profile}"; known: ${list.map((p) => p.id).join(', ')} (add folders with --profiles-dir)`,
          );
        }
      }

      const link = (deps.openSerialLink ?? ((o) => new SerialLink(o)))({ path: options.serial, ...format });
      const lineText = `${options.serial} ${baud} ${format.dataBits}${parity === 'none' ? 'N' : parity === 'even' ? 'E' : 'O'}${format.stopBits}`;
      let stopListeners: (() => void) | undefined;
      const stop = new Promise<void>((resolve) => {
        const onSignal = () => {
          deps.signals.off('SIGINT', onSignal);
          deps.signals.off('SIGTERM', onSignal);
          resolve();
        };
        deps.signals.on('SIGINT', onSignal);
        deps.signals.on('SIGTERM', onSignal);
        stopListeners = onSignal;
      });
      const listening = () =>
        deps.io.stderr.write(
          `capture: listening on ${lineText} (${options.panel ?? `profile ${options.profile}`}); ${
            durationMs !== undefined
              ? `${durationMs / 1000} s`
              : maxFrames !== undefined
                ? `${maxFrames} frames`
                : 'Ctrl-C stops'
          }\n`,
        );

      const common = {
        origin,
        line: lineText,
        stop,
        onListening: listening,
        ...(durationMs !== undefined ? { durationMs } : {}),
        ...(maxFrames !== undefined ? { maxFrames } : {}),
      };
      let recording: Recording;
      try {
        recording = profile
          ? await recordModbus(link, {
              ...common,
              profile,
              deviceId: options.deviceId ?? profile.id,
              silenceMs,
              ...(unit !== undefined ? { unit } : {}),
            })
          : await recordPanel(link, { ...common, protocol: options.panel as PanelProtocol });
      } finally {
        stopListeners?.();
      }
      const { document, result } = recording;

      const header = `# Recorded by \`firecode-gateway capture\` on ${lineText}: ${origin}\n# What is expected (readings, events, records) is what the code decoded when recorded: review it before committing.\n`;
      const temporary = `${options.out}.partial`;
      await writeFile(
        temporary,
        header + stringify(document, { lineWidth: 0, aliasDuplicateObjects: false }),
      );
      await rename(temporary, options.out);
      const summary = document.recording as Record<string, number>;
      deps.io.stderr.write(
        `capture: ${result.reason === 'line-closed' ? `the line closed (${result.error?.message ?? 'no reason'}); ` : ''}wrote ${options.out}: ${
          profile
            ? `${summary.frames} frames, ${summary.exchanges} exchanges, ${summary.polls} polls, ${summary.badCrc} bad CRC, ${summary.unanswered} unanswered, ${summary.otherUnits} for other units`
            : `${summary.segments} segments, ${summary.records} records, ${summary.unknown} unknown`
        }\n`,
      );
      setExit(result.reason === 'line-closed' ? ExitCode.failure : ExitCode.ok);
    });
}
