/**
 * End-to-end, statements of account (built renderer in headless Chromium against the real app,
 * with the Chromium PDF renderer the preview host uses): a customer with invoices, receipts, a
 * credit note and a write-off this year; the on-screen statement in zh-CN and English; the PDF
 * downloaded from the screen in both languages and turned into PNG pages (pdftoppm) to look at;
 * a batch run from the dialog.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../electron/db/transaction';
import { createChromiumPdf } from '../../electron/host/pdf-chromium';
import { insertReceipt, insertWriteOff, postAllocations } from '../../electron/services/receivables/ledger';
import { chromiumAvailable, launchBrowser, newPage, SCREENSHOT_DIR, screenshot } from '../helpers/browser';
import { type E2eApp, rendererBuilt, startE2eApp, type E2eApi, E2E_ADMIN, setupE2eCompany } from '../helpers/e2e-app';
import { openPage as openPageOn, setLanguage as setLanguageOn, settle as settleOn, until as untilOn, signIn } from '../helpers/e2e-page';
import { seedReceivable } from '../helpers/receivables-seed';

const T = 90_000;
const ADMIN = E2E_ADMIN;
const canRun = chromiumAvailable() && rendererBuilt();
const hasPdftoppm = (() => {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const YEAR = new Date().getFullYear();
const day = (m: number, d: number) => `${YEAR}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

describe.skipIf(!canRun).sequential('statements in the browser', () => {
  let e2e: E2eApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let api: E2eApi;
  const pdf = createChromiumPdf();
  const until = (check: () => Promise<boolean>, what: string, timeout?: number) => untilOn(page, check, what, timeout);
  const setLanguage = (lang: 'zh' | 'en') => setLanguageOn(page, lang);
  const settle = () => settleOn(page);
  const openPage = (key: string) => openPageOn(page, key);

  /** Clicks 下载 PDF, saves the download, checks it is a PDF and turns its pages into PNGs. */
  async function downloadPdf(lang: 'zh' | 'en'): Promise<string[]> {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId('statement-download').click()]);
    const file = path.join(e2e.dir, `statement-${lang}.pdf`);
    await download.saveAs(file);
    expect(download.suggestedFilename()).toMatch(lang === 'en' ? /^Statement_C0001_.*\.pdf$/ : /^对账单_C0001_.*\.pdf$/);
    expect(fs.readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    if (!hasPdftoppm) {
      console.warn('statements e2e: pdftoppm (poppler-utils) is missing — the PDF pages are not turned into PNGs to look at');
      return [];
    }
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const prefix = path.join(SCREENSHOT_DIR, `statements-pdf-${lang}`);
    for (const f of fs.readdirSync(SCREENSHOT_DIR)) if (f.startsWith(`statements-pdf-${lang}-`)) fs.rmSync(path.join(SCREENSHOT_DIR, f));
    execFileSync('pdftoppm', ['-png', '-r', '80', file, prefix]);
    return fs.readdirSync(SCREENSHOT_DIR).filter((f) => f.startsWith(`statements-pdf-${lang}-`) && f.endsWith('.png'));
  }

  beforeAll(async () => {
    e2e = await startE2eApp({ demo: false });
    e2e.app.workspace.current().pdf = pdf; // as the preview host does when Chromium is installed
    ({ api } = await setupE2eCompany(e2e));
    const ec = await api('regions.create', { code: 'EC', name: '华东' });
    const c = await api('customers.create', { code: 'C0001', name: '杭州联华超市有限公司', type: 'direct', regionId: ec.id, paymentTermsDays: 30, creditLimit: 500_000_000 });
    await api('customers.create', { code: 'C0002', name: '宁波三江购物俱乐部股份有限公司', type: 'direct', regionId: ec.id, paymentTermsDays: 30, creditLimit: 500_000_000 });
    const sqlite = e2e.app.workspace.current().sqlite;
    sqlite.prepare(`INSERT INTO customer_addresses (customer_id, kind, province, city, address, is_default) VALUES (?, 'billing', '浙江省', '杭州市', '西湖区文三路 478 号华星时代广场 A 座 12 楼', 1)`).run(c.id);
    sqlite.prepare(`INSERT INTO customer_contacts (customer_id, name, phone, is_primary) VALUES (?, '王芳', '0571-8888 6666', 1)`).run(c.id);
    seedReceivable(sqlite, { customerId: c.id, kind: 'opening', amount: 3_500_000, date: `${YEAR - 1}-12-31`, dueDate: day(1, 31), number: 'OB-0001', externalRef: 'U8-2025-0931' });
    const invoices: { id: number; number: string }[] = [];
    for (let i = 0; i < 40; i++) {
      const m = 1 + Math.floor(i / 4);
      const d = day(m, 3 + (i % 4) * 6);
      invoices.push(seedReceivable(sqlite, { customerId: c.id, amount: 1_234_567 + i * 10_001, date: d, dueDate: day(Math.min(12, m + 1), 3 + (i % 4) * 6), number: `AR-${YEAR}-${String(i + 1).padStart(6, '0')}` }));
    }
    const cn = seedReceivable(sqlite, { customerId: c.id, kind: 'credit_note', amount: 98_000, date: day(3, 28), dueDate: day(3, 28), number: `CN-${YEAR}-000001` });
    const NOW = new Date().toISOString();
    await inTransaction(e2e.app.workspace.current().db, async (trx) => {
      const r1 = await insertReceipt(trx, { customerId: c.id, date: day(2, 15), amount: 8_000_000, method: 'bank_transfer', reference: '招商银行 货款 2月', userId: null, now: NOW });
      await postAllocations(trx, { customerId: c.id, source: { kind: 'receipt', id: r1.id }, lines: [{ receivableId: (invoices[0]?.id ?? 0), amount: 1_234_567 }], userId: null, now: NOW, allowSourceBeforeItem: false });
      await insertReceipt(trx, { customerId: c.id, date: day(6, 30), amount: 20_000_000, method: 'acceptance_bill', billNumber: 'YH-2026-0088', billMaturityDate: day(12, 30), userId: null, now: NOW });
      await postAllocations(trx, { customerId: c.id, source: { kind: 'credit_note', id: cn.id }, lines: [{ receivableId: (invoices[8]?.id ?? 0), amount: 98_000 }], userId: null, now: NOW, allowSourceBeforeItem: false });
      await insertWriteOff(trx, { customerId: c.id, receivableId: (invoices[9]?.id ?? 0), kind: 'small_difference', date: day(7, 1), amount: 30, reason: '尾差', userId: null, now: NOW });
    });
    browser = await launchBrowser();
    ({ context, page } = await newPage(browser, { width: 1440, height: 1000 }));
  }, T);

  afterAll(async () => {
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await pdf.close();
    await e2e?.close();
  }, T);

  it(
    'shows the statement on screen and downloads its PDF, in zh-CN and English',
    async () => {
      await signIn(page, e2e.url, ADMIN);
      await openPage('statements');
      await page.getByTestId('statement-customer').click();
      await page.locator('.ant-select-item-option', { hasText: '杭州联华超市' }).click();
      await page.getByTestId('statement-preset-thisYear').click();
      const expected = await api('statements.get', { customerId: 1, from: day(1, 1), to: day(12, 31) });
      const closing = (expected.closingBalance / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });
      await until(async () => (await page.getByTestId('statement-closing').innerText()).includes(closing), 'the closing balance on screen');
      const view = await page.getByTestId('statement-view').innerText();
      for (const w of ['杭州云帆贸易有限公司 对账单', '期初余额', '本期应收', '本期收款', '红字冲销', '坏账核销', '期末余额', '收款', 'YH-2026-0088', '尾差']) expect(view).toContain(w);
      expect(await page.getByTestId('statement-aging').innerText()).toContain('未到期');
      await settle();
      await screenshot(page, 'statements-screen-zh');
      await page.getByTestId('statement-lines').scrollIntoViewIfNeeded();
      await page.getByTestId('statement-aging').scrollIntoViewIfNeeded();
      await settle();
      await screenshot(page, 'statements-screen-zh-end');

      const zhPages = await downloadPdf('zh');
      if (hasPdftoppm) expect(zhPages.length).toBeGreaterThanOrEqual(2);

      await setLanguage('en');
      await page.getByTestId('statement-language').getByText('English', { exact: true }).click();
      await until(async () => (await page.getByTestId('statement-view').innerText()).includes('Statement of Account'), 'the statement in English');
      expect(await page.getByTestId('statement-view').innerText()).toContain('Closing balance');
      await page.evaluate('window.scrollTo(0, 0)');
      await page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
      await settle();
      await screenshot(page, 'statements-screen-en');
      const enPages = await downloadPdf('en');
      if (hasPdftoppm) expect(enPages.length).toBeGreaterThanOrEqual(2);
    },
    T,
  );

  it(
    'generates a batch from the dialog and shows the folder and the count',
    async () => {
      await page.getByTestId('statement-batch').click();
      await page.getByTestId('statement-batch-dialog').waitFor();
      await settle();
      await screenshot(page, 'statements-batch-dialog-en');
      await page.getByTestId('statement-batch-run').click();
      await page.getByTestId('statement-batch-result').waitFor({ timeout: 60_000 });
      const folder = await page.getByTestId('statement-batch-folder').innerText();
      expect(folder).toContain(path.join('statements', `${day(1, 1)}_${day(12, 31)}`));
      // C0002 has no balance and no activity: one statement.
      expect(await page.getByTestId('statement-batch-result').innerText()).toContain('Statements generated: 1');
      expect(fs.readdirSync(folder)).toEqual([expect.stringMatching(/^Statement_C0001_/)]);
      await settle();
      await screenshot(page, 'statements-batch-en');
    },
    T,
  );
});
