/** The pure half of the aging report: grouping, derived amounts, totals and sorting (table-driven). */
import { describe, expect, it } from 'vitest';
import { type CustomerMeta, buildRows, grandTotals, sortRows } from '../../electron/services/receivables/aging-rows';
import { bucketOf } from '../../electron/services/receivables/as-of';

const customers = new Map<number, CustomerMeta>([
  [1, { id: 1, code: 'C1', name: '甲', ownerId: 10, regionId: 100 }],
  [2, { id: 2, code: 'C2', name: '乙', ownerId: 10, regionId: null }],
  [3, { id: 3, code: 'C3', name: '丙', ownerId: null, regionId: 100 }],
]);
const amounts = [
  { customerId: 1, buckets: [100, 0, 50], unapplied: 30 },
  { customerId: 2, buckets: [0, 20, 0], unapplied: 0 },
  { customerId: 3, buckets: [5, 0, 0], unapplied: 200 },
  // Not in the universe (filtered out or another rep's): ignored.
  { customerId: 4, buckets: [999, 999, 999], unapplied: 999 },
];
const groups = new Map([[10, { code: 'wang', name: '王芳' }], [100, { code: 'EC', name: '华东' }]]);

describe('buildRows', () => {
  it.each([
    ['customer', [[1, 'C1', 1, [100, 0, 50], 150, 50, 30, 120], [2, 'C2', 1, [0, 20, 0], 20, 20, 0, 20], [3, 'C3', 1, [5, 0, 0], 5, 0, 200, -195]]],
    ['rep', [[10, 'wang', 2, [100, 20, 50], 170, 70, 30, 140], [null, null, 1, [5, 0, 0], 5, 0, 200, -195]]],
    ['region', [[100, 'EC', 2, [105, 0, 50], 155, 50, 230, -75], [null, null, 1, [0, 20, 0], 20, 20, 0, 20]]],
  ] as const)('groups by %s: total = Σ buckets, overdue = total − not due, net = total − unapplied', (groupBy, want) => {
    const rows = buildRows(amounts, customers, groupBy, groups, 3);
    expect(rows.map((r) => [r.key, r.code, r.customers, r.buckets, r.total, r.overdue, r.unapplied, r.net])).toEqual(want);
    const t = grandTotals(rows, 3);
    expect(t).toEqual({ customers: 3, buckets: [105, 20, 50], total: 175, overdue: 70, unapplied: 230, net: -55 });
  });
});

describe('sortRows', () => {
  const rows = () => buildRows(amounts, customers, 'customer', groups, 3);
  it.each([
    ['total', 'desc', ['C1', 'C2', 'C3']],
    ['total', 'asc', ['C3', 'C2', 'C1']],
    ['b1', 'desc', ['C2', 'C1', 'C3']],
    ['unapplied', 'desc', ['C3', 'C1', 'C2']],
    ['net', 'asc', ['C3', 'C2', 'C1']],
    ['overdue', 'desc', ['C1', 'C2', 'C3']],
    ['code', 'desc', ['C3', 'C2', 'C1']],
    ['name', 'asc', ['C3', 'C1', 'C2']], // 丙 bǐng, 甲 jiǎ, 乙 yǐ in pinyin order
  ] as const)('by %s %s', (by, dir, want) => {
    expect(sortRows(rows(), by, dir).map((r) => r.code)).toEqual(want);
  });
});

describe('bucketOf', () => {
  it.each([
    [-400, 0], [0, 0], [1, 1], [30, 1], [31, 2], [60, 2], [61, 3], [90, 3], [91, 4], [180, 4], [181, 5], [5000, 5],
  ])('%i days past due → bucket %i with [30,60,90,180]', (d, b) => {
    expect(bucketOf(d, [30, 60, 90, 180])).toBe(b);
  });
});
