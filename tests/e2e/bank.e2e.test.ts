/**
 * End-to-end, bank reconciliation 银行对账 (built renderer in headless Chromium against the real
 * app): a GBK-encoded CSV statement with lines for seeded customers and invoices (by invoice
 * number, by exact amount, by a combination, by payer-name abbreviation), an outgoing line and
 * a repeated line is imported through the wizard; proposals are confirmed in bulk and by hand;
 * the same file imported again is all duplicates and nothing is booked twice.
 * Screenshots in zh-CN and English.
 */
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchBrowser, newPage, screenshot } from '../helpers/browser';
import { type E2eApp, rendererBuilt, startE2eApp, type E2eApi, E2E_ADMIN, setupE2eCompany } from '../helpers/e2e-app';
import { openPage as openPageOn, setLanguage as setLanguageOn, settle as settleOn, until as untilOn, signIn } from '../helpers/e2e-page';
import { seedReceivable } from '../helpers/receivables-seed';

const T = 90_000;
const ADMIN = E2E_ADMIN;
const canRun = chromiumAvailable() && rendererBuilt();

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'bank', 'statement-gbk.csv');
const STATEMENT = [
  '交易日期,贷方发生额,借方发生额,对方户名,对方账号,摘要,用途',
  '2026/11/3,"8,888.00",,某某贸易有限公司,6222000011110002,货款,发票04512345', // invoice number → 深国投
  '2026/11/3,"12,345.67",,联华超市,6222000011110003,货款,', // abbreviated name + exact amount → 联华
  '2026/11/4,"8,500.00",,华润万家生活超市（广州）有限公司,6222000011110001,货款,', // 6,000 + 2,500: a combination → 华润万家
  '2026/11/4,"3,000.00",,深国投,6222000011110004,往来款,', // abbreviation + exact amount → 深国投
  '2026/11/5,,"1,200.00",国网浙江省电力公司,,电费,', // outgoing: skipped
  '2026/11/5,50.00,,张三,,零星收款,', // nobody
  '2026/11/5,50.00,,张三,,零星收款,', // the same again: kept, flagged "same as row 7"
].join('\r\n');

