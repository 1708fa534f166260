/**
 * Statement math (electron/services/receivables/statement-data.ts): a worked example with every
 * kind of line, and the identity on random ledgers —
 *   closing = opening + debits − credits = Σ open items as of `to` − Σ unapplied credits as of `to`
 * — with consecutive periods chaining (one period's closing is the next one's opening).
 */
import fc from 'fast-check';
import { addDays } from '../../shared/dates';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../electron/db/transaction';
import { openCreditsAsOf, openItemsAsOf } from '../../electron/services/receivables/as-of';
import { insertReceipt, insertWriteOff, postAllocations, reverseAllocations } from '../../electron/services/receivables/ledger';
import { loadStatement, previousDay } from '../../electron/services/receivables/statement-data';

import { createTestApp, type TestApp } from '../helpers/app';
import { seedCustomer, seedReceivable } from '../helpers/receivables-seed';

const NOW = '2026-11-22T00:00:00.000Z';
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
  await app.setup();
});
afterAll(async () => app.dispose());

const db = () => app.workspace.current().db;
const sqlite = () => app.workspace.current().sqlite;
const header = (id: number) => ({ id, code: `S${id}`, name: `客户 ${id}`, address: null, contact: null, phone: null });
const statement = (customerId: number, from: string, to: string) =>
  loadStatement(db(), { customer: header(customerId), from, to, companyName: '测试', currency: 'CNY', agingBuckets: [30, 60, 90, 180], generatedAt: NOW });

/** Reverses a receipt the way the receipts service does: its allocations, then the receipt itself. */
async function reverseReceipt(receiptId: number, on: string) {
  await inTransaction(db(), async (trx) => {
    await reverseAllocations(trx, { receiptId }, on, NOW);
    await trx.updateTable('receipts').set({ status: 'reversed', reversed_on: on, unallocated: 0, reverse_reason: '退票' }).where('id', '=', receiptId).execute();
  });
}
async function reverseWriteOff(writeOffId: number, on: string) {
  await inTransaction(db(), async (trx) => {
    await reverseAllocations(trx, { writeOffId }, on, NOW);
    await trx.updateTable('write_offs').set({ reversed_on: on, reverse_reason: '追回' }).where('id', '=', writeOffId).execute();
  });
}
const receipt = (customerId: number, date: string, amount: number) =>
  inTransaction(db(), (trx) => insertReceipt(trx, { customerId, date, amount, method: 'bank_transfer', reference: `REF-${date}`, userId: null, now: NOW }));
const allocate = (customerId: number, kind: 'receipt' | 'credit_note', id: number, lines: { receivableId: number; amount: number }[]) =>
  inTransaction(db(), (trx) => postAllocations(trx, { customerId, source: { kind, id }, lines, userId: null, now: NOW, allowSourceBeforeItem: false }));

