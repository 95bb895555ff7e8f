import { profiles } from '@firecode/devices';
import { CentreSimulator, type Gb26875Quirks, quirkNames } from '@firecode/gb26875';
import { isFirecodeError } from '@firecode/schema';
import { Command, InvalidArgumentError, Option } from 'commander';
import { type BuildingSimulator, buildingSimulator, PORT_FAILURE } from './building.js';
import { type BuildingConfigInput, loadBuildingConfig, parseHostPort } from './building-config.js';
import { simulatorError } from './errors.js';

/** Where the CLI writes, and how it waits for the end (tests pass their own). */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Resolves when the process should stop serving (default: SIGINT or SIGTERM). */
  untilStopped?: () => Promise<void>;
}

const integer = (name: string, min: number, max: number) => (text: string) => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(`${name} must be a whole number ${min}..${max}`);
  }
  return value;
};

const collect = (value: string, previous: string[] = []) => [...previous, value];

function pointAssignment(text: string, previous: Record<string, number> = {}): Record<string, number> {
  const match = /^([a-z0-9-]+)=(-?\d+(?:\.\d+)?)$/.exec(text);
  if (!match) throw new InvalidArgumentError(`"${text}" is not point=value (e.g. pressure=350)`);
  return { ...previous, [match[1] as string]: Number(match[2]) };
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Builds the `firecode-sim` command line program. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('firecode-sim')
    .description(
      'Simulated fire panels and transmitters: serve any device profile as a Modbus TCP, RTU or ' +
        'RTU-over-TCP slave, serve fire-panel serial protocols (LD128E CRT, GST9000 printer), and drive ' +
        'values with scenarios and faults.',
    )
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('list')
    .description('list the built-in device profile ids, one per line: id, then vendor, model and description')
    .action(() => {
      const width = Math.max(...profiles.map((p) => p.id.length));
      for (const profile of profiles) {
        io.out(`${profile.id.padEnd(width)}  ${profile.vendor} ${profile.model}: ${profile.description}`);
      }
    });

  program
    .command('serve')
    .description('serve one or more device profiles on one line (several unit ids on one line)')
    .option('--profile <id>', 'device profile id (repeat for more devices; see `list`)', collect)
    .addOption(
      new Option(
        '--panel <protocol>',
        'serve a fire-panel serial protocol instead (with --rtu; device name "panel")',
      ).choices(['ld128e', 'gst9000-printer']),
    )
    .option(
      '--unit <id>',
      'unit id of the first device; the next ones get the following ids',
      integer('--unit', 1, 247),
      1,
    )
    .option('--tcp <host:port>', 'serve Modbus TCP there (e.g. 127.0.0.1:1502; port 0 = any free port)')
    .option('--rtu-over-tcp <host:port>', 'serve RTU frames over TCP there (as a serial device server)')
    .option(
      '--rtu <tty>',
      'serve Modbus RTU on this serial port; "pty" makes a socat pty pair and prints its other end',
    )
    .option(
      '--baud <rate>',
      'serial baud rate (with --rtu-over-tcp --timing: of the serial side emulated)',
      integer('--baud', 50, 4_000_000),
      9600,
    )
    .addOption(
      new Option('--parity <parity>', 'serial parity').choices(['none', 'even', 'odd']).default('none'),
    )
    .addOption(new Option('--data-bits <bits>', 'serial data bits').choices(['7', '8']).default('8'))
    .addOption(new Option('--stop-bits <bits>', 'serial stop bits').choices(['1', '2']).default('1'))
    .option(
      '--timing',
      'timing-accurate mode: character times at the baud rate, 3.5-character gaps, turnaround',
    )
    .option(
      '--turnaround <ms>',
      'turnaround delay of the slave in timing-accurate mode',
      integer('--turnaround', 0, 10_000),
      0,
    )
    .option(
      '--point <point=value>',
      'initial value of a point in its canonical unit (repeatable; applies to every device that has it)',
      pointAssignment,
    )
    .addOption(
      new Option('--unmapped <mode>', 'answer for addresses outside the profile: exception 02, or zeros')
        .choices(['exception', 'zero'])
        .default('exception'),
    )
    .option(
      '--scenario <file>',
      'YAML/JSON scenario to run; devices are named by profile id (<id>-<unit> when repeated)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  firecode-sim serve --profile qdy30a --unit 1 --tcp 127.0.0.1:1502\n' +
        '  firecode-sim serve --profile mpd-380 --profile ningbo-arc-fault-detector --unit 1 --rtu pty --baud 9600 --timing\n' +
        '  firecode-sim serve --profile gst-modbus-panel --tcp 127.0.0.1:1502 --scenario examples/scenarios/fire-on-floor-1.yaml\n' +
        '  firecode-sim serve --panel ld128e --rtu pty',
    )
    .action(async (options) => {
      if (options.panel) {
        if (options.profile || !options.rtu || options.tcp || options.rtuOverTcp) {
          throw simulatorError(
            'SIM_OPTIONS_INVALID',
            '--panel serves a serial panel port: give it with --rtu <tty|pty> only (no --profile, --tcp, --rtu-over-tcp)',
          );
        }
        const panelConfig: BuildingConfigInput = {
          name: `firecode-sim serve --panel ${options.panel}`,
          panels: [
            {
              name: 'panel',
              protocol: options.panel,
              path: options.rtu,
              baudRate: options.baud,
              parity: options.parity,
              dataBits: Number(options.dataBits) as 7 | 8,
              stopBits: Number(options.stopBits) as 1 | 2,
            },
          ],
          ...(options.scenario ? { scenario: options.scenario } : {}),
        };
        await serveUntilStopped(io, (log) => buildingSimulator(panelConfig, log));
        return;
      }
      if (!options.profile) {
        throw simulatorError(
          'SIM_OPTIONS_INVALID',
          'give --profile <id> (see `firecode-sim list`) or --panel <protocol>',
        );
      }
      const transports = [options.tcp, options.rtuOverTcp, options.rtu].filter((t) => t !== undefined);
      if (transports.length !== 1) {
        throw simulatorError(
          'SIM_OPTIONS_INVALID',
          'give exactly one of --tcp <host:port>, --rtu-over-tcp <host:port>, --rtu <tty>',
        );
      }
      // Checked here so the message names the option, not the config built from it.
      for (const address of [options.tcp, options.rtuOverTcp])
        if (address !== undefined) parseHostPort(address);
      const ids: string[] = options.profile;
      const names = ids.map((id, i) =>
        ids.indexOf(id) === ids.lastIndexOf(id) ? id : `${id}-${options.unit + i}`,
      );
      const known = new Set(profiles.map((p) => p.id));
      const points: Record<string, number> = options.point ?? {};
      const devices = ids.map((profile, i) => {
        const definition = profiles.find((p) => p.id === profile);
        const own = Object.fromEntries(
          Object.entries(points).filter(([point]) => definition?.points.some((p) => p.id === point)),
        );
        return {
          name: names[i] as string,
          unit: options.unit + i,
          profile,
          points: own,
          unmapped: options.unmapped,
        };
      });
      const unknown = ids.filter((id) => !known.has(id));
      if (unknown.length > 0) {
        throw simulatorError(
          'SIM_PROFILE_UNKNOWN',
          `unknown profile ${unknown.join(', ')}: run \`firecode-sim list\` for the ids`,
        );
      }
      const config: BuildingConfigInput = {
        name: `firecode-sim serve ${ids.join(' ')}`,
        lines: [
          {
            ...(options.tcp ? { tcp: options.tcp } : {}),
            ...(options.rtuOverTcp ? { rtuOverTcp: options.rtuOverTcp } : {}),
            ...(options.rtu
              ? {
                  rtu: {
                    path: options.rtu,
                    baudRate: options.baud,
                    parity: options.parity,
                    dataBits: Number(options.dataBits) as 7 | 8,
                    stopBits: Number(options.stopBits) as 1 | 2,
                  },
                }
              : {}),
            timing: options.timing ? { turnaroundMs: options.turnaround, baudRate: options.baud } : false,
            devices,
          },
        ],
        ...(options.scenario ? { scenario: options.scenario } : {}),
      };
      await serveUntilStopped(io, (log) => buildingSimulator(config, log));
    });

  program
    .command('building')
    .description(
      'start a whole simulated building from a YAML/JSON config (lines, devices, panels, scenario)',
    )
    .requiredOption('--config <file>', 'building config file')
    .addHelpText(
      'after',
      '\nExample:\n  firecode-sim building --config examples/scenarios/demo-building.yaml',
    )
    .action(async (options) => {
      const config = loadBuildingConfig(options.config);
      await serveUntilStopped(io, (log) => buildingSimulator(config, log));
    });

  program
    .command('centre')
    .description(
      'a GB/T 26875.3 monitoring centre (监控中心) on TCP: accepts gateways, confirms what they send, ' +
        'sends clock syncs, check-ins and read requests, and prints every frame decoded',
    )
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'TCP port (0 = any free port)', integer('--port', 0, 65535), 9000)
    .option('--address <n>', "the centre's own 6-byte address", integer('--address', 0, 2 ** 48 - 1), 0)
    .option(
      '--clock-sync-every <s>',
      'send a clock sync (90) every s seconds',
      integer('--clock-sync-every', 1, 86_400),
    )
    .option(
      '--check-in-every <s>',
      'send a check-in (查岗, 91) every s seconds',
      integer('--check-in-every', 1, 86_400),
    )
    .option(
      '--read-every <s>',
      'send a read request every s seconds, cycling 61, 62, 63, 81',
      integer('--read-every', 1, 86_400),
    )
    .option('--drop <n>', 'leave the first n send-data frames unanswered', integer('--drop', 0, 1_000_000))
    .option('--deny <n>', 'deny (否认) the first n send-data frames', integer('--deny', 0, 1_000_000))
    .option(
      '--corrupt <n>',
      'corrupt the checksum of the first n confirms',
      integer('--corrupt', 0, 1_000_000),
    )
    .option('--delay <ms>', 'wait this long before every confirm', integer('--delay', 0, 600_000))
    .option('--quirk <name>', `accept a vendor deviation (${quirkNames.join(', ')}); repeatable`, collect)
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  firecode-sim centre --port 9000\n' +
        '  firecode-sim centre --port 9000 --clock-sync-every 60 --check-in-every 300 --read-every 30\n' +
        '  firecode-sim centre --port 9000 --drop 2 --deny 1',
    )
    .action(async (options) => {
      const quirks: Record<string, boolean> = {};
      for (const name of (options.quirk as string[] | undefined) ?? []) {
        if (!(quirkNames as readonly string[]).includes(name)) {
          throw simulatorError(
            'SIM_OPTIONS_INVALID',
            `--quirk ${name} is not a known quirk; use one of ${quirkNames.join(', ')}`,
          );
        }
        quirks[name] = true;
      }
      const seconds = (value: number | undefined) => (value === undefined ? undefined : value * 1000);
      const centre = await CentreSimulator.start({
        host: options.host,
        port: options.port,
        address: options.address,
        quirks: quirks as Gb26875Quirks,
        print: (line) => io.out(`${new Date().toISOString().slice(11, 19)} ${line}`),
        faults: {
          ...(options.drop ? { dropNext: options.drop } : {}),
          ...(options.deny ? { denyNext: options.deny } : {}),
          ...(options.corrupt ? { corruptNext: options.corrupt } : {}),
          ...(options.delay ? { delayMs: options.delay } : {}),
        },
        schedule: {
          ...(options.clockSyncEvery ? { clockSyncEveryMs: seconds(options.clockSyncEvery) } : {}),
          ...(options.checkInEvery ? { checkInEveryMs: seconds(options.checkInEvery) } : {}),
          ...(options.readEvery ? { readRequestEveryMs: seconds(options.readEvery) } : {}),
        },
      });
      io.out(`GB/T 26875.3 centre listening on ${centre.host}:${centre.port} (address ${options.address})`);
      io.out('press Ctrl-C to stop');
      await (io.untilStopped ?? waitForSignal)();
      await centre.close();
      io.out('firecode-sim: stopped');
    });

  return program;
}

