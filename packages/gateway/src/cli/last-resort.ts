import type { Counter } from 'prom-client';
import type { Logger } from '../observability/logger.js';

/** The process-wide error events `run` watches (the real `process`, or an emitter in tests). */
export interface LastResortTarget {
  on(event: 'unhandledRejection' | 'uncaughtException', listener: (error: unknown) => void): unknown;
  off(event: 'unhandledRejection' | 'uncaughtException', listener: (error: unknown) => void): unknown;
  exit(code: number): void;
}

/**
 * The gateway's last line of defence against its own bugs, for an unattended service:
 *
 * - A promise rejection that reached no handler is a bug, but the state it leaves is whatever the
 *   promise's owner left: Node 20 would end the process for it, taking every healthy bus with it.
 *   It is logged with its stack and counted (`firecode_unhandled_errors_total{kind="rejection"}`),
 *   and the gateway goes on.
 * - An exception thrown out of a callback unwinds code half-way; Node's own advice is to leave. It is
 *   logged as fatal and the process exits 1: systemd restarts it within seconds (`Restart=always`)
 *   and the disk outbox keeps everything accepted before.
 *
 * Returns a function that removes both handlers.
 */
export function guardProcess(
  target: LastResortTarget,
  logger: Logger,
  counter?: Counter<'kind'>,
): () => void {
  const onRejection = (reason: unknown) => {
    counter?.inc({ kind: 'rejection' });
    logger.error(
      { err: reason },
      'a promise rejection reached no handler (a bug: please report it with this line); the gateway goes on',
    );
  };
  const onException = (error: unknown) => {
    counter?.inc({ kind: 'exception' });
    logger.fatal(
      { err: error },
      'an uncaught exception (a bug: please report it with this line); exiting so the service manager restarts the gateway, queued data stays in the outbox',
    );
    target.exit(1);
  };
  target.on('unhandledRejection', onRejection);
  target.on('uncaughtException', onException);
  return () => {
    target.off('unhandledRejection', onRejection);
    target.off('uncaughtException', onException);
  };
}
