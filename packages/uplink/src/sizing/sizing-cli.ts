import { parseArgs } from 'node:util';
import { sizeOutbox } from './size-outbox.js';

const USAGE = `usage: firecode-outbox-size --points <n> (--rate-per-point <r/s> | --readings-per-second <r/s>) --hours <h>
                            [--bytes-per-reading 16] [--readings-per-message 500] [--margin 0.2]
                            [--segment-bytes 4194304] [--json]
Prints the outbox maxBytes, alarm reserve and disk to set aside to ride through <h> hours of outage.
example: firecode-outbox-size --points 48 --rate-per-point 1 --hours 72`;

/** Where the sizing CLI writes. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const consoleIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/**
 * The `firecode-outbox-size` command (the gateway CLI can mount it as a subcommand). Returns the exit
 * code: 0 done, 2 bad arguments.
 */
export function runSizingCli(argv: readonly string[], io: CliIo = consoleIo): number {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        points: { type: 'string' },
        'rate-per-point': { type: 'string' },
        'readings-per-second': { type: 'string' },
        hours: { type: 'string' },
        'bytes-per-reading': { type: 'string' },
        'readings-per-message': { type: 'string' },
        margin: { type: 'string' },
        'segment-bytes': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    io.err(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const number = (name: string): number | undefined => {
    const text = values[name];
    if (text === undefined) return undefined;
    const parsed = Number(text);
    if (!Number.isFinite(parsed)) throw new TypeError(`--${name} must be a number, got "${text}"`);
    return parsed;
  };
  try {
    const result = sizeOutbox({
      points: number('points') as number,
      outageHours: number('hours') as number,
      ...optional('ratePerPoint', number('rate-per-point')),
      ...optional('readingsPerSecond', number('readings-per-second')),
      ...optional('bytesPerReading', number('bytes-per-reading')),
      ...optional('readingsPerMessage', number('readings-per-message')),
      ...optional('margin', number('margin')),
      ...optional('segmentBytes', number('segment-bytes')),
    });
    if (values.json) {
      const { summary: _summary, ...figures } = result;
      io.out(JSON.stringify(figures));
    } else io.out(result.summary);
    return 0;
  } catch (error) {
    io.err(`${(error as Error).message.replace(/^sizeOutbox: /, '')}\n${USAGE}`);
    return 2;
  }
}

function optional<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}
