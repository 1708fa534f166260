/**
 * Dunning, collection plans, collection rate and DSO through the real router on a real SQLite
 * file. One small company, every figure worked out by hand (as of Friday 2026-11-20):
 *
 *   customer  rep   region       item  date        due         amount   paid
 *   A         rep1  杭州 (华东)   A1    2026-08-01  2026-08-31  100,000  R1 09-15 90,000 + CN1 10-05 10,000 → 0
 *                                 A2    2026-10-01  2026-10-31   50,000  —
 *                                 A3    2026-11-10  2026-12-10   30,000  —
 *   B         rep2  华北          B1    2026-10-10  2026-11-09   20,000  — (RB 11-15 5,000 unallocated)
 *   C         rep1  —             C1    2026-11-01  2026-12-01   15,000  —
 *   D         rep2  —             D1    2026-09-01  2026-09-30   25,000  RD 10-05 25,000 → 0
 *   E         —     —             E1    2026-06-01  2026-06-30    3,000  —
 *   A1 and A2 come from orders under contract HT-A (instalments 80,000 / 60,000 / 40,000 / 20,000).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../electron/db/transaction';
import { insertReceipt, postAllocations, reverseAllocations } from '../../electron/services/receivables/ledger';
import { createTestApp, databaseChecksum, type TestApp } from '../helpers/app';
import { seedCustomer, seedReceivable, seedRegion } from '../helpers/receivables-seed';
import { seedOrder, seedProduct } from '../helpers/shipments-seed';

const NOW = '2026-11-20T02:00:00.000Z';
let app: TestApp;
let admin: string;
let finance: string;
let rep1: number;
let rep2: number;
let east: number;
let north: number;
const C = {} as Record<'A' | 'B' | 'C' | 'D' | 'E', number>;
const I = {} as Record<'A1' | 'A2' | 'A3' | 'B1' | 'C1' | 'D1' | 'E1', number>;
let contractA = 0;
let rdId = 0;

const sqlite = () => app.workspace.current().sqlite;
const db = () => app.workspace.current().db;
const unchanged = async (fn: () => Promise<unknown>) => {
  const before = databaseChecksum(app, ['sessions', 'login_throttle']);
  await fn();
  expect(databaseChecksum(app, ['sessions', 'login_throttle'])).toBe(before);
};

async function receipt(customerId: number, date: string, amount: number, to?: number) {
  return inTransaction(db(), async (trx) => {
    const r = await insertReceipt(trx, { customerId, date, amount, method: 'bank_transfer', userId: null, now: NOW });
    if (to) await postAllocations(trx, { customerId, source: { kind: 'receipt', id: r.id }, lines: [{ receivableId: to, amount }], userId: null, now: NOW, allowSourceBeforeItem: false });
    return r.id;
  });
}

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.setup();
  finance = (await app.userToken(admin, 'cashier', ['finance'])).token;
  rep1 = (await app.userToken(admin, 'rep1', ['sales_rep'])).id;
  rep2 = (await app.userToken(admin, 'rep2', ['sales_rep'])).id;
  east = seedRegion(sqlite(), 'EC', '华东');
  north = seedRegion(sqlite(), 'NC', '华北');
  const hz = seedRegion(sqlite(), 'HZ', '杭州', east);
  C.A = seedCustomer(sqlite(), { code: 'A', name: '杭州联华超市', ownerId: rep1, regionId: hz });
  C.B = seedCustomer(sqlite(), { code: 'B', name: '北京物美', ownerId: rep2, regionId: north });
  C.C = seedCustomer(sqlite(), { code: 'C', ownerId: rep1 });
  C.D = seedCustomer(sqlite(), { code: 'D', ownerId: rep2 });
  C.E = seedCustomer(sqlite(), { code: 'E' });

  const k = await app.ok('contracts.save', {
    customerId: C.A, number: 'HT-A', signedOn: '2026-07-15', startsOn: '2026-08-01', amount: 200_000, paymentTermsDays: 30,
    instalments: [
      { dueDate: '2026-09-30', amount: 80_000 },
      { dueDate: '2026-11-15', amount: 60_000 },
      { dueDate: '2026-11-22', amount: 40_000, note: '验收款' },
      { dueDate: '2026-12-31', amount: 20_000 },
    ],
  }, admin);
  contractA = k.id;
  await app.ok('contracts.save', { customerId: C.C, number: 'HT-C', signedOn: '2026-10-01', startsOn: '2026-10-01', amount: 9_000, paymentTermsDays: 30, instalments: [{ dueDate: '2027-01-31', amount: 9_000 }] }, admin);
  const p = seedProduct(sqlite(), 'P-1', 100);
  const o = seedOrder(sqlite(), { customerId: C.A, contractId: contractA, lines: [{ productId: p, qtyMilli: 1000, amount: 150_000 }] });

  I.A1 = seedReceivable(sqlite(), { customerId: C.A, amount: 100_000, date: '2026-08-01', dueDate: '2026-08-31', orderId: o.orderId }).id;
  I.A2 = seedReceivable(sqlite(), { customerId: C.A, amount: 50_000, date: '2026-10-01', dueDate: '2026-10-31', orderId: o.orderId }).id;
  I.A3 = seedReceivable(sqlite(), { customerId: C.A, amount: 30_000, date: '2026-11-10', dueDate: '2026-12-10' }).id;
  I.B1 = seedReceivable(sqlite(), { customerId: C.B, amount: 20_000, date: '2026-10-10', dueDate: '2026-11-09' }).id;
  I.C1 = seedReceivable(sqlite(), { customerId: C.C, amount: 15_000, date: '2026-11-01', dueDate: '2026-12-01' }).id;
  I.D1 = seedReceivable(sqlite(), { customerId: C.D, amount: 25_000, date: '2026-09-01', dueDate: '2026-09-30' }).id;
  I.E1 = seedReceivable(sqlite(), { customerId: C.E, amount: 3_000, date: '2026-06-01', dueDate: '2026-06-30' }).id;
  const cn = seedReceivable(sqlite(), { customerId: C.A, amount: 10_000, date: '2026-10-05', dueDate: '2026-10-05', kind: 'credit_note' }).id;

  await receipt(C.A, '2026-09-15', 90_000, I.A1);
  await inTransaction(db(), (trx) =>
    postAllocations(trx, { customerId: C.A, source: { kind: 'credit_note', id: cn }, lines: [{ receivableId: I.A1, amount: 10_000 }], userId: null, now: NOW, allowSourceBeforeItem: false }),
  );
  rdId = await receipt(C.D, '2026-10-05', 25_000, I.D1);
  await receipt(C.B, '2026-11-15', 5_000);
});
afterAll(() => app.dispose());

describe('collections.addNote / notes', () => {
  it('records contacts with promises, audited; refuses bad input and changes nothing', async () => {
    const n1 = await app.ok('collections.addNote', { customerId: C.A, date: '2026-11-10', channel: 'phone', note: '财务说11月15日付3万', promiseDate: '2026-11-15', promiseAmount: 30_000 }, finance);
    expect(n1).toMatchObject({ customerId: C.A, channel: 'phone', promiseDate: '2026-11-15', promiseAmount: 30_000, by: 'cashier', receivableId: null });
    await app.ok('collections.addNote', { customerId: C.A, receivableId: I.A2, date: '2026-11-18', channel: 'visit', note: '上门拜访，老板出差' }, finance);
    await app.ok('collections.addNote', { customerId: C.B, date: '2026-11-12', channel: 'message', note: '微信催款', promiseDate: '2026-11-25', promiseAmount: 20_000 }, finance);
    const audit = sqlite().prepare(`SELECT action, entity, after_json FROM audit_log WHERE action = 'collection.note' ORDER BY id`).all() as { after_json: string }[];
    expect(audit).toHaveLength(3);
    expect(JSON.parse(audit[0]?.after_json ?? '{}')).toMatchObject({ customer: 'A', promiseDate: '2026-11-15', promiseAmount: '300.00' });

    const notes = await app.ok('collections.notes', { customerId: C.A }, finance);
    expect(notes.rows.map((r) => [r.date, r.channel, r.receivableId])).toEqual([['2026-11-18', 'visit', I.A2], ['2026-11-10', 'phone', null]]);

    await unchanged(async () => {
      const bad = [
        { customerId: C.A, date: '2026-11-10', channel: 'phone', note: 'x', promiseDate: '2026-11-09' }, // promise before contact
        { customerId: C.A, date: '2026-11-10', channel: 'phone', note: 'x', promiseAmount: 100 }, // amount without date
        { customerId: C.A, date: '2026-11-21', channel: 'phone', note: 'x' }, // tomorrow
        { customerId: C.A, date: '2026-11-10', channel: 'phone', note: '   ' },
        { customerId: C.A, date: '2026-11-10', channel: 'fax', note: 'x' },
        { customerId: C.A, date: '2026-11-10', channel: 'phone', note: 'x', promiseDate: '2026-11-20', promiseAmount: 10.5 },
      ];
      for (const input of bad) expect((await app.call('collections.addNote', input as never, finance)).ok, JSON.stringify(input)).toBe(false);
      const other = await app.call('collections.addNote', { customerId: C.A, receivableId: I.B1, date: '2026-11-10', channel: 'phone', note: 'x' }, finance);
      expect(other.ok || other.error.code).toBe('NOT_FOUND');
      const missing = await app.call('collections.notes', { customerId: 999_999 }, finance);
      expect(missing.ok || missing.error.code).toBe('NOT_FOUND');
    });
  });
});

describe('collections.overdue', () => {
  it('lists overdue customers by level then amount, with last contact and promises', async () => {
    await unchanged(async () => {
      const r = await app.ok('collections.overdue', {}, finance);
      expect(r.asOf).toBe('2026-11-20');
      expect(r.levelDays).toEqual([1, 31, 61, 91]);
      // E: 143 days (level 4, ¥30) before A: 20 days (level 1, ¥500) before B: 11 days (level 1, ¥200).
      expect(r.rows.map((x) => [x.customerCode, x.level, x.oldestDaysOverdue, x.overdueAmount, x.openAmount, x.overdueItems])).toEqual([
        ['E', 4, 143, 3_000, 3_000, 1],
        ['A', 1, 20, 50_000, 80_000, 1],
        ['B', 1, 11, 20_000, 20_000, 1],
      ]);
      const a = r.rows[1] as (typeof r.rows)[number];
      expect(a).toMatchObject({ repName: 'rep1', regionName: '杭州', unappliedCredit: 0 });
      expect(a.lastContact).toMatchObject({ date: '2026-11-18', channel: 'visit', by: 'cashier' });
      // Promised ¥300 by 11-15, nothing came: broken.
      expect(a.promise).toEqual({ date: '2026-11-15', amount: 30_000, madeOn: '2026-11-10', paid: 0, status: 'broken' });
      // B promised ¥200 by 11-25 and paid ¥50 on 11-15 (not yet allocated): pending, with credit to allocate.
      expect(r.rows[2]).toMatchObject({ unappliedCredit: 5_000, promise: { status: 'pending', paid: 5_000 } });
      expect(r.totals).toEqual({ overdueAmount: 73_000, customers: 3, brokenPromises: 1 });
      expect(r.byRep.map((g) => [g.repName, g.customers, g.overdueAmount])).toEqual([['rep1', 1, 50_000], ['rep2', 1, 20_000], [null, 1, 3_000]]);
    });
    const code = async (input: object) => (await app.ok('collections.overdue', input, finance)).rows.map((x) => x.customerCode);
    expect(await code({ repId: rep2 })).toEqual(['B']);
    expect(await code({ level: 4 })).toEqual(['E']);
    expect(await code({ regionId: east })).toEqual(['A']); // 杭州 lies in 华东
    expect(await code({ search: '物美' })).toEqual(['B']);
    expect(await code({ limit: 1 })).toEqual(['E']);
    // As of 2026-10-01 D was one day late and A1 still had ¥100 open (the credit note came on 10-05).
    const past = await app.ok('collections.overdue', { asOf: '2026-10-01' }, finance);
    expect(past.rows.map((x) => [x.customerCode, x.level, x.oldestDaysOverdue, x.overdueAmount])).toEqual([
      ['E', 4, 93, 3_000],
      ['A', 2, 31, 10_000],
      ['D', 1, 1, 25_000],
    ]);
    expect(past.rows[1]?.lastContact).toBeNull(); // notes dated later are not shown in the past
  });

  it('a sales rep has no receivables.read', async () => {
    const r = await app.userToken(admin, 'rep3', ['sales_rep']);
    const res = await app.call('collections.overdue', {}, r.token);
    expect(res.ok || res.error.code).toBe('FORBIDDEN');
  });
});

describe('collections.plans', () => {
  it('fills receipts and credit notes into instalments by due date', async () => {
    const r = await app.ok('collections.plans', {}, finance);
    expect(r.week).toEqual({ start: '2026-11-16', end: '2026-11-22' });
    expect(r.rows.map((p) => p.number)).toEqual(['HT-A', 'HT-C']);
    const a = r.rows[0] as (typeof r.rows)[number];
    expect(a).toMatchObject({ planned: 200_000, receipts: 90_000, credits: 10_000, excess: 0, invoiced: 150_000 });
    expect(a.instalments.map((i) => [i.seq, i.received, i.status])).toEqual([
      [1, 80_000, 'received'],
      [2, 20_000, 'overdue'],
      [3, 0, 'due_this_week'],
      [4, 0, 'not_due'],
    ]);
    expect(r.totals).toEqual({ planned: 209_000, received: 100_000, dueThisWeek: 40_000, overdue: 40_000 });
    expect((await app.ok('collections.plans', { status: 'overdue' }, finance)).rows.map((p) => p.number)).toEqual(['HT-A']);
    expect((await app.ok('collections.plans', { status: 'due_this_week' }, finance)).rows.map((p) => p.number)).toEqual(['HT-A']);
    expect((await app.ok('collections.plans', { search: 'HT-C' }, finance)).rows.map((p) => p.number)).toEqual(['HT-C']);
    expect((await app.ok('collections.plans', { customerId: C.B }, finance)).total).toBe(0);
    // As of 09-20 only R1 had come: ¥900 fills instalment 1 and ¥100 of instalment 2.
    const past = await app.ok('collections.plans', { asOf: '2026-09-20', contractId: contractA }, finance);
    expect(past.rows[0]?.instalments.map((i) => [i.received, i.status])).toEqual([[80_000, 'received'], [10_000, 'partial'], [0, 'not_due'], [0, 'not_due']]);
  });
});

describe('collections.kpi', () => {
  const pick = (r: { period: string; numerator: number; openingDue: number; issuedDue: number; denominator: number; rateBp: number | null; closing: number; creditSales: number; days: number; dso: number | null }) =>
    [r.period, r.numerator, r.openingDue, r.issuedDue, r.denominator, r.rateBp, r.closing, r.creditSales, r.days, r.dso];

  it('computes rate and DSO per month exactly as DOMAIN.md §8', async () => {
    const r = await app.ok('collections.kpi', { granularity: 'month', from: '2026-09', to: '2026-12', groupBy: 'company' }, finance);
    expect(r.rows.map(pick)).toEqual([
      // Sep: R1 90,000 ÷ (A1 100,000 + E1 3,000 open on 08-31 + D1 25,000 issued) = 70.3125% → 7031; DSO 38,000 ÷ 25,000 × 30
      ['2026-09', 90_000, 103_000, 25_000, 128_000, 7_031, 38_000, 25_000, 30, 45.6],
      // Oct: RD 25,000 ÷ (A1 10,000 + D1 25,000 + E1 3,000 + A2 50,000) → 2841; DSO 73,000 ÷ (70,000 − CN 10,000) × 31 = 37.72
      ['2026-10', 25_000, 38_000, 50_000, 88_000, 2_841, 73_000, 60_000, 31, 37.7],
      // Nov to date (20 days): nothing collected of 73,000 due; DSO 118,000 ÷ 45,000 × 20 = 52.44. December has not begun.
      ['2026-11', 0, 73_000, 0, 73_000, 0, 118_000, 45_000, 20, 52.4],
    ]);
    expect(r.trend.map(pick)).toEqual(r.rows.map(pick));
  });

  it('by quarter and by rep', async () => {
    const q = await app.ok('collections.kpi', { granularity: 'quarter', from: '2026-10', to: '2026-12', groupBy: 'company' }, finance);
    // Q4 to 11-20 (51 days): 25,000 ÷ (38,000 + A2 50,000 + B1 20,000) → 2315; DSO 118,000 ÷ 105,000 × 51 = 57.31
    expect(q.rows.map(pick)).toEqual([['2026-Q4', 25_000, 38_000, 70_000, 108_000, 2_315, 118_000, 105_000, 51, 57.3]]);
    expect(q.trend.map((t) => t.period)).toEqual(['2026-10', '2026-11']);

    const byRep = await app.ok('collections.kpi', { granularity: 'month', from: '2026-10', to: '2026-10', groupBy: 'rep' }, finance);
    expect(byRep.rows.map((r) => [r.groupName, r.numerator, r.denominator, r.rateBp])).toEqual([
      ['rep1', 0, 60_000, 0],
      ['rep2', 25_000, 25_000, 10_000],
      [null, 0, 3_000, 0],
    ]);
    const byRegion = await app.ok('collections.kpi', { granularity: 'month', from: '2026-10', to: '2026-10', groupBy: 'region', regionId: east }, finance);
    expect(byRegion.rows.map((r) => [r.groupName, r.denominator])).toEqual([['华东', 60_000]]);
    // Nothing due and nothing collected: no rate (—), not 0%.
    const empty = await app.ok('collections.kpi', { granularity: 'month', from: '2026-05', to: '2026-05', groupBy: 'company' }, finance);
    expect(empty.rows.map(pick)).toEqual([['2026-05', 0, 0, 0, 0, null, 0, 0, 31, null]]);
    const bad = await app.call('collections.kpi', { granularity: 'month', from: '2026-10', to: '2026-09', groupBy: 'company' }, finance);
    expect(bad.ok || bad.error.code).toBe('VALIDATION');
  });

  it('a reversal after the period leaves that period as it was, and reopens the item later', async () => {
    await inTransaction(db(), (trx) => reverseAllocations(trx, { receiptId: rdId }, '2026-11-05', NOW));
    const r = await app.ok('collections.kpi', { granularity: 'month', from: '2026-10', to: '2026-11', groupBy: 'company' }, finance);
    expect(r.rows.map((x) => [x.period, x.numerator, x.openingDue, x.closing])).toEqual([
      ['2026-10', 25_000, 38_000, 73_000],
      ['2026-11', 0, 73_000, 143_000],
    ]);
    const o = await app.ok('collections.overdue', { search: 'D' }, finance);
    expect(o.rows.find((x) => x.customerCode === 'D')).toMatchObject({ overdueAmount: 25_000, oldestDaysOverdue: 51, level: 2, unappliedCredit: 25_000 });
  });
});
