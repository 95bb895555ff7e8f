import { describe, expect, it } from 'vitest';
import { formatBytes, sizeOutbox } from './size-outbox.js';
import { runSizingCli } from './sizing-cli.js';

describe('sizeOutbox', () => {
  it('computes readings, messages and bytes for an outage', () => {
    // 48 points once a second for 72 h: 12,441,600 readings in 24,884 messages of 500.
    const result = sizeOutbox({ points: 48, ratePerPoint: 1, outageHours: 72 });
    expect(result.readings).toBe(12_441_600);
    expect(result.messages).toBe(24_884);
    expect(result.neededBytes).toBe(12_441_600 * 16 + 24_884 * 20);
    expect(result.maxBytes).toBe(Math.ceil(result.neededBytes * 1.2));
    expect(result.alarmReserveBytes).toBe(Math.ceil(result.maxBytes / 10));
    expect(result.diskBytes).toBeGreaterThan(result.maxBytes + result.alarmReserveBytes);
    expect(result.summary).toContain('maxBytes:');
  });

  it('takes a total rate instead of a per-point rate', () => {
    const perPoint = sizeOutbox({ points: 100, ratePerPoint: 1 / 60, outageHours: 24 });
    const total = sizeOutbox({ points: 100, readingsPerSecond: 100 / 60, outageHours: 24 });
    expect(total.maxBytes).toBe(perPoint.maxBytes);
  });

  it('explains bad input', () => {
    expect(() => sizeOutbox({ points: 10, outageHours: 1 })).toThrow(/exactly one of ratePerPoint/);
    expect(() => sizeOutbox({ points: 0, ratePerPoint: 1, outageHours: 1 })).toThrow(
      /points must be a positive number/,
    );
  });

  it('formats bytes for people', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GiB');
  });
});

describe('runSizingCli', () => {
  const run = (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = runSizingCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('prints the sizing, or JSON', () => {
    const text = run(['--points', '48', '--rate-per-point', '1', '--hours', '72']);
    expect(text.code).toBe(0);
    expect(text.out).toContain('12,441,600 readings');
    const json = run(['--points', '48', '--rate-per-point', '1', '--hours', '72', '--json']);
    expect(JSON.parse(json.out).maxBytes).toBe(
      sizeOutbox({ points: 48, ratePerPoint: 1, outageHours: 72 }).maxBytes,
    );
  });

  it('exits 2 with the usage on bad arguments', () => {
    const missing = run(['--points', '48', '--hours', '1']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('exactly one of ratePerPoint');
    expect(missing.err).toContain('usage: firecode-outbox-size');
    expect(run(['--points', 'many', '--rate-per-point', '1', '--hours', '1']).err).toContain(
      '--points must be a number',
    );
    expect(run(['--bogus']).code).toBe(2);
  });
});
