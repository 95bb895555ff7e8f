import type { CliIo } from './io.js';

/** Progress of a long command, on stderr so that stdout stays clean for results and `--json`. */
export interface Progress {
  update(done: number, note?: string): void;
  finish(note?: string): void;
}

const BAR_WIDTH = 30;

/**
 * On a terminal: one bar redrawn in place. Elsewhere (a pipe, a log): a line every 10 %, so a
 * long scan still shows that it is alive without flooding the log.
 */
export function createProgress(io: CliIo, label: string, total: number): Progress {
  const tty = io.stderr.isTTY === true;
  let lastDecile = -1;
  const render = (done: number, note: string) => {
    const share = total === 0 ? 1 : done / total;
    if (tty) {
      const filled = Math.round(share * BAR_WIDTH);
      const bar = `${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}`;
      io.stderr.write(`\r${label} [${bar}] ${done}/${total}${note ? ` ${note}` : ''}\u001b[K`);
      return;
    }
    const decile = Math.floor(share * 10);
    if (decile !== lastDecile) {
      lastDecile = decile;
      io.stderr.write(`${label}: ${done}/${total}${note ? ` ${note}` : ''}\n`);
    }
  };
  return {
    update: (done, note = '') => render(done, note),
    finish: (note = '') => {
      if (tty) io.stderr.write(`\r${label}: done${note ? ` ${note}` : ''}\u001b[K\n`);
      else io.stderr.write(`${label}: done${note ? ` ${note}` : ''}\n`);
    },
  };
}
