import { type Command, Option } from 'commander';
import { baudRates } from '../config/schema.js';
import { usageError } from './exit-codes.js';
import type { MasterTarget } from './master.js';
import { parseChoice, parseHostPort, parseIntegerOption } from './options.js';

/** The raw values of {@link addConnectionOptions}. */
export interface ConnectionOptionValues {
  tcp?: string;
  rtuOverTcp?: string;
  serial?: string;
  baud: string;
  parity: string;
  dataBits: string;
  stopBits: string;
  timeout: string;
}

/** `--tcp`, `--rtu-over-tcp` or `--serial` with its line settings, and `--timeout`. */
export function addConnectionOptions(command: Command, defaultTimeoutMs: number): Command {
  return command
    .option('--tcp <host:port>', 'Modbus TCP device or gateway (port defaults to 502)')
    .option('--rtu-over-tcp <host:port>', 'serial device server forwarding RTU frames over TCP')
    .option('--serial <tty>', 'RS-485 adapter, e.g. /dev/ttyUSB0')
    .option('--baud <rate>', `serial speed: ${baudRates.join(', ')}`, '9600')
    .addOption(
      new Option('--parity <parity>', 'serial parity').choices(['none', 'even', 'odd']).default('none'),
    )
    .addOption(new Option('--data-bits <bits>', 'serial data bits').choices(['7', '8']).default('8'))
    .addOption(new Option('--stop-bits <bits>', 'serial stop bits').choices(['1', '2']).default('1'))
    .option('--timeout <ms>', 'response timeout per request', String(defaultTimeoutMs));
}

/** Turns the options into a target; exactly one of --tcp, --rtu-over-tcp, --serial. */
export function connectionTarget(values: ConnectionOptionValues): MasterTarget {
  const given = [values.tcp, values.rtuOverTcp, values.serial].filter((v) => v !== undefined);
  if (given.length !== 1) {
    throw usageError('give exactly one of --tcp <host:port>, --rtu-over-tcp <host:port> or --serial <tty>');
  }
  const timeoutMs = parseIntegerOption('--timeout', values.timeout, 10, 60_000);
  if (values.tcp !== undefined) return { kind: 'tcp', ...parseHostPort('--tcp', values.tcp), timeoutMs };
  if (values.rtuOverTcp !== undefined) {
    return { kind: 'rtu-over-tcp', ...parseHostPort('--rtu-over-tcp', values.rtuOverTcp), timeoutMs };
  }
  const baud = parseIntegerOption('--baud', values.baud, 50, 4_000_000);
  if (!(baudRates as readonly number[]).includes(baud)) {
    throw usageError(`--baud: ${baud} is not a standard rate; use one of ${baudRates.join(', ')}`);
  }
  return {
    kind: 'rtu',
    path: values.serial!,
    baud,
    parity: parseChoice('--parity', values.parity, ['none', 'even', 'odd'] as const),
    dataBits: values.dataBits === '7' ? 7 : 8,
    stopBits: values.stopBits === '2' ? 2 : 1,
    timeoutMs,
  };
}
