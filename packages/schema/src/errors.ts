/**
 * The one error type of Firecode. Every package throws (or emits) `FirecodeError` with a stable `code`
 * that programs can switch on; the message says what was wrong, where, and what to do about it.
 *
 * Codes are UPPER_SNAKE_CASE and start with the package's area, e.g. `SCHEMA_INVALID`,
 * `CODEC_TRUNCATED`, `MODBUS_TIMEOUT`, `OUTBOX_FULL`, `GATEWAY_CONFIG_INVALID`. Each package lists its own codes
 * as a `const` array next to the code that throws them, so the set stays documented and typed.
 */
export class FirecodeError<Code extends string = string> extends Error {
  override readonly name = 'FirecodeError';
  /** Stable, machine-readable reason. */
  readonly code: Code;
  /** Structured context (path, offset, unit id, ...) for logs and programs. */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(
    code: Code,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }
}

/** True when `error` is a FirecodeError, optionally with the given code. */
export function isFirecodeError<Code extends string>(
  error: unknown,
  code?: Code,
): error is FirecodeError<Code> {
  return error instanceof FirecodeError && (code === undefined || error.code === code);
}
