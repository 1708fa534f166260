/**
 * Property: for random histories (invoices, receipts, credit notes, allocations dated any way
 * the ledger allows, write-offs, reversals of allocations, receipts and write-offs — entered in
 * random order, so many are back-dated) and random dates D, the as-of reader agrees with an
 * independent replay in JS of the event log kept while posting: item by item, credit by credit,
 * and bucket by bucket per customer; and Σ buckets = Σ open balances.
 */
import fc from 'fast-check';
import { addDays, daysBetween } from '../../shared/dates';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../electron/db/transaction';
import { agingByCustomerAsOf, bucketOf, openCreditsAsOf, openItemsAsOf } from '../../electron/services/receivables/as-of';
import { insertReceipt, insertWriteOff, postAllocations, reverseAllocations } from '../../electron/services/receivables/ledger';

import { createTestApp, type TestApp } from '../helpers/app';
import { seedCustomer, seedReceivable } from '../helpers/receivables-seed';

const NOW = '2026-11-20T02:00:00.000Z';
const BOUNDS = [30, 60, 90, 180];
const START = '2026-01-01';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
  await app.setup();
});
afterAll(async () => app.dispose());
const db = () => app.workspace.current().db;
const sqlite = () => app.workspace.current().sqlite;

/** mulberry32: the history is a function of the seed fast-check draws. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  return { int, pick: <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)] as T, chance: (p: number) => next() < p };
}

interface Item { id: number; customerId: number; amount: number; date: string; due: string; balance: number }
interface Credit { kind: 'receipt' | 'credit_note'; id: number; customerId: number; amount: number; date: string; open: number; reversedOn: string | null }
interface Alloc { id: number; itemId: number; source: { kind: 'receipt' | 'credit_note' | 'write_off'; id: number }; amount: number; date: string; reversedOn: string | null }

const later = (a: string, b: string) => (a > b ? a : b);

/** The independent replay: balances on D from the event log, with the same clamp to [0, amount]. */
function replay(d: string, items: Item[], credits: Credit[], allocs: Alloc[]) {
  const counts = (a: Alloc) => a.date <= d && (a.reversedOn === null || a.reversedOn > d);
  const itemBal = new Map<number, number>();
  for (const i of items) if (i.date <= d) itemBal.set(i.id, i.amount);
  const creditOpen = new Map<string, number>();
  for (const c of credits) if (c.date <= d && (c.reversedOn === null || c.reversedOn > d)) creditOpen.set(`${c.kind}:${c.id}`, c.amount);
  for (const a of allocs) {
    if (!counts(a)) continue;
    itemBal.set(a.itemId, (itemBal.get(a.itemId) ?? 0) - a.amount);
    const key = `${a.source.kind}:${a.source.id}`;
    if (creditOpen.has(key)) creditOpen.set(key, (creditOpen.get(key) ?? 0) - a.amount);
  }
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));
  const openItems = items.filter((i) => clamp(itemBal.get(i.id) ?? 0, i.amount) > 0).map((i) => ({ id: i.id, balance: clamp(itemBal.get(i.id) ?? 0, i.amount) }));
  const openCredits = credits
    .map((c) => ({ key: `${c.kind}:${c.id}`, c }))
    .filter(({ key, c }) => clamp(creditOpen.get(key) ?? 0, c.amount) > 0)
    .map(({ key, c }) => ({ key, open: clamp(creditOpen.get(key) ?? 0, c.amount) }));
  return { openItems, openCredits };
}

