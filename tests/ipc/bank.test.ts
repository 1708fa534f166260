/**
 * Bank statement import and matching through the real router on a real SQLite file: parse,
 * import with duplicates and row errors, proposals, confirm / confirm many / reject / reopen.
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, databaseChecksum, type TestApp } from '../helpers/app';
import { seedCustomer, seedInvoices, seedReceivable } from '../helpers/receivables-seed';

let app: TestApp;
let admin: string;
let sqlite: ReturnType<TestApp['workspace']['current']>['sqlite'];
let crv: number; // 华润万家
let sgt: number; // 深国投
let yh: number; // 永辉
let inv: { id: number; number: string }[];
let sgtInv: { id: number; number: string }[];

const BOOKKEEPING = ['sessions', 'login_throttle'];
const unchanged = async (fn: () => Promise<unknown>) => {
  const before = databaseChecksum(app, BOOKKEEPING);
  await fn();
  expect(databaseChecksum(app, BOOKKEEPING)).toBe(before);
};
const b64 = (text: string, enc: 'gbk' | 'utf8' = 'gbk') => (enc === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.from(text, 'utf8')).toString('base64');
const count = (sqlText: string, ...args: unknown[]) => (sqlite.prepare(sqlText).get(...args) as { n: number }).n;

const HEAD = '交易日期,贷方发生额,借方发生额,对方户名,对方账号,摘要,用途';
const STATEMENT = [
  HEAD,
  '2026-11-03,"1,000.00",,华润万家生活超市（广州）有限公司,6222000011110001,货款,', // FIFO prefix of 华润: 400 + 600
  '2026-11-03,888.00,,某某贸易公司,6222000011110002,付款,发票04512345', // invoice number → 深国投
  '2026-11-04,"1,200.00",,深国投,6222000011110003,货款,', // abbreviation, 1200 = one open item
  '2026-11-04,,500.00,电费,,代扣电费,', // outgoing
  '2026-11-05,"1.234,50",,永辉超市,,货款,', // ambiguous amount → row error
  '2026-11-05,50.00,,张三,,零星,', // nobody
  '2026-11-05,50.00,,张三,,零星,', // identical repeat → kept, flagged
].join('\n');

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.setup();
  sqlite = app.workspace.current().sqlite;
  crv = seedCustomer(sqlite, { code: 'C-CRV', name: '华润万家' });
  sgt = seedCustomer(sqlite, { code: 'C-SGT', name: '深圳国际信托投资有限公司' });
  yh = seedCustomer(sqlite, { code: 'C-YH', name: '永辉超市股份有限公司' });
  inv = seedInvoices(sqlite, crv, [40_000, 60_000, 25_000], '2026-10-01');
  sgtInv = [
    seedReceivable(sqlite, { customerId: sgt, amount: 88_800, date: '2026-10-05', dueDate: '2026-11-05', externalRef: '04512345' }),
    seedReceivable(sqlite, { customerId: sgt, amount: 120_000, date: '2026-10-06', dueDate: '2026-11-06' }),
  ];
  seedInvoices(sqlite, yh, [99_900], '2026-10-01');
});
afterAll(() => app.dispose());

describe('bank.parse', () => {
  it('reads a GBK CSV, guesses the mapping and tells whether the file was imported before', async () => {
    const r = await app.ok('bank.parse', { fileName: '流水.csv', contentBase64: b64(STATEMENT) }, admin);
    expect(r.encoding).toBe('gb18030');
    expect(r.headers).toEqual(HEAD.split(','));
    expect(r.rowCount).toBe(7);
    expect(r.mapping).toMatchObject({ date: '交易日期', credit: '贷方发生额', debit: '借方发生额', payerName: '对方户名', payerAccount: '对方账号', memo: '摘要', reference: '用途' });
    expect(r.importedBefore).toBeNull();
  });
  it('picks a built-in bank preset from the headers', async () => {
    const csv = '记账日期,借方发生额（支取）,贷方发生额（收入）,对方户名,对方账号,摘要,备注,账户明细编号-交易流水号,账号\n2026-11-03,,1.00,A,1,x,y,S1,9\n';
    const r = await app.ok('bank.parse', { fileName: 'ccb.csv', contentBase64: b64(csv, 'utf8') }, admin);
    expect(r.preset).toBe('建设银行');
    expect(r.mapping.serial).toBe('账户明细编号-交易流水号');
  });
  it('refuses garbage with VALIDATION', async () => {
    const r = await app.call('bank.parse', { fileName: 'x.csv', contentBase64: Buffer.from([0, 1, 2, 3, 0, 0]).toString('base64') }, admin);
    expect(r.ok ? null : r.error.code).toBe('VALIDATION');
  });
});

describe('bank.import', () => {
  const mapping = { date: '交易日期', credit: '贷方发生额', debit: '借方发生额', payerName: '对方户名', payerAccount: '对方账号', memo: '摘要', reference: '用途' };
  let importId: number;

  it('a file without a credit or amount column is refused, naming it; nothing written', async () => {
    await unchanged(async () => {
      const r = await app.call('bank.import', { fileName: 'x.csv', contentBase64: b64(STATEMENT), mapping: { date: '交易日期', payerName: '对方户名' } }, admin);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('VALIDATION');
        expect(r.error.message).toContain('贷方发生额');
      }
    });
  });

  it('imports incoming lines with proposals; outgoing skipped, ambiguous rows refused, repeats flagged', async () => {
    const s = await app.ok('bank.import', { fileName: '工行11月.csv', contentBase64: b64(STATEMENT), mapping, account: '6222-OWN', bank: '工商银行' }, admin);
    expect(s).toMatchObject({ rows: 7, newLines: 5, outgoing: 1, duplicateCount: 0, errorCount: 1, importedBefore: null });
    expect(s.errors).toEqual([expect.objectContaining({ row: 6, field: 'credit', code: 'number_decimal_comma' })]);
    expect(s.repeats).toEqual([{ row: 8, sameAsRow: 7 }]);
    expect(s.proposed).toBe(3);
    importId = s.importId as number;
    expect(count('SELECT count(*) n FROM bank_lines WHERE import_id = ?', importId)).toBe(5);

    const lines = await app.ok('bank.lines', { importId }, admin);
    const byRow = new Map(lines.rows.map((l) => [l.lineNo, l]));
    expect(byRow.get(2)).toMatchObject({ status: 'proposed', customerId: crv, customerName: '华润万家', items: [{ receivableId: inv[0]?.id, amount: 40_000 }, { receivableId: inv[1]?.id, amount: 60_000 }] });
    expect(byRow.get(2)?.reasons.map((r) => r.code)).toEqual(['name_abbreviation', 'amount_fifo']);
    expect(byRow.get(3)).toMatchObject({ customerId: sgt, score: 100, items: [{ receivableId: sgtInv[0]?.id, amount: 88_800 }] });
    expect(byRow.get(4)).toMatchObject({ customerId: sgt, items: [{ receivableId: sgtInv[1]?.id, amount: 120_000 }] });
    expect(byRow.get(7)).toMatchObject({ status: 'unmatched', customerId: null, sameAsLine: null });
    expect(byRow.get(8)).toMatchObject({ status: 'unmatched', sameAsLine: 7 });
  });

  it('the same file again inserts nothing and says so', async () => {
    await unchanged(async () => {
      const s = await app.ok('bank.import', { fileName: '工行11月.csv', contentBase64: b64(STATEMENT), mapping, account: '6222-OWN' }, admin);
      expect(s).toMatchObject({ importId: null, newLines: 0, duplicateCount: 5, importedBefore: { importId } });
      expect(s.duplicates.map((d) => [d.row, d.ofImportId, d.ofLineNo])).toEqual([[2, importId, 2], [3, importId, 3], [4, importId, 4], [7, importId, 7], [8, importId, 8]]);
    });
  });

  it('an overlapping file adds only its new lines; the repeated pair is recognised in another order', async () => {
    const overlap = [HEAD, '2026-11-05,50.00,,张三,,零星,', '2026-11-06,300.00,,永辉超市,,货款,', '2026-11-05,50.00,,张三,,零星,', '2026-11-03,888.00,,某某贸易公司,6222000011110002,付款,发票04512345'].join('\n');
    const s = await app.ok('bank.import', { fileName: '工行11月上旬.csv', contentBase64: b64(overlap), mapping, account: '6222-OWN' }, admin);
    expect(s).toMatchObject({ newLines: 1, duplicateCount: 3, importedBefore: null });
    expect(s.duplicates.map((d) => d.ofLineNo).sort()).toEqual([3, 7, 8]);
    const fresh = await app.ok('bank.lines', { importId: s.importId as number }, admin);
    expect(fresh.rows).toEqual([expect.objectContaining({ amount: 30_000, customerId: yh, status: 'proposed' })]);
  });

  it('lists imports with status counts, and searches lines', async () => {
    const list = await app.ok('bank.imports', {}, admin);
    expect(list[list.length - 1]).toMatchObject({ id: importId, fileName: '工行11月.csv', bank: '工商银行', newLines: 5, proposed: 3, unmatched: 2 });
    const found = await app.ok('bank.lines', { search: '深国投' }, admin);
    expect(found.rows.map((r) => r.lineNo)).toEqual([4]);
  });
});

describe('deciding lines', () => {
  const line = async (lineNo: number, importIdx = -1) => {
    const imports = await app.ok('bank.imports', {}, admin);
    const imp = importIdx < 0 ? imports[imports.length - 1] : imports[importIdx];
    const rows = await app.ok('bank.lines', { importId: imp?.id as number }, admin);
    return rows.rows.find((r) => r.lineNo === lineNo) as (typeof rows.rows)[number];
  };

  it('confirm posts a receipt and allocations; the rest stays 预收; confirming again is a CONFLICT', async () => {
    const l = await line(2);
    const r = await app.ok('bank.confirm', { lineId: l.id, customerId: crv, allocations: [{ receivableId: inv[0]?.id as number, amount: 40_000 }] }, admin);
    expect(r).toMatchObject({ allocated: 40_000, unallocated: 60_000 });
    expect(sqlite.prepare('SELECT amount, unallocated, method, payer_name, bank_line_id, date FROM receipts WHERE id = ?').get(r.receiptId)).toEqual({
      amount: 100_000, unallocated: 60_000, method: 'bank_transfer', payer_name: '华润万家生活超市（广州）有限公司', bank_line_id: l.id, date: '2026-11-03',
    });
    expect(sqlite.prepare('SELECT balance, status FROM receivables WHERE id = ?').get(inv[0]?.id)).toEqual({ balance: 0, status: 'paid' });
    expect(await line(2)).toMatchObject({ status: 'confirmed', receiptNumber: r.receiptNumber, items: [] });
    await unchanged(async () => {
      const again = await app.call('bank.confirm', { lineId: l.id, customerId: crv, allocations: [] }, admin);
      expect(again.ok ? null : again.error.code).toBe('CONFLICT');
    });
    expect(count('SELECT count(*) n FROM receipts WHERE bank_line_id = ?', l.id)).toBe(1);
  });

  it('refuses more than the line, another customer’s item, an unknown customer — changing nothing', async () => {
    const l = await line(4);
    await unchanged(async () => {
      const over = await app.call('bank.confirm', { lineId: l.id, customerId: sgt, allocations: [{ receivableId: sgtInv[1]?.id as number, amount: 120_001 }] }, admin);
      expect(over.ok ? null : over.error.code).toBe('VALIDATION');
      const cross = await app.call('bank.confirm', { lineId: l.id, customerId: sgt, allocations: [{ receivableId: inv[1]?.id as number, amount: 100 }] }, admin);
      expect(cross.ok ? null : cross.error.code).toBe('RULE_VIOLATION');
      const nobody = await app.call('bank.confirm', { lineId: l.id, customerId: 999_999, allocations: [] }, admin);
      expect(nobody.ok ? null : nobody.error.code).toBe('NOT_FOUND');
      const noLine = await app.call('bank.confirm', { lineId: 999_999, customerId: sgt, allocations: [] }, admin);
      expect(noLine.ok ? null : noLine.error.code).toBe('NOT_FOUND');
    });
  });

  it('reject with a reason, confirm refused while rejected, reopen brings the proposal back', async () => {
    const l = await line(4);
    const rej = await app.ok('bank.reject', { lineId: l.id, reason: '客户退回的押金' }, admin);
    expect(rej).toMatchObject({ status: 'rejected', rejectReason: '客户退回的押金' });
    await unchanged(async () => {
      const c = await app.call('bank.confirm', { lineId: l.id, customerId: sgt, allocations: [] }, admin);
      expect(c.ok ? null : c.error.code).toBe('CONFLICT');
      const twice = await app.call('bank.reject', { lineId: l.id, reason: 'x' }, admin);
      expect(twice.ok ? null : twice.error.code).toBe('CONFLICT');
    });
    const re = await app.ok('bank.reopen', { lineId: l.id }, admin);
    expect(re).toMatchObject({ status: 'proposed', customerId: sgt, rejectReason: null, items: [{ receivableId: sgtInv[1]?.id, amount: 120_000 }] });
    const unmatched = await line(7);
    await app.ok('bank.reject', { lineId: unmatched.id, reason: '个人转账' }, admin);
    expect(await app.ok('bank.reopen', { lineId: unmatched.id }, admin)).toMatchObject({ status: 'unmatched' });
    const notRejected = await app.call('bank.reopen', { lineId: l.id }, admin);
    expect(notRejected.ok ? null : notRejected.error.code).toBe('CONFLICT');
  });

  it('confirm many ≥ score confirms the strong proposals only, each with its receipt', async () => {
    const before = count('SELECT count(*) n FROM receipts');
    const r = await app.ok('bank.confirmMany', { minScore: 70 }, admin);
    // 深国投 by invoice no. (100) and by abbreviation + exact amount (73); 永辉 (name only, 50) stays.
    expect(r.confirmed).toBe(2);
    expect(r.receipts).toHaveLength(2);
    expect(r.skipped).toEqual([]);
    expect(count('SELECT count(*) n FROM receipts')).toBe(before + r.confirmed);
    expect(count("SELECT count(*) n FROM bank_lines WHERE status = 'proposed' AND score >= 70")).toBe(0);
    expect(sqlite.prepare('SELECT balance FROM receivables WHERE id = ?').get(sgtInv[0]?.id)).toEqual({ balance: 0 });
    expect(sqlite.prepare('SELECT balance FROM receivables WHERE id = ?').get(sgtInv[1]?.id)).toEqual({ balance: 0 });
    // The ledger identities hold: receipts' unallocated = amount − active allocations.
    expect(count(`SELECT count(*) n FROM receipts r WHERE r.unallocated != r.amount - coalesce((SELECT sum(amount) FROM allocations a WHERE a.receipt_id = r.id AND a.reversed_on IS NULL), 0)`)).toBe(0);
    const none = await app.ok('bank.confirmMany', { minScore: 70 }, admin);
    expect(none.confirmed).toBe(0);
  });

  it('a stale proposal is skipped by confirm many, the others go ahead', async () => {
    const c = seedCustomer(sqlite, { code: 'C-STALE', name: '宝钢集团有限公司' });
    const [a] = seedInvoices(sqlite, c, [70_000], '2026-10-01');
    const csv = [HEAD, '2026-11-10,700.00,,宝钢集团有限公司,,货款,', '2026-11-11,700.00,,宝钢集团有限公司,,货款,'].join('\n');
    const s = await app.ok('bank.import', { fileName: 'bg.csv', contentBase64: b64(csv), mapping: { date: '交易日期', credit: '贷方发生额', payerName: '对方户名', memo: '摘要' } }, admin);
    expect(s.proposed).toBe(2); // both propose the same invoice
    const r = await app.ok('bank.confirmMany', { minScore: 70, importId: s.importId as number }, admin);
    expect(r.confirmed).toBe(1);
    expect(r.skipped).toEqual([expect.objectContaining({ lineNo: 3 })]);
    expect(r.skipped[0]?.message).toContain('more than its open balance');
    expect(sqlite.prepare('SELECT balance FROM receivables WHERE id = ?').get(a?.id)).toEqual({ balance: 0 });
  });
});

describe('XLSX statements', () => {
  it('reads a 中国银行 layout workbook: real dates, Excel serials, a signed amount; the preset is recognised', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('交易明细');
    ws.addRow(['交易日期', '交易金额', '付款人名称', '付款人账号', '摘要', '用途', '交易流水号', '收款人账号']);
    ws.addRow([new Date(Date.UTC(2026, 10, 12)), 1234.5, '永辉超市股份有限公司', '6217000000001', '货款', '', 'BOC-001', '4563']);
    ws.addRow([46338, -99.9, '中国移动', '', '话费', '', 'BOC-002', '4563']); // serial date 2026-11-12, outgoing
    ws.addRow(['2026年11月13日', '１２３．４０', '张三', '', '零星', '', 'BOC-003', '4563']);
    const contentBase64 = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    const p = await app.ok('bank.parse', { fileName: '中行.xlsx', contentBase64 }, admin);
    expect(p).toMatchObject({ format: 'xlsx', preset: '中国银行', sheet: '交易明细' });
    const s = await app.ok('bank.import', { fileName: '中行.xlsx', contentBase64, mapping: p.mapping, bank: '中国银行' }, admin);
    expect(s).toMatchObject({ rows: 3, newLines: 2, outgoing: 1, errorCount: 0 });
    expect(s.notes.map((n) => n.row)).toEqual([4]); // the full-width amount, noted
    const lines = await app.ok('bank.lines', { importId: s.importId as number }, admin);
    expect(lines.rows.map((l) => [l.date, l.amount, l.serial])).toEqual([
      ['2026-11-12', 123_450, 'BOC-001'],
      ['2026-11-13', 12_340, 'BOC-003'],
    ]);
    expect(sqlite.prepare("SELECT fingerprint FROM bank_lines WHERE serial = 'BOC-001'").get()).toEqual({ fingerprint: 's|4563|BOC-001' });
  });
});

describe('presets and access', () => {
  it('saves a preset (upsert by name); a built-in name is a CONFLICT', async () => {
    const p = await app.ok('bank.savePreset', { name: '我的招行', mapping: { date: '日期', credit: '收入', payerName: '' } }, admin);
    expect(p).toMatchObject({ builtin: false, mapping: { date: '日期', credit: '收入' } });
    await app.ok('bank.savePreset', { name: '我的招行', mapping: { date: '交易日', credit: '收入' } }, admin);
    const all = await app.ok('bank.presets', {}, admin);
    expect(all.filter((x) => x.builtin).map((x) => x.name)).toEqual(['工商银行', '建设银行', '农业银行', '中国银行', '招商银行', '交通银行']);
    expect(all.find((x) => x.name === '我的招行')?.mapping.date).toBe('交易日');
    const clash = await app.call('bank.savePreset', { name: '工商银行', mapping: { date: 'x' } }, admin);
    expect(clash.ok ? null : clash.error.code).toBe('CONFLICT');
  });
  it('a sales manager reads but cannot post; finance can', async () => {
    const mgr = await app.userToken(admin, 'mgr_bank', ['sales_manager']);
    expect((await app.call('bank.lines', {}, mgr.token)).ok).toBe(true);
    const r = await app.call('bank.confirmMany', { minScore: 0 }, mgr.token);
    expect(r.ok ? null : r.error.code).toBe('FORBIDDEN');
    const fin = await app.userToken(admin, 'fin_bank', ['finance']);
    expect((await app.call('bank.imports', {}, fin.token)).ok).toBe(true);
  });
});