describe.skipIf(!canRun).sequential('bank reconciliation in the browser', () => {
  let e2e: E2eApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let api: E2eApi;
  const until = (check: () => Promise<boolean>, what: string, timeout?: number) => untilOn(page, check, what, timeout);
  const setLanguage = (lang: 'zh' | 'en') => setLanguageOn(page, lang);
  const settle = () => settleOn(page);
  const openPage = (key: string) => openPageOn(page, key);
  const count = (sql: string) => (e2e.app.workspace.current().sqlite.prepare(sql).get() as { n: number }).n;
  const linesText = () => page.getByTestId('bank-lines').innerText();

  async function importThroughWizard() {
    await page.getByTestId('bank-import').click();
    await page.locator('[data-testid="bank-upload"] input[type=file], .ant-upload input[type=file]').first().setInputFiles(FIXTURE);
    await page.getByTestId('bank-mapping').waitFor();
  }

  beforeAll(async () => {
    fs.mkdirSync(path.dirname(FIXTURE), { recursive: true });
    fs.writeFileSync(FIXTURE, iconv.encode(STATEMENT, 'gbk'));
    e2e = await startE2eApp({ demo: false });
    ({ api } = await setupE2eCompany(e2e));
    const crv = await api('customers.create', { code: 'C0001', name: '华润万家', type: 'direct', paymentTermsDays: 30, creditLimit: 50_000_000 });
    const sgt = await api('customers.create', { code: 'C0002', name: '深圳国际信托投资有限公司', type: 'direct', paymentTermsDays: 30, creditLimit: 50_000_000 });
    const lh = await api('customers.create', { code: 'C0003', name: '杭州联华超市有限公司', type: 'direct', paymentTermsDays: 30, creditLimit: 50_000_000 });
    const sqlite = e2e.app.workspace.current().sqlite;
    const inv = (customerId: number, amount: number, date: string, number: string, externalRef: string | null = null) =>
      seedReceivable(sqlite, { customerId, amount, date, dueDate: '2026-12-31', number, externalRef });
    inv(crv.id, 400_000, '2026-10-01', 'AR-2026-000101');
    inv(crv.id, 600_000, '2026-10-02', 'AR-2026-000102');
    inv(crv.id, 250_000, '2026-10-03', 'AR-2026-000103');
    inv(sgt.id, 888_800, '2026-10-05', 'AR-2026-000201', '04512345');
    inv(sgt.id, 300_000, '2026-10-06', 'AR-2026-000202');
    inv(lh.id, 1_234_567, '2026-10-07', 'AR-2026-000301');
    browser = await launchBrowser();
    ({ context, page } = await newPage(browser));
  }, T);

  afterAll(async () => {
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await e2e?.close();
  }, T);

  it(
    'imports a GBK statement through the wizard: mapping, summary, proposals',
    async () => {
      await signIn(page, e2e.url, ADMIN);
      await openPage('bank');
      await importThroughWizard();
      const mapping = await page.getByTestId('bank-mapping').innerText();
      expect(mapping).toContain('贷方发生额');
      expect(mapping).toContain('华润万家生活超市（广州）有限公司'); // GBK decoded
      await page.getByTestId('bank-account').locator('input').or(page.getByTestId('bank-account')).first().fill('33050161000000001234');
      await settle();
      await screenshot(page, 'bank-mapping-zh');
      await page.getByTestId('bank-do-import').click();
      await page.getByTestId('bank-summary').waitFor();
      const summary = await page.getByTestId('bank-summary').innerText();
      expect(summary).toContain('与第 7 行完全相同');
      expect(count('SELECT count(*) n FROM bank_lines')).toBe(6);
      const imp = (await api('bank.imports', {}))[0];
      expect(imp).toMatchObject({ lineCount: 7, newLines: 6, proposed: 4, unmatched: 2 });
      await settle();
      await screenshot(page, 'bank-summary-zh');
      await page.getByTestId('bank-summary-done').click();
      await until(async () => (await linesText()).includes('深国投'), 'the lines');
      expect(await linesText()).toContain('同第 7 行');
      await settle();
      await screenshot(page, 'bank-lines-zh');
    },
    T,
  );

  it(
    'confirms the strong proposals in bulk and the combination by hand',
    async () => {
      await page.getByTestId('bank-min-score').locator('input').or(page.getByTestId('bank-min-score')).first().fill('70');
      await page.getByTestId('bank-confirm-many').click();
      await page.locator('.ant-modal-confirm .ant-btn-primary').click();
      await until(async () => count('SELECT count(*) n FROM receipts') === 3, 'three receipts');
      await until(async () => (await linesText()).includes('RC-'), 'receipt numbers in the grid');
      // The 8,500.00 line (6,000 + 2,500, not the oldest first) waits for the clerk.
      const lines = await api('bank.lines', { status: 'proposed' });
      expect(lines.rows.map((l) => l.amount)).toEqual([850_000]);
      expect(lines.rows[0]?.items.map((i) => i.number)).toEqual(['AR-2026-000102', 'AR-2026-000103']);
      await page.getByTestId(`bank-edit-${lines.rows[0]?.lineNo}`).click();
      await page.getByTestId('bank-edit-items').waitFor();
      await until(async () => (await page.getByTestId('bank-edit-totals').innerText()).includes('8,500.00'), 'the running total');
      await settle();
      await screenshot(page, 'bank-edit-zh');
      await page.getByTestId('bank-edit-ok').click();
      await until(async () => count('SELECT count(*) n FROM receipts') === 4, 'the fourth receipt');
      expect(count("SELECT count(*) n FROM receivables WHERE status = 'paid'")).toBe(5);
      expect(count("SELECT count(*) n FROM bank_lines WHERE status = 'confirmed'")).toBe(4);
    },
    T,
  );

  it(
    're-importing the same file finds only duplicates and books nothing twice',
    async () => {
      await page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
      await importThroughWizard();
      await page.getByTestId('bank-imported-before').waitFor();
      await page.getByTestId('bank-do-import').click();
      await page.getByTestId('bank-nothing-new').waitFor();
      expect(await page.getByTestId('bank-duplicates').innerText()).toContain('导入批次 #1');
      expect(count('SELECT count(*) n FROM receipts')).toBe(4);
      expect(count('SELECT count(*) n FROM bank_lines')).toBe(6);
      expect(count('SELECT count(*) n FROM bank_imports')).toBe(1);
      await settle();
      await screenshot(page, 'bank-reimport-zh');
      await page.getByTestId('bank-summary-done').click();
      await setLanguage('en');
      await until(async () => (await linesText()).includes('Same as row 7'), 'the grid in English');
      await settle();
      await screenshot(page, 'bank-lines-en');
      await importThroughWizard();
      await settle();
      await screenshot(page, 'bank-mapping-en');
      await page.getByTestId('bank-do-import').click();
      await page.getByTestId('bank-nothing-new').waitFor();
      expect(await page.getByTestId('bank-duplicates').innerText()).toContain('import #1');
      expect(count('SELECT count(*) n FROM receipts')).toBe(4);
      expect(count('SELECT count(*) n FROM bank_lines')).toBe(6);
      await settle();
      await screenshot(page, 'bank-reimport-en');
      await page.getByTestId('bank-summary-done').click();
    },
    T,
  );
});
