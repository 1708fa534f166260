/** The pure allocation rules: FIFO planner and small-difference planner, table-driven. */
import { describe, expect, it } from 'vitest';
import { type OpenItem, planFifo, planSmallDifferences } from '../../electron/rules/allocation';

const item = (id: number, dueDate: string, balance: number, date = '2026-01-01'): OpenItem => ({ id, date, dueDate, balance });

describe('planFifo', () => {
  const cases: { name: string; items: OpenItem[]; available: number; want: [number, number][] }[] = [
    { name: 'nothing available', items: [item(1, '2026-02-01', 100)], available: 0, want: [] },
    { name: 'no items', items: [], available: 500, want: [] },
    { name: 'exact cover', items: [item(1, '2026-02-01', 100), item(2, '2026-03-01', 200)], available: 300, want: [[1, 100], [2, 200]] },
    { name: 'partial last', items: [item(1, '2026-02-01', 100), item(2, '2026-03-01', 200)], available: 150, want: [[1, 100], [2, 50]] },
    { name: 'more than open', items: [item(1, '2026-02-01', 100)], available: 1_000, want: [[1, 100]] },
    { name: 'due date first, not id', items: [item(1, '2026-05-01', 100), item(2, '2026-03-01', 100)], available: 150, want: [[2, 100], [1, 50]] },
    {
      name: 'same due: document date, then id',
      items: [item(3, '2026-03-01', 10, '2026-01-05'), item(2, '2026-03-01', 10, '2026-01-05'), item(1, '2026-03-01', 10, '2026-01-09')],
      available: 25,
      want: [[2, 10], [3, 10], [1, 5]],
    },
    { name: 'skips empty items', items: [item(1, '2026-01-01', 0), item(2, '2026-02-01', 70)], available: 100, want: [[2, 70]] },
    { name: 'one 分', items: [item(1, '2026-01-01', 1), item(2, '2026-02-01', 1)], available: 1, want: [[1, 1]] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const plan = planFifo(c.items, c.available);
      expect(plan.map((l) => [l.receivableId, l.amount])).toEqual(c.want);
      expect(plan.reduce((a, l) => a + l.amount, 0)).toBeLessThanOrEqual(c.available);
    });
  }
  it('does not reorder its input', () => {
    const items = [item(1, '2026-05-01', 1), item(2, '2026-01-01', 1)];
    planFifo(items, 2);
    expect(items.map((i) => i.id)).toEqual([1, 2]);
  });
});

describe('planSmallDifferences', () => {
  const cases: { name: string; touched: { receivableId: number; remainder: number }[]; tolerance: number; want: ReturnType<typeof planSmallDifferences> }[] = [
    { name: 'all settled', touched: [{ receivableId: 1, remainder: 0 }], tolerance: 100, want: { ok: true, writeOffs: [] } },
    { name: '¥0.30 short', touched: [{ receivableId: 1, remainder: 30 }], tolerance: 100, want: { ok: true, writeOffs: [{ receivableId: 1, amount: 30 }] } },
    { name: 'exactly the tolerance', touched: [{ receivableId: 1, remainder: 100 }], tolerance: 100, want: { ok: true, writeOffs: [{ receivableId: 1, amount: 100 }] } },
    { name: 'one 分 over', touched: [{ receivableId: 1, remainder: 30 }, { receivableId: 2, remainder: 101 }], tolerance: 100, want: { ok: false, receivableId: 2, remainder: 101 } },
    { name: 'tolerance 0 = off', touched: [{ receivableId: 1, remainder: 1 }], tolerance: 0, want: { ok: false, receivableId: 1, remainder: 1 } },
  ];
  for (const c of cases) it(c.name, () => expect(planSmallDifferences(c.touched, c.tolerance)).toEqual(c.want));
});
