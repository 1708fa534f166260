import { describe, expect, it } from 'vitest';
import { checkPrice } from '../../electron/rules/price-authority';
import { type CandidateList, overlaps, type PriceItem, quote } from '../../electron/rules/pricing';

const item = (id: number, minQty: number, price: number, validFrom: string | null = null, validTo: string | null = null): PriceItem => ({
  id,
  minQty,
  price,
  validFrom,
  validTo,
});
const list = (id: number, kind: CandidateList['kind'], items: PriceItem[], active = true): CandidateList => ({ id, name: `${kind}-${id}`, kind, active, items });

const base = list(1, 'base', [item(10, 1, 1000), item(11, 10, 950), item(12, 100, 900)]);
const channel = list(2, 'channel', [item(20, 1, 980)]);
const grade = list(3, 'grade', [item(30, 1, 970, '2026-01-01', '2026-06-30'), item(31, 50, 930, '2026-01-01', '2026-12-31')]);
const customer = list(4, 'customer', [item(40, 20, 920, '2026-03-01', '2026-03-31')]);

describe('pricing.quote', () => {
  it.each<[string, CandidateList[], number, string, number | null, number | null]>([
    // label, lists, quantity, date, expected price, expected item
    ['base only, quantity 1', [base], 1, '2026-05-01', 1000, 10],
    ['base, just below the 10 break', [base], 9, '2026-05-01', 1000, 10],
    ['base, exactly at the 10 break', [base], 10, '2026-05-01', 950, 11],
    ['base, between breaks', [base], 99, '2026-05-01', 950, 11],
    ['base, exactly at the 100 break', [base], 100, '2026-05-01', 900, 12],
    ['base, far above the top break', [base], 1e6, '2026-05-01', 900, 12],
    ['quantity below every minimum', [list(1, 'base', [item(10, 5, 1000)])], 4, '2026-05-01', null, null],
    ['fractional quantity below a break', [base], 9.999, '2026-05-01', 1000, 10],
    ['channel beats base', [base, channel], 100, '2026-05-01', 980, 20],
    ['grade beats channel', [base, channel, grade], 1, '2026-05-01', 970, 30],
    ['grade item valid on its first day', [grade, base], 1, '2026-01-01', 970, 30],
    ['grade item valid on its last day', [grade, base], 1, '2026-06-30', 970, 30],
    ['grade item expired the day after: the 50 break is not reached, falls to base', [grade, base], 1, '2026-07-01', 1000, 10],
    ['grade 50 break still valid after the 1 break expired', [grade, base], 50, '2026-07-01', 930, 31],
    ['grade list not yet valid the day before', [grade, base], 1, '2025-12-31', 1000, 10],
    ['customer beats grade inside its window', [base, grade, customer], 20, '2026-03-15', 920, 40],
    ['customer below its minimum falls to grade', [base, grade, customer], 19, '2026-03-15', 970, 30],
    ['customer outside its window falls to grade', [base, grade, customer], 20, '2026-04-01', 970, 30],
    ['customer valid on the last day of its window', [customer, base], 20, '2026-03-31', 920, 40],
    ['inactive customer list is skipped', [list(4, 'customer', [item(40, 1, 500)], false), base], 1, '2026-05-01', 1000, 10],
    ['order of loading does not matter', [customer, channel, base, grade], 50, '2026-03-10', 920, 40],
    ['no lists at all', [], 1, '2026-05-01', null, null],
    ['open-ended validity from', [list(1, 'base', [item(10, 1, 800, null, '2026-12-31')])], 1, '1999-01-01', 800, 10],
    ['open-ended validity to', [list(1, 'base', [item(10, 1, 800, '2026-01-01', null)])], 1, '2999-01-01', 800, 10],
    ['zero minimum quantity accepted', [list(1, 'base', [item(10, 0, 700)])], 0.5, '2026-05-01', 700, 10],
  ])('%s', (_label, lists, quantity, date, price, itemId) => {
    const r = quote(lists, { quantity, date });
    if (price === null) {
      expect(r.decision.found).toBe(false);
    } else {
      expect(r.decision).toMatchObject({ found: true, price, itemId });
    }
  });

  it('explains every list and item it looked at', () => {
    const r = quote([base, grade, customer], { quantity: 20, date: '2026-04-01' });
    expect(r.trace.map((t) => [t.kind, t.outcome])).toEqual([
      ['customer', 'no_valid_item'],
      ['grade', 'used'],
      ['base', 'not_needed'],
    ]);
    expect(r.trace[0]?.items).toEqual([expect.objectContaining({ itemId: 40, outcome: 'expired' })]);
    expect(r.trace[1]?.items.map((i) => [i.itemId, i.outcome])).toEqual([
      [31, 'quantity_below_minimum'],
      [30, 'taken'],
    ]);
    const lower = quote([base], { quantity: 150, date: '2026-01-01' });
    expect(lower.trace[0]?.items.map((i) => i.outcome)).toEqual(['taken', 'lower_break', 'lower_break']);
  });

  it.each([
    [{ validFrom: '2026-01-01', validTo: '2026-01-31' }, { validFrom: '2026-01-31', validTo: '2026-02-28' }, true],
    [{ validFrom: '2026-01-01', validTo: '2026-01-31' }, { validFrom: '2026-02-01', validTo: '2026-02-28' }, false],
    [{ validFrom: null, validTo: null }, { validFrom: '2026-02-01', validTo: '2026-02-28' }, true],
    [{ validFrom: null, validTo: '2025-12-31' }, { validFrom: '2026-01-01', validTo: null }, false],
  ])('overlap %j %j → %s', (a, b, expected) => {
    expect(overlaps(a, b)).toBe(expected);
    expect(overlaps(b, a)).toBe(expected);
  });
});

describe('discount authority and floor', () => {
  it.each([
    ['no discount', 1000, 1000, 600, 500, []],
    ['exactly at a 5% authority', 1000, 950, 600, 500, []],
    ['one 分 beyond a 5% authority', 1000, 949, 600, 500, ['discount_above_authority']],
    ['at the floor', 1000, 950, 950, 500, []],
    ['one 分 below the floor', 1000, 951, 952, 1000, ['below_floor']],
    ['both rules', 1000, 500, 600, 500, ['discount_above_authority', 'below_floor']],
    ['a mark-up is never a discount', 1000, 1200, 600, 0, []],
    ['free resolved price', 0, 0, 0, 0, []],
  ])('%s', (_label, resolvedPrice, netPrice, floorPrice, authorityBp, fired) => {
    const r = checkPrice({ resolvedPrice, netPrice, floorPrice, authorityBp });
    expect(r.fired).toEqual(fired);
    expect(r.decision).toBe(fired.length ? 'needs_approval' : 'allowed');
  });
});