let run = 0;
async function buildHistory(seed: number) {
  const r = rng(seed);
  const day = (lo = 0, hi = 320) => addDays(START, r.int(lo, hi));
  run++;
  const customers = [seedCustomer(sqlite(), { code: `PA${run}a` }), seedCustomer(sqlite(), { code: `PA${run}b` })];
  const items: Item[] = [];
  const credits: Credit[] = [];
  const allocs: Alloc[] = [];
  for (const c of customers) {
    for (let k = r.int(2, 6); k > 0; k--) {
      const date = day();
      const due = addDays(date, r.int(0, 120));
      const amount = r.int(1, 50_000);
      const s = seedReceivable(sqlite(), { customerId: c, amount, date, dueDate: due, kind: r.chance(0.2) ? 'opening' : 'invoice' });
      items.push({ id: s.id, customerId: c, amount, date, due, balance: amount });
    }
    for (let k = r.int(0, 2); k > 0; k--) {
      const date = day();
      const amount = r.int(1, 20_000);
      const s = seedReceivable(sqlite(), { customerId: c, amount, date, dueDate: date, kind: 'credit_note' });
      credits.push({ kind: 'credit_note', id: s.id, customerId: c, amount, date, open: amount, reversedOn: null });
    }
    for (let k = r.int(1, 4); k > 0; k--) {
      const date = day();
      const amount = r.int(1, 60_000);
      const rc = await inTransaction(db(), (trx) => insertReceipt(trx, { customerId: c, date, amount, method: 'bank_transfer', userId: null, now: NOW }));
      credits.push({ kind: 'receipt', id: rc.id, customerId: c, amount, date, open: amount, reversedOn: null });
    }
  }
  const freed = (pred: (a: Alloc) => boolean, floor: string) => allocs.reduce((m, a) => (a.reversedOn && pred(a) ? later(m, a.reversedOn) : m), floor);
  const post = async (customerId: number, source: Alloc['source'], sourceDate: string, lines: { item: Item; amount: number }[]) => {
    const ids = await inTransaction(db(), (trx) =>
      postAllocations(trx, { customerId, source, lines: lines.map((l) => ({ receivableId: l.item.id, amount: l.amount })), userId: null, now: NOW, allowSourceBeforeItem: true }),
    );
    // The ledger dates an allocation when both amounts were free: after the source's and the
    // item's dates and after the last reversal that freed either (docs/receivables.md).
    const freedSource = freed((a) => a.source.kind === source.kind && a.source.id === source.id, sourceDate);
    const dates = lines.map((l) => later(freedSource, freed((a) => a.itemId === l.item.id, l.item.date)));
    lines.forEach((l, k) => {
      l.item.balance -= l.amount;
      allocs.push({ id: ids[k] ?? 0, itemId: l.item.id, source, amount: l.amount, date: dates[k] ?? l.item.date, reversedOn: null });
    });
  };
  const reverse = async (rows: Alloc[], on: string, filter: Parameters<typeof reverseAllocations>[1]) => {
    await inTransaction(db(), (trx) => reverseAllocations(trx, filter, on, NOW));
    for (const a of rows) {
      a.reversedOn = on;
      const item = items.find((i) => i.id === a.itemId);
      if (item) item.balance += a.amount;
      const credit = credits.find((c) => c.kind === a.source.kind && c.id === a.source.id);
      if (credit) credit.open += a.amount;
    }
  };
  const active = (pred: (a: Alloc) => boolean) => allocs.filter((a) => a.reversedOn === null && pred(a));
  const lastDate = (rows: Alloc[], floor: string) => rows.reduce((m, a) => later(m, a.date), floor);

  for (let step = r.int(8, 24); step > 0; step--) {
    const op = r.int(0, 9);
    const c = r.pick(customers);
    const openItems = items.filter((i) => i.customerId === c && i.balance > 0);
    if (op <= 4) {
      // Allocate a credit (receipt or credit note) over one or more open items.
      const src = r.pick(credits.filter((x) => x.customerId === c && x.open > 0 && x.reversedOn === null).concat([]));
      if (!src || openItems.length === 0) continue;
      const lines: { item: Item; amount: number }[] = [];
      let left = src.open;
      for (const item of openItems) {
        if (left === 0 || !r.chance(0.6)) continue;
        const amount = Math.min(left, r.chance(0.5) ? item.balance : r.int(1, item.balance));
        lines.push({ item, amount });
        left -= amount;
      }
      if (lines.length === 0) continue;
      await post(c, { kind: src.kind, id: src.id }, src.date, lines);
      src.open = left;
    } else if (op === 5) {
      const item = openItems.length ? r.pick(openItems) : undefined;
      if (!item) continue;
      const amount = r.chance(0.5) ? item.balance : r.int(1, item.balance);
      // A write-off may not be dated before its item was issued or last reopened.
      const date = later(day(), freed((a) => a.itemId === item.id, item.date));
      const w = await inTransaction(db(), (trx) =>
        insertWriteOff(trx, { customerId: c, receivableId: item.id, kind: r.chance(0.5) ? 'bad_debt' : 'small_difference', date, amount, reason: '测试', userId: null, now: NOW }),
      );
      item.balance -= amount;
      allocs.push({ id: 0, itemId: item.id, source: { kind: 'write_off', id: w.id }, amount, date: later(date, item.date), reversedOn: null });
    } else if (op <= 7) {
      // Undo one allocation, dated on or after it.
      const a = active((x) => items.find((i) => i.id === x.itemId)?.customerId === c && x.source.kind !== 'write_off' && x.id > 0);
      if (a.length === 0) continue;
      const one = r.pick(a);
      await reverse([one], addDays(one.date, r.int(0, 60)), { allocationIds: [one.id] });
    } else if (op === 8) {
      // Reverse a whole receipt: its allocations and the receipt itself.
      const rc = r.pick(credits.filter((x) => x.customerId === c && x.kind === 'receipt' && x.reversedOn === null));
      if (!rc) continue;
      const rows = active((x) => x.source.kind === 'receipt' && x.source.id === rc.id);
      // Not before the last day its money moved (allocated, or freed by an earlier undo).
      const on = addDays(lastDate(rows, freed((a) => a.source.kind === 'receipt' && a.source.id === rc.id, rc.date)), r.int(0, 40));
      await reverse(rows, on, { receiptId: rc.id });
      await inTransaction(db(), (trx) => trx.updateTable('receipts').set({ status: 'reversed', reversed_on: on, unallocated: 0 }).where('id', '=', rc.id).execute());
      rc.reversedOn = on;
      rc.open = 0;
    } else {
      // Reverse a write-off.
      const rows = active((x) => x.source.kind === 'write_off' && items.find((i) => i.id === x.itemId)?.customerId === c);
      const w = rows.length ? r.pick(rows) : undefined;
      if (!w) continue;
      const on = addDays(w.date, r.int(0, 30));
      await reverse([w], on, { writeOffId: w.source.id });
      await inTransaction(db(), (trx) => trx.updateTable('write_offs').set({ reversed_on: on, reverse_reason: '测试' }).where('id', '=', w.source.id).execute());
    }
  }
  return { customers, items, credits, allocs, r };
}

