/** The dashboard's money tiles: open, overdue, unapplied credit and this month's receipts, in scope. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../electron/db/transaction';
import { insertReceipt, postAllocations } from '../../electron/services/receivables/ledger';
import { createTestApp, type TestApp } from '../helpers/app';
import { seedCustomer, seedReceivable } from '../helpers/receivables-seed';

let app: TestApp;
let admin: string;
let finance: string;
let rep: string;
const NOW = '2026-11-22T00:00:00.000Z';

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.setup();
  finance = (await app.userToken(admin, 'caiwu', ['finance'])).token;
  const r = await app.userToken(admin, 'rep01', ['sales_rep']);
  rep = (await app.userToken(admin, 'rep02', ['sales_rep'])).token;
  const s = app.workspace.current().sqlite;
  const mine = seedCustomer(s, { code: 'D1', ownerId: r.id });
  const other = seedCustomer(s, { code: 'D2' });
  seedReceivable(s, { customerId: mine, amount: 10_000, date: '2026-09-01', dueDate: '2026-10-01' }); // overdue
  const due = seedReceivable(s, { customerId: other, amount: 30_000, date: '2026-11-01', dueDate: '2026-12-01' });
  const db = app.workspace.current().db;
  await inTransaction(db, async (trx) => {
    const rc = await insertReceipt(trx, { customerId: other, date: '2026-11-05', amount: 50_000, method: 'bank_transfer', userId: null, now: NOW });
    await postAllocations(trx, { customerId: other, source: { kind: 'receipt', id: rc.id }, lines: [{ receivableId: due.id, amount: 20_000 }], userId: null, now: NOW, allowSourceBeforeItem: false });
    await insertReceipt(trx, { customerId: mine, date: '2026-10-30', amount: 700, method: 'cash', userId: null, now: NOW });
  });
});
afterAll(async () => app.dispose());

describe('dashboard receivables tiles', () => {
  it('sums open, overdue, unapplied credit and receipts of this month', async () => {
    expect((await app.ok('dashboard.summary', {}, finance)).receivables).toEqual({ open: 20_000, overdue: 10_000, unapplied: 30_700, collectedThisMonth: 50_000 });
  });

  it('is null without receivables.read (a sales rep)', async () => {
    expect((await app.ok('dashboard.summary', {}, rep)).receivables).toBeNull();
  });
});