describe('statement of account', () => {
  it('states opening balance, every kind of line with a running balance, totals, closing balance and aging', async () => {
    const c = seedCustomer(sqlite(), { code: 'ST-1' });
    const open = seedReceivable(sqlite(), { customerId: c, kind: 'opening', amount: 50_000, date: '2025-12-31', dueDate: '2026-01-31', externalRef: 'U8-0099' });
    const inv1 = seedReceivable(sqlite(), { customerId: c, amount: 120_000, date: '2026-02-03', dueDate: '2026-03-05' });
    const inv2 = seedReceivable(sqlite(), { customerId: c, amount: 80_000, date: '2026-03-10', dueDate: '2026-04-09' });
    const cn = seedReceivable(sqlite(), { customerId: c, kind: 'credit_note', amount: 10_000, date: '2026-03-12', dueDate: '2026-03-12' });
    const r1 = await receipt(c, '2026-01-20', 50_000);
    await allocate(c, 'receipt', r1.id, [{ receivableId: open.id, amount: 50_000 }]);
    const r2 = await receipt(c, '2026-02-20', 100_000);
    await allocate(c, 'receipt', r2.id, [{ receivableId: inv1.id, amount: 100_000 }]);
    await allocate(c, 'credit_note', cn.id, [{ receivableId: inv2.id, amount: 10_000 }]);
    const wo = await inTransaction(db(), (trx) =>
      insertWriteOff(trx, { customerId: c, receivableId: inv1.id, kind: 'bad_debt', date: '2026-03-15', amount: 20_000, reason: '无法收回', userId: null, now: NOW }),
    );
    await reverseWriteOff(wo.id, '2026-03-20');
    await reverseReceipt(r2.id, '2026-03-25');

    const s = await statement(c, '2026-02-01', '2026-03-31');
    // Before Feb: the opening item (+500.00) and the January receipt (−500.00).
    expect(s.openingBalance).toBe(0);
    expect(s.lines.map((l) => [l.date, l.kind, l.debit, l.credit, l.balance])).toEqual([
      ['2026-02-03', 'invoice', 120_000, 0, 120_000],
      ['2026-02-20', 'receipt', 0, 100_000, 20_000],
      ['2026-03-10', 'invoice', 80_000, 0, 100_000],
      ['2026-03-12', 'credit_note', 0, 10_000, 90_000],
      ['2026-03-15', 'write_off', 0, 20_000, 70_000],
      ['2026-03-20', 'write_off_reversal', 20_000, 0, 90_000],
      ['2026-03-25', 'receipt_reversal', 100_000, 0, 190_000],
    ]);
    expect(s.lines[1]?.memo).toBe('REF-2026-02-20');
    expect(s.lines[4]?.memo).toBe('无法收回');
    expect(s.totals).toEqual({ debit: 320_000, credit: 130_000, invoiced: 200_000, received: 0, credited: 10_000, writtenOff: 0 });
    expect(s.closingBalance).toBe(190_000);
    // As of 03-31: inv1 120,000 is 26 days past due (1–30), inv2 70,000 not yet due.
    expect(s.aging.buckets).toEqual([70_000, 120_000, 0, 0, 0, 0]);
    expect(s.aging.openItems).toBe(190_000);
    expect(s.aging.unappliedCredits).toBe(0);

    // The January statement shows the opening item and its payment; its closing is February's opening.
    const jan = await statement(c, '2025-12-01', '2026-01-31');
    expect(jan.lines.map((l) => [l.kind, l.memo])).toEqual([['opening', 'U8-0099'], ['receipt', 'REF-2026-01-20']]);
    expect(jan.closingBalance).toBe(s.openingBalance);
  });

  it('a period with no movement states the balance brought forward; a reversed period is refused', async () => {
    const c = seedCustomer(sqlite(), { code: 'ST-2' });
    seedReceivable(sqlite(), { customerId: c, amount: 33_333, date: '2026-01-05', dueDate: '2026-02-04' });
    const s = await statement(c, '2026-06-01', '2026-06-30');
    expect(s.lines).toEqual([]);
    expect([s.openingBalance, s.closingBalance]).toEqual([33_333, 33_333]);
    expect(s.aging.buckets).toEqual([0, 0, 0, 0, 33_333, 0]);
    await expect(statement(c, '2026-06-30', '2026-06-01')).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  // ── property: the identity on random ledgers ───────────────────────────────────────────
  type Op =
    | { t: 'invoice'; day: number; amount: number; terms: number; opening: boolean }
    | { t: 'credit'; day: number; amount: number; apply: boolean }
    | { t: 'receipt'; day: number; amount: number; allocate: boolean }
    | { t: 'reverseReceipt'; pick: number; after: number }
    | { t: 'unallocate'; pick: number; after: number }
    | { t: 'writeOff'; pick: number; after: number; part: number }
    | { t: 'reverseWriteOff'; pick: number; after: number };
  const day = fc.integer({ min: 0, max: 300 });
  const amount = fc.integer({ min: 1, max: 500_000 });
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ t: fc.constant('invoice' as const), day, amount, terms: fc.integer({ min: 0, max: 90 }), opening: fc.boolean() }),
    fc.record({ t: fc.constant('credit' as const), day, amount, apply: fc.boolean() }),
    fc.record({ t: fc.constant('receipt' as const), day, amount, allocate: fc.boolean() }),
    fc.record({ t: fc.constant('reverseReceipt' as const), pick: fc.nat(), after: fc.integer({ min: 0, max: 60 }) }),
    fc.record({ t: fc.constant('unallocate' as const), pick: fc.nat(), after: fc.integer({ min: 0, max: 60 }) }),
    fc.record({ t: fc.constant('writeOff' as const), pick: fc.nat(), after: fc.integer({ min: 0, max: 60 }), part: fc.integer({ min: 1, max: 100 }) }),
    fc.record({ t: fc.constant('reverseWriteOff' as const), pick: fc.nat(), after: fc.integer({ min: 0, max: 60 }) }),
  );
  const D0 = '2026-01-01';
  let seq = 0;

  /** Applies one operation through the ledger; a refusal by the ledger (RULE_VIOLATION) is a no-op. */
  async function apply(c: number, o: Op): Promise<void> {
    const q = <T>(s: string, ...p: unknown[]) => sqlite().prepare(s).all(...p) as T[];
    const pick = <T>(rows: T[], n: number) => (rows.length ? rows[n % rows.length] : undefined);
    try {
      if (o.t === 'invoice') {
        const date = addDays(D0, o.day);
        seedReceivable(sqlite(), { customerId: c, kind: o.opening ? 'opening' : 'invoice', amount: o.amount, date, dueDate: addDays(date, o.terms), number: `PI-${++seq}` });
      } else if (o.t === 'credit') {
        const date = addDays(D0, o.day);
        const cn = seedReceivable(sqlite(), { customerId: c, kind: 'credit_note', amount: o.amount, date, dueDate: date, number: `PC-${++seq}` });
        const item = q<{ id: number; balance: number }>(`SELECT id, balance FROM receivables WHERE customer_id = ? AND kind != 'credit_note' AND balance > 0 AND date <= ? ORDER BY date, id LIMIT 1`, c, date)[0];
        if (o.apply && item) await allocate(c, 'credit_note', cn.id, [{ receivableId: item.id, amount: Math.min(item.balance, o.amount) }]);
      } else if (o.t === 'receipt') {
        const date = addDays(D0, o.day);
        const r = await receipt(c, date, o.amount);
        if (!o.allocate) return;
        // Oldest first, as auto-allocation does, over items that existed on the receipt's date.
        const items = q<{ id: number; balance: number }>(`SELECT id, balance FROM receivables WHERE customer_id = ? AND kind != 'credit_note' AND balance > 0 AND date <= ? ORDER BY due_date, id`, c, date);
        let left = o.amount;
        const lines = [];
        for (const it of items) {
          if (left === 0) break;
          const a = Math.min(left, it.balance);
          lines.push({ receivableId: it.id, amount: a });
          left -= a;
        }
        await allocate(c, 'receipt', r.id, lines);
      } else if (o.t === 'reverseReceipt') {
        const r = pick(q<{ id: number; d: string }>(`SELECT p.id, max(p.date, coalesce((SELECT max(coalesce(reversed_on, date)) FROM allocations WHERE receipt_id = p.id), p.date)) AS d FROM receipts p WHERE customer_id = ? AND status = 'posted' ORDER BY id`, c), o.pick);
        if (r) await reverseReceipt(r.id, addDays(r.d, o.after));
      } else if (o.t === 'unallocate') {
        const a = pick(q<{ id: number; date: string }>(`SELECT id, date FROM allocations WHERE customer_id = ? AND source = 'receipt' AND reversed_on IS NULL ORDER BY id`, c), o.pick);
        if (a) await inTransaction(db(), (trx) => reverseAllocations(trx, { allocationIds: [a.id] }, addDays(a.date, o.after), NOW));
      } else if (o.t === 'writeOff') {
        const it = pick(q<{ id: number; date: string; balance: number }>(`SELECT id, date, balance FROM receivables WHERE customer_id = ? AND kind != 'credit_note' AND balance > 0 ORDER BY id`, c), o.pick);
        if (!it) return;
        // Dated after every allocation of the item, as a clerk writes off what is left today.
        const last = q<{ d: string | null }>(`SELECT max(date) AS d FROM allocations WHERE receivable_id = ?`, it.id)[0]?.d ?? it.date;
        const amt = Math.max(1, Math.floor((it.balance * o.part) / 100));
        await inTransaction(db(), (trx) =>
          insertWriteOff(trx, { customerId: c, receivableId: it.id, kind: o.part % 2 ? 'bad_debt' : 'small_difference', date: addDays(last, o.after), amount: amt, reason: '测试', userId: null, now: NOW }),
        );
      } else {
        const w = pick(q<{ id: number; date: string }>(`SELECT id, date FROM write_offs WHERE customer_id = ? AND reversed_on IS NULL ORDER BY id`, c), o.pick);
        if (w) await reverseWriteOff(w.id, addDays(w.date, o.after));
      }
    } catch (e) {
      if ((e as { code?: string }).code !== 'RULE_VIOLATION') throw e;
    }
  }

  it('closing = opening + debits − credits = Σ open items − Σ unapplied credits as of `to`, and periods chain', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 400 }), async (ops, a, b, m) => {
        runs++;
        const c = seedCustomer(sqlite(), { code: `SP-${++seq}` });
        for (const o of ops) await apply(c, o);
        const [lo, mid, hi] = [a, b, m].sort((x, y) => x - y) as [number, number, number];
        const from = addDays(D0, lo - 30);
        const to = addDays(D0, hi);
        const s = await statement(c, from, to);
        const net = async (d: string) => {
          const items = await openItemsAsOf(db(), d, { customerIds: [c] });
          const credits = await openCreditsAsOf(db(), d, { customerIds: [c] });
          return items.reduce((x, i) => x + i.balance, 0) - credits.reduce((x, r) => x + r.open, 0);
        };
        expect(s.closingBalance).toBe(s.openingBalance + s.totals.debit - s.totals.credit);
        expect(s.lines.at(-1)?.balance ?? s.openingBalance).toBe(s.closingBalance);
        expect(s.totals.invoiced - s.totals.received - s.totals.credited - s.totals.writtenOff).toBe(s.totals.debit - s.totals.credit);
        expect(s.closingBalance).toBe(await net(to));
        expect(s.openingBalance).toBe(await net(previousDay(from)));
        expect(s.aging.buckets.reduce((x, y) => x + y, 0)).toBe(s.aging.openItems);
        expect(s.aging.openItems - s.aging.unappliedCredits).toBe(s.closingBalance);
        // Lines are chronological and inside the period.
        const dates = s.lines.map((l) => l.date);
        expect(dates.every((d) => d >= from && d <= to)).toBe(true);
        expect(dates).toEqual([...dates].sort());
        // Two consecutive periods chain.
        const split = addDays(D0, mid);
        if (split >= from && split < to) {
          const first = await statement(c, from, split);
          const second = await statement(c, addDays(split, 1), to);
          expect(second.openingBalance).toBe(first.closingBalance);
          expect(second.closingBalance).toBe(s.closingBalance);
          expect(first.lines.length + second.lines.length).toBe(s.lines.length);
        }
      }),
      { numRuns: 120 },
    );
    expect(runs).toBeGreaterThanOrEqual(120);
    // The runs exercised every kind of movement (a generator that never reverses proves little).
    const kinds = sqlite().prepare(`SELECT (SELECT count(*) FROM receipts WHERE status = 'reversed') AS rr, (SELECT count(*) FROM write_offs WHERE reversed_on IS NOT NULL) AS wr,
      (SELECT count(*) FROM allocations WHERE reversed_on IS NOT NULL AND source = 'receipt') AS ar, (SELECT count(*) FROM allocations WHERE source = 'credit_note') AS cn`).get() as Record<string, number>;
    for (const v of Object.values(kinds)) expect(v).toBeGreaterThan(0);
  }, 120_000);
});
