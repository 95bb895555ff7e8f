import { REGISTER_TABLES } from '@firecode/modbus';
import type { Command } from 'commander';
import {
  addConnectionOptions,
  type ConnectionOptionValues,
  connectionTarget,
} from '../connection-options.js';
import type { CliDeps } from '../deps.js';
import { ExitCode, type ExitCodeValue, exitCodesHelp } from '../exit-codes.js';
import { writeJson } from '../io.js';
import { describeTarget } from '../master.js';
import { parseChoice, parseIntegerOption, parseUnitRange } from '../options.js';
import { createProgress } from '../progress.js';
import { scanUnits } from './scan-units.js';

interface ScanOptionValues extends ConnectionOptionValues {
  units: string;
  table: string;
  address: string;
  json?: boolean;
}

/** `scan --serial <tty> --baud 9600 --units 1-247` / `scan --tcp <host:port>` */
export function registerScanCommand(
  program: Command,
  deps: CliDeps,
  setExit: (code: ExitCodeValue) => void,
): void {
  const command = program
    .command('scan')
    .description('find the unit ids that answer on a line (progress on stderr, results on stdout)');
  addConnectionOptions(command, 300)
    .option('--units <list>', 'unit ids to try: 1-247, 5, 1,3,10-20', '1-247')
    .option('--table <table>', `what to read from each unit: ${REGISTER_TABLES.join(', ')}`, 'holding')
    .option('--address <n>', 'register or bit address to read (0-based)', '0')
    .option('--json', 'print the units found as JSON')
    .addHelpText(
      'after',
      `
Each unit id is asked for one register. A unit "answers" with data, or with a Modbus exception (a
device is there, the register is not); "garbled" answers usually mean a wrong baud rate or parity, or
two devices with the same unit id. Absent units cost one --timeout each: 247 × 300 ms ≈ 75 s.
${exitCodesHelp}`,
    )
    .action(async (options: ScanOptionValues) => {
      const target = connectionTarget(options);
      const units = parseUnitRange(options.units);
      const table = parseChoice('--table', options.table, REGISTER_TABLES);
      const address = parseIntegerOption('--address', options.address, 0, 65535);
      const master = await deps.openMaster(target);
      const progress = createProgress(deps.io, `scan ${describeTarget(target)}`, units.length);
      try {
        const found = await scanUnits(master, units, {
          table,
          address,
          count: 1,
          onProgress: (tried, count) => progress.update(tried, `found ${count}`),
        });
        progress.finish(`${found.length} of ${units.length} unit ids answered`);
        if (options.json) writeJson(deps.io, { target: describeTarget(target), tried: units.length, found });
        else {
          for (const answer of found) {
            const what =
              answer.status === 'answered'
                ? `answered ${table} ${address} = ${answer.words.join(' ')}`
                : answer.status === 'exception'
                  ? `answered with exception ${answer.exceptionCode} (a device is there): ${answer.detail}`
                  : `garbled answer (wrong baud/parity, or two devices on this id?): ${answer.detail}`;
            deps.io.stdout.write(`unit ${answer.unit}: ${what}\n`);
          }
          if (found.length === 0) deps.io.stdout.write('no unit answered\n');
        }
        setExit(ExitCode.ok);
      } finally {
        await master.close();
      }
    });
}