function scenarioLog(io: CliIo) {
  return {
    onStep: (description: string, atMs: number) => io.out(`[t=${(atMs / 1000).toFixed(1)}s] ${description}`),
    onError: (error: unknown, description: string) => {
      const message = error instanceof Error ? error.message : String(error);
      // Port failures come with their own wording (which port, what to do); steps are named.
      io.err(description === PORT_FAILURE ? message : `scenario step failed: ${description}: ${message}`);
    },
  };
}

async function serveUntilStopped(
  io: CliIo,
  start: (log: ReturnType<typeof scenarioLog>) => Promise<BuildingSimulator>,
): Promise<void> {
  // Scenario steps logged while starting wait until the banner has said what is served where.
  const early: string[] = [];
  let started = false;
  const log = scenarioLog({
    out: (line) => (started ? io.out(line) : early.push(line)),
    err: (line) => io.err(line),
  });
  const building = await start(log);
  io.out(building.describe());
  io.out('press Ctrl-C to stop');
  started = true;
  for (const line of early) io.out(line);
  await (io.untilStopped ?? waitForSignal)();
  await building.close();
  io.out('firecode-sim: stopped');
}

/**
 * Runs the CLI with `argv` (without node and script). Returns the exit code: 0 fine, 2 bad usage or
 * configuration, 1 anything else (ports that cannot be opened...).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    const commanderCode = (error as { code?: string; exitCode?: number }).code;
    if (typeof commanderCode === 'string' && commanderCode.startsWith('commander.')) {
      // Help asked for is success; usage errors (already printed by commander) are exit 2.
      return ['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(commanderCode)
        ? 0
        : 2;
    }
    if (isFirecodeError(error)) {
      io.err(`firecode-sim: ${error.message}`);
      const usage = [
        'SIM_OPTIONS_INVALID',
        'SIM_CONFIG_INVALID',
        'SIM_SCENARIO_INVALID',
        'SIM_PROFILE_UNKNOWN',
        'SIM_POINT_UNKNOWN',
      ];
      return usage.includes(error.code) || error.code.startsWith('DEVICES_') ? 2 : 1;
    }
    io.err(`firecode-sim: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
