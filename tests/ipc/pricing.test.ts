/**
 * Price lists, items, quote, check, approval and ABC grading through the router, on a real
 * SQLite file: refusals change nothing (databaseChecksum), governed changes are audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Input, Method } from '../../shared/contract';
import { createTestApp, databaseChecksum, type TestApp } from '../helpers/app';

let app: TestApp;
let admin: string;
let manager: string;
let salesAdmin: string;
let rep1: { token: string; id: number };
let rep2: { token: string; id: number };
const BOOKKEEPING = ['sessions', 'login_throttle'];
const ids = { base: 0, gradeA: 0, channelD: 0, custC1: 0, baseP1: 0, baseP1x10: 0, gaP1: 0, cuP1: 0 };

const sqlite = () => app.workspace.current().sqlite;
const t0 = '2026-01-01T00:00:00Z';

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

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.setup();
  manager = (await app.userToken(admin, 'manager', ['sales_manager'])).token;
  salesAdmin = (await app.userToken(admin, 'neiqin', ['sales_admin'])).token;
  rep1 = await app.userToken(admin, 'rep1', ['sales_rep']);
  rep2 = await app.userToken(admin, 'rep2', ['sales_rep']);
  const db = sqlite();
  db.prepare(`INSERT INTO regions (id, code, name, parent_id) VALUES (1, 'E', '华东', NULL), (2, 'ZJ', '浙江', 1), (3, 'S', '华南', NULL)`).run();
  const p = db.prepare(`INSERT INTO products (id, sku, name, unit, list_price, standard_cost, floor_price, created_at, updated_at) VALUES (?, ?, ?, '箱', ?, ?, ?, '${t0}', '${t0}')`);
  p.run(1, 'P1', '抽纸', 5000, 3000, null);
  p.run(2, 'P2', '湿巾', 2500, 1500, 2000);
  const c = db.prepare(`INSERT INTO customers (id, code, name, type, region_id, owner_id, grade, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, '${t0}', '${t0}')`);
  c.run(1, 'C1', '甲公司', 'direct', 2, rep1.id, 'A');
  c.run(2, 'C2', '乙商行', 'distributor', 3, rep2.id, 'B');
  c.run(3, 'C3', '丙超市', 'direct', 1, rep1.id, 'C');
});
afterAll(() => app.dispose());

describe('price lists', () => {
  it('creates one list per target, audited', async () => {
    ids.base = (await app.ok('priceLists.create', { code: 'BASE', name: '基础价', kind: 'base' }, salesAdmin)).id;
    ids.gradeA = (await app.ok('priceLists.create', { code: 'GA', name: 'A 级客户价', kind: 'grade', grade: 'A' }, salesAdmin)).id;
    ids.channelD = (await app.ok('priceLists.create', { code: 'CH-D', name: '经销商价', kind: 'channel', channel: 'distributor' }, salesAdmin)).id;
    const cu = await app.ok('priceLists.create', { code: 'CU-C1', name: '甲公司专享价', kind: 'customer', customerId: 1 }, manager);
    ids.custC1 = cu.id;
    expect(cu).toMatchObject({ kind: 'customer', customerCode: 'C1', customerName: '甲公司', active: true, itemCount: 0 });
    expect(auditRows('price_list_create')).toHaveLength(4);

    const e = await refused('priceLists.create', { code: 'BASE2', name: '又一个基础价', kind: 'base' }, salesAdmin, 'CONFLICT');
    expect(e?.message).toContain('BASE');
    await refused('priceLists.create', { code: 'BASE', name: '重复编码', kind: 'grade', grade: 'B' }, salesAdmin, 'CONFLICT');
    await refused('priceLists.create', { code: 'GX', name: '缺等级', kind: 'grade' }, salesAdmin, 'VALIDATION');
    await refused('priceLists.create', { code: 'GY', name: '多余客户', kind: 'grade', grade: 'B', customerId: 1 }, salesAdmin, 'VALIDATION');
    await refused('priceLists.create', { code: 'CU9', name: '无此客户', kind: 'customer', customerId: 999 }, salesAdmin, 'NOT_FOUND');
    await refused('priceLists.create', { code: 'R', name: '代表不可建', kind: 'grade', grade: 'C' }, rep1.token, 'FORBIDDEN');
  });

  it('lists most general first and finds by customer name', async () => {
    const all = await app.ok('priceLists.list', {}, rep1.token);
    expect(all.map((l) => l.code)).toEqual(['BASE', 'CH-D', 'GA', 'CU-C1']);
    expect((await app.ok('priceLists.list', { search: '甲公司' }, admin)).map((l) => l.code)).toEqual(['CU-C1']);
  });
});

describe('price items', () => {
  const save = (input: Input<'priceItems.save'>, token = salesAdmin) => app.ok('priceItems.save', input, token);

  it('saves items with quantity breaks and validity', async () => {
    ids.baseP1 = (await save({ priceListId: ids.base, productId: 1, minQty: '0', price: 5000 })).id;
    ids.baseP1x10 = (await save({ priceListId: ids.base, productId: 1, minQty: '10', price: 4800 })).id;
    ids.gaP1 = (await save({ priceListId: ids.gradeA, productId: 1, minQty: 0, price: 4700, validFrom: '2026-01-01', validTo: '2026-06-30' })).id;
    const cu = await save({ priceListId: ids.custC1, productId: 1, minQty: '20', price: 4500, validFrom: '2026-03-01', validTo: '2026-12-31' }, manager);
    ids.cuP1 = cu.id;
    expect(cu).toMatchObject({ sku: 'P1', minQty: '20', minQtyMilli: 20_000, price: 4500, floorPrice: 3000, listPrice: 5000 });
    await save({ priceListId: ids.channelD, productId: 2, minQty: '1.5', price: 2200 });
    const page = await app.ok('priceItems.list', { priceListId: ids.base }, rep1.token);
    expect(page.total).toBe(2);
    expect(page.rows.map((r) => r.minQty)).toEqual(['0', '10']);
    expect((await app.ok('priceItems.list', { priceListId: ids.gradeA, validOn: '2026-07-01' }, admin)).total).toBe(0);
    expect(auditRows('price_item_create')).toHaveLength(5);
  });

  it('refuses overlapping validity naming the other item; nothing changes', async () => {
    const e = await refused('priceItems.save', { priceListId: ids.base, productId: 1, minQty: '10', price: 4700, validFrom: '2026-06-01' }, salesAdmin, 'CONFLICT');
    expect(e?.message).toContain(`#${ids.baseP1x10}`);
    expect(e?.details).toMatchObject({ otherItemId: ids.baseP1x10 });
    // The grade item ends 2026-06-30: a second one from 2026-06-30 overlaps by one day, from 07-01 it does not.
    await refused('priceItems.save', { priceListId: ids.gradeA, productId: 1, minQty: '0', price: 4650, validFrom: '2026-06-30', validTo: null }, salesAdmin, 'CONFLICT');
    const next = await save({ priceListId: ids.gradeA, productId: 1, minQty: '0', price: 4650, validFrom: '2026-07-01', validTo: '2026-07-31' });
    await app.ok('priceItems.delete', { id: next.id, reason: '试验' }, salesAdmin);
  });

  it('refuses zero, negative and fractional prices, inverted ranges and bad quantities', async () => {
    for (const bad of [
      { price: 0 },
      { price: -100 },
      { price: 12.5 },
      { validFrom: '2026-05-01', validTo: '2026-04-30' },
      { minQty: '-1' },
      { minQty: '1.2345' },
      { minQty: 'abc' },
      { validFrom: '2026-02-30' },
    ]) {
      await refused('priceItems.save', { priceListId: ids.base, productId: 2, minQty: '1', price: 2400, ...bad } as Input<'priceItems.save'>, salesAdmin, 'VALIDATION');
    }
    await refused('priceItems.save', { priceListId: ids.base, productId: 99, minQty: '1', price: 2400 }, salesAdmin, 'NOT_FOUND');
    await refused('priceItems.save', { priceListId: ids.base, productId: 2, minQty: '1', price: 2400 }, rep1.token, 'FORBIDDEN');
  });

  it('a price below the floor needs the right and a reason, else RULE_VIOLATION with the trace', async () => {
    const below = { priceListId: ids.base, productId: 2, minQty: '100', price: 1900 } as const; // P2 floor 2000
    const e = await refused('priceItems.save', below, salesAdmin, 'RULE_VIOLATION');
    expect(e?.details).toMatchObject({ check: { decision: 'needs_approval', fired: ['below_floor'], trace: { floorPrice: 2000, netPrice: 1900 } } });
    await refused('priceItems.save', below, manager, 'RULE_VIOLATION'); // no reason
    const ok = await save({ ...below, reason: '年度框架协议' }, manager);
    const row = auditRows('price_item_create').at(-1);
    expect(row?.reason).toBe('年度框架协议');
    expect(JSON.parse(row?.after_json ?? '{}')).toMatchObject({ price: 1900, belowFloor: { floorPrice: 2000, approvedBy: 'manager' } });
    // Floor defaults to the standard cost when the product has none: P1 cost 3000.
    await refused('priceItems.save', { priceListId: ids.base, productId: 1, minQty: '500', price: 2999 }, salesAdmin, 'RULE_VIOLATION');
    await app.ok('priceItems.delete', { id: ok.id, reason: '协议取消' }, manager);
    const del = auditRows('price_item_delete').at(-1);
    expect(JSON.parse(del?.before_json ?? '{}')).toMatchObject({ price: 1900, sku: 'P2' });
    expect(del?.reason).toBe('协议取消');
  });

  it('updates an item with before/after in the audit log', async () => {
    const updated = await save({ id: ids.baseP1x10, priceListId: ids.base, productId: 1, minQty: '10', price: 4850 });
    expect(updated.price).toBe(4850);
    const row = auditRows('price_item_update').at(-1);
    expect(JSON.parse(row?.before_json ?? '{}')).toMatchObject({ price: 4800 });
    expect(JSON.parse(row?.after_json ?? '{}')).toMatchObject({ price: 4850 });
    await save({ id: ids.baseP1x10, priceListId: ids.base, productId: 1, minQty: '10', price: 4800 });
    await refused('priceItems.save', { id: ids.baseP1x10, priceListId: ids.gradeA, productId: 1, minQty: '10', price: 4800 }, salesAdmin, 'VALIDATION');
  });
});

describe('pricing.quote', () => {
  const q = (customerId: number, quantity: string, date: string, token = admin) => app.ok('pricing.quote', { customerId, productId: 1, quantity, date }, token);

  it('takes the most specific list with a valid item, with the full trace', async () => {
    const r = await q(1, '25', '2026-04-01');
    expect(r).toMatchObject({ found: true, price: 4500, amount: 112_500, list: { code: 'CU-C1', kind: 'customer' }, item: { id: ids.cuP1, minQty: '20' } });
    expect(r.trace.map((t) => [t.listCode, t.outcome])).toEqual([
      ['CU-C1', 'used'],
      ['GA', 'not_needed'],
      ['BASE', 'not_needed'],
    ]);
    expect(r.customer).toMatchObject({ code: 'C1', grade: 'A', type: 'direct' });
  });

  it('explains why items were skipped', async () => {
    const r = await q(1, '5', '2026-04-01');
    expect(r).toMatchObject({ price: 4700, list: { code: 'GA' } });
    expect(r.trace[0]).toMatchObject({ listCode: 'CU-C1', outcome: 'no_valid_item', items: [{ itemId: ids.cuP1, outcome: 'quantity_below_minimum' }] });
    const later = await q(1, '15', '2026-07-01');
    expect(later).toMatchObject({ price: 4800, list: { code: 'BASE' }, item: { id: ids.baseP1x10 } });
    expect(later.trace.map((t) => [t.listCode, t.outcome, t.items.map((i) => i.outcome)])).toEqual([
      ['CU-C1', 'no_valid_item', ['quantity_below_minimum']],
      ['GA', 'no_valid_item', ['expired']],
      ['BASE', 'used', ['taken', 'lower_break']],
    ]);
    const early = await q(1, '25', '2026-02-01');
    expect(early.trace[0]?.items[0]?.outcome).toBe('not_yet_valid');
  });

  it('rounds the line amount half-up once on decimal quantities', async () => {
    const r = await q(1, '12.345', '2026-05-01'); // 4700 × 12.345 = 58021.5
    expect(r).toMatchObject({ price: 4700, quantity: '12.345', amount: 58_022 });
  });

  it('a channel list applies to distributors; no list item means found: false', async () => {
    const r = await app.ok('pricing.quote', { customerId: 2, productId: 2, quantity: '2', date: '2026-05-01' }, admin);
    expect(r).toMatchObject({ found: true, price: 2200, list: { code: 'CH-D' } });
    const none = await app.ok('pricing.quote', { customerId: 3, productId: 2, quantity: '1', date: '2026-05-01' }, admin);
    expect(none).toMatchObject({ found: false, price: null, amount: null, list: null });
    expect(none.trace).toEqual([]); // no applicable list has an item for P2
  });

  it('respects the rep scope and an inactive list', async () => {
    expect((await q(1, '25', '2026-04-01', rep1.token)).price).toBe(4500);
    await refused('pricing.quote', { customerId: 1, productId: 1, quantity: '25', date: '2026-04-01' }, rep2.token, 'NOT_FOUND');
    await refused('pricing.quote', { customerId: 1, productId: 1, quantity: '0', date: '2026-04-01' }, rep1.token, 'VALIDATION');
    await app.ok('priceLists.update', { id: ids.custC1, active: false, reason: '合同到期' }, manager);
    const r = await q(1, '25', '2026-04-01');
    expect(r).toMatchObject({ price: 4700, list: { code: 'GA' } });
    expect(r.trace[0]).toMatchObject({ listCode: 'CU-C1', outcome: 'inactive' });
    const row = auditRows('price_list_update').at(-1);
    expect(JSON.parse(row?.before_json ?? '{}')).toMatchObject({ active: true });
    expect(JSON.parse(row?.after_json ?? '{}')).toMatchObject({ active: false });
    await app.ok('priceLists.update', { id: ids.custC1, active: true }, manager);
  });

  it('loads the candidates with one query on the lookup index', async () => {
    const { loadCandidates } = await import('../../electron/services/pricing');
    const db = app.workspace.current().db;
    const compiled: { sql: string; parameters: readonly unknown[] }[] = [];
    const spy = db.withPlugin({
      transformQuery: (a) => {
        compiled.push(db.getExecutor().compileQuery(a.node, a.queryId));
        return a.node;
      },
      transformResult: async (a) => a.result,
    });
    const lists = await loadCandidates(spy, { id: 1, grade: 'A', type: 'direct' }, 1);
    expect(lists.map((l) => l.code).sort()).toEqual(['BASE', 'CU-C1', 'GA']);
    expect(compiled).toHaveLength(1);
    const q = compiled[0] as { sql: string; parameters: readonly unknown[] };
    const plan = sqlite().prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...(q.parameters as unknown[])) as { detail: string }[];
    const detail = plan.map((p) => p.detail).join('\n');
    expect(detail).toMatch(/COVERING INDEX price_list_items_lookup \(product_id=\?\)/);
    expect(detail).toMatch(/SEARCH l USING INTEGER PRIMARY KEY/);
    expect(detail).not.toMatch(/SCAN/);
  });
});

describe('pricing.check and pricing.approve', () => {
  const line = { customerId: 1, productId: 1, quantity: '25', date: '2026-04-01' } as const; // resolves to 4500

  it('allows within the caller’s authority, needs approval above it or below the floor', async () => {
    expect(await app.ok('pricing.check', { ...line, netPrice: 4300 }, rep1.token)).toMatchObject({
      decision: 'allowed',
      fired: [],
      resolvedFrom: 'price_list',
      trace: { resolvedPrice: 4500, authorityBp: 500, authorityRole: 'sales_rep', discountBp: 445 },
    });
    expect(await app.ok('pricing.check', { ...line, netPrice: 4275 }, rep1.token)).toMatchObject({ decision: 'allowed' }); // exactly 5%
    expect(await app.ok('pricing.check', { ...line, netPrice: 4274 }, rep1.token)).toMatchObject({ decision: 'needs_approval', fired: ['discount_above_authority'] });
    expect(await app.ok('pricing.check', { ...line, netPrice: 4200 }, manager)).toMatchObject({ decision: 'allowed', trace: { authorityBp: 2000 } });
    expect(await app.ok('pricing.check', { ...line, netPrice: 2900 }, manager)).toMatchObject({
      decision: 'needs_approval',
      fired: ['discount_above_authority', 'below_floor'],
      trace: { floorPrice: 3000 },
    });
    // Authority follows settings.
    await app.ok('settings.update', { patch: { discountAuthorityBp: { admin: 10_000, sales_admin: 1_000, finance: 0, sales_manager: 2_000, sales_rep: 800 } } }, admin);
    expect(await app.ok('pricing.check', { ...line, netPrice: 4200 }, rep1.token)).toMatchObject({ decision: 'allowed', trace: { authorityBp: 800 } });
    await app.ok('settings.update', { patch: { discountAuthorityBp: { admin: 10_000, sales_admin: 1_000, finance: 0, sales_manager: 2_000, sales_rep: 500 } } }, admin);
    await refused('pricing.check', { ...line, netPrice: 4000 }, rep2.token, 'NOT_FOUND');
  });

  it('an approver records who, when and why; audited with before/after', async () => {
    const a = await app.ok('pricing.approve', { ...line, netPrice: 2900, requestedBy: rep1.id, reason: '清库存，经理批准' }, manager);
    expect(a).toMatchObject({
      resolvedPrice: 4500,
      netPrice: 2900,
      floorPrice: 3000,
      fired: ['discount_above_authority', 'below_floor'],
      requestedBy: rep1.id,
      approvedByName: 'manager',
      reason: '清库存，经理批准',
      consumedAt: null,
      quantity: '25',
    });
    const row = auditRows('price_approve').at(-1);
    expect(row?.entity_id).toBe(String(a.id));
    expect(JSON.parse(row?.before_json ?? '{}')).toMatchObject({ resolvedPrice: 4500, authorityBp: 500, authorityRole: 'sales_rep' });
    expect(JSON.parse(row?.after_json ?? '{}')).toMatchObject({ netPrice: 2900, fired: ['discount_above_authority', 'below_floor'] });
  });

  it('refuses approvals without the right, without a reason, or with nothing to approve', async () => {
    await refused('pricing.approve', { ...line, netPrice: 2900, reason: '我自己批' }, rep1.token, 'FORBIDDEN');
    await refused('pricing.approve', { ...line, netPrice: 2900, reason: ' ' }, manager, 'VALIDATION');
    await refused('pricing.approve', { ...line, netPrice: 4400, requestedBy: rep1.id, reason: '不需要' }, manager, 'CONFLICT');
    await refused('pricing.approve', { ...line, netPrice: 2900, requestedBy: 9999, reason: '无此人' }, manager, 'NOT_FOUND');
  });
});

describe('ABC grading', () => {
  beforeAll(() => {
    const f = sqlite().prepare(
      `INSERT INTO sales_facts (date, period, customer_id, product_id, rep_id, region_id, qty_milli, net_amount, source_type, source_ref, source_line, created_at)
       VALUES (?, ?, ?, 1, NULL, NULL, 1000, ?, 'import', ?, '1', '${t0}')`,
    );
    let n = 0;
    const add = (date: string, customerId: number, amount: number) => f.run(date, Number(date.slice(0, 7).replace('-', '')), customerId, amount, `T${++n}`);
    // Window for 2026-11-20: 2025-11-21 … 2026-11-20. C1 60, C2 30, C3 10 (+ lines outside the window).
    add('2025-11-21', 1, 40_00);
    add('2026-11-20', 1, 20_00);
    add('2026-06-01', 2, 30_00);
    add('2026-06-02', 3, 10_00);
    add('2025-11-20', 3, 1_000_000_00); // the day before the window: ignored
    add('2026-11-21', 3, 1_000_000_00); // after: ignored
  });

  it('grades by trailing-12-month sales, stores the basis, audits each change', async () => {
    const before = auditRows('grade_compute').length;
    const r = await app.ok('grading.run', { asOf: '2026-11-20' }, salesAdmin);
    expect(r).toMatchObject({ from: '2025-11-21', to: '2026-11-20', total: 100_00, customers: 3, counts: { A: 2, B: 0, C: 1 }, manual: 0 });
    const rows = sqlite().prepare('SELECT code, grade, grade_manual, grade_computed, grade_basis FROM customers ORDER BY code').all() as {
      code: string; grade: string; grade_manual: number; grade_computed: string; grade_basis: string;
    }[];
    expect(rows.map((c) => [c.code, c.grade, c.grade_computed])).toEqual([
      ['C1', 'A', 'A'],
      ['C2', 'A', 'A'],
      ['C3', 'C', 'C'],
    ]);
    expect(JSON.parse(rows[1]?.grade_basis ?? '{}')).toEqual({ asOf: '2026-11-20', sales: 30_00, rank: 2, shareAboveBp: 6_000, total: 100_00 });
    // C1 was A already (unchanged grade, but computed was null), C2 B→A, C3 C (computed null→C): 3 audit rows.
    const audits = auditRows('grade_compute').slice(before);
    expect(audits).toHaveLength(3);
    const c2 = audits.find((a) => a.entity_id === '2');
    expect(JSON.parse(c2?.before_json ?? '{}')).toMatchObject({ grade: 'B', computed: null });
    expect(JSON.parse(c2?.after_json ?? '{}')).toMatchObject({ grade: 'A', computed: 'A', basis: { rank: 2 } });
    expect((await app.ok('audit.verify', {}, admin)).ok).toBe(true);
    // Same run again: nothing changes.
    const again = await app.ok('grading.run', { asOf: '2026-11-20' }, salesAdmin);
    expect(again.changed).toBe(0);
  });

  it('thresholds come from settings', async () => {
    await app.ok('settings.update', { patch: { abcThresholdsBp: { a: 5_000, b: 9_500 } } }, admin);
    const r = await app.ok('grading.run', { asOf: '2026-11-20' }, salesAdmin);
    expect(r.counts).toEqual({ A: 1, B: 2, C: 0 });
    await app.ok('settings.update', { patch: { abcThresholdsBp: { a: 7_000, b: 9_000 } } }, admin);
    await app.ok('grading.run', { asOf: '2026-11-20' }, salesAdmin);
  });

  it('a manual grade wins, stays marked through runs, and can be cleared; all audited', async () => {
    const set = await app.ok('grading.setManual', { customerId: 1, grade: 'B', reason: '回款慢，降级观察' }, manager);
    expect(set).toMatchObject({ grade: 'B', manual: true, computed: 'A' });
    await app.ok('grading.run', { asOf: '2026-11-20' }, salesAdmin);
    const c1 = () => sqlite().prepare(`SELECT grade, grade_manual, grade_computed FROM customers WHERE id = 1`).get();
    expect(c1()).toEqual({ grade: 'B', grade_manual: 1, grade_computed: 'A' });
    const pareto = await app.ok('grading.pareto', { asOf: '2026-11-20' }, manager);
    expect(pareto.rows[0]).toMatchObject({ code: 'C1', computed: 'A', grade: 'B', manual: true, cumulativeBp: 6_000 });
    expect(pareto).toMatchObject({ total: 100_00, withSales: 3, thresholds: { a: 7_000, b: 9_000 } });
    const cleared = await app.ok('grading.setManual', { customerId: 1, grade: null, reason: '恢复自动' }, manager);
    expect(cleared).toMatchObject({ grade: 'A', manual: false });
    expect(auditRows('grade_manual_set').at(-1)?.reason).toBe('回款慢，降级观察');
    expect(JSON.parse(auditRows('grade_manual_clear').at(-1)?.before_json ?? '{}')).toMatchObject({ grade: 'B', manual: true });
    await refused('grading.setManual', { customerId: 1, grade: 'C', reason: '' }, manager, 'VALIDATION');
    await refused('grading.setManual', { customerId: 99, grade: 'C', reason: '无此客户' }, manager, 'NOT_FOUND');
    await refused('grading.run', { asOf: '2026-11-20' }, rep1.token, 'FORBIDDEN');
  });

  it('a changed grade changes the quote (grade lists follow the grade)', async () => {
    await app.ok('grading.setManual', { customerId: 3, grade: 'A', reason: '新签年度协议' }, manager);
    const r = await app.ok('pricing.quote', { customerId: 3, productId: 1, quantity: '1', date: '2026-05-01' }, admin);
    expect(r).toMatchObject({ price: 4700, list: { code: 'GA' } });
  });
});
