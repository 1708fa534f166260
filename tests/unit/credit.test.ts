import { describe, expect, it } from 'vitest';
import { type CreditInput, type CreditRuleCode, type CreditRules, daysPastDue, evaluateCreditRules, graceCutoff, limitInForce } from '../../electron/rules/credit';

const D = '2026-11-20';
const rules = (r: Partial<CreditRules> = {}): CreditRules => ({ limit: 100_000_00, graceDays: 30, overdueAmountThreshold: null, hold: false, ...r });
const input = (i: Partial<CreditInput> = {}): CreditInput => ({ date: D, openReceivables: 0, openOrders: 0, thisOrder: 0, overdueTotal: 0, overdueBeyondGrace: [], ...i });
/** An item overdue by `days` on D, included only when beyond grace (the caller's query does that). */
const item = (id: number, dueDate: string, balance: number) => ({ id, number: `AR-${id}`, dueDate, balance });

describe('credit rules: decision and fired rules', () => {
  it.each<[string, Partial<CreditRules>, Partial<CreditInput>, CreditRuleCode[]]>([
    // label, rules, input, rules expected to fire (empty = pass)
    ['nothing open', {}, {}, []],
    ['exposure equal to the limit passes', { limit: 1000_00 }, { openReceivables: 400_00, openOrders: 300_00, thisOrder: 300_00 }, []],
    ['one 分 over the limit blocks', { limit: 1000_00 }, { openReceivables: 400_00, openOrders: 300_00, thisOrder: 300_01 }, ['over_limit']],
    ['one 分 under the limit passes', { limit: 1000_00 }, { thisOrder: 999_99 }, []],
    ['receivables alone over the limit', { limit: 500 }, { openReceivables: 501 }, ['over_limit']],
    ['open orders alone over the limit', { limit: 500 }, { openOrders: 501 }, ['over_limit']],
    ['zero limit, zero exposure passes', { limit: 0 }, {}, []],
    ['zero limit, one 分 blocks', { limit: 0 }, { thisOrder: 1 }, ['over_limit']],
    ['temporary limit raises the limit on a day before expiry', { limit: 100, tempLimit: 1000, tempExpires: '2026-11-30' }, { thisOrder: 1000 }, []],
    ['temporary limit valid on its expiry date', { limit: 100, tempLimit: 1000, tempExpires: D }, { thisOrder: 1000 }, []],
    ['temporary limit gone the day after its expiry', { limit: 100, tempLimit: 1000, tempExpires: '2026-11-19' }, { thisOrder: 1000 }, ['over_limit']],
    ['temporary limit: one 分 over it blocks on its expiry date', { limit: 100, tempLimit: 1000, tempExpires: D }, { thisOrder: 1001 }, ['over_limit']],
    ['temporary limit below the standing one applies while valid', { limit: 1000, tempLimit: 100, tempExpires: D }, { thisOrder: 101 }, ['over_limit']],
    ['temporary limit without expiry is ignored', { limit: 100, tempLimit: 1000, tempExpires: null }, { thisOrder: 101 }, ['over_limit']],
    ['temporary zero limit blocks any exposure while valid', { limit: 1000, tempLimit: 0, tempExpires: D }, { thisOrder: 1 }, ['over_limit']],
    ['on hold blocks even with room', { hold: true }, {}, ['on_hold']],
    ['on hold and over the limit', { hold: true, limit: 0 }, { thisOrder: 1 }, ['on_hold', 'over_limit'].sort() as CreditRuleCode[]],
    ['an item beyond grace blocks', {}, { overdueTotal: 5000, overdueBeyondGrace: [item(1, '2026-10-20', 5000)] }, ['overdue_beyond_grace']],
    ['overdue within grace alone does not block', {}, { overdueTotal: 5000 }, []],
    ['threshold: overdue equal to it passes', { overdueAmountThreshold: 10_000 }, { overdueTotal: 10_000 }, []],
    ['threshold: one 分 above it blocks', { overdueAmountThreshold: 10_000 }, { overdueTotal: 10_001 }, ['overdue_amount_over_threshold']],
    ['threshold zero: any overdue blocks', { overdueAmountThreshold: 0 }, { overdueTotal: 1 }, ['overdue_amount_over_threshold']],
    ['threshold zero: nothing overdue passes', { overdueAmountThreshold: 0 }, { overdueTotal: 0 }, []],
    ['threshold off (null) never fires', { overdueAmountThreshold: null }, { overdueTotal: 10 ** 12 }, []],
    [
      'every rule at once',
      { limit: 0, hold: true, overdueAmountThreshold: 0 },
      { openReceivables: 9, overdueTotal: 9, overdueBeyondGrace: [item(1, '2026-01-01', 9)] },
      ['on_hold', 'over_limit', 'overdue_amount_over_threshold', 'overdue_beyond_grace'],
    ],
    ['count beyond grace without a listed sample still fires', {}, { overdueBeyondGrace: [], overdueBeyondGraceCount: 3, overdueBeyondGraceTotal: 300 }, ['overdue_beyond_grace']],
  ])('%s', (_label, r, i, fired) => {
    const out = evaluateCreditRules(rules(r), input(i));
    expect([...out.fired].sort()).toEqual([...fired].sort());
    expect(out.decision).toBe(fired.length ? 'block' : 'pass');
  });
});

