/**
 * Master data through the router on a real SQLite file: create/update, duplicates, the rep's
 * scope, credit-limit and price audit with before/after, bulk upsert all-or-nothing versus
 * skipInvalid, the customer card, regions, product lines and grid state.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Input } from '../../shared/contract';
import { createTestApp, databaseChecksum, type TestApp } from '../helpers/app';

let app: TestApp;
let admin: string;
const BOOKKEEPING = ['sessions', 'login_throttle'];

beforeEach(async () => {
  app = await createTestApp();
  admin = await app.setup();
  await app.ok('regions.create', { code: 'EC', name: '华东' }, admin);
  await app.ok('regions.create', { code: 'SC', name: '华南' }, admin);
  await app.ok('productLines.create', { code: 'BEV', name: '饮料' }, admin);
});
afterEach(() => app.dispose());

const auditRows = async (action: string) => (await app.ok('audit.list', { action, limit: 100 }, admin)).rows;

describe('customers', () => {
  it('creates, reads back, updates; duplicate codes are a CONFLICT naming the code', async () => {
    const c = await app.ok('customers.create', { code: 'C001', name: '杭州联华超市', regionId: 1, creditLimit: 5_000_000, tags: ['KA', '重点'] }, admin);
    expect(c).toMatchObject({ code: 'C001', name: '杭州联华超市', regionName: '华东', type: 'direct', paymentTermsDays: 30, creditLimit: 5_000_000, grade: 'C' });
    const dup = await app.call('customers.create', { code: 'C001', name: '另一个' }, admin);
    expect(dup).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(!dup.ok && dup.error.message).toContain('C001');

    const u = await app.ok('customers.update', { id: c.id, name: '杭州联华超市有限公司', regionId: 2, industry: '零售' }, admin);
    expect(u).toMatchObject({ name: '杭州联华超市有限公司', regionName: '华南', industry: '零售', creditLimit: 5_000_000 });
    const card = await app.ok('customers.card', { id: c.id }, admin);
    expect(card.customer.tags).toEqual(['KA', '重点']);

    await app.ok('customers.create', { code: 'C002', name: '宁波三江' }, admin);
    expect(await app.call('customers.update', { id: c.id, code: 'C002' }, admin)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await app.call('customers.update', { id: c.id, regionId: 99 }, admin)).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { issues: [{ path: ['regionId'] }] } } });
    expect(await app.call('customers.update', { id: 999, name: 'x' }, admin)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('refuses bad values with VALIDATION and field paths, changing nothing', async () => {
    const before = databaseChecksum(app, BOOKKEEPING);
    for (const bad of [
      { code: '', name: 'x' },
      { code: 'C 1', name: 'x' },
      { code: 'C1', name: 'x', creditLimit: -1 },
      { code: 'C1', name: 'x', creditLimit: 10.5 },
      { code: 'C1', name: 'x', paymentTermsDays: 4000 },
      { code: 'C1', name: 'x'.repeat(201) },
      { code: 'C1', name: 'x', type: 'vip' },
    ]) {
      const r = await app.call('customers.create', bad as Input<'customers.create'>, admin);
      expect(r, JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      expect(!r.ok && (r.error.details as { issues: { path: string[] }[] }).issues[0]?.path.length).toBeGreaterThan(0);
    }
    expect(databaseChecksum(app, BOOKKEEPING)).toBe(before);
  });

  it('audits every credit-limit change with before and after', async () => {
    const c = await app.ok('customers.create', { code: 'C001', name: '甲', creditLimit: 100_000 }, admin);
    await app.ok('customers.update', { id: c.id, creditLimit: 250_000, reason: '年度评审' }, admin);
    await app.ok('customers.update', { id: c.id, name: '甲公司' }, admin); // no credit change: no credit row
    await app.ok('customers.upsertMany', { rows: [{ code: 'C001', creditLimit: 300_000 }] }, admin);
    const rows = (await auditRows('customer.credit_limit')).reverse();
    expect(rows.map((r) => [r.before, r.after])).toEqual([
      [{ creditLimit: null }, { creditLimit: 100_000 }],
      [{ creditLimit: 100_000 }, { creditLimit: 250_000 }],
      [{ creditLimit: 250_000 }, { creditLimit: 300_000 }],
    ]);
    expect(rows[1]?.reason).toBe('年度评审');
    expect(rows.every((r) => r.entityId === String(c.id) && r.actorName === 'admin')).toBe(true);
    expect((await app.ok('audit.verify', {}, admin)).ok).toBe(true);
  });

  it('stale edits answer CONFLICT (optimistic concurrency)', async () => {
    const c = await app.ok('customers.create', { code: 'C001', name: '甲' }, admin);
    app.clock.advance(1000);
    await app.ok('customers.update', { id: c.id, name: '乙', expectedUpdatedAt: c.updatedAt }, admin);
    expect(await app.call('customers.update', { id: c.id, name: '丙', expectedUpdatedAt: c.updatedAt }, admin)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});

describe("a rep's scope on writes", () => {
  it('creates own customers only, sees and edits only own ones, NOT_FOUND for others', async () => {
    const rep1 = await app.userToken(admin, 'rep1', ['sales_rep']);
    const rep2 = await app.userToken(admin, 'rep2', ['sales_rep']);
    const mine = await app.ok('customers.create', { code: 'R1', name: '代表一的客户' }, rep1.token);
    expect(mine.ownerName).toBe('rep1');
    expect(await app.call('customers.create', { code: 'R2', name: 'x', ownerId: rep2.id }, rep1.token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // A rep may not set credit limits (credit.manage).
    expect(await app.call('customers.create', { code: 'R3', name: 'x', creditLimit: 100 }, rep1.token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.call('customers.update', { id: mine.id, creditLimit: 100 }, rep1.token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const before = databaseChecksum(app, BOOKKEEPING);
    for (const call of [
      app.call('customers.update', { id: mine.id, name: '抢' }, rep2.token),
      app.call('customers.card', { id: mine.id }, rep2.token),
      app.call('contacts.save', { customerId: mine.id, contacts: [{ name: '李四' }] }, rep2.token),
      app.call('addresses.save', { customerId: mine.id, addresses: [{ address: '某路 1 号' }] }, rep2.token),
    ]) {
      expect(await call).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    // Bulk upsert cannot reach another rep's code either.
    const r = await app.ok('customers.upsertMany', { rows: [{ code: 'R1', name: '抢' }], dryRun: true }, rep2.token);
    expect(r.errors).toEqual([{ row: 0, field: 'code', code: 'code_taken', message: expect.any(String) }]);
    expect(databaseChecksum(app, BOOKKEEPING)).toBe(before);

    await app.ok('customers.update', { id: mine.id, name: '代表一的客户（改）' }, rep1.token);
    await app.ok('customers.upsertMany', { rows: [{ code: 'R9', name: '代表二新客户' }] }, rep2.token);
    expect((await app.ok('customers.list', {}, rep2.token)).rows.map((c) => [c.code, c.ownerName])).toEqual([['R9', 'rep2']]);
  });
});

describe('customers.upsertMany', () => {
  const rows500 = () =>
    Array.from({ length: 500 }, (_, i) => ({
      code: `K${String(i + 1).padStart(4, '0')}`,
      name: `客户${i + 1}`,
      type: i % 2 ? '经销商' : '直销客户',
      region: i % 3 ? '华东' : 'SC',
      paymentTermsDays: String(30 + (i % 4) * 15),
      creditLimit: (i + 1) * 10_000,
    })) as Input<'customers.upsertMany'>['rows'];

  it('500 rows with 3 bad ones: reports exactly the 3 (row, field) and writes nothing', async () => {
    const rows = rows500();
    rows[7] = { ...rows[7], creditLimit: -5 };
    rows[123] = { ...rows[123], region: '火星' };
    rows[499] = { ...rows[499], name: '' };
    const before = databaseChecksum(app, BOOKKEEPING);

    const dry = await app.ok('customers.upsertMany', { rows, dryRun: true }, admin);
    expect(dry).toMatchObject({ total: 500, validRows: 497, invalidRows: 3, written: false, created: 0 });
    expect(dry.errors.map((e) => [e.row, e.field, e.code])).toEqual([
      [7, 'creditLimit', 'out_of_range'],
      [123, 'region', 'unknown_region'],
      [499, 'name', 'required'],
    ]);

    const refused = await app.call('customers.upsertMany', { rows }, admin);
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const details = !refused.ok ? (refused.error.details as { report: { errors: unknown[] }; issues: { path: string[] }[] }) : null;
    expect(details?.report.errors).toHaveLength(3);
    expect(details?.issues.map((i) => i.path)).toEqual([
      ['rows', '7', 'creditLimit'],
      ['rows', '123', 'region'],
      ['rows', '499', 'name'],
    ]);
    expect(databaseChecksum(app, BOOKKEEPING)).toBe(before);

    const skipped = await app.ok('customers.upsertMany', { rows, skipInvalid: true }, admin);
    expect(skipped).toMatchObject({ total: 500, created: 497, updated: 0, skipped: 3, written: true });
    expect((await app.ok('customers.list', { limit: 1 }, admin)).total).toBe(497);
    const k2 = (await app.ok('customers.list', { filter: { code: { type: 'equals', value: 'K0002' } } }, admin)).rows[0];
    expect(k2).toMatchObject({ type: 'distributor', regionName: '华东', paymentTermsDays: 45, creditLimit: 20_000 });
  });

  it('after fixing the rows everything is written in one go; re-sending updates by code, never duplicates', async () => {
    const rows = rows500();
    const first = await app.ok('customers.upsertMany', { rows }, admin);
    expect(first).toMatchObject({ created: 500, updated: 0, written: true, errors: [] });
    const again = await app.ok('customers.upsertMany', { rows: rows.map((r) => ({ code: r.code, industry: '零售' })) }, admin);
    expect(again).toMatchObject({ created: 0, updated: 500 });
    const list = await app.ok('customers.list', { limit: 1, filter: { industry: { type: 'equals', value: '零售' } } }, admin);
    expect(list.total).toBe(500);
  });

  it('assigns owners by username or display name', async () => {
    const rep = await app.userToken(admin, 'rep1', ['sales_rep']);
    await app.ok('users.update', { id: rep.id, displayName: '曹春华' }, admin);
    const r = await app.ok('customers.upsertMany', { rows: [{ code: 'O1', name: '甲', owner: 'REP1' }, { code: 'O2', name: '乙', owner: '曹春华' }, { code: 'O3', name: '丙', owner: '无此人' }], skipInvalid: true }, admin);
    expect(r.errors.map((e) => [e.row, e.field, e.code])).toEqual([[2, 'owner', 'unknown_owner']]);
    expect((await app.ok('customers.list', { sort: [{ colId: 'code', sort: 'asc' }] }, rep.token)).rows.map((c) => c.code)).toEqual(['O1', 'O2']);
  });

  it('flags duplicate codes inside the batch and new rows without a name', async () => {
    const r = await app.ok(
      'customers.upsertMany',
      { rows: [{ code: 'A1', name: '甲' }, { code: 'A2' }, { code: 'A1', name: '甲二' }, { code: 'A3', name: '丙', paymentTermsDays: 'abc', creditStatus: '冻结' }], dryRun: true },
      admin,
    );
    expect(r.errors.map((e) => [e.row, e.field, e.code])).toEqual([
      [1, 'name', 'required'],
      [2, 'code', 'duplicate_in_batch'],
      [3, 'paymentTermsDays', 'not_a_number'],
    ]);
  });
});

describe('products', () => {
  it('create / update / list in SQL; duplicates; every price change audited', async () => {
    const p = await app.ok('products.create', { sku: 'SKU-1', name: '矿泉水 550ml', unit: '箱', listPrice: 3_600, standardCost: 2_400, productLineId: 1 }, admin);
    expect(p).toMatchObject({ sku: 'SKU-1', productLineName: '饮料', floorPrice: null, active: true });
    expect(await app.call('products.create', { sku: 'SKU-1', name: 'x', unit: '个', listPrice: 1 }, admin)).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('SKU-1') },
    });
    await app.ok('products.update', { id: p.id, name: '矿泉水 550ml×24' }, admin);
    await app.ok('products.update', { id: p.id, listPrice: 3_800, floorPrice: 3_000, reason: '调价' }, admin);
    const prices = (await auditRows('product.price')).reverse();
    expect(prices.map((r) => [r.before, r.after])).toEqual([
      [null, { listPrice: 3_600, standardCost: 2_400, floorPrice: null }],
      [
        { listPrice: 3_600, standardCost: 2_400, floorPrice: null },
        { listPrice: 3_800, standardCost: 2_400, floorPrice: 3_000 },
      ],
    ]);

    await app.ok('products.upsertMany', {
      rows: [
        { sku: 'SKU-2', name: '可乐', unit: '箱', listPrice: 4_800, productLine: 'BEV' },
        { sku: 'SKU-1', listPrice: 3_900 },
      ],
    }, admin);
    expect((await auditRows('product.price')).length).toBe(4);
    const page = await app.ok('products.list', { sort: [{ colId: 'listPrice', sort: 'desc' }], filter: { productLineName: { type: 'equals', value: '饮料' } } }, admin);
    expect(page.rows.map((r) => [r.sku, r.listPrice])).toEqual([
      ['SKU-2', 4_800],
      ['SKU-1', 3_900],
    ]);
    expect(await app.call('products.list', { sort: [{ colId: 'nope', sort: 'asc' }] }, admin)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('product upsert reports missing price, bad product line and negative price; writes nothing', async () => {
    const before = databaseChecksum(app, BOOKKEEPING);
    const r = await app.call('products.upsertMany', {
      rows: [
        { sku: 'N1', name: '新品', unit: '个' },
        { sku: 'N2', name: '新品2', unit: '个', listPrice: -1 },
        { sku: 'N3', name: '新品3', unit: '个', listPrice: 100, productLine: '不存在' },
        { sku: 'N4', name: '新品4', unit: '个', listPrice: 100, active: '也许' },
      ],
    }, admin);
    expect(r.ok).toBe(false);
    const errs = !r.ok ? (r.error.details as { report: { errors: { row: number; field: string; code: string }[] } }).report.errors : [];
    expect(errs.map((e) => [e.row, e.field, e.code])).toEqual([
      [0, 'listPrice', 'required'],
      [1, 'listPrice', 'out_of_range'],
      [2, 'productLine', 'unknown_product_line'],
      [3, 'active', 'not_allowed'],
    ]);
    expect(databaseChecksum(app, BOOKKEEPING)).toBe(before);
  });

  it('a rep reads products but cannot write them', async () => {
    const rep = await app.userToken(admin, 'rep1', ['sales_rep']);
    expect((await app.ok('products.list', {}, rep.token)).total).toBe(0);
    expect(await app.call('products.create', { sku: 'X', name: 'x', unit: '个', listPrice: 1 }, rep.token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('the customer card', () => {
  it('profile, contacts, addresses, monthly sales with zeros, top products and totals', async () => {
    const c = await app.ok('customers.create', { code: 'C001', name: '甲' }, admin);
    await app.ok('contacts.save', { customerId: c.id, contacts: [{ name: '张三', phone: '138-0000-0000', isPrimary: true }, { name: '李四', email: 'li@example.com' }] }, admin);
    await app.ok('addresses.save', { customerId: c.id, addresses: [{ address: '文三路 1 号', city: '杭州', isDefault: true }] }, admin);
    expect(await app.call('contacts.save', { customerId: c.id, contacts: [{ name: 'a', isPrimary: true }, { name: 'b', isPrimary: true }] }, admin)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    const p1 = await app.ok('products.create', { sku: 'P1', name: '甲品', unit: '箱', listPrice: 100 }, admin);
    const p2 = await app.ok('products.create', { sku: 'P2', name: '乙品', unit: '箱', listPrice: 100 }, admin);
    const sqlite = app.workspace.current().sqlite;
    const ins = sqlite.prepare(
      `INSERT INTO sales_facts (date, period, customer_id, product_id, qty_milli, net_amount, source_type, source_ref, source_line, created_at)
       VALUES (?, ?, ?, ?, ?, ?, 'import', 'T', ?, 't')`,
    );
    const facts: [string, number, number][] = [
      ['2026-11-05', p1.id, 10_000],
      ['2026-10-31', p2.id, 30_000],
      ['2026-01-15', p1.id, 5_000],
      ['2025-11-21', p1.id, 1_000], // first day of the trailing 12 months (as of 2026-11-20)
      ['2025-11-20', p2.id, 7_000], // the day before: previous 12 months
      ['2026-11-21', p1.id, 99_999], // after the as-of date: not counted
    ];
    for (const [i, [d, pid, amt]] of facts.entries()) ins.run(d, Number(d.slice(0, 7).replace('-', '')), c.id, pid, 1000, amt, String(i));

    const card = await app.ok('customers.card', { id: c.id, asOf: '2026-11-20', months: 13 }, admin);
    expect(card.contacts.map((x) => [x.name, x.isPrimary])).toEqual([
      ['张三', true],
      ['李四', false],
    ]);
    expect(card.addresses[0]).toMatchObject({ address: '文三路 1 号', isDefault: true, kind: 'shipping' });
    expect(card.salesByMonth).toHaveLength(13);
    expect(card.salesByMonth[0]).toEqual({ month: '2025-11', amount: 8_000, qtyMilli: 2000, lines: 2 });
    expect(card.salesByMonth.at(-1)).toEqual({ month: '2026-11', amount: 10_000, qtyMilli: 1000, lines: 1 });
    expect(card.salesByMonth.find((m) => m.month === '2026-05')?.amount).toBe(0);
    expect(card.totals).toEqual({ trailing12: 46_000, previous12: 7_000, allTime: 152_999, lastSaleDate: '2026-11-21' });
    expect(card.topProducts.map((p) => [p.sku, p.amount, p.share])).toEqual([
      ['P2', 30_000, 6522],
      ['P1', 16_000, 3478],
    ]);
  });
});

describe('regions, product lines, grid state', () => {
  it('regions: duplicates, parents and cycles', async () => {
    const child = await app.ok('regions.create', { code: 'EC-ZJ', name: '浙江', parentId: 1 }, admin);
    expect(child).toMatchObject({ parentName: '华东', customers: 0 });
    expect(await app.call('regions.create', { code: 'EC', name: 'x' }, admin)).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('EC') } });
    expect(await app.call('regions.update', { id: 1, parentId: child.id }, admin)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await app.call('regions.update', { id: 1, parentId: 1 }, admin)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    await app.ok('customers.create', { code: 'C1', name: '甲', regionId: child.id }, admin);
    expect((await app.ok('regions.list', {}, admin)).map((r) => [r.code, r.customers])).toEqual([
      ['EC', 0],
      ['EC-ZJ', 1],
      ['SC', 0],
    ]);
    const rep = await app.userToken(admin, 'rep1', ['sales_rep']);
    expect(await app.call('regions.create', { code: 'NC', name: '华北' }, rep.token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('product lines: create, rename, duplicates', async () => {
    const l = await app.ok('productLines.create', { code: 'SNK', name: '零食' }, admin);
    expect(await app.ok('productLines.update', { id: l.id, name: '休闲零食' }, admin)).toMatchObject({ code: 'SNK', name: '休闲零食' });
    expect(await app.call('productLines.update', { id: l.id, code: 'BEV' }, admin)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('grid state is per user and per grid', async () => {
    const rep = await app.userToken(admin, 'rep1', ['sales_rep']);
    const state = { columns: [{ colId: 'name', width: 300 }, { colId: 'code', width: 90, sort: 'desc' as const, sortIndex: 0 }], filter: {} };
    expect(await app.ok('gridState.get', { gridKey: 'customers' }, admin)).toMatchObject({ state: null });
    await app.ok('gridState.save', { gridKey: 'customers', state }, admin);
    await app.ok('gridState.save', { gridKey: 'customers', state: { ...state, columns: [{ colId: 'code', width: 90, sort: 'desc', sortIndex: 0 }] } }, admin);
    expect((await app.ok('gridState.get', { gridKey: 'customers' }, admin)).state?.columns.map((c) => c.colId)).toEqual(['code']);
    expect(await app.ok('gridState.get', { gridKey: 'customers' }, rep.token)).toMatchObject({ state: null });
    expect(await app.ok('gridState.get', { gridKey: 'products' }, admin)).toMatchObject({ state: null });
    expect(await app.call('gridState.save', { gridKey: 'bad key!', state }, admin)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});
