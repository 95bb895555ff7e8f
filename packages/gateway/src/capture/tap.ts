import type { ByteLink } from '@firecode/modbus';

/** Options of {@link listenOnTap}. */
export interface TapOptions {
  /** Stop after this long (ms); undefined: until `stop` or the frame limit. */
  durationMs?: number;
  /** Called with each chunk and its arrival time (ms since the start); returns how many frames it completed. */
  onChunk(chunk: Uint8Array, at: number): number;
  /**
   * Line silence: `check(now)` is called `ms` after the last byte, and again every `ms` while
   * `holding()`; it returns how many frames the silence ended. `flush()` ends the recording.
   */
  silence?: { ms: number; check(now: number): number; holding(): boolean; flush(): number };
  /** Stop after this many frames. */
  maxFrames?: number;
  /** Resolves (or is called) to stop early, e.g. on Ctrl-C. */
  stop?: Promise<unknown>;
  /** Called once the line is open and every byte from now on is recorded. */
  onListening?: () => void;
  /** Monotonic clock in ms; default `performance.now`. */
  now?: () => number;
}

/** How a listening session ended. */
export interface TapResult {
  startedAt: number;
  durationMs: number;
  frames: number;
  reason: 'duration' | 'max-frames' | 'stopped' | 'line-closed';
  /** Set when the line closed by itself (adapter pulled, pty gone). */
  error?: Error;
}

/**
 * Listens on a line without ever writing to it (the gateway is not the bus master here): opens the
 * link, hands every chunk with its arrival time to `onChunk`, flushes held bytes after line silence,
 * and ends on the duration, the frame limit, `stop` or the line closing. Always closes the link.
 */
export async function listenOnTap(link: ByteLink, options: TapOptions): Promise<TapResult> {
  const now = options.now ?? (() => performance.now());
  let frames = 0;
  let finish: (reason: TapResult['reason'], error?: Error) => void = () => {};
  const ended = new Promise<{ reason: TapResult['reason']; error?: Error }>((resolve) => {
    finish = (reason, error) => resolve(error ? { reason, error } : { reason });
  });
  const count = (n: number) => {
    frames += n;
    if (options.maxFrames !== undefined && frames >= options.maxFrames) finish('max-frames');
  };
  let silenceTimer: ReturnType<typeof setTimeout> | undefined;
  let t0 = 0;
  const armSilence = (silence: NonNullable<TapOptions['silence']>) => {
    clearTimeout(silenceTimer);
    // +1 ms: a timer may fire a little early, and a frame must not be cut inside its own gaps.
    silenceTimer = setTimeout(() => {
      count(silence.check(now() - t0));
      if (silence.holding()) armSilence(silence);
    }, Math.ceil(silence.ms) + 1);
  };
  link.setReceiver({
    data(chunk) {
      const at = now() - t0;
      count(options.onChunk(chunk, at));
      if (options.silence) armSilence(options.silence);
    },
    closed(error) {
      finish('line-closed', error);
    },
  });
  await link.open();
  t0 = now();
  const startedAt = Date.now();
  options.onListening?.();
  const timer =
    options.durationMs === undefined ? undefined : setTimeout(() => finish('duration'), options.durationMs);
  void options.stop?.then(() => finish('stopped'));
  const { reason, error } = await ended;
  const durationMs = now() - t0;
  clearTimeout(timer);
  clearTimeout(silenceTimer);
  link.setReceiver({ data: () => {}, closed: () => {} });
  await link.close();
  if (options.silence) frames += options.silence.flush();
  return { startedAt, durationMs, frames, reason, ...(error ? { error } : {}) };
}
