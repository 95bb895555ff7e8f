import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';

export type { Logger } from 'pino';

/**
 * Object keys whose values never reach a log line, wherever they sit in a logged object (two levels
 * deep: pino's redaction works on paths, and configuration sections nest that far). `Secret` values
 * print as `[redacted]` anyway; this catches credentials that arrive as plain strings, e.g. in an
 * error's options object.
 */
export const REDACTED_KEYS = [
  'password',
  'passphrase',
  'secret',
  'token',
  'authorization',
  'apiKey',
  'privateKey',
];

/** pino redaction paths for {@link REDACTED_KEYS} at the top level and one and two levels down. */
export function redactionPaths(keys: readonly string[] = REDACTED_KEYS): string[] {
  return keys.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);
}

/** Options of {@link createLogger}. */
export interface CreateLoggerOptions {
  /** pino level; default `info`. */
  level?: LoggerOptions['level'];
  /** Where JSON lines go; default standard output (journald picks it up under systemd). */
  destination?: DestinationStream;
  /** Fixed fields on every line, e.g. `{ gateway: 'gw-1' }`. */
  base?: Record<string, unknown>;
}

/**
 * The gateway's JSON logger: pino with credentials redacted and ISO timestamps. A key that the line
 * already carries as a fixed field (`base`) or a child logger's binding is dropped from the logged
 * object: pino writes both, and a JSON line with a key twice is read differently by different tools
 * (jq keeps the last, some parsers reject the line).
 */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const base = { ...(options.base ?? {}) };
  const pinoOptions: LoggerOptions = {
    level: options.level ?? 'info',
    base,
    hooks: {
      logMethod(args, method) {
        const first = args[0] as unknown;
        if (first !== null && typeof first === 'object' && !(first instanceof Error)) {
          const fixed = { ...base, ...this.bindings() };
          const repeated = Object.keys(first).filter((key) => Object.hasOwn(fixed, key));
          if (repeated.length > 0) {
            const rest: Record<string, unknown> = { ...(first as Record<string, unknown>) };
            for (const key of repeated) delete rest[key];
            (args as unknown[])[0] = rest;
          }
        }
        return method.apply(this, args);
      },
    },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: redactionPaths(), censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
  };
  return options.destination === undefined ? pino(pinoOptions) : pino(pinoOptions, options.destination);
}
