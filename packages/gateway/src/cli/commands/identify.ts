import { createProfileRegistry, type DeviceProfile } from '@firecode/devices';
import type { Command } from 'commander';
import { loadProfiles } from '../../config/profile-catalog.js';
import {
  addConnectionOptions,
  type ConnectionOptionValues,
  connectionTarget,
} from '../connection-options.js';
import type { CliDeps } from '../deps.js';
import { ExitCode, type ExitCodeValue, exitCodesHelp, usageError } from '../exit-codes.js';
import { writeJson } from '../io.js';
import { describeTarget } from '../master.js';
import { parseIntegerOption } from '../options.js';
import { identifyUnit } from './identify-unit.js';

interface IdentifyOptionValues extends ConnectionOptionValues {
  unit: string;
  profile?: string[];
  profilesDir?: string[];
  json?: boolean;
}

/** `identify --tcp h:p --unit 3` */
export function registerIdentifyCommand(
  program: Command,
  deps: CliDeps,
  setExit: (code: ExitCodeValue) => void,
): void {
  const command = program
    .command('identify')
    .description("try the known profiles' probes against one unit id and list the profiles that fit");
  addConnectionOptions(command, 1000)
    .requiredOption('--unit <id>', 'Modbus unit id 1-247')
    .option('--profile <id...>', 'only try these profiles')
    .option('--profiles-dir <dir...>', 'also try the profiles in these folders')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', `\nExit code 1 also when no profile fits.\n${exitCodesHelp}`)
    .action(async (options: IdentifyOptionValues) => {
      const target = connectionTarget(options);
      const unit = parseIntegerOption('--unit', options.unit, 1, 247);
      let candidates: DeviceProfile[] = await loadProfiles(options.profilesDir ?? []);
      if (options.profile !== undefined) {
        const registry = createProfileRegistry(candidates);
        for (const id of options.profile) {
          if (!registry.has(id))
            throw usageError(`--profile: no profile "${id}"; list them with \`firecode-gateway profiles\``);
        }
        candidates = options.profile.map((id) => registry.get(id));
      }
      const master = await deps.openMaster(target);
      try {
        const result = await identifyUnit(master, unit, candidates);
        const fitting = result.matches.filter((m) => m.matches);
        if (options.json) writeJson(deps.io, { target: describeTarget(target), unit, ...result });
        else {
          for (const match of result.matches) {
            const checks = match.checks
              .map(
                (c) =>
                  `${c.register}=${c.value ?? 'n/a'} (${c.expect.min}..${c.expect.max}) ${c.ok ? 'ok' : 'no'}`,
              )
              .join(', ');
            deps.io.stdout.write(
              `${match.matches ? 'FITS ' : 'no   '} ${match.profile} (${match.vendor} ${match.model}): ${checks}\n`,
            );
          }
          if (result.untestable.length > 0) {
            deps.io.stdout.write(`no probe, cannot be recognised: ${result.untestable.join(', ')}\n`);
          }
          deps.io.stdout.write(
            fitting.length === 0
              ? `unit ${unit}: no known profile fits\n`
              : `unit ${unit}: ${fitting.length} profile(s) fit: ${fitting.map((m) => m.profile).join(', ')}\n`,
          );
        }
        setExit(fitting.length > 0 ? ExitCode.ok : ExitCode.failure);
      } finally {
        await master.close();
      }
    });
}
