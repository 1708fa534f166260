/** The pure collection rules (electron/rules/collection-kpi.ts), each case worked out by hand. */
import { describe, expect, it } from 'vitest';
import { collectionRateBp, dso, dunningLevel, fillInstalments, instalmentStatus, periodsOf, promiseStatus, weekOf } from '../../electron/rules/collection-kpi';

describe('collectionRateBp', () => {
  it.each([
    // numerator, denominator, bp
    [80_000, 100_000, 8_000], // 80.00%
    [1, 3, 3_333], // 33.333…% → 3333
    [2, 3, 6_667], // 66.666…% → 6667 (half up)
    [1, 8, 1_250], // 12.5% exactly
    [1, 80_000, 0], // 0.0125 bp → 0
    [1, 20_000, 1], // 0.5 bp → 1 (half up)
    [120, 100, 12_000], // receipts may exceed what was due (paid early items due in the period)
    [0, 100, 0],
    [5, 0, null], // nothing due: no rate (shown as —)
    [0, 0, null],
    [10, -5, null],
    [9_007_199_254_740_991, 9_007_199_254_740_991, 10_000], // exact on the largest safe amounts
  ])('%i / %i → %s bp', (n, d, bp) => {
    expect(collectionRateBp(n, d)).toBe(bp);
  });
});

describe('dso', () => {
  it.each([
    // closing, credit sales, days, DSO
    [300_000, 900_000, 30, 10], // 1/3 × 30
    [100_000, 300_000, 31, 10.3], // 10.333… → 10.3
    [100_000, 120_000, 31, 25.8], // 25.8333… → 25.8
    [1, 4, 1, 0.3], // 0.25 → 0.3 (half up on the tenth)
    [0, 500, 30, 0],
    [500, 0, 30, null], // no credit sales: undefined
    [500, -100, 30, null], // more returns than sales
    [1_000_000, 1_000_000, 92, 92], // a quarter
  ])('%i / %i × %i → %s', (closing, sales, days, expected) => {
    expect(dso(closing, sales, days)).toBe(expected);
  });
});

describe('dunningLevel', () => {
  const levels = [1, 31, 61, 91];
  it.each([
    [0, levels, 0],
    [1, levels, 1],
    [30, levels, 1],
    [31, levels, 2],
    [60, levels, 2],
    [61, levels, 3],
    [90, levels, 3],
    [91, levels, 4],
    [4000, levels, 4],
    [3, [5, 15], 0], // overdue but below the first threshold
    [5, [5, 15], 1],
  ])('%i days with %j → level %i', (days, t, level) => {
    expect(dunningLevel(days, t)).toBe(level);
  });
});

describe('periodsOf', () => {
  it('months, quarters and years cover the range whole', () => {
    expect(periodsOf('month', '2025-12', '2026-02')).toEqual([
      { key: '2025-12', start: '2025-12-01', end: '2025-12-31' },
      { key: '2026-01', start: '2026-01-01', end: '2026-01-31' },
      { key: '2026-02', start: '2026-02-01', end: '2026-02-28' },
    ]);
    expect(periodsOf('month', '2024-02', '2024-02')).toEqual([{ key: '2024-02', start: '2024-02-01', end: '2024-02-29' }]);
    expect(periodsOf('quarter', '2026-02', '2026-07')).toEqual([
      { key: '2026-Q1', start: '2026-01-01', end: '2026-03-31' },
      { key: '2026-Q2', start: '2026-04-01', end: '2026-06-30' },
      { key: '2026-Q3', start: '2026-07-01', end: '2026-09-30' },
    ]);
    expect(periodsOf('quarter', '2025-11', '2026-01').map((p) => p.key)).toEqual(['2025-Q4', '2026-Q1']);
    expect(periodsOf('year', '2025-06', '2026-01')).toEqual([
      { key: '2025', start: '2025-01-01', end: '2025-12-31' },
      { key: '2026', start: '2026-01-01', end: '2026-12-31' },
    ]);
  });
});

describe('weekOf', () => {
  it.each([
    ['2026-11-20', '2026-11-16', '2026-11-22'], // Friday
    ['2026-11-16', '2026-11-16', '2026-11-22'], // Monday
    ['2026-11-22', '2026-11-16', '2026-11-22'], // Sunday belongs to the week that started Monday
    ['2026-12-31', '2026-12-28', '2027-01-03'],
  ])('%s → %s … %s', (d, start, end) => {
    expect(weekOf(d)).toEqual({ start, end });
  });
});

describe('collection plans', () => {
  const plan = [
    { seq: 2, dueDate: '2026-10-31', amount: 30_000 },
    { seq: 1, dueDate: '2026-09-30', amount: 50_000 },
    { seq: 3, dueDate: '2026-12-31', amount: 20_000 },
  ];
  it.each([
    // received, filled per seq 1,2,3, excess
    [0, [0, 0, 0], 0],
    [40_000, [40_000, 0, 0], 0],
    [50_000, [50_000, 0, 0], 0],
    [65_000, [50_000, 15_000, 0], 0],
    [100_000, [50_000, 30_000, 20_000], 0],
    [104_500, [50_000, 30_000, 20_000], 4_500],
  ])('received %i fills oldest due first', (received, expected, excess) => {
    const r = fillInstalments(plan, received);
    const bySeq = [...plan].sort((a, b) => a.seq - b.seq).map((i) => r.filled.get(i));
    expect(bySeq).toEqual(expected);
    expect(r.excess).toBe(excess);
  });

  it.each([
    // due, amount, filled, asOf (Friday 2026-11-20; week ends Sunday 22nd), status
    ['2026-10-31', 100, 100, '2026-11-20', 'received'],
    ['2026-12-31', 100, 100, '2026-11-20', 'received'],
    ['2026-11-19', 100, 0, '2026-11-20', 'overdue'],
    ['2026-11-19', 100, 60, '2026-11-20', 'overdue'], // partly received but past due: chase it
    ['2026-11-20', 100, 0, '2026-11-20', 'due_this_week'], // due today is not yet overdue
    ['2026-11-22', 100, 30, '2026-11-20', 'due_this_week'],
    ['2026-11-23', 100, 30, '2026-11-20', 'partial'],
    ['2026-11-23', 100, 0, '2026-11-20', 'not_due'],
  ])('%s %i filled %i as of %s → %s', (due, amount, filled, asOf, status) => {
    expect(instalmentStatus(due, amount, filled, asOf)).toBe(status);
  });
});

describe('promiseStatus', () => {
  it.each([
    ['2026-11-30', 50_000, 0, '2026-11-20', 'pending'],
    ['2026-11-30', 50_000, 50_000, '2026-11-20', 'kept'],
    ['2026-11-30', 50_000, 49_999, '2026-11-30', 'pending'], // the promise day itself is not yet broken
    ['2026-11-30', 50_000, 49_999, '2026-12-01', 'broken'],
    ['2026-11-30', null, 0, '2026-12-01', 'broken'],
    ['2026-11-30', null, 1, '2026-12-01', 'kept'], // no amount promised: any payment keeps it
  ])('promised %s %s, paid %i, as of %s → %s', (date, amount, paid, asOf, status) => {
    expect(promiseStatus(date, amount, paid, asOf)).toBe(status);
  });
});
