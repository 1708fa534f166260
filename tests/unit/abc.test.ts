import { describe, expect, it } from 'vitest';
import { type AbcCustomer, type Grade, gradeCustomers, trailingYear } from '../../electron/rules/abc';

const T = { a: 7_000, b: 9_000 };
const c = (code: string, sales: number, manualGrade: Grade | null = null, id = Number(code.replace(/\D/g, '')) || 1): AbcCustomer => ({ id, code, sales, manualGrade });
const grades = (customers: AbcCustomer[], thresholds = T) =>
  Object.fromEntries(gradeCustomers(customers, thresholds).results.map((r) => [r.code, r.grade]));

describe('ABC grading', () => {
  it.each<[string, AbcCustomer[], Record<string, Grade>]>([
    ['one customer with sales is A (nobody above holds anything)', [c('C1', 100)], { C1: 'A' }],
    ['the classic 10 customers', [c('C01', 500), c('C02', 200), c('C03', 100), c('C04', 80), c('C05', 50), c('C06', 30), c('C07', 20), c('C08', 10), c('C09', 5), c('C10', 5)],
      // total 1000; above: 0, 500, 700, 800, 880, 930, 960, 980, 990, 995
      { C01: 'A', C02: 'A', C03: 'B', C04: 'B', C05: 'B', C06: 'C', C07: 'C', C08: 'C', C09: 'C', C10: 'C' }],
    ['above exactly at 70% is B, not A (strictly less)', [c('C1', 70), c('C2', 20), c('C3', 10)], { C1: 'A', C2: 'B', C3: 'C' }],
    ['above just under 70% is A', [c('C1', 699), c('C2', 200), c('C3', 101)], { C1: 'A', C2: 'A', C3: 'B' }],
    ['above exactly at 90% is C', [c('C1', 90), c('C2', 10)], { C1: 'A', C2: 'C' }],
    ['above just under 90% is B', [c('C1', 899), c('C2', 101)], { C1: 'A', C2: 'B' }],
    ['ties by code: the lower code ranks first', [c('C2', 50), c('C1', 50)], { C1: 'A', C2: 'A' }],
    ['ties decide the grade across a threshold', [c('Q1', 60), c('Q3', 15), c('Q2', 15), c('Q4', 10)], { Q1: 'A', Q2: 'A', Q3: 'B', Q4: 'C' }],
    ['tie across the A boundary', [c('X2', 40), c('X1', 40), c('X3', 20)], { X1: 'A', X2: 'A', X3: 'B' }],
    ['no sales is C', [c('C1', 100), c('C2', 0)], { C1: 'A', C2: 'C' }],
    ['a net return (negative) is C and does not reduce the total', [c('C1', 100), c('C2', -50), c('C3', 100)], { C1: 'A', C3: 'A', C2: 'C' }],
    ['nobody has sales: all C', [c('C1', 0), c('C2', 0)], { C1: 'C', C2: 'C' }],
    ['manual grade wins over computed A', [c('C1', 100, 'C'), c('C2', 1)], { C1: 'C', C2: 'C' }],
    ['manual grade wins for a customer without sales', [c('C1', 100), c('C2', 0, 'A')], { C1: 'A', C2: 'A' }],
    ['empty input', [], {}],
  ])('%s', (_label, customers, expected) => {
    expect(grades(customers)).toEqual(expected);
  });

  it.each<[number, number, Record<string, Grade>]>([
    // thresholds (a, b) over sales 60/30/10 → above 0, 60, 90
    [6_000, 9_000, { P1: 'A', P2: 'B', P3: 'C' }],
    [6_001, 9_000, { P1: 'A', P2: 'A', P3: 'C' }],
    [5_000, 9_001, { P1: 'A', P2: 'B', P3: 'B' }],
    [0, 1, { P1: 'B', P2: 'C', P3: 'C' }],
    [9_999, 10_000, { P1: 'A', P2: 'A', P3: 'A' }],
  ])('thresholds a=%i b=%i', (a, b, expected) => {
    expect(grades([c('P1', 60), c('P2', 30), c('P3', 10)], { a, b })).toEqual(expected);
  });

  it('reports rank, share above, cumulative share and marks manual grades', () => {
    const out = gradeCustomers([c('C3', 10), c('C1', 60, 'B'), c('C2', 30)], T);
    expect(out.total).toBe(100);
    expect(out.results.map((r) => [r.code, r.rank, r.above, r.shareAboveBp, r.cumulativeBp, r.computed, r.grade, r.manual])).toEqual([
      ['C1', 1, 0, 0, 6_000, 'A', 'B', true],
      ['C2', 2, 60, 6_000, 9_000, 'A', 'A', false],
      ['C3', 3, 90, 9_000, 10_000, 'C', 'C', false],
    ]);
  });

  it('compares exactly with totals far beyond 2^53 / 10000', () => {
    const big = 4_000_000_000_000_000; // 4e15 分: ×10000 overflows doubles
    const out = gradeCustomers([c('C1', big * 0.7 - 1), c('C2', big * 0.3 + 1)], T);
    expect(out.results.map((r) => r.computed)).toEqual(['A', 'A']);
  });

  it.each([
    ['2026-11-20', '2025-11-21'],
    ['2026-01-01', '2025-01-02'],
    ['2026-12-31', '2026-01-01'],
    ['2024-02-29', '2023-03-01'],
    ['2025-02-28', '2024-02-29'],
  ])('trailing year ending %s starts %s', (asOf, from) => {
    expect(trailingYear(asOf)).toEqual({ from, to: asOf });
  });
});
