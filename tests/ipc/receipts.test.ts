/**
 * Receipts 收款, allocation 核销, write-offs and the ledger check through the real router on a
 * real SQLite file. Every refusal also proves the database did not change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, databaseChecksum, type TestApp } from '../helpers/app';
import { seedCustomer, seedInvoices, seedReceivable } from '../helpers/receivables-seed';

/** The value, or a test failure when it is missing (instead of a non-null assertion). */
const must = <T>(x: T | null | undefined): T => {
  if (x === null || x === undefined) throw new Error('missing value');
  return x;
};

let app: TestApp;
let admin: string;
let sqlite: ReturnType<TestApp['workspace']['current']>['sqlite'];

const BOOKKEEPING = ['sessions', 'login_throttle'];
/** Runs a call that must be refused with `code`, and proves nothing changed. */
async function refused(code: string, fn: () => Promise<{ ok: boolean; error?: { code: string; message: string } }>, message?: RegExp) {
  const before = databaseChecksum(app, BOOKKEEPING);
  const r = await fn();
  expect(r.ok).toBe(false);
  expect(r.error?.code).toBe(code);
  if (message) expect(r.error?.message).toMatch(message);
  expect(databaseChecksum(app, BOOKKEEPING)).toBe(before);
}
const balance = (id: number) => sqlite.prepare('SELECT balance FROM receivables WHERE id = ?').pluck().get(id) as number;
const status = (id: number) => sqlite.prepare('SELECT status FROM receivables WHERE id = ?').pluck().get(id) as string;
let seq = 0;
const customer = () => seedCustomer(sqlite, { code: `RC${++seq}`, name: `回款客户${seq}` });

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.setup();
  sqlite = app.workspace.current().sqlite;
});
afterAll(() => app.dispose());

describe('receipts.create', () => {
  it('records a receipt and allocates it oldest due first, leaving the rest as customer credit', async () => {
    const c = customer();
    // Seeded out of due order: FIFO must follow due dates, not ids.
    const [a, b, d] = seedInvoices(sqlite, c, [30_000, 20_000, 50_000], '2026-09-01');
    sqlite.prepare(`UPDATE receivables SET due_date = '2026-12-31' WHERE id = ?`).run(must(a).id);
    const out = await app.ok(
      'receipts.create',
      { customerId: c, date: '2026-11-10', amount: 60_000, method: 'bank_transfer', reference: 'HK-1', payerName: '回款客户', allocate: { mode: 'fifo' } },
      admin,
    );
    expect(out.receipt.number).toMatch(/^RC/);
    expect(out.allocation?.allocations.map((x) => [x.receivableId, x.amount])).toEqual([
      [must(b).id, 20_000],
      [must(d).id, 40_000],
    ]);
    expect([balance(must(a).id), balance(must(b).id), balance(must(d).id)]).toEqual([30_000, 0, 10_000]);
    expect([status(must(b).id), status(must(d).id)]).toEqual(['paid', 'partly_paid']);
    expect(out.receipt.unallocated).toBe(0);
    expect(out.allocation?.sourceRemaining).toBe(0);
    // Audited: the receipt and its allocation.
    const actions = sqlite.prepare(`SELECT action FROM audit_log WHERE entity_id = ? ORDER BY id`).pluck().all(out.receipt.number);
    expect(actions).toEqual(['receipt.create', 'allocation.create']);

    // More than is open: the remainder stays as credit 预收.
    const more = await app.ok('receipts.create', { customerId: c, date: '2026-11-11', amount: 100_000, method: 'cash', allocate: { mode: 'fifo' } }, admin);
    expect(more.allocation?.allocated).toBe(40_000);
    expect(more.receipt.unallocated).toBe(60_000);
    expect((await app.ok('receivables.verify', { customerId: c }, admin)).ok).toBe(true);
  });

  it('needs an acceptance bill maturity date on or after the receipt date', async () => {
    const c = customer();
    await refused('VALIDATION', () => app.call('receipts.create', { customerId: c, date: '2026-11-10', amount: 100, method: 'acceptance_bill' }, admin), /maturity/);
    await refused('VALIDATION', () => app.call('receipts.create', { customerId: c, date: '2026-11-10', amount: 100, method: 'acceptance_bill', billMaturityDate: '2026-11-09' }, admin), /before/);
    const ok = await app.ok('receipts.create', { customerId: c, date: '2026-11-10', amount: 100, method: 'acceptance_bill', billNumber: 'CD-001', billMaturityDate: '2027-05-10' }, admin);
    expect([ok.receipt.billNumber, ok.receipt.billMaturityDate, ok.receipt.unallocated]).toEqual(['CD-001', '2027-05-10', 100]);
  });

  it('refuses floats, zero and negative amounts before anything is written', async () => {
    const c = customer();
    for (const amount of [100.5, 0, -100]) {
      await refused('VALIDATION', () => app.call('receipts.create', { customerId: c, date: '2026-11-10', amount, method: 'cash' }, admin));
    }
    const rc = await app.ok('receipts.create', { customerId: c, date: '2026-11-10', amount: 1000, method: 'cash' }, admin);
    const [inv] = seedInvoices(sqlite, c, [500], '2026-11-01');
    for (const amount of [10.5, -1, 0]) {
      await refused('VALIDATION', () => app.call('receipts.allocate', { source: { kind: 'receipt', id: rc.receipt.id }, mode: 'manual', lines: [{ receivableId: must(inv).id, amount }] }, admin));
    }
  });
});

