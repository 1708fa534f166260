/**
 * statements.get / statements.pdf / statements.batch through the router (validation, access,
 * output schemas), with PDFs produced by headless Chromium (electron/host/pdf-chromium.ts); the
 * PDF parts are skipped, saying so, when Chromium is missing.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../electron/db/transaction';
import { chromiumInstalled, createChromiumPdf } from '../../electron/host/pdf-chromium';
import type { PdfRenderer } from '../../electron/services/pdf';
import { insertReceipt, postAllocations } from '../../electron/services/receivables/ledger';
import { createTestApp, databaseChecksum, type TestApp } from '../helpers/app';
import { seedCustomer, seedReceivable } from '../helpers/receivables-seed';

const hasChromium = chromiumInstalled();
const hasPdfToText = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasChromium) console.warn('statements IPC test: /usr/bin/chromium is missing, PDF rendering is not tested here');

let app: TestApp;
let token: string;
let pdf: (PdfRenderer & { close(): Promise<void> }) | null = null;
const ids = { busy: 0, quiet: 0, settled: 0, idle: 0 };
const NOW = '2026-11-20T00:00:00.000Z';

beforeAll(async () => {
  app = await createTestApp();
  token = await app.setup();
  const sqlite = app.workspace.current().sqlite;
  ids.busy = seedCustomer(sqlite, { code: 'C0001', name: '杭州联华超市有限公司' });
  ids.quiet = seedCustomer(sqlite, { code: 'C0002', name: 'Quiet & <Sons> Ltd' });
  ids.settled = seedCustomer(sqlite, { code: 'C0003', name: '已结清客户' });
  ids.idle = seedCustomer(sqlite, { code: 'C0004', name: '无往来客户' });
  sqlite.prepare(`INSERT INTO customer_addresses (customer_id, kind, province, city, address, is_default) VALUES (?, 'billing', '浙江省', '杭州市', '文三路 1 号', 1)`).run(ids.busy);
  sqlite.prepare(`INSERT INTO customer_contacts (customer_id, name, phone, is_primary) VALUES (?, '王芳', '0571-88888888', 1)`).run(ids.busy);
  for (let i = 0; i < 60; i++) {
    const d = `2026-${String(1 + (i % 9)).padStart(2, '0')}-${String(1 + (i % 27)).padStart(2, '0')}`;
    seedReceivable(sqlite, { customerId: ids.busy, amount: 123_456 + i, date: d, dueDate: d, number: `AR-2026-${String(i + 1).padStart(6, '0')}` });
  }
  seedReceivable(sqlite, { customerId: ids.quiet, amount: 5_000, date: '2025-06-01', dueDate: '2025-07-01' });
  const inv = seedReceivable(sqlite, { customerId: ids.settled, amount: 8_000, date: '2026-03-01', dueDate: '2026-04-01' });
  const db = app.workspace.current().db;
  await inTransaction(db, async (trx) => {
    const r = await insertReceipt(trx, { customerId: ids.settled, date: '2026-03-20', amount: 8_000, method: 'cash', userId: null, now: NOW });
    await postAllocations(trx, { customerId: ids.settled, source: { kind: 'receipt', id: r.id }, lines: [{ receivableId: inv.id, amount: 8_000 }], userId: null, now: NOW, allowSourceBeforeItem: false });
    await insertReceipt(trx, { customerId: ids.busy, date: '2026-05-05', amount: 1_000_000, method: 'bank_transfer', reference: '货款 <五月>', userId: null, now: NOW });
  });
}, 60_000);

afterAll(async () => {
  await pdf?.close();
  await app.dispose();
});

/** Installs the Chromium renderer on the open company (as the preview host does at start). */
function withPdf() {
  pdf ??= createChromiumPdf();
  app.workspace.current().pdf = pdf;
}

describe('statements.get', () => {
  it('answers the statement with the customer header, lines, totals and aging', async () => {
    const s = await app.ok('statements.get', { customerId: ids.busy, from: '2026-01-01', to: '2026-06-30' }, token);
    expect(s.company.name).toBe('测试商贸有限公司');
    expect(s.customer).toMatchObject({ code: 'C0001', address: '浙江省 杭州市 文三路 1 号', contact: '王芳', phone: '0571-88888888' });
    expect(s.openingBalance).toBe(0);
    expect(s.lines.filter((l) => l.kind === 'receipt')).toEqual([expect.objectContaining({ credit: 1_000_000, memo: '货款 <五月>' })]);
    expect(s.closingBalance).toBe(s.totals.debit - s.totals.credit);
    expect(s.aging.openItems - s.aging.unappliedCredits).toBe(s.closingBalance);
  });

  it('refuses an inverted period and an unknown customer; a rep without receivables.read is forbidden', async () => {
    const inverted = await app.call('statements.get', { customerId: ids.busy, from: '2026-06-30', to: '2026-01-01' }, token);
    expect(inverted).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const unknown = await app.call('statements.get', { customerId: 999_999, from: '2026-01-01', to: '2026-06-30' }, token);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const rep = await app.userToken(token, 'rep1', ['sales_rep']);
    const r = await app.call('statements.get', { customerId: ids.busy, from: '2026-01-01', to: '2026-06-30' }, rep.token);
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const fin = await app.userToken(token, 'fin1', ['finance']);
    expect((await app.call('statements.get', { customerId: ids.busy, from: '2026-01-01', to: '2026-06-30' }, fin.token)).ok).toBe(true);
  });
});

