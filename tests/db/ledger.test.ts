/**
 * The receivables ledger core (electron/services/receivables/ledger.ts) and the as-of reader
 * (as-of.ts): postings move balances, reversals move them back, nothing crosses customers, and
 * a past date sees what was open then.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inTransaction } from '../../electron/db/transaction';
import { bucketOf, openCreditsAsOf, openItemsAsOf } from '../../electron/services/receivables/as-of';
import { insertReceipt, insertWriteOff, postAllocations, reverseAllocations } from '../../electron/services/receivables/ledger';
import { createTestApp, type TestApp } from '../helpers/app';
import { seedCustomer, seedInvoices } from '../helpers/receivables-seed';

const NOW = '2026-11-22T00:00:00.000Z';
let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
  await app.setup();
});
afterEach(async () => app.dispose());

const db = () => app.workspace.current().db;
const sqlite = () => app.workspace.current().sqlite;
const balances = (ids: number[]) => ids.map((id) => (sqlite().prepare('SELECT balance FROM receivables WHERE id = ?').pluck().get(id) as number));

describe('ledger', () => {
  it('allocates, refuses what would overdraw or cross customers, and reverses exactly', async () => {
    const c1 = seedCustomer(sqlite(), { code: 'L1' });
    const c2 = seedCustomer(sqlite(), { code: 'L2' });
    const [i1 = 0, i2 = 0] = seedInvoices(sqlite(), c1, [10_000, 20_000], '2026-09-01').map((r) => r.id);
    const [otherId = 0] = seedInvoices(sqlite(), c2, [5_000], '2026-09-01').map((r) => r.id);
    const rc = await inTransaction(db(), (trx) => insertReceipt(trx, { customerId: c1, date: '2026-10-15', amount: 25_000, method: 'bank_transfer', userId: null, now: NOW }));
    const base = { customerId: c1, source: { kind: 'receipt' as const, id: rc.id }, userId: null, now: NOW, allowSourceBeforeItem: false };

    await expect(inTransaction(db(), (trx) => postAllocations(trx, { ...base, lines: [{ receivableId: otherId, amount: 1 }] }))).rejects.toMatchObject({ code: 'RULE_VIOLATION' });
    await expect(inTransaction(db(), (trx) => postAllocations(trx, { ...base, lines: [{ receivableId: i1, amount: 10_001 }] }))).rejects.toMatchObject({ code: 'RULE_VIOLATION' });
    await expect(
      inTransaction(db(), (trx) => postAllocations(trx, { ...base, lines: [{ receivableId: i1, amount: 10_000 }, { receivableId: i2, amount: 15_001 }] })),
    ).rejects.toMatchObject({ code: 'RULE_VIOLATION' });
    expect(balances([i1, i2])).toEqual([10_000, 20_000]);

    await inTransaction(db(), (trx) => postAllocations(trx, { ...base, lines: [{ receivableId: i1, amount: 10_000 }, { receivableId: i2, amount: 15_000 }] }));
    expect(balances([i1, i2])).toEqual([0, 5_000]);
    expect(sqlite().prepare('SELECT status, closed_on FROM receivables WHERE id = ?').get(i1)).toEqual({ status: 'paid', closed_on: '2026-10-15' });
    expect(sqlite().prepare('SELECT unallocated FROM receipts WHERE id = ?').pluck().get(rc.id)).toBe(0);

    // As of 2026-10-14 nothing was paid yet; as of 2026-10-15 the first invoice was closed.
    const before = await openItemsAsOf(db(), '2026-10-14', { customerIds: [c1] });
    expect(before.map((i) => i.balance)).toEqual([10_000, 20_000]);
    const after = await openItemsAsOf(db(), '2026-10-15', { customerIds: [c1] });
    expect(after.map((i) => i.balance)).toEqual([5_000]);

    await inTransaction(db(), (trx) => reverseAllocations(trx, { receiptId: rc.id }, '2026-11-01', NOW));
    expect(balances([i1, i2])).toEqual([10_000, 20_000]);
    expect(sqlite().prepare('SELECT unallocated FROM receipts WHERE id = ?').pluck().get(rc.id)).toBe(25_000);
    // Between allocation and reversal the past still shows the payment.
    expect((await openItemsAsOf(db(), '2026-10-20', { customerIds: [c1] })).map((i) => i.balance)).toEqual([5_000]);
    expect((await openItemsAsOf(db(), '2026-11-01', { customerIds: [c1] })).map((i) => i.balance)).toEqual([10_000, 20_000]);
    expect((await openCreditsAsOf(db(), '2026-11-01', { customerIds: [c1] })).map((c) => c.open)).toEqual([25_000]);
  });

  it('refuses a receipt dated before its invoice unless allowed; the trigger refuses cross-customer rows', async () => {
    const c1 = seedCustomer(sqlite(), { code: 'L3' });
    const c2 = seedCustomer(sqlite(), { code: 'L4' });
    const [invId = 0] = seedInvoices(sqlite(), c1, [10_000], '2026-10-01').map((r) => r.id);
    const rc = await inTransaction(db(), (trx) => insertReceipt(trx, { customerId: c1, date: '2026-09-01', amount: 10_000, method: 'cash', userId: null, now: NOW }));
    const opts = { customerId: c1, source: { kind: 'receipt' as const, id: rc.id }, lines: [{ receivableId: invId, amount: 10_000 }], userId: null, now: NOW };
    await expect(inTransaction(db(), (trx) => postAllocations(trx, { ...opts, allowSourceBeforeItem: false }))).rejects.toMatchObject({ code: 'RULE_VIOLATION' });
    await inTransaction(db(), (trx) => postAllocations(trx, { ...opts, allowSourceBeforeItem: true }));
    expect(sqlite().prepare('SELECT date FROM allocations').pluck().get()).toBe('2026-10-01');
    expect(() =>
      sqlite()
        .prepare(`INSERT INTO allocations (customer_id, receivable_id, source, receipt_id, date, amount, created_at) VALUES (?, ?, 'receipt', ?, '2026-10-01', 1, ?)`)
        .run(c2, invId, rc.id, NOW),
    ).toThrow(/across customers/);
  });

  it('a bad-debt write-off closes the item as written off', async () => {
    const c = seedCustomer(sqlite(), { code: 'L5' });
    const [invId = 0] = seedInvoices(sqlite(), c, [7_000], '2026-01-01').map((r) => r.id);
    await inTransaction(db(), (trx) => insertWriteOff(trx, { customerId: c, receivableId: invId, kind: 'bad_debt', date: '2026-11-01', amount: 7_000, reason: '客户破产', userId: null, now: NOW }));
    expect(sqlite().prepare('SELECT status, balance, closed_on FROM receivables WHERE id = ?').get(invId)).toEqual({ status: 'written_off', balance: 0, closed_on: '2026-11-01' });
  });

  it('buckets: not yet due is bucket 0, then each bound, then beyond', () => {
    const b = [30, 60, 90, 180];
    expect([-5, 0, 1, 30, 31, 180, 181].map((d) => bucketOf(d, b))).toEqual([0, 0, 1, 1, 2, 4, 5]);
  });
});

describe('ledger dates after a reversal', () => {
  it('money un-allocated and allocated again never counts twice when looking back', async () => {
    const c = seedCustomer(sqlite(), { code: 'L6' });
    const [a = 0, b = 0] = seedInvoices(sqlite(), c, [10_000, 10_000], '2026-01-01').map((r) => r.id);
    const rc = await inTransaction(db(), (trx) => insertReceipt(trx, { customerId: c, date: '2026-01-10', amount: 10_000, method: 'cash', userId: null, now: NOW }));
    const post = (id: number) =>
      inTransaction(db(), (trx) =>
        postAllocations(trx, { customerId: c, source: { kind: 'receipt', id: rc.id }, lines: [{ receivableId: id, amount: 10_000 }], userId: null, now: NOW, allowSourceBeforeItem: false }),
      );
    const [first = 0] = await post(a);
    await inTransaction(db(), (trx) => reverseAllocations(trx, { allocationIds: [first] }, '2026-03-01', NOW));
    await post(b);
    // The new allocation starts when the money was freed, not on the receipt's date.
    expect(sqlite().prepare('SELECT date FROM allocations WHERE receivable_id = ?').pluck().get(b)).toBe('2026-03-01');
    const feb = await openItemsAsOf(db(), '2026-02-01', { customerIds: [c] });
    expect(feb.map((i) => [i.id, i.balance])).toEqual([[b, 10_000]]);
    expect(await openCreditsAsOf(db(), '2026-02-01', { customerIds: [c] })).toEqual([]);
    const mar = await openItemsAsOf(db(), '2026-03-01', { customerIds: [c] });
    expect(mar.map((i) => [i.id, i.balance])).toEqual([[a, 10_000]]);
    // And the item side: an item freed on 1 March and paid by an older receipt is paid from 1 March.
    const rc2 = await inTransaction(db(), (trx) => insertReceipt(trx, { customerId: c, date: '2026-01-20', amount: 10_000, method: 'cash', userId: null, now: NOW }));
    await inTransaction(db(), (trx) =>
      postAllocations(trx, { customerId: c, source: { kind: 'receipt', id: rc2.id }, lines: [{ receivableId: a, amount: 10_000 }], userId: null, now: NOW, allowSourceBeforeItem: false }),
    );
    expect(sqlite().prepare('SELECT date FROM allocations WHERE receipt_id = ?').pluck().get(rc2.id)).toBe('2026-03-01');
    expect((await openItemsAsOf(db(), '2026-02-15', { customerIds: [c] })).map((i) => i.id)).toEqual([b]);
    expect((await openCreditsAsOf(db(), '2026-02-15', { customerIds: [c] })).map((x) => [x.id, x.open])).toEqual([[rc2.id, 10_000]]);
  });
});