describe('receipts.allocate', () => {
  it('allocates by hand across many receivables, partly, and later the rest', async () => {
    const c = customer();
    const inv = seedInvoices(sqlite, c, [10_000, 20_000, 30_000], '2026-10-01');
    const rc = await app.ok('receipts.create', { customerId: c, date: '2026-11-01', amount: 35_000, method: 'bank_transfer' }, admin);
    const r = await app.ok(
      'receipts.allocate',
      { source: { kind: 'receipt', id: rc.receipt.id }, mode: 'manual', lines: [{ receivableId: must(inv[2]).id, amount: 25_000 }, { receivableId: must(inv[0]).id, amount: 4_000 }] },
      admin,
    );
    expect(r.allocated).toBe(29_000);
    expect(r.sourceRemaining).toBe(6_000);
    expect(inv.map((i) => balance(i.id))).toEqual([6_000, 20_000, 5_000]);
    const later = await app.ok('receipts.allocate', { source: { kind: 'receipt', id: rc.receipt.id }, mode: 'fifo' }, admin);
    expect(later.allocations.map((a) => [a.receivableId, a.amount])).toEqual([[must(inv[0]).id, 6_000]]);
    const detail = await app.ok('receipts.get', { id: rc.receipt.id }, admin);
    expect(detail.allocations).toHaveLength(3);
    expect(detail.unallocated).toBe(0);
  });

  it('closes a ¥0.30 short payment in one step with a small-difference write-off (erpnext#51159)', async () => {
    const c = customer();
    const [inv] = seedInvoices(sqlite, c, [100_000], '2026-10-01');
    const out = await app.ok(
      'receipts.create',
      { customerId: c, date: '2026-11-01', amount: 99_970, method: 'bank_transfer', allocate: { mode: 'fifo', writeOffDifference: true } },
      admin,
    );
    expect(balance(must(inv).id)).toBe(0);
    expect(status(must(inv).id)).toBe('paid');
    expect(out.allocation?.writeOffs).toMatchObject([{ kind: 'small_difference', amount: 30, receiptId: out.receipt.id, receivableId: must(inv).id }]);
    expect(out.allocation?.writeOffs[0]?.reason).toMatch(/0\.30/);
    expect((await app.ok('receivables.verify', { customerId: c }, admin)).ok).toBe(true);

    // Reversing the receipt takes its 尾差 write-off with it.
    const rev = await app.ok('receipts.reverse', { id: out.receipt.id, date: '2026-11-05', reason: '退回' }, admin);
    expect(rev.status).toBe('reversed');
    expect(rev.writeOffs[0]?.reversedOn).toBe('2026-11-05');
    expect(balance(must(inv).id)).toBe(100_000);
    expect((await app.ok('receivables.verify', { customerId: c }, admin)).ok).toBe(true);
  });

  it('refuses a remainder above the tolerance, naming the tolerance, and changes nothing', async () => {
    const c = customer();
    const [inv] = seedInvoices(sqlite, c, [100_000], '2026-10-01');
    const rc = await app.ok('receipts.create', { customerId: c, date: '2026-11-01', amount: 99_800, method: 'cash' }, admin);
    await refused(
      'RULE_VIOLATION',
      () => app.call('receipts.allocate', { source: { kind: 'receipt', id: rc.receipt.id }, mode: 'fifo', writeOffDifference: true }, admin),
      /2\.00.*tolerance of 1\.00/,
    );
    expect(balance(must(inv).id)).toBe(100_000);
  });

  it('refuses more than the receipt has, more than a receivable owes, and across customers', async () => {
    const c = customer();
    const other = customer();
    const inv = seedInvoices(sqlite, c, [10_000, 10_000], '2026-10-01');
    const [foreign] = seedInvoices(sqlite, other, [10_000], '2026-10-01');
    const rc = await app.ok('receipts.create', { customerId: c, date: '2026-11-01', amount: 12_000, method: 'cash' }, admin);
    const src = { kind: 'receipt' as const, id: rc.receipt.id };
    await refused('RULE_VIOLATION', () => app.call('receipts.allocate', { source: src, mode: 'manual', lines: [{ receivableId: must(inv[0]).id, amount: 10_000 }, { receivableId: must(inv[1]).id, amount: 2_001 }] }, admin), /12000\.00|more than the 120\.00/);
    await refused('RULE_VIOLATION', () => app.call('receipts.allocate', { source: src, mode: 'manual', lines: [{ receivableId: must(inv[0]).id, amount: 10_001 }] }, admin), /open balance of 100\.00/);
    await refused('RULE_VIOLATION', () => app.call('receipts.allocate', { source: src, mode: 'manual', lines: [{ receivableId: must(foreign).id, amount: 100 }] }, admin), /another customer/);
    await refused('VALIDATION', () => app.call('receipts.allocate', { source: src, mode: 'manual', lines: [] }, admin));
  });

  it('refuses a receipt dated before the receivable unless settings allow it', async () => {
    const c = customer();
    const [inv] = seedInvoices(sqlite, c, [5_000], '2026-11-15');
    const rc = await app.ok('receipts.create', { customerId: c, date: '2026-11-01', amount: 5_000, method: 'cash' }, admin);
    const req = { source: { kind: 'receipt' as const, id: rc.receipt.id }, mode: 'manual' as const, lines: [{ receivableId: must(inv).id, amount: 5_000 }] };
    await refused('RULE_VIOLATION', () => app.call('receipts.allocate', req, admin), /dated before/);
    // FIFO skips what it may not pay: nothing to allocate is a clear refusal.
    await refused('RULE_VIOLATION', () => app.call('receipts.allocate', { source: req.source, mode: 'fifo' }, admin), /Nothing was allocated/);
    await app.ok('settings.update', { patch: { allowReceiptBeforeInvoice: true } }, admin);
    try {
      const r = await app.ok('receipts.allocate', req, admin);
      expect(r.allocations[0]?.date).toBe('2026-11-15');
      expect(balance(must(inv).id)).toBe(0);
    } finally {
      await app.ok('settings.update', { patch: { allowReceiptBeforeInvoice: false } }, admin);
    }
  });

  it('allocates an open credit note to another invoice', async () => {
    const c = customer();
    const [inv] = seedInvoices(sqlite, c, [8_000], '2026-10-01');
    const cn = seedReceivable(sqlite, { customerId: c, amount: 3_000, date: '2026-10-05', dueDate: '2026-10-05', kind: 'credit_note' });
    const items = await app.ok('receivables.openItems', { customerId: c, asOf: '2026-11-20' }, admin);
    expect(items.credits).toMatchObject([{ kind: 'credit_note', id: cn.id, available: 3_000 }]);
    expect(items.items[0]).toMatchObject({ id: must(inv).id, balance: 8_000, daysOverdue: 20 });
    const r = await app.ok('receipts.allocate', { source: { kind: 'credit_note', id: cn.id }, mode: 'fifo' }, admin);
    expect(r.allocated).toBe(3_000);
    expect([balance(must(inv).id), balance(cn.id)]).toEqual([5_000, 0]);
    expect((await app.ok('receivables.verify', { customerId: c }, admin)).ok).toBe(true);
  });
});

