import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../observability/logger.js';
import { createGatewayMetrics } from '../observability/metrics.js';
import { guardProcess, type LastResortTarget } from './last-resort.js';

/** A process stand-in: an emitter that records exit codes instead of exiting. */
function fakeProcess(): LastResortTarget & EventEmitter & { exits: number[] } {
  const emitter = new EventEmitter() as EventEmitter & LastResortTarget & { exits: number[] };
  emitter.exits = [];
  emitter.exit = (code: number) => void emitter.exits.push(code);
  return emitter;
}

function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger({ destination }) };
}

describe('guardProcess', () => {
  it('logs and counts a rejection nobody handled, and does not exit', async () => {
    const target = fakeProcess();
    const { lines, logger } = capturedLogger();
    const metrics = createGatewayMetrics();
    guardProcess(target, logger, metrics.unhandledErrors);
    target.emit('unhandledRejection', new Error('serial port vanished'));
    expect(target.exits).toEqual([]);
    expect(lines).toMatchObject([
      { level: 'error', err: { message: 'serial port vanished' }, msg: expect.stringContaining('goes on') },
    ]);
    expect(await metrics.registry.getSingleMetricAsString('firecode_unhandled_errors_total')).toContain(
      'firecode_unhandled_errors_total{kind="rejection"} 1',
    );
  });

  it('logs an uncaught exception as fatal and exits 1 for the service manager to restart', async () => {
    const target = fakeProcess();
    const { lines, logger } = capturedLogger();
    const metrics = createGatewayMetrics();
    guardProcess(target, logger, metrics.unhandledErrors);
    target.emit('uncaughtException', new TypeError('x is undefined'));
    expect(target.exits).toEqual([1]);
    expect(lines).toMatchObject([{ level: 'fatal', err: { message: 'x is undefined' } }]);
    expect(await metrics.registry.getSingleMetricAsString('firecode_unhandled_errors_total')).toContain(
      'firecode_unhandled_errors_total{kind="exception"} 1',
    );
  });

  it('removes both handlers when undone', () => {
    const target = fakeProcess();
    const undo = guardProcess(target, capturedLogger().logger);
    expect(target.listenerCount('unhandledRejection')).toBe(1);
    undo();
    expect(target.listenerCount('unhandledRejection')).toBe(0);
    expect(target.listenerCount('uncaughtException')).toBe(0);
  });
});
