import { FirecodeError } from '@firecode/schema';

/**
 * Every error code the Modbus engine throws or emits. A program switches on `error.code`;
 * `error.details` carries the unit id, function code, exception code, offsets and so on.
 */
export const MODBUS_ERROR_CODES = [
  /** The slave answered with an exception response; `details.exceptionCode` says which (1-11). */
  'MODBUS_EXCEPTION',
  /** No (complete) answer before the response timeout. */
  'MODBUS_TIMEOUT',
  /** An RTU frame arrived complete but its CRC-16 does not match. */
  'MODBUS_CRC',
  /** The answer came from another unit id than the one asked. */
  'MODBUS_WRONG_UNIT',
  /** The answer carries another function code than the request's (and is not its exception). */
  'MODBUS_WRONG_FUNCTION',
  /** Bytes arrived, then the line fell silent before the frame was complete. */
  'MODBUS_TRUNCATED',
  /** The answer is framed correctly but its content is inconsistent (byte count, echo, length). */
  'MODBUS_BAD_RESPONSE',
  /** The connection or port is closed, failed or could not be opened. */
  'MODBUS_DISCONNECTED',
  /** The slave's circuit breaker is open: it failed repeatedly and is only probed now and then. */
  'MODBUS_CIRCUIT_OPEN',
  /**
   * The bus already holds `maxQueued` requests waiting for the line: the caller submits faster than the
   * line can serve (e.g. without awaiting). Await requests, poll less often, or raise `maxQueued`.
   */
  'MODBUS_QUEUE_FULL',
  /** The bus was closed while the request waited or ran. */
  'MODBUS_CLOSED',
  /** A caller passed an impossible argument (address, count, value, type). */
  'MODBUS_INVALID_ARGUMENT',
] as const;

/** The union of {@link MODBUS_ERROR_CODES}. */
export type ModbusErrorCode = (typeof MODBUS_ERROR_CODES)[number];

/** The error type this package throws: the project-wide `FirecodeError` narrowed to Modbus codes. */
export type ModbusError = FirecodeError<ModbusErrorCode>;

/** Builds a {@link ModbusError}; one place so every throw site names a known code. */
export function modbusError(
  code: ModbusErrorCode,
  message: string,
  details?: Record<string, unknown>,
  cause?: unknown,
): ModbusError {
  return new FirecodeError<ModbusErrorCode>(code, message, {
    ...(details === undefined ? {} : { details }),
    ...(cause === undefined ? {} : { cause }),
  });
}

/** True for errors of this package (any code, or the given one). */
export function isModbusError(error: unknown, code?: ModbusErrorCode): error is ModbusError {
  return (
    error instanceof FirecodeError &&
    (MODBUS_ERROR_CODES as readonly string[]).includes(error.code) &&
    (code === undefined || error.code === code)
  );
}

/** Standard exception code names (Modbus Application Protocol v1.1b3, section 7). */
export const MODBUS_EXCEPTION_NAMES: Readonly<Record<number, string>> = {
  1: 'illegal function',
  2: 'illegal data address',
  3: 'illegal data value',
  4: 'server device failure',
  5: 'acknowledge',
  6: 'server device busy',
  8: 'memory parity error',
  10: 'gateway path unavailable',
  11: 'gateway target device failed to respond',
};