describe('reversals', () => {
  it('reverses a receipt once, restoring every balance; a reversed receipt cannot be allocated', async () => {
    const c = customer();
    const inv = seedInvoices(sqlite, c, [10_000, 10_000], '2026-10-01');
    const rc = await app.ok('receipts.create', { customerId: c, date: '2026-11-01', amount: 15_000, method: 'bank_transfer', allocate: { mode: 'fifo' } }, admin);
    await refused('RULE_VIOLATION', () => app.call('receipts.reverse', { id: rc.receipt.id, date: '2026-10-31', reason: 'x' }, admin), /on or after 2026-11-01/);
    await refused('VALIDATION', () => app.call('receipts.reverse', { id: rc.receipt.id, reason: '' }, admin));
    const rev = await app.ok('receipts.reverse', { id: rc.receipt.id, reason: '客户退票' }, admin);
    expect([rev.status, rev.unallocated, rev.reversedOn]).toEqual(['reversed', 0, '2026-11-20']);
    expect(inv.map((i) => balance(i.id))).toEqual([10_000, 10_000]);
    expect(rev.allocations.every((a) => a.reversedOn === '2026-11-20')).toBe(true);
    await refused('RULE_VIOLATION', () => app.call('receipts.reverse', { id: rc.receipt.id, reason: 'again' }, admin), /already reversed/);
    await refused('RULE_VIOLATION', () => app.call('receipts.allocate', { source: { kind: 'receipt', id: rc.receipt.id }, mode: 'fifo' }, admin), /reversed/);
    expect((await app.ok('receivables.verify', { customerId: c }, admin)).ok).toBe(true);
  });

  it('unallocates single allocations, once; write-off allocations are reversed as write-offs', async () => {
    const c = customer();
    const inv = seedInvoices(sqlite, c, [10_000, 10_000], '2026-10-01');
    const rc = await app.ok('receipts.create', { customerId: c, date: '2026-11-01', amount: 20_000, method: 'cash', allocate: { mode: 'fifo' } }, admin);
    const [first] = must(rc.allocation).allocations;
    const r = await app.ok('allocations.reverse', { ids: [must(first).id], reason: '核错了' }, admin);
    expect(r).toEqual({ count: 1, reversed: 10_000, customerId: c });
    expect(balance(must(inv[0]).id)).toBe(10_000);
    expect((await app.ok('receipts.get', { id: rc.receipt.id }, admin)).unallocated).toBe(10_000);
    await refused('RULE_VIOLATION', () => app.call('allocations.reverse', { ids: [must(first).id], reason: 'again' }, admin), /already reversed/);
    await refused('NOT_FOUND', () => app.call('allocations.reverse', { ids: [999_999], reason: 'x' }, admin));
    const w = await app.ok('writeoffs.create', { receivableId: must(inv[0]).id, amount: 1_000, date: '2026-11-20', reason: '坏账' }, admin);
    const wa = sqlite.prepare('SELECT id FROM allocations WHERE write_off_id = ?').pluck().get(w.id) as number;
    await refused('RULE_VIOLATION', () => app.call('allocations.reverse', { ids: [wa], reason: 'x' }, admin), /write-off/);
    expect((await app.ok('receivables.verify', { customerId: c }, admin)).ok).toBe(true);
  });
});

