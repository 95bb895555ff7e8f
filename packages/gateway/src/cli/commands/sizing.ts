import * as uplink from '@firecode/uplink';
import type { Command } from 'commander';
import type { CliDeps } from '../deps.js';
import { type ExitCodeValue, exitCodesHelp, notAvailableError } from '../exit-codes.js';

/** `sizing`: how big the outbox must be to ride out an outage (the uplink package's sizing function). */
export function registerSizingCommand(
  program: Command,
  _deps: CliDeps,
  _setExit: (code: ExitCodeValue) => void,
): void {
  program
    .command('sizing')
    .description('size the durable outbox for an outage of a given length (uplink sizing function)')
    .allowUnknownOption()
    .addHelpText('after', exitCodesHelp)
    .action(() => {
      if (typeof (uplink as Record<string, unknown>).sizeOutbox !== 'function') {
        throw notAvailableError('sizing', 'sizeOutbox from @firecode/uplink');
      }
      throw notAvailableError('sizing', 'wiring of sizeOutbox into this command');
    });
}
