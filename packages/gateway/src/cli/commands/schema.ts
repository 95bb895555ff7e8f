import type { Command } from 'commander';
import { configJsonSchema } from '../../config/json-schema.js';
import type { CliDeps } from '../deps.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { writeJson } from '../io.js';

/** `schema`: the configuration's JSON Schema, for editors. */
export function registerSchemaCommand(
  program: Command,
  deps: CliDeps,
  setExit: (code: ExitCodeValue) => void,
): void {
  program
    .command('schema')
    .description('print the JSON Schema of the configuration file (for editor completion)')
    .action(() => {
      writeJson(deps.io, configJsonSchema());
      setExit(ExitCode.ok);
    });
}