describe('without a PDF renderer', () => {
  it('statements.pdf and statements.batch refuse clearly and change nothing', async () => {
    app.workspace.current().pdf = undefined;
    const before = databaseChecksum(app);
    const one = await app.call('statements.pdf', { customerId: ids.busy, from: '2026-01-01', to: '2026-06-30', language: 'zh-CN' }, token);
    expect(one).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION', message: expect.stringContaining('PDF needs the desktop app or Chromium') } });
    const batch = await app.call('statements.batch', { from: '2026-01-01', to: '2026-06-30', language: 'zh-CN' }, token);
    expect(batch).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION' } });
    expect(databaseChecksum(app)).toBe(before);
    expect(fs.existsSync(path.join(app.dir, 'statements'))).toBe(false);
  });
});

describe.skipIf(!hasChromium)('PDF through Chromium', () => {
  it('statements.pdf renders an A4 PDF in both languages, with real (extractable) CJK text', async () => {
    withPdf();
    for (const language of ['zh-CN', 'en'] as const) {
      const r = await app.ok('statements.pdf', { customerId: ids.busy, from: '2026-01-01', to: '2026-09-30', language }, token);
      const bytes = Buffer.from(r.pdfBase64, 'base64');
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(r.fileName).toBe(language === 'en' ? 'Statement_C0001_杭州联华超市有限公司_2026-01-01_2026-09-30.pdf' : '对账单_C0001_杭州联华超市有限公司_2026-01-01_2026-09-30.pdf');
      // 62 lines do not fit on one A4 page.
      expect(r.pages).toBeGreaterThanOrEqual(2);
      if (hasPdfToText) {
        const file = path.join(os.tmpdir(), `statement-${process.pid}-${language}.pdf`);
        fs.writeFileSync(file, bytes);
        const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
        fs.rmSync(file);
        if (language === 'zh-CN') {
          for (const w of ['对账单', '杭州联华超市有限公司', '期初余额', '期末余额', '客户确认']) expect(text).toContain(w);
          expect(text).toMatch(/第\s*2\s*页\s*\/\s*共\s*\d+\s*页/);
        } else {
          for (const w of ['Statement of Account', 'Closing balance']) expect(text).toContain(w);
          expect(text).toMatch(/Page\s*2\s*of\s*\d+/);
        }
        expect(text).toContain('10,000.00'); // the receipt of 1,000,000 分
        expect(text).toContain('货款 <五月>');
      }
    }
  }, 60_000);

  it('statements.batch writes one PDF per customer with a balance or activity, and audits the run', async () => {
    withPdf();
    const r = await app.ok('statements.batch', { from: '2026-01-01', to: '2026-06-30', language: 'zh-CN' }, token);
    // C0004 has nothing; C0003 settled in the period (activity); C0002 carries a 2025 balance.
    expect(r.files.map((f) => f.customerCode)).toEqual(['C0001', 'C0002', 'C0003']);
    expect(r.count).toBe(3);
    expect(r.folder).toBe(path.join(app.dir, 'statements', '2026-01-01_2026-06-30'));
    for (const f of r.files) expect(fs.readFileSync(path.join(r.folder, f.fileName)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(fs.readdirSync(r.folder)).toContain('对账单_C0002_Quiet & _Sons_ Ltd_2026-01-01_2026-06-30.pdf');
    const audit = await app.ok('audit.list', { action: 'statement.batch', limit: 5, offset: 0 }, token);
    expect(audit.rows[0]?.after).toMatchObject({ from: '2026-01-01', to: '2026-06-30', count: 3, folder: r.folder });

    // minBalance keeps only customers owing at least that much at the end of the period.
    const big = await app.ok('statements.batch', { from: '2026-01-01', to: '2026-06-30', language: 'en', minBalance: 10_000 }, token);
    expect(big.files.map((f) => f.customerCode)).toEqual(['C0001']);
    expect(big.files[0]?.fileName).toMatch(/^Statement_C0001_/);
  }, 60_000);
});

describe('a failing PDF engine', () => {
  it('answers RULE_VIOLATION naming the statement, never INTERNAL', async () => {
    app.workspace.current().pdf = {
      render: async () => {
        throw new Error('Target page, context or browser has been closed');
      },
    };
    const r = await app.call('statements.pdf', { customerId: ids.busy, from: '2026-01-01', to: '2026-06-30', language: 'en' }, token);
    expect(r).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION', message: expect.stringContaining('C0001') } });
    app.workspace.current().pdf = undefined;
  });
});
