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
