/**
 * Credit management through the router on a real SQLite file, and enforceCredit inside a real
 * transaction: positions, the grid, limits (refused below exposure unless forced with a reason),
 * temporary limits, hold/release, overrides; refusals change nothing (databaseChecksum).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../electron/db/transaction';
import type { CallContext } from '../../electron/services/context';
import { enforceCredit, evaluateCredit } from '../../electron/services/credit-check';
import { insertReceipt } from '../../electron/services/receivables/ledger';
import type { Input, Method } from '../../shared/contract';
import { createTestApp, databaseChecksum, type TestApp } from '../helpers/app';

let app: TestApp;
let admin: string;
let manager: string;
let salesAdmin: string;
let finance: string;
let rep1: { token: string; id: number };
const BOOKKEEPING = ['sessions', 'login_throttle'];
const sqlite = () => app.workspace.current().sqlite;
const t0 = '2026-01-01T00:00:00Z';
const TODAY = '2026-11-20';

async function refused<M extends Method>(method: M, input: Input<M>, token: string, code: string) {
  const before = databaseChecksum(app, BOOKKEEPING);
  const r = await app.call(method, input, token);
  expect(r.ok, `${method} should be refused`).toBe(false);
  if (!r.ok) expect(r.error.code).toBe(code);
  expect(databaseChecksum(app, BOOKKEEPING)).toBe(before);
  return r.ok ? null : r.error;
}
const auditRows = (action: string) =>
  sqlite().prepare('SELECT entity_id, before_json, after_json, reason, actor_name FROM audit_log WHERE action = ? ORDER BY id').all(action) as {
    entity_id: string; before_json: string | null; after_json: string | null; reason: string | null; actor_name: string;
  }[];

let nextNo = 1;
function receivable(customerId: number, dueDate: string, balance: number, amount = balance) {
  sqlite()
    .prepare(`INSERT INTO receivables (number, customer_id, kind, date, due_date, amount, balance, status, created_at, updated_at) VALUES (?, ?, 'invoice', ?, ?, ?, ?, 'open', '${t0}', '${t0}')`)
    .run(`AR-${nextNo++}`, customerId, dueDate, dueDate, amount, balance);
}
function order(customerId: number, status: string, amount: number, shipped = 0): number {
  return Number(
    sqlite()
      .prepare(`INSERT INTO orders (number, customer_id, status, order_date, amount, shipped_amount, created_at, updated_at) VALUES (?, ?, ?, '${TODAY}', ?, ?, '${t0}', '${t0}')`)
      .run(`SO-${nextNo++}`, customerId, status, amount, shipped).lastInsertRowid,
  );
}
async function ctxOf(token: string): Promise<CallContext> {
  const base = app.workspace.current();
  return { ...base, session: await base.sessions.resolve(base, token) };
}

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.setup();
  manager = (await app.userToken(admin, 'manager', ['sales_manager'])).token;
  salesAdmin = (await app.userToken(admin, 'neiqin', ['sales_admin'])).token;
  finance = (await app.userToken(admin, 'caiwu', ['finance'])).token;
  rep1 = await app.userToken(admin, 'rep1', ['sales_rep']);
  const c = sqlite().prepare(`INSERT INTO customers (id, code, name, type, owner_id, credit_limit, created_at, updated_at) VALUES (?, ?, ?, 'direct', ?, ?, '${t0}', '${t0}')`);
  c.run(1, 'C1', '甲公司', rep1.id, 1_000_000);
  c.run(2, 'C2', '乙商行', null, 500_000);
  c.run(3, 'C3', '丙超市', null, 0);
  // C1: 300 000 receivables (100 000 overdue by 10 days), orders: confirmed 200 000, partly shipped 150 000 of 250 000,
  // closed/cancelled/draft/shipped ones that must not count.
  receivable(1, '2026-11-10', 100_000);
  receivable(1, '2026-12-20', 200_000);
  receivable(1, '2026-12-30', 0, 50_000); // paid: not open
  order(1, 'confirmed', 200_000);
  order(1, 'partly_shipped', 250_000, 150_000);
  order(1, 'closed', 90_000, 10_000);
  order(1, 'cancelled', 70_000);
  order(1, 'draft', 60_000);
  order(1, 'shipped', 40_000, 40_000);
  // C2: one item overdue by 45 days (beyond the default 30 grace days).
  receivable(2, '2026-10-06', 1_000);
});
afterAll(() => app.dispose());

describe('credit.position', () => {
  it('shows the limit, each component and available, counting only open receivables and unshipped confirmed/partly shipped orders', async () => {
    const p = await app.ok('credit.position', { customerId: 1, amount: 0 }, salesAdmin);
    expect(p.customer).toMatchObject({ id: 1, code: 'C1', creditStatus: 'normal' });
    expect(p.evaluation.trace.exposure).toEqual({ openReceivables: 300_000, openOrders: 300_000, thisOrder: 0, total: 600_000 });
    expect(p.evaluation.trace.limit.inForce).toBe(1_000_000);
    expect(p.evaluation.trace.available).toBe(400_000);
    expect(p.evaluation.trace.overdue).toMatchObject({ total: 100_000, beyondGraceCount: 0 });
    expect(p.evaluation.decision).toBe('pass');
  });

  it('this order up to the limit passes, one 分 more blocks', async () => {
    expect((await app.ok('credit.position', { customerId: 1, amount: 400_000 }, salesAdmin)).evaluation.decision).toBe('pass');
    const b = await app.ok('credit.position', { customerId: 1, amount: 400_001 }, salesAdmin);
    expect(b.evaluation).toMatchObject({ decision: 'block', fired: ['over_limit'] });
  });

  it('lists overdue items beyond grace with their numbers', async () => {
    const p = await app.ok('credit.position', { customerId: 2, date: TODAY }, admin);
    expect(p.evaluation.fired).toEqual(['overdue_beyond_grace']);
    expect(p.evaluation.trace.overdue.items).toEqual([expect.objectContaining({ dueDate: '2026-10-06', balance: 1_000 })]);
  });

  it('keeps the rep scope: own customer yes, another NOT_FOUND', async () => {
    await app.ok('credit.position', { customerId: 1 }, rep1.token);
    await refused('credit.position', { customerId: 2 }, rep1.token, 'NOT_FOUND');
  });
});

describe('credit.list', () => {
  it('every customer with limit, exposure, available, overdue; sorted and filtered in SQL', async () => {
    const all = await app.ok('credit.list', { sort: [{ colId: 'exposure', sort: 'desc' }] }, finance);
    expect(all.total).toBe(3);
    expect(all.rows[0]).toMatchObject({ code: 'C1', exposure: 600_000, available: 400_000, overdue: 100_000, openReceivables: 300_000, openOrders: 300_000 });
    const byAvail = await app.ok('credit.list', { sort: [{ colId: 'available', sort: 'asc' }] }, finance);
    expect(byAvail.rows.map((r) => r.code)).toEqual(['C3', 'C1', 'C2']);
    const f = await app.ok('credit.list', { filter: { name: { type: 'contains', value: '商' } } }, finance);
    expect(f.rows.map((r) => r.code)).toEqual(['C2']);
    const byCode = await app.ok('credit.list', { filter: { search: { type: 'contains', value: 'c3' } } }, finance);
    expect(byCode.rows.map((r) => r.code)).toEqual(['C3']);
    const byName = await app.ok('credit.list', { filter: { search: { type: 'contains', value: '甲' } } }, finance);
    expect(byName.rows.map((r) => r.code)).toEqual(['C1']);
    expect((await app.ok('credit.list', {}, rep1.token)).rows.map((r) => r.code)).toEqual(['C1']);
  });

  it('refuses an unknown sort or filter column', async () => {
    await refused('credit.list', { sort: [{ colId: 'password_hash', sort: 'asc' }] }, finance, 'VALIDATION');
    await refused('credit.list', { filter: { exposure: { type: 'equals', value: '1' } } }, finance, 'VALIDATION');
  });
});

describe('credit.setLimit', () => {
  it('refuses negative, fractional and unsafe limits, changing nothing', async () => {
    for (const creditLimit of [-1, 1.5, 0.01, 2 ** 60]) await refused('credit.setLimit', { customerId: 2, creditLimit }, salesAdmin, 'VALIDATION');
  });

  it('refuses a limit below the current exposure unless forced with a reason', async () => {
    const e = await refused('credit.setLimit', { customerId: 1, creditLimit: 599_999 }, salesAdmin, 'RULE_VIOLATION');
    expect(e?.details).toMatchObject({ exposure: 600_000 });
    await refused('credit.setLimit', { customerId: 1, creditLimit: 599_999, force: true }, salesAdmin, 'RULE_VIOLATION');
    await refused('credit.setLimit', { customerId: 1, creditLimit: 599_999, force: true, reason: '   ' }, salesAdmin, 'RULE_VIOLATION');
    const row = await app.ok('credit.setLimit', { customerId: 1, creditLimit: 599_999, force: true, reason: '客户经营恶化，压缩授信' }, salesAdmin);
    expect(row).toMatchObject({ creditLimit: 599_999, exposure: 600_000, available: -1 });
    const a = auditRows('customer.credit_limit').at(-1);
    expect(a).toMatchObject({ entity_id: '1', reason: '客户经营恶化，压缩授信', actor_name: 'neiqin' });
    expect(JSON.parse(a?.before_json ?? '')).toEqual({ creditLimit: 1_000_000 });
    expect(JSON.parse(a?.after_json ?? '')).toEqual({ creditLimit: 599_999, forcedBelowExposure: 600_000 });
  });

  it('a limit equal to the exposure needs no force; audited before/after', async () => {
    await app.ok('credit.setLimit', { customerId: 1, creditLimit: 600_000 }, finance);
    const a = auditRows('customer.credit_limit').at(-1);
    expect(JSON.parse(a?.before_json ?? '')).toEqual({ creditLimit: 599_999 });
    expect(JSON.parse(a?.after_json ?? '')).toEqual({ creditLimit: 600_000 });
    await app.ok('credit.setLimit', { customerId: 1, creditLimit: 1_000_000, reason: '恢复' }, finance);
  });

  it('needs credit.manage and keeps the scope', async () => {
    await refused('credit.setLimit', { customerId: 1, creditLimit: 2_000_000 }, manager, 'FORBIDDEN');
    await refused('credit.setLimit', { customerId: 1, creditLimit: 2_000_000 }, rep1.token, 'FORBIDDEN');
    await refused('credit.setLimit', { customerId: 999, creditLimit: 2_000_000 }, salesAdmin, 'NOT_FOUND');
  });
});

describe('credit.setTemporaryLimit', () => {
  it('applies through its expiry date, then the standing limit again; clearing is audited', async () => {
    await refused('credit.setTemporaryLimit', { customerId: 2, amount: 900_000, expires: null }, salesAdmin, 'VALIDATION');
    await refused('credit.setTemporaryLimit', { customerId: 2, amount: 900_000, expires: '2026-11-19' }, salesAdmin, 'VALIDATION');
    const row = await app.ok('credit.setTemporaryLimit', { customerId: 2, amount: 900_000, expires: '2026-11-30', reason: '双十二备货' }, salesAdmin);
    expect(row).toMatchObject({ tempCreditLimit: 900_000, tempCreditExpires: '2026-11-30', limitInForce: 900_000 });
    expect((await app.ok('credit.position', { customerId: 2, date: '2026-11-30' }, admin)).evaluation.trace.limit).toMatchObject({ inForce: 900_000, source: 'temporary' });
    expect((await app.ok('credit.position', { customerId: 2, date: '2026-12-01' }, admin)).evaluation.trace.limit).toMatchObject({ inForce: 500_000, source: 'standing' });
    const cleared = await app.ok('credit.setTemporaryLimit', { customerId: 2, amount: null, expires: null, reason: '取消' }, salesAdmin);
    expect(cleared).toMatchObject({ tempCreditLimit: null, tempCreditExpires: null, limitInForce: 500_000 });
    const a = auditRows('customer.temp_credit_limit');
    expect(a).toHaveLength(2);
    expect(JSON.parse(a[1]?.before_json ?? '')).toEqual({ tempCreditLimit: 900_000, tempCreditExpires: '2026-11-30' });
  });
});

describe('credit.hold / credit.release', () => {
  it('hold blocks the position, release lifts it; both audited with the reason; a repeat is a CONFLICT', async () => {
    await refused('credit.hold', { customerId: 3, reason: '' }, salesAdmin, 'VALIDATION');
    const held = await app.ok('credit.hold', { customerId: 3, reason: '法人失联' }, salesAdmin);
    expect(held.creditStatus).toBe('hold');
    await refused('credit.hold', { customerId: 3, reason: '再次' }, salesAdmin, 'CONFLICT');
    expect((await app.ok('credit.position', { customerId: 3 }, admin)).evaluation.fired).toEqual(['on_hold']);
    await app.ok('credit.release', { customerId: 3, reason: '已联系上' }, finance);
    await refused('credit.release', { customerId: 3, reason: '再次' }, finance, 'CONFLICT');
    const a = auditRows('customer.credit_status');
    expect(a.map((r) => [JSON.parse(r.before_json ?? ''), JSON.parse(r.after_json ?? ''), r.reason])).toEqual([
      [{ creditStatus: 'normal' }, { creditStatus: 'hold' }, '法人失联'],
      [{ creditStatus: 'hold' }, { creditStatus: 'normal' }, '已联系上'],
    ]);
  });
});

describe('enforceCredit inside a transaction', () => {
  const req = { customerId: 1, orderId: null, amount: 400_001, stage: 'confirm' as const, date: TODAY };

  it('passes without writing when within the limit', async () => {
    const ctx = await ctxOf(salesAdmin);
    const before = databaseChecksum(app, BOOKKEEPING);
    const out = await inTransaction(ctx.db, (trx) => enforceCredit(trx, ctx, { ...req, amount: 400_000 }));
    expect(out).toMatchObject({ released: true, overrideId: null, evaluation: { decision: 'pass' } });
    expect(databaseChecksum(app, BOOKKEEPING)).toBe(before);
  });

  it('a block is not released without the permission or without a reason, and nothing is written', async () => {
    const before = databaseChecksum(app, BOOKKEEPING);
    const sa = await ctxOf(salesAdmin);
    expect(await inTransaction(sa.db, (trx) => enforceCredit(trx, sa, req))).toMatchObject({ released: false, evaluation: { fired: ['over_limit'] } });
    expect(await inTransaction(sa.db, (trx) => enforceCredit(trx, sa, req, { reason: '老客户' }))).toMatchObject({ released: false, overrideRefused: 'no_permission' });
    const m = await ctxOf(manager);
    expect(await inTransaction(m.db, (trx) => enforceCredit(trx, m, req, { reason: '  ' }))).toMatchObject({ released: false, overrideRefused: 'no_reason' });
    expect(databaseChecksum(app, BOOKKEEPING)).toBe(before);
  });

  it('credit.override with a reason releases: credit_overrides row with the trace, audit row with the exposure', async () => {
    const m = await ctxOf(manager);
    const out = await inTransaction(m.db, (trx) => enforceCredit(trx, m, req, { reason: '年底冲量，总经理批准' }));
    expect(out).toMatchObject({ released: true });
    const id = out.released ? out.overrideId : null;
    const row = sqlite().prepare('SELECT * FROM credit_overrides WHERE id = ?').get(id) as { reason: string; trace: string; stage: string };
    expect(row).toMatchObject({ reason: '年底冲量，总经理批准', stage: 'confirm' });
    expect(JSON.parse(row.trace)).toMatchObject({ fired: ['over_limit'], exposure: { total: 1_000_001 }, limit: { inForce: 1_000_000 } });
    const a = auditRows('credit.override').at(-1);
    expect(a).toMatchObject({ entity_id: '1', actor_name: 'manager', reason: '年底冲量，总经理批准' });
    expect(JSON.parse(a?.after_json ?? '')).toMatchObject({ overrideId: id, limit: 1_000_000, exposure: { openReceivables: 300_000, openOrders: 300_000, thisOrder: 400_001, total: 1_000_001 } });
    const h = await app.ok('credit.history', { customerId: 1 }, finance);
    expect(h.overrides[0]).toMatchObject({ reason: '年底冲量，总经理批准', exposure: 1_000_001, limit: 1_000_000, fired: ['over_limit'] });
    expect(h.audit.map((r) => r.action)).toContain('credit.override');
  });

  it('at shipment the order is already in open orders (amount 0): no double count', async () => {
    const ctx = await ctxOf(salesAdmin);
    const id = order(1, 'confirmed', 400_000);
    const ship = await evaluateCredit(ctx.db, ctx, { customerId: 1, orderId: id, amount: 0, stage: 'ship', date: TODAY });
    expect(ship.trace.exposure).toMatchObject({ openOrders: 700_000, thisOrder: 0, total: 1_000_000 });
    expect(ship.decision).toBe('pass');
    // Passing the shipment's own amount at 'ship' does not count it twice either; only a part beyond the unshipped amount would.
    const withAmount = await evaluateCredit(ctx.db, ctx, { customerId: 1, orderId: id, amount: 250_000, stage: 'ship', date: TODAY });
    expect(withAmount.trace.exposure).toMatchObject({ openOrders: 700_000, thisOrder: 0, total: 1_000_000 });
    const beyond = await evaluateCredit(ctx.db, ctx, { customerId: 1, orderId: id, amount: 400_001, stage: 'ship', date: TODAY });
    expect(beyond.trace.exposure).toMatchObject({ thisOrder: 1, total: 1_000_001 });
    expect(beyond.fired).toEqual(['over_limit']);
    // Re-confirming the same (already counted) order leaves it out of open orders.
    const again = await evaluateCredit(ctx.db, ctx, { customerId: 1, orderId: id, amount: 400_000, stage: 'confirm', date: TODAY });
    expect(again.trace.exposure).toMatchObject({ openOrders: 300_000, thisOrder: 400_000, total: 1_000_000 });
  });

  it('an open credit note (customer credit) reduces the exposure and is never overdue', async () => {
    const ctx = await ctxOf(salesAdmin);
    const before = await evaluateCredit(ctx.db, ctx, { customerId: 3, orderId: null, amount: 0, stage: 'confirm', date: TODAY });
    sqlite()
      .prepare(`INSERT INTO receivables (number, customer_id, kind, date, due_date, amount, balance, status, created_at, updated_at) VALUES ('CN-1', 3, 'invoice', '2026-01-01', '2026-01-01', 500, 500, 'open', '${t0}', '${t0}'), ('CN-2', 3, 'credit_note', '2026-01-01', '2026-01-01', 200, 200, 'open', '${t0}', '${t0}')`)
      .run();
    const after = await evaluateCredit(ctx.db, ctx, { customerId: 3, orderId: null, amount: 0, stage: 'confirm', date: TODAY });
    expect(after.trace.exposure.openReceivables - before.trace.exposure.openReceivables).toBe(300);
    expect(after.trace.overdue).toMatchObject({ total: 500, beyondGraceCount: 1, beyondGraceTotal: 500 });
    const row = (await app.ok('credit.list', { filter: { code: { type: 'equals', value: 'C3' } } }, finance)).rows[0];
    expect(row).toMatchObject({ openReceivables: 300, overdue: 500 });
  });

  it('an unallocated receipt (prepayment 预收) reduces the exposure like customer credit; a reversed one does not', async () => {
    const ctx = await ctxOf(salesAdmin);
    const before = await evaluateCredit(ctx.db, ctx, { customerId: 3, orderId: null, amount: 0, stage: 'confirm', date: TODAY });
    const rc = await inTransaction(ctx.db, (trx) => insertReceipt(trx, { customerId: 3, date: TODAY, amount: 12_345, method: 'bank_transfer', userId: null, now: t0 }));
    const after = await evaluateCredit(ctx.db, ctx, { customerId: 3, orderId: null, amount: 0, stage: 'confirm', date: TODAY });
    expect(before.trace.exposure.openReceivables - after.trace.exposure.openReceivables).toBe(12_345);
    const row = (await app.ok('credit.list', { filter: { code: { type: 'equals', value: 'C3' } } }, finance)).rows[0];
    expect(row?.openReceivables).toBe(after.trace.exposure.openReceivables);
    sqlite().prepare(`UPDATE receipts SET status = 'reversed', unallocated = 0, reversed_on = ? WHERE id = ?`).run(TODAY, rc.id);
    const reversed = await evaluateCredit(ctx.db, ctx, { customerId: 3, orderId: null, amount: 0, stage: 'confirm', date: TODAY });
    expect(reversed.trace.exposure.openReceivables).toBe(before.trace.exposure.openReceivables);
  });

  it('the exposure queries read indexes, never the whole table', () => {
    const plan = (q: string) => (sqlite().prepare(`EXPLAIN QUERY PLAN ${q}`).all(1, TODAY) as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan('SELECT sum(balance) FROM receivables WHERE customer_id = ? AND balance > 0 AND due_date < ?')).toMatch(/COVERING INDEX receivables_open/);
    expect(
      plan(
        `SELECT sum(CASE WHEN kind = 'credit_note' THEN -balance ELSE balance END), sum(CASE WHEN kind <> 'credit_note' AND due_date < ? THEN balance END) FROM receivables INDEXED BY receivables_open_kind WHERE customer_id = ? AND balance > 0`,
      ),
    ).toMatch(/COVERING INDEX receivables_open_kind \(customer_id=\?\)/);
    expect(plan('SELECT sum(unallocated) FROM receipts INDEXED BY receipts_unallocated WHERE customer_id = ? AND unallocated > 0 AND ? IS NOT NULL')).toMatch(
      /COVERING INDEX receipts_unallocated \(customer_id=\?/,
    );
    expect(plan(`SELECT sum(amount - shipped_amount) FROM orders WHERE customer_id = ? AND status IN ('confirmed', 'partly_shipped') AND ? IS NOT NULL`)).toMatch(
      /COVERING INDEX orders_customer_status/,
    );
  });
});