describe('write-offs', () => {
  it('writes off bad debt with permission and a reason, within the balance; reverses once', async () => {
    const c = customer();
    const [inv] = seedInvoices(sqlite, c, [50_000], '2026-06-01');
    const clerk = await app.userToken(admin, `salesadmin${seq}`, ['sales_admin']);
    await refused('FORBIDDEN', () => app.call('writeoffs.create', { receivableId: must(inv).id, amount: 50_000, date: '2026-11-20', reason: '破产' }, clerk.token));
    await refused('VALIDATION', () => app.call('writeoffs.create', { receivableId: must(inv).id, amount: 50_000, date: '2026-11-20', reason: '' }, admin));
    await refused('VALIDATION', () => app.call('writeoffs.create', { receivableId: must(inv).id, amount: 50_000, date: '2026-11-20', reason: '   ' }, admin));
    await refused('RULE_VIOLATION', () => app.call('writeoffs.create', { receivableId: must(inv).id, amount: 50_001, date: '2026-11-20', reason: '破产' }, admin), /open balance of 500\.00/);
    await refused('VALIDATION', () => app.call('writeoffs.create', { receivableId: must(inv).id, amount: 10.5, date: '2026-11-20', reason: '破产' }, admin));
    const finance = await app.userToken(admin, `finance${seq}`, ['finance']);
    const w = await app.ok('writeoffs.create', { receivableId: must(inv).id, amount: 50_000, date: '2026-11-20', reason: '客户破产' }, finance.token);
    expect([w.kind, w.amount, balance(must(inv).id), status(must(inv).id)]).toEqual(['bad_debt', 50_000, 0, 'written_off']);
    expect(sqlite.prepare(`SELECT reason FROM audit_log WHERE action = 'writeoff.create' AND entity_id = ?`).pluck().get(w.number)).toBe('客户破产');
    const list = await app.ok('writeoffs.list', { customerId: c }, admin);
    expect(list.rows.map((r) => r.number)).toEqual([w.number]);
    await refused('FORBIDDEN', () => app.call('writeoffs.reverse', { id: w.id, reason: 'x' }, clerk.token));
    const back = await app.ok('writeoffs.reverse', { id: w.id, reason: '客户又付款' }, finance.token);
    expect(back.reversedOn).toBe('2026-11-20');
    expect([balance(must(inv).id), status(must(inv).id)]).toEqual([50_000, 'open']);
    await refused('RULE_VIOLATION', () => app.call('writeoffs.reverse', { id: w.id, reason: 'again' }, admin), /already reversed/);
    expect((await app.ok('receivables.verify', { customerId: c }, admin)).ok).toBe(true);
  });
});

