/**
 * aging.report and aging.items through the real router on a real SQLite file: grouping by
 * customer, rep and region (未分配 as a null key), filters, sorting and top N, the as-of date
 * (today and the end of last quarter), drill-down that sums to the cell clicked, bucket bounds
 * from settings, the rep's record scope, and nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallContext } from '../../electron/services/context';
import { agingHandlers } from '../../electron/services/receivables/aging';
import { insertReceipt, postAllocations } from '../../electron/services/receivables/ledger';
import { inTransaction } from '../../electron/db/transaction';
import { permissionsOf } from '../../shared/permissions';
import { agingItemsInput, agingReportInput } from '../../shared/schemas/aging';
import { createTestApp, databaseChecksum, type TestApp } from '../helpers/app';
import { seedCustomer, seedReceivable, seedRegion } from '../helpers/receivables-seed';

// TestClock: 2026-11-20. Last quarter ended 2026-09-30.
const Q3 = '2026-09-30';
const NOW = '2026-11-20T02:00:00.000Z';
let app: TestApp;
let admin: string;
let rep1: number;
let rep2: number;
let regionEast: number;
let regionHz: number;
let regionNorth: number;
const cust: Record<'A' | 'B' | 'C' | 'D', number> = { A: 0, B: 0, C: 0, D: 0 };

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.setup();
  const sqlite = app.workspace.current().sqlite;
  const db = app.workspace.current().db;
  rep1 = (await app.userToken(admin, 'wangfang', ['sales_rep'])).id;
  rep2 = (await app.userToken(admin, 'lihua', ['sales_rep'])).id;
  regionEast = seedRegion(sqlite, 'EC', '华东');
  regionHz = seedRegion(sqlite, 'HZ', '杭州', regionEast);
  regionNorth = seedRegion(sqlite, 'NC', '华北');
  cust.A = seedCustomer(sqlite, { code: 'A01', name: '杭州甲公司', ownerId: rep1, regionId: regionHz });
  cust.B = seedCustomer(sqlite, { code: 'B01', name: '北京乙公司', ownerId: rep1, regionId: regionNorth });
  cust.C = seedCustomer(sqlite, { code: 'C01', name: '上海丙公司', ownerId: rep2, regionId: regionEast });
  cust.D = seedCustomer(sqlite, { code: 'D01', name: '散户丁' });
  // Today 2026-11-20: A has 1,000.00 not due and 2,000.00 45 days past due.
  seedReceivable(sqlite, { customerId: cust.A, amount: 100_000, date: '2026-11-10', dueDate: '2026-12-10' });
  seedReceivable(sqlite, { customerId: cust.A, amount: 200_000, date: '2026-09-06', dueDate: '2026-10-06' });
  // B: 5,000.00 due 2026-05-01 (203 days past due today, 152 on Q3), half paid on 2026-10-15.
  const b = seedReceivable(sqlite, { customerId: cust.B, amount: 500_000, date: '2026-04-01', dueDate: '2026-05-01' });
  // C: 800.00 due 2026-09-20 (61 days past due today, 10 on Q3) and an unapplied receipt of 300.00 dated 2026-09-25.
  seedReceivable(sqlite, { customerId: cust.C, amount: 80_000, date: '2026-08-21', dueDate: '2026-09-20' });
  // D: 50.00 opening balance from the old system, due long ago.
  seedReceivable(sqlite, { customerId: cust.D, amount: 5_000, date: '2026-01-01', dueDate: '2025-12-31', kind: 'opening' });
  await inTransaction(db, async (trx) => {
    const rc = await insertReceipt(trx, { customerId: cust.B, date: '2026-10-15', amount: 250_000, method: 'bank_transfer', userId: null, now: NOW });
    await postAllocations(trx, { customerId: cust.B, source: { kind: 'receipt', id: rc.id }, lines: [{ receivableId: b.id, amount: 250_000 }], userId: null, now: NOW, allowSourceBeforeItem: false });
    await insertReceipt(trx, { customerId: cust.C, date: '2026-09-25', amount: 30_000, method: 'cash', userId: null, now: NOW });
  });
});
afterAll(() => app.dispose());

const report = (input: Partial<Parameters<typeof agingReportInput.parse>[0]> = {}, token = admin) => app.ok('aging.report', input as never, token);
const items = (input: Partial<Parameters<typeof agingItemsInput.parse>[0]> = {}, token = admin) => app.ok('aging.items', input as never, token);
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe('aging.report', () => {
  it('by customer today: buckets from settings, Σ buckets = total, credits and net beside them', async () => {
    const r = await report();
    expect(r).toMatchObject({ asOf: '2026-11-20', groupBy: 'customer', bounds: [30, 60, 90, 180], method: 'current', rowCount: 4 });
    const byCode = Object.fromEntries(r.rows.map((x) => [x.code, x]));
    expect(byCode.A01).toMatchObject({ key: cust.A, name: '杭州甲公司', buckets: [100_000, 0, 200_000, 0, 0, 0], total: 300_000, overdue: 200_000, unapplied: 0, net: 300_000, customers: 1 });
    expect(byCode.B01).toMatchObject({ buckets: [0, 0, 0, 0, 0, 250_000], total: 250_000, overdue: 250_000 });
    expect(byCode.C01).toMatchObject({ buckets: [0, 0, 0, 80_000, 0, 0], unapplied: 30_000, net: 50_000 });
    expect(byCode.D01).toMatchObject({ buckets: [0, 0, 0, 0, 0, 5_000] });
    for (const row of r.rows) expect(sum(row.buckets)).toBe(row.total);
    expect(r.totals).toEqual({ customers: 4, buckets: [100_000, 0, 200_000, 80_000, 0, 255_000], total: 635_000, overdue: 535_000, unapplied: 30_000, net: 605_000 });
    // Default sort: total, largest first.
    expect(r.rows.map((x) => x.code)).toEqual(['A01', 'B01', 'C01', 'D01']);
  });

  it('as of the end of last quarter: what was open then, before the payment and the later invoice', async () => {
    const r = await report({ asOf: Q3 });
    expect(r.method).toBe('replay');
    const byCode = Object.fromEntries(r.rows.map((x) => [x.code, x]));
    expect(byCode.A01?.buckets).toEqual([200_000, 0, 0, 0, 0, 0]);
    expect(byCode.B01?.buckets).toEqual([0, 0, 0, 0, 500_000, 0]);
    expect(byCode.C01).toMatchObject({ buckets: [0, 80_000, 0, 0, 0, 0], unapplied: 30_000 });
    expect(r.totals.total).toBe(785_000);
    expect(sum(r.totals.buckets)).toBe(r.totals.total);
  });

  it('by rep and by region, with 未分配 as a null key; a region filter includes its sub-regions', async () => {
    const reps = await report({ groupBy: 'rep', sortBy: 'name', sortDir: 'asc' });
    expect(reps.rows.map((x) => [x.key, x.code, x.customers, x.total])).toEqual([
      [rep2, 'lihua', 1, 80_000],
      [rep1, 'wangfang', 2, 550_000],
      [null, null, 1, 5_000],
    ]);
    const regions = await report({ groupBy: 'region' });
    expect(Object.fromEntries(regions.rows.map((x) => [x.name ?? '-', x.total]))).toEqual({ 杭州: 300_000, 华北: 250_000, 华东: 80_000, '-': 5_000 });
    const east = await report({ groupBy: 'region', regionId: regionEast });
    expect(east.rows.map((x) => x.name).sort()).toEqual(['华东', '杭州']);
    expect(east.totals.total).toBe(380_000);
    expect((await report({ repId: rep1 })).rows.map((x) => x.code).sort()).toEqual(['A01', 'B01']);
  });

  it('search, sort by a bucket, top N; the totals still cover every row', async () => {
    const r = await report({ search: '公司', sortBy: 'b5', sortDir: 'desc', limit: 1 });
    expect(r.rowCount).toBe(3);
    expect(r.rows.map((x) => x.code)).toEqual(['B01']);
    expect(r.totals.total).toBe(630_000);
    const page2 = await report({ sortBy: 'code', sortDir: 'asc', offset: 2, limit: 2 });
    expect(page2.rows.map((x) => x.code)).toEqual(['C01', 'D01']);
  });

  it('takes its buckets from settings', async () => {
    await app.ok('settings.update', { patch: { agingBuckets: [15, 45] }, reason: '测试分段' }, admin);
    try {
      const r = await report({ customerId: cust.A });
      expect(r.bounds).toEqual([15, 45]);
      // 45 days past due falls in 16–45.
      expect(r.rows[0]?.buckets).toEqual([100_000, 0, 200_000, 0]);
    } finally {
      await app.ok('settings.update', { patch: { agingBuckets: [30, 60, 90, 180] }, reason: '恢复' }, admin);
    }
  });

  it('refuses unknown customers, regions and reps, and writes nothing', async () => {
    const before = databaseChecksum(app, ['sessions', 'login_throttle']);
    expect(await app.call('aging.report', { customerId: 99_999 }, admin)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await app.call('aging.report', { regionId: 99_999 }, admin)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await app.call('aging.report', { repId: 99_999 }, admin)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await app.call('aging.report', { sortBy: 'b99x' } as never, admin)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    await report({ asOf: Q3, groupBy: 'rep' });
    await items({ asOf: Q3 });
    expect(databaseChecksum(app, ['sessions', 'login_throttle'])).toBe(before);
  });
});

describe('aging.items (drill-down)', () => {
  it('the items behind a cell sum to the cell, for rows, buckets, the overdue column and the totals row', async () => {
    for (const groupBy of ['customer', 'rep', 'region'] as const) {
      for (const asOf of ['2026-11-20', Q3]) {
        const r = await report({ groupBy, asOf });
        for (const row of r.rows) {
          for (let b = 0; b < row.buckets.length; b++) {
            const it = await items({ groupBy, asOf, key: row.key, bucket: b });
            expect(it.sum, `${groupBy} ${row.key} b${b} ${asOf}`).toBe(row.buckets[b]);
            expect(it.rows.every((x) => x.bucket === b)).toBe(true);
          }
          expect((await items({ groupBy, asOf, key: row.key, overdueOnly: true })).sum).toBe(row.overdue);
        }
        expect((await items({ groupBy, asOf })).sum).toBe(r.totals.total);
      }
    }
  });

  it('lists number, dates, days past due, amount and the balance as of the date', async () => {
    const it = await items({ asOf: Q3, key: cust.B });
    expect(it.rows).toEqual([
      expect.objectContaining({ kind: 'invoice', customerCode: 'B01', customerName: '北京乙公司', date: '2026-04-01', dueDate: '2026-05-01', daysPastDue: 152, amount: 500_000, balance: 500_000, bucket: 4 }),
    ]);
    const today = await items({ key: cust.B });
    expect(today.rows[0]).toMatchObject({ balance: 250_000, daysPastDue: 203 });
    const paged = await items({ limit: 2, offset: 1 });
    expect(paged.total).toBe(5);
    expect(paged.rows).toHaveLength(2);
    expect(await app.call('aging.items', { key: 99_999 }, admin)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('record scope', () => {
  // No shipped role has receivables.read without customers.read_all; a rep granted it must still
  // see only their own customers, so the handler is called with such a session.
  const repCtx = (userId: number): CallContext => ({
    ...app.workspace.current(),
    session: {
      userId, username: 'wangfang', displayName: 'wangfang', roles: ['sales_rep'],
      permissions: new Set([...permissionsOf(['sales_rep']), 'receivables.read']), tokenHash: 'x', expiresAt: '2099-01-01T00:00:00Z',
    },
  });

  it("a rep sees only their own customers; another rep's customer answers NOT_FOUND", async () => {
    const ctx = repCtx(rep1);
    const r = await agingHandlers['aging.report'](agingReportInput.parse({ groupBy: 'customer' }), ctx);
    expect(r.rows.map((x) => x.code).sort()).toEqual(['A01', 'B01']);
    expect(r.totals.total).toBe(550_000);
    await expect(agingHandlers['aging.report'](agingReportInput.parse({ customerId: cust.C }), ctx)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(agingHandlers['aging.items'](agingItemsInput.parse({ key: cust.C }), ctx)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const all = await agingHandlers['aging.items'](agingItemsInput.parse({}), ctx);
    expect(all.rows.map((x) => x.customerCode).sort()).toEqual(['A01', 'A01', 'B01']);
    const byRegion = await agingHandlers['aging.items'](agingItemsInput.parse({ groupBy: 'region', key: regionEast }), ctx);
    expect(byRegion.rows).toEqual([]);
  });
});
