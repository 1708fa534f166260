/**
 * balancesByCustomer (collections-sql.ts) is the as-of rule of openItemsAsOf summed in SQL: on a
 * random ledger (receipts, partial allocations, credit notes, write-offs, reversals) both must
 * give the same per-customer open, overdue and due-by figures on every date.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../shared/dates';
import { inTransaction } from '../../electron/db/transaction';
import { openItemsAsOf } from '../../electron/services/receivables/as-of';
import { collectionKpi } from '../../electron/services/receivables/collections-kpi';
import { balancesByCustomer } from '../../electron/services/receivables/collections-sql';
import { insertReceipt, insertWriteOff, postAllocations, reverseAllocations } from '../../electron/services/receivables/ledger';

import { createTestApp, type TestApp } from '../helpers/app';
import { seedCustomer, seedReceivable } from '../helpers/receivables-seed';

const NOW = '2026-11-22T00:00:00.000Z';
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
  await app.setup();
});
afterAll(() => app.dispose());

/** A small deterministic PRNG (mulberry32), so a failure replays. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('balancesByCustomer', () => {
  it('equals openItemsAsOf summed per customer on a random ledger, on every date', async () => {
    const sqlite = app.workspace.current().sqlite;
    const db = app.workspace.current().db;
    const rand = rng(20261122);
    const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
    const customers = Array.from({ length: 6 }, (_, i) => seedCustomer(sqlite, { code: `Q${i}` }));
    const items: { id: number; customerId: number; date: string }[] = [];
    for (const c of customers) {
      for (let k = 0; k < 12; k++) {
        const date = addDays('2026-01-01', int(0, 250));
        items.push({ id: seedReceivable(sqlite, { customerId: c, amount: int(1, 50) * 1000, date, dueDate: addDays(date, int(0, 60)) }).id, customerId: c, date });
      }
    }
    const balance = (id: number) => sqlite.prepare('SELECT balance FROM receivables WHERE id = ?').pluck().get(id) as number;
    for (let step = 0; step < 120; step++) {
      const it = items[int(0, items.length - 1)] as (typeof items)[number];
      const open = balance(it.id);
      if (open === 0) continue;
      const date = addDays(it.date, int(0, 60));
      const amount = int(1, open);
      const roll = rand();
      // A write-off may not be dated before its item last reopened (the ledger refuses it).
      const reopened = sqlite.prepare('SELECT max(reversed_on) FROM allocations WHERE receivable_id = ?').pluck().get(it.id) as string | null;
      const woDate = reopened && reopened > date ? reopened : date;
      await inTransaction(db, async (trx) => {
        if (roll < 0.1) {
          await insertWriteOff(trx, { customerId: it.customerId, receivableId: it.id, kind: 'bad_debt', date: woDate, amount, reason: '测试', userId: null, now: NOW });
          return;
        }
        const r = await insertReceipt(trx, { customerId: it.customerId, date, amount, method: 'cash', userId: null, now: NOW });
        await postAllocations(trx, { customerId: it.customerId, source: { kind: 'receipt', id: r.id }, lines: [{ receivableId: it.id, amount }], userId: null, now: NOW, allowSourceBeforeItem: false });
        if (roll > 0.85) {
          // Undone on or after the allocation's own date (later than the receipt's when the item had reopened).
          const posted = await trx.selectFrom('allocations').select((eb) => eb.fn.max('date').as('d')).where('receipt_id', '=', r.id).executeTakeFirstOrThrow();
          await reverseAllocations(trx, { receiptId: r.id }, addDays(String(posted.d), int(0, 30)), NOW);
        }
      });
    }
    for (const asOf of ['2026-01-15', '2026-03-31', '2026-06-30', '2026-08-15', '2026-10-01', '2026-12-31']) {
      const dueBy = addDays(asOf, 20);
      const expected = new Map<number, { open: number; dueBy: number; overdue: number; overdueItems: number }>();
      for (const i of await openItemsAsOf(db, asOf)) {
        const e = expected.get(i.customerId) ?? { open: 0, dueBy: 0, overdue: 0, overdueItems: 0 };
        e.open += i.balance;
        if (i.dueDate <= dueBy) e.dueBy += i.balance;
        if (i.daysPastDue > 0) {
          e.overdue += i.balance;
          e.overdueItems += 1;
        }
        expected.set(i.customerId, e);
      }
      const got = await balancesByCustomer(db, asOf, { dueBy });
      expect(new Map(got.map((g) => [g.customerId, { open: g.open, dueBy: g.dueBy, overdue: g.overdue, overdueItems: g.overdueItems }])), asOf).toEqual(expected);
      expect(expected.size, `${asOf} has open items`).toBeGreaterThan(0);
    }

    // The KPIs carry balances forward by dated flows: at every boundary they must equal the
    // as-of balances computed afresh, and the numerator the receipts counted by the rule.
    const allocs = sqlite
      .prepare(`SELECT a.date, a.amount, a.reversed_on, a.source, r.due_date FROM allocations a JOIN receivables r ON r.id = a.receivable_id`)
      .all() as { date: string; amount: number; reversed_on: string | null; source: string; due_date: string }[];
    for (const granularity of ['month', 'quarter'] as const) {
      const kpi = await collectionKpi(db, { asOf: '2026-12-31', ownerId: null, granularity, from: '2026-01', to: '2026-12', groupBy: 'company' });
      expect(kpi.rows.length).toBe(granularity === 'month' ? 12 : 4);
      for (const row of kpi.rows) {
        const sum = (xs: { dueBy: number; open: number }[], k: 'dueBy' | 'open') => xs.reduce((a, x) => a + x[k], 0);
        const openingDue = sum(await balancesByCustomer(db, addDays(row.start, -1), { dueBy: row.end }), 'dueBy');
        const closing = sum(await balancesByCustomer(db, row.end), 'open');
        const numerator = allocs
          .filter((a) => a.source === 'receipt' && a.date >= row.start && a.date <= row.end && a.due_date <= row.end && (a.reversed_on === null || a.reversed_on > row.end))
          .reduce((t, a) => t + a.amount, 0);
        expect([row.period, row.openingDue, row.closing, row.numerator]).toEqual([row.period, openingDue, closing, numerator]);
      }
    }
  });
});
