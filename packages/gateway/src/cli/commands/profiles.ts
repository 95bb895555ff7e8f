import type { Command } from 'commander';
import { loadProfiles } from '../../config/profile-catalog.js';
import type { CliDeps } from '../deps.js';
import { ExitCode, type ExitCodeValue, exitCodesHelp } from '../exit-codes.js';
import { writeJson } from '../io.js';
import { planOfProfile } from '../read-plans.js';

/** `profiles [--dir <dir>] [--json]`: the profile ids a configuration may use. */
export function registerProfilesCommand(
  program: Command,
  deps: CliDeps,
  setExit: (code: ExitCodeValue) => void,
): void {
  program
    .command('profiles')
    .description('list the device profiles (built-in and from folders) with their points and read plans')
    .option('--dir <dir...>', 'also list the profiles in these folders')
    .option('--json', 'print them as JSON')
    .addHelpText('after', exitCodesHelp)
    .action(async (options: { dir?: string[]; json?: boolean }) => {
      const list = await loadProfiles(options.dir ?? []);
      const rows = list.map((p) => ({
        id: p.id,
        vendor: p.vendor,
        model: p.model,
        points: p.points.map((point) => point.id),
        events: p.events.map((event) => event.id),
        probe: p.probe !== undefined,
        readPlan: planOfProfile(p),
      }));
      if (options.json) writeJson(deps.io, rows);
      else {
        for (const row of rows) {
          const plan = row.readPlan.map((r) => `${r.table} ${r.address}+${r.count}`).join(', ');
          deps.io.stdout.write(
            `${row.id}  ${row.vendor} ${row.model}  points: ${[...row.points, ...row.events].join(', ') || '-'}  reads: ${plan}\n`,
          );
        }
      }
      setExit(ExitCode.ok);
    });
}
