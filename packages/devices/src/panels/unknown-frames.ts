/** Bytes a panel driver could not make sense of: logged and counted, never silently dropped. */
export interface UnknownFrame {
  /** The bytes, hex, at most 256 of them. */
  hex: string;
  length: number;
  reason: string;
}

/** Hex text of up to 256 bytes, for logs. */
export function toHex(bytes: Uint8Array): string {
  const shown = Array.from(bytes.subarray(0, 256), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > 256 ? `${shown} ...` : shown;
}

/** Makes an {@link UnknownFrame}. */
export function unknownFrame(bytes: Uint8Array, reason: string): UnknownFrame {
  return { hex: toHex(bytes), length: bytes.length, reason };
}

/** The part of a logger (pino, console adapters) the drivers use to log what they could not parse. */
export interface DriverLogger {
  warn(details: Record<string, unknown>, message: string): void;
}

/**
 * Runs a driver's callback (the caller's `onEvent`/`onUnknown`) or a write so that a throw neither
 * escapes into a timer or stream handler (which would crash the process) nor stops the records after
 * it: it is counted by `count` and logged, and the driver goes on.
 */
export function runGuarded(
  what: string,
  action: () => void,
  count: () => void,
  logger: DriverLogger | undefined,
  component: string,
): void {
  try {
    action();
  } catch (error) {
    count();
    logger?.warn(
      { component, error: error instanceof Error ? error.message : String(error) },
      `${what} threw; the driver goes on`,
    );
  }
}