describe('aging as of any date equals a replay of the event log', () => {
  it('item by item, credit by credit, bucket by bucket', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
        const { customers, items, credits, allocs, r } = await buildHistory(seed);
        // Dates around every event, plus random ones before, inside and after the history.
        const eventDates = [...items.map((i) => i.date), ...allocs.map((a) => a.date), ...allocs.flatMap((a) => (a.reversedOn ? [a.reversedOn] : []))];
        const dates = [addDays(START, -1), '2027-01-31', ...Array.from({ length: 4 }, () => addDays(START, r.int(-10, 400)))];
        for (let k = 0; k < 4 && eventDates.length; k++) {
          const e = r.pick(eventDates);
          dates.push(addDays(e, -1), e);
        }
        const f = { customerIds: customers };
        for (const d of dates) {
          const want = replay(d, items, credits, allocs);
          const got = await openItemsAsOf(db(), d, f);
          expect(got.map((i) => ({ id: i.id, balance: i.balance })).sort((a, b) => a.id - b.id), `items on ${d}`).toEqual(want.openItems.sort((a, b) => a.id - b.id));
          const gotCredits = (await openCreditsAsOf(db(), d, f)).map((c) => ({ key: `${c.source}:${c.id}`, open: c.open }));
          expect(gotCredits.sort((a, b) => a.key.localeCompare(b.key)), `credits on ${d}`).toEqual(want.openCredits.sort((a, b) => a.key.localeCompare(b.key)));

          for (const replayFlag of [false, true]) {
            const { rows } = await agingByCustomerAsOf(db(), d, BOUNDS, f, { replay: replayFlag });
            for (const c of customers) {
              const expected = new Array<number>(BOUNDS.length + 2).fill(0);
              for (const o of want.openItems) {
                const item = items.find((i) => i.id === o.id);
                if (item?.customerId !== c) continue;
                const b = bucketOf(daysBetween(item.due, d), BOUNDS);
                expected[b] = (expected[b] ?? 0) + o.balance;
              }
              const unapplied = want.openCredits.filter((x) => credits.find((y) => `${y.kind}:${y.id}` === x.key)?.customerId === c).reduce((a, x) => a + x.open, 0);
              const row = rows.find((x) => x.customerId === c) ?? { buckets: new Array<number>(BOUNDS.length + 2).fill(0), unapplied: 0 };
              expect({ buckets: row.buckets, unapplied: row.unapplied }, `customer ${c} on ${d}`).toEqual({ buckets: expected, unapplied });
              const openSum = want.openItems.filter((o) => items.find((i) => i.id === o.id)?.customerId === c).reduce((a, o) => a + o.balance, 0);
              expect(row.buckets.reduce((a, b) => a + b, 0)).toBe(openSum);
            }
          }
        }
        // The database's own identities still hold: current balances = amount − active allocations.
        for (const i of items) expect(sqlite().prepare('SELECT balance FROM receivables WHERE id = ?').pluck().get(i.id)).toBe(i.balance);
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
