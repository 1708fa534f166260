/**
 * Aging as of a past date, hand-built: each scenario posts through the ledger and checks what
 * was open on 2026-09-30 (the end of Q3) against what is open today (2026-11-20), by item and
 * per customer bucket; the buckets always sum to the open balance.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inTransaction } from '../../electron/db/transaction';
import { agingByCustomerAsOf, nothingDatedAfter, openCreditsAsOf, openItemsAsOf } from '../../electron/services/receivables/as-of';
import { insertReceipt, insertWriteOff, postAllocations, reverseAllocations } from '../../electron/services/receivables/ledger';
import { createTestApp, type TestApp } from '../helpers/app';
import { seedCustomer, seedReceivable } from '../helpers/receivables-seed';

const NOW = '2026-11-20T02:00:00.000Z';
const TODAY = '2026-11-20';
const Q3 = '2026-09-30';
const BOUNDS = [30, 60, 90, 180];

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
  await app.setup();
});
afterEach(async () => app.dispose());

const db = () => app.workspace.current().db;
const sqlite = () => app.workspace.current().sqlite;
let seq = 0;
const customer = () => seedCustomer(sqlite(), { code: `AG${++seq}` });
const invoice = (customerId: number, amount: number, date: string, dueDate: string) => seedReceivable(sqlite(), { customerId, amount, date, dueDate });

async function receipt(customerId: number, date: string, amount: number, lines: { receivableId: number; amount: number }[], allowSourceBeforeItem = false) {
  return inTransaction(db(), async (trx) => {
    const rc = await insertReceipt(trx, { customerId, date, amount, method: 'bank_transfer', userId: null, now: NOW });
    await postAllocations(trx, { customerId, source: { kind: 'receipt', id: rc.id }, lines, userId: null, now: NOW, allowSourceBeforeItem });
    return rc;
  });
}
const open = async (asOf: string, c: number) => (await openItemsAsOf(db(), asOf, { customerIds: [c] })).map((i) => [i.number, i.balance, i.daysPastDue]);
async function aging(asOf: string, c: number) {
  const { rows, method } = await agingByCustomerAsOf(db(), asOf, BOUNDS, { customerIds: [c] });
  const row = rows[0] ?? { buckets: [0, 0, 0, 0, 0, 0], unapplied: 0 };
  const items = await openItemsAsOf(db(), asOf, { customerIds: [c] });
  // The fast path and the replay agree whenever the fast path may answer.
  const replayed = await agingByCustomerAsOf(db(), asOf, BOUNDS, { customerIds: [c] }, { replay: true });
  expect(replayed.method).toBe('replay');
  expect(replayed.rows).toEqual(rows);
  // The invariant: Σ buckets = Σ open balances, exactly.
  expect(row.buckets.reduce((a, b) => a + b, 0)).toBe(items.reduce((a, i) => a + i.balance, 0));
  return { buckets: row.buckets, unapplied: row.unapplied, method };
}

describe('aging as of a past date', () => {
  it('an invoice paid after the date was open on it; paid before, it was not', async () => {
    const c = customer();
    const late = invoice(c, 10_000, '2026-08-01', '2026-08-31');
    const early = invoice(c, 4_000, '2026-07-01', '2026-07-31');
    await receipt(c, '2026-09-01', 4_000, [{ receivableId: early.id, amount: 4_000 }]);
    await receipt(c, '2026-10-15', 10_000, [{ receivableId: late.id, amount: 10_000 }]);
    expect(await open(Q3, c)).toEqual([[late.number, 10_000, 30]]);
    expect(await aging(Q3, c)).toEqual({ buckets: [0, 10_000, 0, 0, 0, 0], unapplied: 0, method: 'replay' });
    expect(await open(TODAY, c)).toEqual([]);
    expect(await aging(TODAY, c)).toEqual({ buckets: [0, 0, 0, 0, 0, 0], unapplied: 0, method: 'current' });
  });

  it('a partly paid invoice shows what was still owed on the date', async () => {
    const c = customer();
    const inv = invoice(c, 10_000, '2026-09-01', '2026-10-01');
    await receipt(c, '2026-09-10', 4_000, [{ receivableId: inv.id, amount: 4_000 }]);
    await receipt(c, '2026-10-10', 6_000, [{ receivableId: inv.id, amount: 6_000 }]);
    expect(await open('2026-09-09', c)).toEqual([[inv.number, 10_000, -22]]);
    expect(await open(Q3, c)).toEqual([[inv.number, 6_000, -1]]);
    expect((await aging(Q3, c)).buckets).toEqual([6_000, 0, 0, 0, 0, 0]);
    expect(await open(TODAY, c)).toEqual([]);
  });

  it('a credit note applied after the date does not reduce it, nor count as credit then', async () => {
    const c = customer();
    const inv = invoice(c, 8_000, '2026-09-01', '2026-09-15');
    const cn = seedReceivable(sqlite(), { customerId: c, amount: 3_000, date: '2026-10-05', dueDate: '2026-10-05', kind: 'credit_note' });
    await inTransaction(db(), (trx) =>
      postAllocations(trx, { customerId: c, source: { kind: 'credit_note', id: cn.id }, lines: [{ receivableId: inv.id, amount: 3_000 }], userId: null, now: NOW, allowSourceBeforeItem: false }),
    );
    expect(await aging(Q3, c)).toEqual({ buckets: [0, 8_000, 0, 0, 0, 0], unapplied: 0, method: 'replay' });
    expect((await aging('2026-10-05', c)).buckets).toEqual([0, 5_000, 0, 0, 0, 0]);
    expect((await aging(TODAY, c)).buckets).toEqual([0, 0, 0, 5_000, 0, 0]);
  });

  it('an unapplied credit note counts from its date until it is applied', async () => {
    const c = customer();
    const cn = seedReceivable(sqlite(), { customerId: c, amount: 2_500, date: '2026-09-20', dueDate: '2026-09-20', kind: 'credit_note' });
    const inv = invoice(c, 2_000, '2026-10-01', '2026-10-31');
    await inTransaction(db(), (trx) =>
      postAllocations(trx, { customerId: c, source: { kind: 'credit_note', id: cn.id }, lines: [{ receivableId: inv.id, amount: 2_000 }], userId: null, now: NOW, allowSourceBeforeItem: true }),
    );
    expect((await aging('2026-09-19', c)).unapplied).toBe(0);
    expect(await aging(Q3, c)).toEqual({ buckets: [0, 0, 0, 0, 0, 0], unapplied: 2_500, method: 'replay' });
    expect((await aging(TODAY, c)).unapplied).toBe(500);
    expect((await openCreditsAsOf(db(), Q3, { customerIds: [c] })).map((x) => [x.source, x.open])).toEqual([['credit_note', 2_500]]);
  });

  it('a write-off after the date leaves the item open on it', async () => {
    const c = customer();
    const inv = invoice(c, 5_000, '2026-06-01', '2026-07-01');
    await inTransaction(db(), (trx) =>
      insertWriteOff(trx, { customerId: c, receivableId: inv.id, kind: 'bad_debt', date: '2026-10-20', amount: 5_000, reason: '客户破产', userId: null, now: NOW }),
    );
    expect(await open(Q3, c)).toEqual([[inv.number, 5_000, 91]]);
    expect((await aging(Q3, c)).buckets).toEqual([0, 0, 0, 0, 5_000, 0]);
    expect(await open(TODAY, c)).toEqual([]);
  });

  it('a receipt reversed after the date still paid the item on it, and is no credit once reversed', async () => {
    const c = customer();
    const inv = invoice(c, 7_000, '2026-08-15', '2026-09-14');
    const rc = await receipt(c, '2026-09-20', 9_000, [{ receivableId: inv.id, amount: 7_000 }]);
    await inTransaction(db(), async (trx) => {
      await reverseAllocations(trx, { receiptId: rc.id }, '2026-10-25', NOW);
      await trx.updateTable('receipts').set({ status: 'reversed', reversed_on: '2026-10-25', unallocated: 0 }).where('id', '=', rc.id).execute();
    });
    expect(await open('2026-09-19', c)).toEqual([[inv.number, 7_000, 5]]);
    expect(await aging(Q3, c)).toEqual({ buckets: [0, 0, 0, 0, 0, 0], unapplied: 2_000, method: 'replay' });
    expect(await aging('2026-10-24', c)).toEqual({ buckets: [0, 0, 0, 0, 0, 0], unapplied: 2_000, method: 'replay' });
    expect(await aging('2026-10-25', c)).toEqual({ buckets: [0, 0, 7_000, 0, 0, 0], unapplied: 0, method: 'current' });
    expect(await aging(TODAY, c)).toEqual({ buckets: [0, 0, 0, 7_000, 0, 0], unapplied: 0, method: 'current' });
  });

  it('a back-dated receipt entered today changes the past: it paid the item on its date', async () => {
    const c = customer();
    const inv = invoice(c, 10_000, '2026-09-01', '2026-09-30');
    await receipt(c, '2026-09-15', 12_000, [{ receivableId: inv.id, amount: 10_000 }]);
    expect(await aging('2026-09-14', c)).toEqual({ buckets: [10_000, 0, 0, 0, 0, 0], unapplied: 0, method: 'replay' });
    // Nothing is dated after Q3 here, so the current balances answer (and agree).
    expect(await aging(Q3, c)).toEqual({ buckets: [0, 0, 0, 0, 0, 0], unapplied: 2_000, method: 'current' });
  });

  it('an item issued after the date is not in it', async () => {
    const c = customer();
    const inv = invoice(c, 3_000, '2026-10-10', '2026-11-09');
    expect(await open(Q3, c)).toEqual([]);
    expect(await open(TODAY, c)).toEqual([[inv.number, 3_000, 11]]);
    // An open item dated after the date forbids the fast path; on its own date it is allowed.
    expect(await nothingDatedAfter(db(), Q3)).toBe(false);
    expect(await nothingDatedAfter(db(), '2026-10-10')).toBe(true);
  });

  it('the fast path turns off for any allocation, reversal or receipt dated after the date', async () => {
    const c = customer();
    const inv = invoice(c, 3_000, '2026-09-01', '2026-10-01');
    expect(await nothingDatedAfter(db(), '2026-09-01')).toBe(true);
    const rc = await inTransaction(db(), (trx) => insertReceipt(trx, { customerId: c, date: '2026-09-05', amount: 3_000, method: 'cash', userId: null, now: NOW }));
    expect(await nothingDatedAfter(db(), '2026-09-04')).toBe(false);
    const [alloc] = await inTransaction(db(), (trx) =>
      postAllocations(trx, { customerId: c, source: { kind: 'receipt', id: rc.id }, lines: [{ receivableId: inv.id, amount: 3_000 }], userId: null, now: NOW, allowSourceBeforeItem: false }),
    );
    expect(await nothingDatedAfter(db(), '2026-09-05')).toBe(true);
    await inTransaction(db(), (trx) => reverseAllocations(trx, { allocationIds: [alloc ?? 0] }, '2026-09-08', NOW));
    expect(await nothingDatedAfter(db(), '2026-09-07')).toBe(false);
    expect(await nothingDatedAfter(db(), '2026-09-08')).toBe(true);
    // A receipt reversed with nothing allocated: only its own reversal date tells.
    await inTransaction(db(), (trx) => trx.updateTable('receipts').set({ status: 'reversed', reversed_on: '2026-09-12', unallocated: 0 }).where('id', '=', rc.id).execute());
    expect(await nothingDatedAfter(db(), '2026-09-11')).toBe(false);
    expect(await aging('2026-09-11', c)).toEqual({ buckets: [3_000, 0, 0, 0, 0, 0], unapplied: 3_000, method: 'replay' });
    expect(await aging('2026-09-12', c)).toEqual({ buckets: [3_000, 0, 0, 0, 0, 0], unapplied: 0, method: 'current' });
  });
});