describe('credit rules: grace days (days past due = date − due date > grace days)', () => {
  it.each<[string, number, string, boolean]>([
    // label, grace days, due date, beyond grace on D
    ['exactly at 30 grace days is not beyond', 30, '2026-10-21', false],
    ['one day beyond 30 grace days', 30, '2026-10-20', true],
    ['due today, grace 0: not overdue yet', 0, D, false],
    ['due yesterday, grace 0: beyond', 0, '2026-11-19', true],
    ['across a month end (31 days in October)', 31, '2026-10-20', false],
    ['across a leap day', 30, '2024-02-29', true],
  ])('%s', (_label, grace, due, beyond) => {
    expect(daysPastDue(D, due) > grace).toBe(beyond);
    // The caller's SQL: due_date < cutoff.
    expect(due < graceCutoff(D, grace)).toBe(beyond);
  });
});

describe('credit rules: the trace', () => {
  it('carries the limit in force, every component, available and every rule with its numbers', () => {
    const out = evaluateCreditRules(
      rules({ limit: 1000, tempLimit: 5000, tempExpires: D, overdueAmountThreshold: 100 }),
      input({ openReceivables: 2000, openOrders: 1500, thisOrder: 1600, overdueTotal: 150, overdueBeyondGrace: [item(7, '2026-09-01', 120)] }),
    );
    expect(out.trace.limit).toEqual({ inForce: 5000, source: 'temporary', standing: 1000, temporary: 5000, temporaryExpires: D, temporaryValid: true });
    expect(out.trace.exposure).toEqual({ openReceivables: 2000, openOrders: 1500, thisOrder: 1600, total: 5100 });
    expect(out.trace.available).toBe(-100);
    expect(out.trace.rules.map((r) => r.rule)).toEqual(['over_limit', 'on_hold', 'overdue_beyond_grace', 'overdue_amount_over_threshold']);
    expect(out.trace.rules[0]).toEqual({ rule: 'over_limit', fired: true, detail: { exposure: 5100, limit: 5000, excess: 100 } });
    expect(out.trace.rules[1]).toMatchObject({ rule: 'on_hold', fired: false });
    expect(out.trace.rules[2]).toEqual({
      rule: 'overdue_beyond_grace',
      fired: true,
      detail: { graceDays: 30, items: 1, amount: 120, oldestDueDate: '2026-09-01', maxDaysPastDue: 80 },
    });
    expect(out.trace.rules[3]).toEqual({ rule: 'overdue_amount_over_threshold', fired: true, detail: { overdueTotal: 150, threshold: 100 } });
    expect(out.trace.overdue).toMatchObject({ total: 150, graceDays: 30, beyondGraceCount: 1, beyondGraceTotal: 120 });
    expect(out.trace.overdue.items).toEqual([item(7, '2026-09-01', 120)]);
  });

  it('falls back to the standing limit once the temporary one has expired, and says so', () => {
    expect(limitInForce(rules({ limit: 1000, tempLimit: 5000, tempExpires: '2026-11-19' }), D)).toEqual({
      inForce: 1000,
      source: 'standing',
      standing: 1000,
      temporary: 5000,
      temporaryExpires: '2026-11-19',
      temporaryValid: false,
    });
  });

  it('a pass still lists every rule, none fired', () => {
    const out = evaluateCreditRules(rules(), input({ thisOrder: 10 }));
    expect(out.trace.rules.every((r) => !r.fired)).toBe(true);
    expect(out.trace.rules).toHaveLength(4);
    expect(out.trace.available).toBe(100_000_00 - 10);
  });

  it('is JSON-serialisable (stored in credit_overrides.trace)', () => {
    const out = evaluateCreditRules(rules({ hold: true }), input({ overdueBeyondGrace: [item(1, '2026-01-01', 1)] }));
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });
});