describe('reads and scope', () => {
  it('lists with filters, search and sort; a rep sees only their own customers', async () => {
    const rep = await app.userToken(admin, 'rep-rc', ['sales_rep']);
    const mine = seedCustomer(sqlite, { code: 'RCMINE', name: '自己的客户', ownerId: rep.id });
    const theirs = customer();
    const a = await app.ok('receipts.create', { customerId: mine, date: '2026-11-03', amount: 300, method: 'cash', reference: 'ZZ-FIND-ME' }, admin);
    const b = await app.ok('receipts.create', { customerId: theirs, date: '2026-11-04', amount: 900, method: 'bank_transfer', payerName: '付款人甲' }, admin);
    const found = await app.ok('receipts.list', { search: 'zz-find' }, admin);
    expect(found.rows.map((r) => r.id)).toEqual([a.receipt.id]);
    expect((await app.ok('receipts.list', { search: '付款人甲' }, admin)).rows.map((r) => r.id)).toEqual([b.receipt.id]);
    const sorted = await app.ok('receipts.list', { customerId: theirs, sort: { colId: 'amount', sort: 'asc' } }, admin);
    expect(sorted.rows.map((r) => r.amount)).toEqual([...sorted.rows.map((r) => r.amount)].sort((x, y) => x - y));
    expect((await app.ok('receipts.list', { method: 'cash', customerId: mine, unallocatedOnly: true }, admin)).total).toBe(1);
    // sales_rep has receivables.read? If not, the router refuses: either way another rep's receipt is never shown.
    const asRep = await app.call('receipts.get', { id: b.receipt.id }, rep.token);
    expect(asRep.ok).toBe(false);
    if (!asRep.ok) expect(['NOT_FOUND', 'FORBIDDEN']).toContain(asRep.error.code);
    const repList = await app.call('receipts.list', {}, rep.token);
    if (repList.ok) expect(repList.data.rows.every((r) => r.customerId === mine)).toBe(true);
  });

  it('verify names a corrupted balance', async () => {
    const c = customer();
    const [inv] = seedInvoices(sqlite, c, [7_000], '2026-10-01');
    await app.ok('receipts.create', { customerId: c, date: '2026-11-01', amount: 2_000, method: 'cash', allocate: { mode: 'fifo' } }, admin);
    sqlite.prepare('UPDATE receivables SET balance = balance - 1 WHERE id = ?').run(must(inv).id);
    const v = await app.ok('receivables.verify', { customerId: c }, admin);
    expect(v.ok).toBe(false);
    expect(v.failures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ identity: 'item', customerId: c, document: expect.stringMatching(/^AR-T/), expected: 5_000, actual: 4_999 }),
        expect.objectContaining({ identity: 'customer', customerId: c, document: null }),
      ]),
    );
    sqlite.prepare('UPDATE receivables SET balance = balance + 1 WHERE id = ?').run(must(inv).id);
    expect((await app.ok('receivables.verify', {}, admin)).ok).toBe(true);
  });
});
