import { FirecodeError, isFirecodeError } from '@firecode/schema';
import type { GatewayErrorCode } from '../errors.js';

/** Exit codes of `firecode-gateway`, documented in its `--help` and docs/install.md. */
export const ExitCode = {
  /** Done, or the configuration is valid. */
  ok: 0,
  /** Something failed at run time: a device, the network, a file. */
  failure: 1,
  /** Bad configuration or bad command-line arguments: fix the input, retrying will not help. */
  usage: 2,
} as const;
/** One of {@link ExitCode}. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** The code the CLI itself raises (see ../errors.ts). */
export type CliErrorCode = Extract<GatewayErrorCode, 'GATEWAY_CLI_USAGE'>;

/** A bad command-line argument: names the option, what is wrong and what to write instead. */
export function usageError(message: string): FirecodeError<CliErrorCode> {
  return new FirecodeError<CliErrorCode>('GATEWAY_CLI_USAGE', message);
}

const usageCodes = new Set(['GATEWAY_CLI_USAGE', 'GATEWAY_CONFIG_INVALID', 'GATEWAY_CONFIG_UNREADABLE']);

/** 2 for what the user must fix (arguments, configuration), 1 for everything else. */
export function exitCodeFor(error: unknown): ExitCodeValue {
  return isFirecodeError(error) && usageCodes.has(error.code) ? ExitCode.usage : ExitCode.failure;
}

/** The `--help` epilogue every command shares. */
export const exitCodesHelp = `
Exit codes:
  0  success (for check: the configuration is valid; warnings do not fail it)
  1  runtime failure (device, network, file)
  2  bad configuration or bad command-line arguments`;
