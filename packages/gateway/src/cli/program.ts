import { Command, CommanderError } from 'commander';
import { registerCaptureCommand } from './commands/capture.js';
import { registerCheckCommand } from './commands/check.js';
import { registerIdentifyCommand } from './commands/identify.js';
import { registerProfilesCommand } from './commands/profiles.js';
import { registerReadCommand } from './commands/read.js';
import { registerRunCommand } from './commands/run.js';
import { registerScanCommand } from './commands/scan.js';
import { registerSchemaCommand } from './commands/schema.js';
import { registerSizingCommand } from './commands/sizing.js';
import type { CliDeps } from './deps.js';
import { ExitCode, type ExitCodeValue, exitCodeFor, exitCodesHelp } from './exit-codes.js';

/** Builds the `firecode-gateway` command tree; `setExit` records the exit code an action decided. */
export function createProgram(
  deps: CliDeps,
  setExit: (code: ExitCodeValue) => void,
  version = '0.0.0',
): Command {
  const program = new Command('firecode-gateway');
  // Set before adding commands: commander copies these settings into each subcommand.
  program
    .exitOverride()
    .configureOutput({
      writeOut: (text) => deps.io.stdout.write(text),
      writeErr: (text) => deps.io.stderr.write(text),
    })
    .showHelpAfterError('(add --help for usage)');
  program
    .description(
      'Firecode building-edge gateway: Modbus/serial fire devices → GB/T 26875.3-coded readings → MQTT',
    )
    .version(version, '-V, --version')
    .addHelpText('after', exitCodesHelp);
  registerRunCommand(program, deps, setExit);
  registerCheckCommand(program, deps, setExit);
  registerScanCommand(program, deps, setExit);
  registerReadCommand(program, deps, setExit);
  registerIdentifyCommand(program, deps, setExit);
  registerProfilesCommand(program, deps, setExit);
  registerSizingCommand(program, deps, setExit);
  registerCaptureCommand(program, deps, setExit);
  registerSchemaCommand(program, deps, setExit);
  return program;
}

/**
 * Runs the CLI on `argv` (as `process.argv`: node, script, args...) and resolves to the exit code:
 * 0 ok, 1 runtime failure, 2 bad configuration or arguments. Never throws.
 */
export async function runCli(
  argv: readonly string[],
  deps: CliDeps,
  version?: string,
): Promise<ExitCodeValue> {
  let exitCode: ExitCodeValue = ExitCode.ok;
  const program = createProgram(
    deps,
    (code) => {
      exitCode = code;
    },
    version,
  );
  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has already printed its message (or the help) through configureOutput.
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version'
        ? ExitCode.ok
        : ExitCode.usage;
    }
    const message = error instanceof Error ? error.message : String(error);
    deps.io.stderr.write(`firecode-gateway: ${message}\n`);
    return exitCodeFor(error);
  }
}
