/**
 * Opening balances 期初应收 through the import wizard's methods on a real SQLite file: Chinese
 * headers guessed, CSV (UTF-8 and GBK) and XLSX, per-row errors, the due date from the
 * customer's terms, re-import never duplicating or changing an imported item, finance-only, and
 * the imported items being ordinary open debit items of the ledger (aged as of a date, payable
 * through postAllocations).
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guessMapping } from '../../shared/schemas/imports';
import { inTransaction } from '../../electron/db/transaction';
import { openItemsAsOf } from '../../electron/services/receivables/as-of';
import { insertReceipt, postAllocations } from '../../electron/services/receivables/ledger';
import { createTestApp, databaseChecksum, type TestApp } from '../helpers/app';

let app: TestApp;
let admin: string;
let finance: string;
const BOOKKEEPING = ['sessions', 'login_throttle'];
const b64 = (s: string | Uint8Array) => Buffer.from(s).toString('base64');
const sqlite = () => app.workspace.current().sqlite;
const MAPPING = { customerCode: '客户编码', documentNo: '单据号', date: '单据日期', dueDate: '到期日', amount: '未收金额', note: '备注' };

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.setup();
  finance = (await app.userToken(admin, 'caiwu', ['finance'])).token;
  const ins = sqlite().prepare(`INSERT INTO customers (code, name, type, payment_terms_days, created_at, updated_at) VALUES (?, ?, 'direct', ?, 't', 't')`);
  ins.run('C001', '杭州恒信商贸有限公司', 30);
  ins.run('C002', '北京同和超市', 60);
});
afterAll(() => app.dispose());

async function parse(content: string | Uint8Array, fileName = '期初应收.csv', token = finance) {
  return app.ok('imports.parse', { kind: 'opening_receivables', fileName, contentBase64: b64(content) }, token);
}
const rows = () =>
  sqlite()
    .prepare(`SELECT number, c.code, kind, external_ref AS ref, date, due_date AS due, amount, balance, status, r.notes FROM receivables r JOIN customers c ON c.id = r.customer_id WHERE kind = 'opening' ORDER BY r.id`)
    .all();

const BAD = [
  '客户编码,单据号,单据日期,到期日,未收金额,备注',
  'C001,XS-2025-0101,2025-11-03,,"12,345.60",旧系统期初',
  'C999,XS-2025-0102,2025-11-04,,100.00,',
  'C001,XS-2025-0103,2025-11-05,,0,',
  'C002,,2025-11-06,,50.00,',
  'C002,XS-2025-0104,2025-11-06,2025-10-01,50.00,',
  'C002,XS-2025-0105,2025/12/01,2026-02-28,"8,000",',
  'C001,XS-2025-0101,2025-11-03,,12345.60,',
  'C001,XS-2025-0106,2025-12-10,,"1,23",',
].join('\n');

describe('opening receivables import', () => {
  it('guesses the mapping from a 用友-style export and previews per-row errors without writing', async () => {
    expect(guessMapping('opening_receivables', ['客户编码', '客户名称', '单据号', '单据日期', '到期日', '未收金额', '备注'])).toEqual(MAPPING);
    expect(guessMapping('opening_receivables', ['往来单位编码', '发票号码', '开票日期', '应收余额'])).toEqual({
      customerCode: '往来单位编码', documentNo: '发票号码', date: '开票日期', amount: '应收余额',
    });
    const before = databaseChecksum(app, BOOKKEEPING);
    const p = await parse(BAD);
    const preview = await app.ok('imports.preview', { importId: p.importId, kind: 'opening_receivables', mapping: MAPPING }, finance);
    expect(preview.counts).toEqual({ total: 8, valid: 2, invalid: 6, toInsert: 2, toUpdate: 0, unchanged: 0 });
    expect(preview.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [3, '客户编码', 'unknown_customer'],
      [4, '未收金额', 'not_positive'],
      [5, '单据号', 'required'],
      [6, '到期日', 'due_before_date'],
      [8, '单据号', 'duplicate_in_file'],
      [9, '未收金额', 'number_decimal_comma'],
    ]);
    expect(preview.errors[4]?.message).toMatch(/XS-2025-0101.*row 2/);
    expect(databaseChecksum(app, BOOKKEEPING)).toBe(before);
    // All or nothing: refused, nothing written.
    const refused = await app.ok('imports.commit', { importId: p.importId, kind: 'opening_receivables', mapping: MAPPING, mode: 'all_or_nothing' }, finance);
    expect(refused).toMatchObject({ status: 'refused', written: 0, errorCount: 6 });
    expect(databaseChecksum(app, BOOKKEEPING)).toBe(before);
  });

  it('imports the valid rows of a GBK file as open opening items, due after the customer terms by default', async () => {
    const p = await parse(new Uint8Array(iconv.encode(BAD, 'gbk')));
    expect(p.encoding).toBe('gb18030');
    const done = await app.ok('imports.commit', { importId: p.importId, kind: 'opening_receivables', mapping: MAPPING, mode: 'valid_rows' }, finance);
    expect(done).toMatchObject({ status: 'committed', written: 2, skipped: 6 });
    expect(rows()).toEqual([
      { number: 'OB-2026-000001', code: 'C001', kind: 'opening', ref: 'XS-2025-0101', date: '2025-11-03', due: '2025-12-03', amount: 1_234_560, balance: 1_234_560, status: 'open', notes: '旧系统期初' },
      { number: 'OB-2026-000002', code: 'C002', kind: 'opening', ref: 'XS-2025-0105', date: '2025-12-01', due: '2026-02-28', amount: 800_000, balance: 800_000, status: 'open', notes: null },
    ]);
    expect(sqlite().prepare(`SELECT kind, rows_written FROM import_batches ORDER BY id DESC LIMIT 1`).get()).toEqual({ kind: 'opening_receivables', rows_written: 2 });
    const auditRow = sqlite().prepare(`SELECT after_json FROM audit_log WHERE action = 'import.commit' ORDER BY id DESC LIMIT 1`).pluck().get() as string;
    expect(JSON.parse(auditRow).changes).toEqual([
      { key: 'C001/XS-2025-0101', field: 'opening_balance', before: null, after: 1_234_560 },
      { key: 'C002/XS-2025-0105', field: 'opening_balance', before: null, after: 800_000 },
    ]);
  });

  it('never duplicates on re-import, and refuses a changed amount of an imported document as a row error', async () => {
    const same = ['客户编码,单据号,单据日期,未收金额', 'C001,XS-2025-0101,2025-11-03,12345.60', 'C002,XS-2025-0105,2025-12-01,8000.00'].join('\n');
    const p = await parse(same);
    const mapping = { customerCode: '客户编码', documentNo: '单据号', date: '单据日期', amount: '未收金额' };
    // C002's row has no due date: the default (date + 60 days) differs from the stored 2026-02-28.
    const preview = await app.ok('imports.preview', { importId: p.importId, kind: 'opening_receivables', mapping }, finance);
    expect(preview.counts).toMatchObject({ valid: 1, invalid: 1, toInsert: 0, toUpdate: 1, unchanged: 1 });
    // (The due date column is not mapped, so the issue names no column.)
    expect(preview.errors.map((e) => [e.row, e.column, e.code])).toEqual([[3, null, 'opening_changed']]);
    expect(preview.errors[0]?.message).toMatch(/due date 2026-02-28 \(this file: 2026-01-30\)/);
    const receivables = () => JSON.stringify(sqlite().prepare('SELECT * FROM receivables ORDER BY id').all());
    const before = receivables();
    const again = await parse(same.replace('2025-12-01,8000.00', '2025-12-01,9000.00'));
    const changed = await app.ok('imports.preview', { importId: again.importId, kind: 'opening_receivables', mapping }, finance);
    expect(changed.errors.find((e) => e.row === 3)).toMatchObject({ column: '未收金额', code: 'opening_changed', message: expect.stringMatching(/XS-2025-0105.*amount 8000\.00 \(this file: 9000\.00\)/) });
    const done = await app.ok('imports.commit', { importId: p.importId, kind: 'opening_receivables', mapping, mode: 'valid_rows' }, finance);
    expect(done).toMatchObject({ status: 'committed', written: 1 });
    expect(rows()).toHaveLength(2);
    expect(sqlite().prepare(`SELECT count(*) FROM receivables WHERE external_ref = 'XS-2025-0101'`).pluck().get()).toBe(1);
    // The unchanged row is counted as written but nothing of it is rewritten.
    expect(receivables()).toBe(before);
  });

  it('reads an XLSX export with real dates and numbers', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('应收余额表');
    ws.addRow(['客户编码', '发票号', '开票日期', '余额', '摘要']);
    ws.addRow(['C002', 'FP-88001', new Date(Date.UTC(2026, 5, 15)), 4321.09, '2026年6月货款']);
    const p = await parse(new Uint8Array(await wb.xlsx.writeBuffer()), '应收余额表.xlsx');
    const mapping = guessMapping('opening_receivables', p.sheets[0]?.headers ?? []);
    expect(mapping).toEqual({ customerCode: '客户编码', documentNo: '发票号', date: '开票日期', amount: '余额', note: '摘要' });
    const done = await app.ok('imports.commit', { importId: p.importId, kind: 'opening_receivables', mapping, mode: 'all_or_nothing' }, finance);
    expect(done).toMatchObject({ status: 'committed', written: 1 });
    expect(sqlite().prepare(`SELECT number, date, due_date, amount, balance FROM receivables WHERE external_ref = 'FP-88001'`).get()).toEqual({
      number: 'OB-2026-000003', date: '2026-06-15', due_date: '2026-08-14', amount: 432_109, balance: 432_109,
    });
  });

  it('is finance work: receivables.write', async () => {
    const salesAdmin = (await app.userToken(admin, 'neiqin', ['sales_admin'])).token;
    const rep = (await app.userToken(admin, 'rep01', ['sales_rep'])).token;
    for (const token of [salesAdmin, rep]) {
      expect(await app.call('imports.parse', { kind: 'opening_receivables', fileName: 'a.csv', contentBase64: b64(BAD) }, token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    const p = await parse(BAD);
    expect(await app.call('imports.preview', { importId: p.importId, kind: 'opening_receivables', mapping: MAPPING }, salesAdmin)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // A preset of the kind can be saved, listed and deleted by finance.
    const preset = await app.ok('importPresets.save', { kind: 'opening_receivables', name: '用友应收余额表', mapping: MAPPING }, finance);
    expect((await app.ok('importPresets.list', { kind: 'opening_receivables' }, finance)).map((x) => x.name)).toEqual(['用友应收余额表']);
    await app.ok('importPresets.delete', { id: preset.id }, finance);
  });

  it('the imported items are open debit items: aged as of a date and paid through the ledger', async () => {
    const items = await openItemsAsOf(app.workspace.current().db, '2026-11-20');
    const opening = items.filter((i) => i.kind === 'opening');
    expect(opening.map((i) => [i.number, i.balance, i.daysPastDue])).toEqual([
      ['OB-2026-000001', 1_234_560, 352],
      ['OB-2026-000002', 800_000, 265],
      ['OB-2026-000003', 432_109, 98],
    ]);
    // Not yet issued as of an earlier date.
    expect((await openItemsAsOf(app.workspace.current().db, '2025-11-30')).map((i) => i.number)).toEqual(['OB-2026-000001']);
    const c1 = sqlite().prepare(`SELECT id FROM customers WHERE code = 'C001'`).pluck().get() as number;
    const item = opening[0]?.id as number;
    const now = '2026-11-20T02:00:00.000Z';
    await inTransaction(app.workspace.current().db, async (trx) => {
      const rc = await insertReceipt(trx, { customerId: c1, date: '2026-11-18', amount: 1_234_560, method: 'bank_transfer', userId: null, now });
      await postAllocations(trx, { customerId: c1, source: { kind: 'receipt', id: rc.id }, lines: [{ receivableId: item, amount: 1_234_560 }], userId: null, now, allowSourceBeforeItem: false });
    });
    expect(sqlite().prepare('SELECT balance, status, closed_on FROM receivables WHERE id = ?').get(item)).toEqual({ balance: 0, status: 'paid', closed_on: '2026-11-18' });
    expect((await openItemsAsOf(app.workspace.current().db, '2026-11-20')).some((i) => i.id === item)).toBe(false);
    // As of before the receipt it was still open.
    expect((await openItemsAsOf(app.workspace.current().db, '2026-11-17')).find((i) => i.id === item)?.balance).toBe(1_234_560);
  });
});
