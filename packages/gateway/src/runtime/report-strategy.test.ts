import { GOOD, type Reading, ReadingColumns } from '@firecode/schema';
import { describe, expect, it } from 'vitest';
import { ReportFilter, type ReportPolicy } from './report-strategy.js';

const at = (time: number, value: number | null, quality: Reading['quality'] = GOOD): Reading => ({
  point: 'p1',
  time,
  value,
  quality,
});

function reported(policy: ReportPolicy, readings: Reading[]): number[] {
  const filter = new ReportFilter(() => policy);
  return filter.filter(readings).map((r) => r.time);
}

describe('ReportFilter', () => {
  it('on-change sends the first value and then only changes', () => {
    expect(reported({ strategy: 'on-change' }, [at(0, 1), at(1, 1), at(2, 2), at(3, 2), at(4, 1)])).toEqual([
      0, 2, 4,
    ]);
  });

  it('deadband ignores changes smaller than the band, measured from the last reported value', () => {
    const readings = [at(0, 100), at(1, 100.4), at(2, 100.8), at(3, 101.2), at(4, 100.5)];
    expect(reported({ strategy: 'deadband', deadband: 1 }, readings)).toEqual([0, 3]);
  });

  it('period sends at most once per period', () => {
    const readings = [at(0, 1), at(500, 2), at(1000, 3), at(1500, 4), at(2100, 5)];
    expect(reported({ strategy: 'period', periodMs: 1000 }, readings)).toEqual([0, 1000, 2100]);
  });

  it('on-change-or-period sends changes and unchanged values once the period is due', () => {
    const readings = [at(0, 1), at(400, 1), at(600, 2), at(1200, 2), at(1700, 2)];
    expect(reported({ strategy: 'on-change-or-period', periodMs: 1000 }, readings)).toEqual([0, 600, 1700]);
  });

  it('a heartbeat bounds the silence of an unchanged point', () => {
    const readings = [at(0, 1), at(1000, 1), at(5000, 1), at(5500, 1)];
    expect(reported({ strategy: 'on-change', heartbeatMs: 5000 }, readings)).toEqual([0, 5000]);
  });

  it('a change of quality is always reported, even inside the deadband', () => {
    const bad = { level: 'bad', reason: 'communication-failure' } as const;
    const readings = [at(0, 1), at(1, null, bad), at(2, null, bad), at(3, 1)];
    expect(reported({ strategy: 'deadband', deadband: 10 }, readings)).toEqual([0, 1, 3]);
  });

  it('forget() makes the next value of a point go out', () => {
    const filter = new ReportFilter(() => ({ strategy: 'on-change' }));
    filter.filter([at(0, 1)]);
    filter.forget('p1');
    expect(filter.filter([at(1, 1)])).toHaveLength(1);
  });

  it('heartbeatMs 0 means no heartbeat (how the configuration switches it off)', () => {
    const readings = [at(0, 1), at(1000, 1), at(5000, 1)];
    expect(reported({ strategy: 'on-change', heartbeatMs: 0 }, readings)).toEqual([0]);
  });

  it('resolves a point’s policy once, and again after forget() (a reload)', () => {
    let resolved = 0;
    const filter = new ReportFilter(() => {
      resolved++;
      return { strategy: 'on-change' };
    });
    filter.filter([at(0, 1), at(1, 2), at(2, 3)]);
    expect(resolved).toBe(1);
    filter.forget();
    filter.filter([at(3, 3), at(4, 4)]);
    expect(resolved).toBe(2);
  });

  it('reportTo decides on the reused columns of a poller as filter does, and forget() resets it', () => {
    const filter = new ReportFilter(() => ({ strategy: 'on-change' }));
    const poll = new ReadingColumns();
    const kept: string[] = [];
    const into = {
      addRow: (columns: ReadingColumns, row: number) =>
        kept.push(`${columns.pointAt(row)}=${columns.valueAt(row)}`),
    };
    const pollWith = (values: [string, number | null][]) => {
      poll.clear();
      for (const [point, value] of values) poll.push(point, 1, value, GOOD);
      return filter.reportTo(poll, into);
    };
    expect(
      pollWith([
        ['a', 1],
        ['b', 2],
      ]),
    ).toBe(2);
    expect(
      pollWith([
        ['a', 1],
        ['b', 3],
      ]),
    ).toBe(1);
    // Another layout in the same columns (a reload): rows are matched by point, not by position.
    expect(
      pollWith([
        ['b', 3],
        ['a', 1],
        ['c', null],
      ]),
    ).toBe(1);
    expect(
      pollWith([
        ['b', 3],
        ['a', 1],
        ['c', null],
      ]),
    ).toBe(0);
    filter.forget('a');
    expect(
      pollWith([
        ['b', 3],
        ['a', 1],
        ['c', null],
      ]),
    ).toBe(1);
    expect(kept).toEqual(['a=1', 'b=2', 'b=3', 'c=null', 'a=1']);
  });
});
