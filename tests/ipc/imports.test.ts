/**
 * Imports through the router on a real SQLite file: preview lists per-row errors with row and
 * column and writes nothing; all-or-nothing vs valid rows; re-import updates by key and never
 * duplicates; cancel leaves the file byte-for-byte the same; permissions per kind; presets.
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Input } from '../../shared/contract';
import type { Events } from '../../shared/events';
import { STORE_LIMITS } from '../../electron/services/imports';
import { createTestApp, databaseChecksum, type TestApp } from '../helpers/app';

let app: TestApp;
let admin: string;
let repId: number;
const BOOKKEEPING = ['sessions', 'login_throttle'];

const b64 = (s: string | Uint8Array) => Buffer.from(s).toString('base64');
const SALES_MAPPING = { orderNo: '订单号', date: '日期', customerCode: '客户编码', productCode: '商品编码', quantity: '数量', amount: '金额', discount: '折扣' };

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.setup();
  repId = (await app.userToken(admin, 'rep01', ['sales_rep'])).id;
  const db = app.workspace.current().sqlite;
  db.prepare(`INSERT INTO regions (code, name) VALUES ('EAST', '华东'), ('NORTH', '华北')`).run();
  const insertCustomer = db.prepare(`INSERT INTO customers (code, name, type, region_id, owner_id, created_at, updated_at) VALUES (?, ?, 'direct', ?, ?, 't', 't')`);
  insertCustomer.run('C001', '杭州恒信商贸有限公司', 1, repId);
  insertCustomer.run('C002', '北京同和超市', 2, null);
  const insertProduct = db.prepare(`INSERT INTO products (sku, name, unit, list_price, standard_cost, created_at, updated_at) VALUES (?, ?, '箱', ?, ?, 't', 't')`);
  insertProduct.run('P001', '矿泉水 550ml×24', 4800, 3000);
  insertProduct.run('P002', '苏打水 350ml×24', 6000, 4000);
});
afterAll(() => app.dispose());

async function parse(kind: Input<'imports.parse'>['kind'], content: string | Uint8Array, fileName = 'file.csv', token = admin) {
  return app.ok('imports.parse', { kind, fileName, contentBase64: b64(content) }, token);
}

const BAD_SALES = [
  '订单号,日期,客户编码,商品编码,数量,金额,折扣',
  'SO-001,2024-03-05,C001,P001,10,480.00,',
  'SO-001,2024-03-05,C001,P002,2,"1,23",',
  'SO-002,2024/03/06,C999,P001,1,48,',
  'SO-003,05/03/2024,C002,P001,0,48,',
  'SO-004,2024-03-07,C002,P002,3,１８０．００,5%',
].join('\n');
const GOOD_SALES = BAD_SALES.replace('"1,23"', '"1,230.00"').replace('C999', 'C002').replace('05/03/2024,C002,P001,0', '2024-03-05,C002,P001,1');

describe('sales history import', () => {
  it('previews per-row errors with row numbers and column names, and writes nothing', async () => {
    const before = databaseChecksum(app, BOOKKEEPING);
    const p = await parse('sales_history', BAD_SALES, '销售明细.csv');
    expect(p).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: ',', defaultSheet: 'CSV' });
    expect(p.sheets[0]?.headers).toEqual(['订单号', '日期', '客户编码', '商品编码', '数量', '金额', '折扣']);
    const preview = await app.ok('imports.preview', { importId: p.importId, kind: 'sales_history', mapping: SALES_MAPPING }, admin);
    expect(preview.counts).toEqual({ total: 5, valid: 2, invalid: 3, toInsert: 2, toUpdate: 0, unchanged: 0 });
    expect(preview.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [3, '金额', 'number_decimal_comma'],
      [4, '客户编码', 'unknown_customer'],
      [5, '日期', 'date_ambiguous'],
      [5, '数量', 'zero_quantity'],
    ]);
    expect(preview.errors[1]).toMatchObject({ value: 'C999', message: 'Unknown customer code "C999".' });
    // Full-width digits are read, and the preview says so.
    expect(preview.warnings).toEqual([expect.objectContaining({ row: 6, column: '金额', code: 'normalised' })]);
    expect(databaseChecksum(app, BOOKKEEPING)).toBe(before);
  });

  it('names unmapped required fields instead of guessing', async () => {
    const p = await parse('sales_history', BAD_SALES);
    const preview = await app.ok('imports.preview', { importId: p.importId, kind: 'sales_history', mapping: { orderNo: '订单号', date: '没有这列' } }, admin);
    expect(preview.mappingErrors.map((m) => [m.field, m.code])).toEqual([
      ['date', 'header_missing'],
      ['quantity', 'field_unmapped'],
      ['amount', 'field_unmapped'],
      ['customerCode', 'field_unmapped_one_of'],
      ['productCode', 'field_unmapped_one_of'],
    ]);
  });

  it('all-or-nothing refuses a file with errors and writes nothing; valid rows imports the rest', async () => {
    const before = databaseChecksum(app, BOOKKEEPING);
    const p = await parse('sales_history', BAD_SALES);
    const refused = await app.ok('imports.commit', { importId: p.importId, kind: 'sales_history', mapping: SALES_MAPPING, mode: 'all_or_nothing' }, admin);
    expect(refused).toMatchObject({ status: 'refused', written: 0, errorCount: 4 });
    expect(databaseChecksum(app, BOOKKEEPING)).toBe(before);

    const done = await app.ok('imports.commit', { importId: p.importId, kind: 'sales_history', mapping: SALES_MAPPING, mode: 'valid_rows' }, admin);
    expect(done).toMatchObject({ status: 'committed', written: 2, skipped: 3 });
    const rows = app.workspace.current().sqlite.prepare('SELECT * FROM sales_facts ORDER BY source_ref, source_line').all();
    expect(rows).toEqual([
      expect.objectContaining({ source_type: 'import', source_ref: 'SO-001', source_line: '1', date: '2024-03-05', period: 202403, qty_milli: 10_000, net_amount: 48_000, discount_amount: 0, cost_amount: 30_000, rep_id: repId, region_id: 1, import_batch_id: done.batchId }),
      // net 180.00 at 5% of the gross: discount 9.47 (half-up)
      expect.objectContaining({ source_ref: 'SO-004', source_line: '1', qty_milli: 3_000, net_amount: 18_000, discount_amount: 947, rep_id: null, region_id: 2 }),
    ]);
    // The stored file is gone after a commit.
    expect(await app.call('imports.preview', { importId: p.importId, kind: 'sales_history', mapping: SALES_MAPPING }, admin)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('after the fix imports every row; importing the same file again updates and never duplicates', async () => {
    const p = await parse('sales_history', GOOD_SALES);
    const preview = await app.ok('imports.preview', { importId: p.importId, kind: 'sales_history', mapping: SALES_MAPPING }, admin);
    expect(preview).toMatchObject({ errorCount: 0, counts: { total: 5, valid: 5, toInsert: 3, toUpdate: 2 } });
    const first = await app.ok('imports.commit', { importId: p.importId, kind: 'sales_history', mapping: SALES_MAPPING, mode: 'all_or_nothing' }, admin);
    expect(first).toMatchObject({ status: 'committed', written: 5 });
    const count = () => app.workspace.current().sqlite.prepare('SELECT count(*) AS n, sum(net_amount) AS s FROM sales_facts').get();
    expect(count()).toEqual({ n: 5, s: 48_000 + 123_000 + 4_800 + 4_800 + 18_000 });

    const again = await parse('sales_history', GOOD_SALES);
    const second = await app.ok('imports.commit', { importId: again.importId, kind: 'sales_history', mapping: SALES_MAPPING, mode: 'all_or_nothing' }, admin);
    expect(second).toMatchObject({ status: 'committed', written: 5, counts: { toInsert: 0, toUpdate: 5 } });
    expect(count()).toEqual({ n: 5, s: 198_600 });

    // One audit row per committed import, with kind, file name, checksum and counts.
    const audit = await app.ok('audit.list', { action: 'import.commit', limit: 10 }, admin);
    expect(audit.rows[0]).toMatchObject({
      entity: 'import_batch',
      entityId: String(second.batchId),
      after: { kind: 'sales_history', fileName: 'file.csv', sha256: again.sha256, counts: { total: 5, written: 5, updated: 5 } },
    });
  });

  it('cancel during a commit leaves the database untouched; progress events are sent', async () => {
    const lines = ['订单号,日期,客户编码,商品编码,数量,金额'];
    for (let i = 0; i < 30_000; i++) lines.push(`BIG-${Math.floor(i / 3)},2024-05-0${(i % 9) + 1},C00${(i % 2) + 1},P00${(i % 2) + 1},1,48.00`);
    const p = await parse('sales_history', lines.join('\n'), 'big.csv');
    const { discount: _none, ...mapping } = SALES_MAPPING;
    const events: Events['imports.progress'][] = [];
    const unsubscribe = app.events.subscribe((name, payload) => {
      if (name === 'imports.progress') events.push(payload as Events['imports.progress']);
    });
    const before = databaseChecksum(app, BOOKKEEPING);
    const commit = app.call('imports.commit', { importId: p.importId, kind: 'sales_history', mapping, mode: 'all_or_nothing' }, admin);
    // Cancel as soon as the commit reports its first progress in the writing phase.
    await new Promise<void>((resolve) => {
      const off = app.events.subscribe((name, payload) => {
        if (name === 'imports.progress' && (payload as Events['imports.progress']).phase === 'writing' && (payload as Events['imports.progress']).done > 0) {
          off();
          resolve();
        }
      });
    });
    expect(await app.ok('imports.cancel', { importId: p.importId }, admin)).toEqual({ state: 'cancelling' });
    expect(await commit).toMatchObject({ ok: true, data: { status: 'cancelled', written: 0 } });
    unsubscribe();
    expect(databaseChecksum(app, BOOKKEEPING)).toBe(before);
    expect(events.map((e) => e.phase)).toContain('validating');
    expect(events.at(-1)).toMatchObject({ phase: 'cancelled' });

    // The parsed file is still there: commit it for real, then the count is right.
    const done = await app.ok('imports.commit', { importId: p.importId, kind: 'sales_history', mapping, mode: 'all_or_nothing' }, admin);
    expect(done).toMatchObject({ status: 'committed', written: 30_000 });
    // A cancel with nothing running discards the stored file.
    const q = await parse('sales_history', GOOD_SALES);
    expect(await app.ok('imports.cancel', { importId: q.importId }, admin)).toEqual({ state: 'discarded' });
    expect(await app.ok('imports.cancel', { importId: q.importId }, admin)).toEqual({ state: 'unknown' });
  });
});

describe('master data imports', () => {
  it('imports customers from a GBK file, then updates them by code without duplicating', async () => {
    const csv = ['客户编码,客户名称,客户类型,区域,负责人,账期,信用额度', 'C100,上海新达贸易有限公司,经销商,华东,rep01,45,"50,000.00"', 'C101,天津万家便利店,直销,NORTH,,30,0'].join('\r\n');
    const p = await parse('customers', new Uint8Array(iconv.encode(csv, 'gbk')), '客户.csv');
    expect(p.encoding).toBe('gb18030');
    const mapping = { code: '客户编码', name: '客户名称', type: '客户类型', region: '区域', owner: '负责人', paymentTermsDays: '账期', creditLimit: '信用额度' };
    const done = await app.ok('imports.commit', { importId: p.importId, kind: 'customers', mapping, mode: 'all_or_nothing' }, admin);
    expect(done).toMatchObject({ status: 'committed', written: 2, counts: { toInsert: 2, toUpdate: 0 } });
    const db = app.workspace.current().sqlite;
    expect(db.prepare("SELECT code, type, region_id, owner_id, payment_terms_days, credit_limit FROM customers WHERE code = 'C100'").get()).toEqual({
      code: 'C100', type: 'distributor', region_id: 1, owner_id: repId, payment_terms_days: 45, credit_limit: 5_000_000,
    });
    const n = db.prepare('SELECT count(*) FROM customers').pluck().get();
    const again = await parse('customers', new Uint8Array(iconv.encode(csv.replace('"50,000.00"', '80000'), 'gbk')));
    const second = await app.ok('imports.commit', { importId: again.importId, kind: 'customers', mapping, mode: 'all_or_nothing' }, admin);
    expect(second).toMatchObject({ counts: { toInsert: 0, toUpdate: 2 } });
    expect(db.prepare('SELECT count(*) FROM customers').pluck().get()).toBe(n);
    expect(db.prepare("SELECT credit_limit FROM customers WHERE code = 'C100'").pluck().get()).toBe(8_000_000);
    // The credit-limit change is in the import's audit row with before and after.
    const audit = await app.ok('audit.list', { action: 'import.commit', limit: 1 }, admin);
    expect(audit.rows[0]?.after).toMatchObject({ kind: 'customers', changes: [{ key: 'C100', field: 'credit_limit', before: 5_000_000, after: 8_000_000 }] });
  });

  it('refuses duplicate codes in one file and unknown owners, naming row and column', async () => {
    const p = await parse('customers', '编码,名称,负责人\nD1,甲,\nD1,乙,\nD2,丙,nobody\n');
    const preview = await app.ok('imports.preview', { importId: p.importId, kind: 'customers', mapping: { code: '编码', name: '名称', owner: '负责人' } }, admin);
    expect(preview.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [3, '编码', 'duplicate_in_file'],
      [4, '负责人', 'unknown_user'],
    ]);
  });

  it('imports products and price-list items; overlapping validity is a per-row error', async () => {
    const products = await parse('products', 'SKU,品名,单位,标准售价,标准成本\nP100,绿茶 500ml×15,箱,45.00,30\nP101,红茶 500ml×15,箱,0,30\n');
    const pm = { sku: 'SKU', name: '品名', unit: '单位', listPrice: '标准售价', standardCost: '标准成本' };
    const pp = await app.ok('imports.preview', { importId: products.importId, kind: 'products', mapping: pm }, admin);
    expect(pp.errors.map((e) => [e.row, e.column, e.code])).toEqual([[3, '标准售价', 'not_positive']]);
    expect(await app.ok('imports.commit', { importId: products.importId, kind: 'products', mapping: pm, mode: 'valid_rows' }, admin)).toMatchObject({ written: 1 });

    const db = app.workspace.current().sqlite;
    db.prepare(`INSERT INTO price_lists (code, name, kind, created_at, updated_at) VALUES ('BASE', '基础价', 'base', 't', 't')`).run();
    const items = ['价格表,商品编码,价格,起订量,生效日期,失效日期', 'BASE,P100,44.00,0,2025-01-01,2025-12-31', 'BASE,P100,42.00,10,2025-01-01,', 'BASE,P100,43.00,0,2025-06-01,', 'BASE,NOPE,1,0,,'].join('\n');
    const ip = await parse('price_list_items', items);
    const im = { priceList: '价格表', product: '商品编码', price: '价格', minQty: '起订量', validFrom: '生效日期', validTo: '失效日期' };
    const preview = await app.ok('imports.preview', { importId: ip.importId, kind: 'price_list_items', mapping: im }, admin);
    expect(preview.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [4, '生效日期', 'overlapping_validity'],
      [5, '商品编码', 'unknown_product'],
    ]);
    expect(await app.ok('imports.commit', { importId: ip.importId, kind: 'price_list_items', mapping: im, mode: 'valid_rows' }, admin)).toMatchObject({ written: 2 });
    // Same key (list, product, min qty, valid from) again: an update, not a second item.
    const again = await parse('price_list_items', 'list,sku,price,min,from\nBASE,P100,46.00,0,2025-01-01\n');
    const am = { priceList: 'list', product: 'sku', price: 'price', minQty: 'min', validFrom: 'from' };
    expect(await app.ok('imports.commit', { importId: again.importId, kind: 'price_list_items', mapping: am, mode: 'all_or_nothing' }, admin)).toMatchObject({ counts: { toUpdate: 1 } });
    expect(db.prepare('SELECT count(*) FROM price_list_items').pluck().get()).toBe(2);
    expect(db.prepare("SELECT price, valid_to FROM price_list_items WHERE min_qty_milli = 0").get()).toEqual({ price: 4600, valid_to: null });
  });
});

describe('XLSX', () => {
  it('imports the chosen sheet with real dates and numbers; a sheet with merged header cells is refused by name', async () => {
    const wb = new ExcelJS.Workbook();
    const bad = wb.addWorksheet('汇总');
    bad.addRow(['客户', '', '金额']);
    bad.mergeCells('A1:B1');
    const ws = wb.addWorksheet('明细');
    ws.addRow(['单号', '单据日期', '客户编码', '存货编码', '数量', '价税合计']);
    ws.addRow(['XL-1', new Date(Date.UTC(2025, 0, 15)), 'C001', 'P002', 4, 240.5]);
    ws.addRow(['XL-1', new Date(Date.UTC(2025, 0, 15)), 'C002', 'P001', 2.5, 120]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const p = await parse('sales_history', bytes, '销售.xlsx');
    expect(p).toMatchObject({ format: 'xlsx', encoding: null, defaultSheet: '明细' });
    expect(p.sheets.map((s) => [s.name, s.error])).toEqual([
      ['汇总', expect.stringMatching(/merged cells: A1:B1/)],
      ['明细', null],
    ]);
    const mapping = { orderNo: '单号', date: '单据日期', customerCode: '客户编码', productCode: '存货编码', quantity: '数量', amount: '价税合计' };
    expect(await app.call('imports.preview', { importId: p.importId, kind: 'sales_history', sheet: '汇总', mapping }, admin)).toMatchObject({
      ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/A1:B1/) },
    });
    const done = await app.ok('imports.commit', { importId: p.importId, kind: 'sales_history', sheet: '明细', mapping, mode: 'all_or_nothing' }, admin);
    expect(done).toMatchObject({ status: 'committed', written: 2 });
    expect(app.workspace.current().sqlite.prepare("SELECT date, qty_milli, net_amount FROM sales_facts WHERE source_ref = 'XL-1' ORDER BY source_line").all()).toEqual([
      { date: '2025-01-15', qty_milli: 4000, net_amount: 24050 },
      { date: '2025-01-15', qty_milli: 2500, net_amount: 12000 },
    ]);
  });

  it('refuses a workbook whose only sheet has merged header cells', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('报表');
    ws.addRow(['客户信息', '', '金额']);
    ws.mergeCells('A1:B1');
    const r = await app.call('imports.parse', { kind: 'customers', fileName: 'x.xlsx', contentBase64: b64(new Uint8Array(await wb.xlsx.writeBuffer())) }, admin);
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/merged cells: A1:B1/) } });
  });
});

describe('the store of parsed files', () => {
  it('keeps a bounded number of files: the oldest is dropped', async () => {
    const first = await parse('customers', '编码,名称\nS1,甲\n');
    for (let i = 0; i < STORE_LIMITS.entries; i++) await parse('customers', `编码,名称\nS${i + 2},乙\n`);
    expect(await app.call('imports.preview', { importId: first.importId, kind: 'customers', mapping: { code: '编码', name: '名称' } }, admin)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('permissions, ownership and bad files', () => {
  it('checks the permission of the kind; another user cannot use my import id', async () => {
    const finance = (await app.userToken(admin, 'caiwu', ['finance'])).token;
    const rep = (await app.ok('auth.login', { username: 'rep01', password: 'password-123' })).token;
    for (const kind of ['customers', 'products', 'price_list_items', 'sales_history'] as const) {
      expect(await app.call('imports.parse', { kind, fileName: 'a.csv', contentBase64: b64(GOOD_SALES) }, finance), kind).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    // A rep may write customers but not the whole company's sales history.
    expect(await app.call('imports.parse', { kind: 'sales_history', fileName: 'a.csv', contentBase64: b64(GOOD_SALES) }, rep)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const mine = await parse('customers', '编码,名称\nX1,甲\n');
    const repParse = await parse('customers', '编码,名称\nX1,甲\n', 'r.csv', rep);
    expect(repParse.importId).not.toBe(mine.importId);
    expect(await app.call('imports.preview', { importId: mine.importId, kind: 'customers', mapping: { code: '编码', name: '名称' } }, rep)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await app.call('imports.preview', { importId: mine.importId, kind: 'sales_history', mapping: {} }, finance)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('keeps a rep within their record scope: only their own customers, new ones become theirs', async () => {
    const rep = (await app.ok('auth.login', { username: 'rep01', password: 'password-123' })).token;
    const db = app.workspace.current().sqlite;
    const p = await parse('customers', '编码,名称,负责人\nC001,杭州恒信商贸有限公司（改）,\nC002,北京同和超市（改）,\nR900,新客户,\nR901,别人的客户,admin\n', 'rep.csv', rep);
    const mapping = { code: '编码', name: '名称', owner: '负责人' };
    const preview = await app.ok('imports.preview', { importId: p.importId, kind: 'customers', mapping }, rep);
    expect(preview.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [3, '编码', 'customer_not_yours'],
      [5, '负责人', 'owner_not_allowed'],
    ]);
    expect(await app.ok('imports.commit', { importId: p.importId, kind: 'customers', mapping, mode: 'valid_rows' }, rep)).toMatchObject({ written: 2 });
    expect(db.prepare("SELECT code, name, owner_id FROM customers WHERE code IN ('C001', 'C002', 'R900') ORDER BY code").all()).toEqual([
      { code: 'C001', name: '杭州恒信商贸有限公司（改）', owner_id: repId },
      { code: 'C002', name: '北京同和超市', owner_id: null },
      { code: 'R900', name: '新客户', owner_id: repId },
    ]);
  });

  it('refuses garbage and a renamed PNG with a clear VALIDATION error; nothing written', async () => {
    const before = databaseChecksum(app, BOOKKEEPING);
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    expect(await app.call('imports.parse', { kind: 'customers', fileName: 'x.csv', contentBase64: png.toString('base64') }, admin)).toMatchObject({
      ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/not a CSV or XLSX/) },
    });
    const garbage = Buffer.alloc(2 * 1024 * 1024);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + (i >> 3)) & 0xff;
    expect(await app.call('imports.parse', { kind: 'customers', fileName: 'x.csv', contentBase64: garbage.toString('base64') }, admin)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(databaseChecksum(app, BOOKKEEPING)).toBe(before);
  });
});

describe('mapping presets', () => {
  it('saves (upserting by kind and name), lists per kind and deletes', async () => {
    const saved = await app.ok('importPresets.save', { kind: 'sales_history', name: '用友导出', mapping: { ...SALES_MAPPING, bogus: 'x' } }, admin);
    expect(saved.mapping).toEqual(SALES_MAPPING);
    const again = await app.ok('importPresets.save', { kind: 'sales_history', name: '用友导出', mapping: { orderNo: '单号' } }, admin);
    expect(again.id).toBe(saved.id);
    expect(await app.ok('importPresets.list', { kind: 'sales_history' }, admin)).toEqual([expect.objectContaining({ name: '用友导出', mapping: { orderNo: '单号' } })]);
    expect(await app.ok('importPresets.list', { kind: 'customers' }, admin)).toEqual([]);
    expect(await app.ok('importPresets.delete', { id: saved.id }, admin)).toEqual({ deleted: true });
    expect(await app.ok('importPresets.list', { kind: 'sales_history' }, admin)).toEqual([]);
  });
});
