import {
  DATA_TYPES,
  type DataType,
  decodeRegisters,
  isBitTable,
  REGISTER_TABLES,
  registerCount,
} from '@firecode/modbus';
import { type Command, Option } from 'commander';
import {
  addConnectionOptions,
  type ConnectionOptionValues,
  connectionTarget,
} from '../connection-options.js';
import type { CliDeps } from '../deps.js';
import { ExitCode, type ExitCodeValue, exitCodesHelp, usageError } from '../exit-codes.js';
import { writeJson } from '../io.js';
import { describeTarget } from '../master.js';
import { parseChoice, parseIntegerOption } from '../options.js';

interface ReadOptionValues extends ConnectionOptionValues {
  unit: string;
  table: string;
  address: string;
  count?: string;
  type: string;
  byteOrder: string;
  wordOrder: string;
  json?: boolean;
}

const hex = (word: number) => `0x${word.toString(16).padStart(4, '0')}`;

/** `read --tcp h:p --unit 1 --table holding --address 4 --count 2 --type f32` */
export function registerReadCommand(
  program: Command,
  deps: CliDeps,
  setExit: (code: ExitCodeValue) => void,
): void {
  const command = program
    .command('read')
    .description('read raw registers or bits from one unit, for commissioning');
  addConnectionOptions(command, 1000)
    .requiredOption('--unit <id>', 'Modbus unit id 1-247')
    .option('--table <table>', REGISTER_TABLES.join(', '), 'holding')
    .requiredOption('--address <n>', 'first register or bit, 0-based (40001 in manuals is 0); 0x.. accepted')
    .option('--count <n>', 'registers or bits to read (default: what --type needs)')
    .addOption(
      new Option('--type <type>', 'how to decode registers').choices([...DATA_TYPES, 'raw']).default('raw'),
    )
    .addOption(
      new Option('--byte-order <order>', 'bytes inside a register').choices(['big', 'little']).default('big'),
    )
    .addOption(
      new Option('--word-order <order>', 'registers of a 32/64-bit value')
        .choices(['big', 'little'])
        .default('big'),
    )
    .option('--json', 'print the result as JSON')
    .addHelpText('after', exitCodesHelp)
    .action(async (options: ReadOptionValues) => {
      const target = connectionTarget(options);
      const unit = parseIntegerOption('--unit', options.unit, 1, 247);
      const table = parseChoice('--table', options.table, REGISTER_TABLES);
      const address = parseIntegerOption('--address', options.address, 0, 65535);
      const bits = isBitTable(table);
      const type = options.type as DataType | 'raw';
      if (bits && type !== 'raw')
        throw usageError(`--type ${type} applies to registers; coils and discrete inputs are bits`);
      const perValue = type === 'raw' ? 1 : registerCount(type);
      const limit = bits ? 2000 : 125;
      const count =
        options.count === undefined ? perValue : parseIntegerOption('--count', options.count, 1, limit);
      if (address + count > 65536)
        throw usageError(`--address ${address} + --count ${count} runs past address 65535`);
      if (type !== 'raw' && count % perValue !== 0) {
        throw usageError(
          `--count ${count}: a ${type} takes ${perValue} registers, so use a multiple of ${perValue}`,
        );
      }
      const master = await deps.openMaster(target);
      try {
        const words = await master.read(unit, table, address, count);
        const values: unknown[] = [];
        if (type !== 'raw') {
          for (let i = 0; i < words.length; i += perValue) {
            values.push(
              decodeRegisters(words.slice(i, i + perValue), type, {
                byteOrder: options.byteOrder as 'big' | 'little',
                wordOrder: options.wordOrder as 'big' | 'little',
              }),
            );
          }
        }
        if (options.json) {
          writeJson(deps.io, {
            target: describeTarget(target),
            unit,
            table,
            address,
            count,
            words,
            ...(type === 'raw' ? {} : { type, values }),
          });
        } else {
          words.forEach((word, i) => {
            const shown = bits ? String(word) : `${String(word).padStart(5)}  ${hex(word)}`;
            deps.io.stdout.write(`${table} ${address + i}: ${shown}\n`);
          });
          if (type !== 'raw') deps.io.stdout.write(`${type}: ${values.map(String).join(' ')}\n`);
        }
        setExit(ExitCode.ok);
      } finally {
        await master.close();
      }
    });
}
