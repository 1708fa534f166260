/**
 * End-to-end opening balances 期初应收 in the import wizard (built renderer in headless Chromium
 * against the real app): the new kind, the mapping guessed from a 用友-style export, the preview
 * with per-row errors (zh and en), importing the valid rows, and importing again changing
 * nothing. Screenshots in zh-CN and English.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchBrowser, newPage, screenshot } from '../helpers/browser';
import { type E2eApp, rendererBuilt, startE2eApp, E2E_ADMIN, setupE2eCompany } from '../helpers/e2e-app';
import { setLanguage as setLanguageOn, signIn } from '../helpers/e2e-page';

const T = 60_000;
const ADMIN = E2E_ADMIN;
const canRun = chromiumAvailable() && rendererBuilt();

const FILE = [
  '客户编码,客户名称,单据号,单据日期,到期日,未收金额,备注',
  'C0001,杭州联华超市有限公司,XS-2025-1101,2025-11-03,,"128,000.00",2025年11月货款',
  'C0002,宁波三江购物俱乐部,XS-2025-1102,2025-11-20,2026-01-31,"56,789.50",',
  'C0999,不存在的客户,XS-2025-1103,2025-12-01,,1000.00,',
  'C0003,广州友谊商店,XS-2025-1104,2025-12-05,2025-11-30,"2,000",',
  'C0003,广州友谊商店,XS-2025-1105,2025-12-08,,"1,23",',
].join('\r\n');

describe.skipIf(!canRun).sequential('import opening receivables in the browser', () => {
  let e2e: E2eApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const setLanguage = (lang: 'zh' | 'en') => setLanguageOn(page, lang);
  const count = () => Number(e2e.app.workspace.current().sqlite.prepare(`SELECT count(*) FROM receivables WHERE kind = 'opening'`).pluck().get());

  beforeAll(async () => {
    e2e = await startE2eApp({ demo: false });
    await setupE2eCompany(e2e);
    const c = e2e.app.workspace.current().sqlite.prepare(`INSERT INTO customers (code, name, type, payment_terms_days, created_at, updated_at) VALUES (?, ?, 'direct', 30, 't', 't')`);
    c.run('C0001', '杭州联华超市有限公司');
    c.run('C0002', '宁波三江购物俱乐部');
    c.run('C0003', '广州友谊商店');
    browser = await launchBrowser();
    ({ context, page } = await newPage(browser, { width: 1440, height: 960 }));
  }, T);

  afterAll(async () => {
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await e2e?.close();
  }, T);

  it(
    'guesses the mapping and previews the per-row errors without writing',
    async () => {
      await signIn(page, e2e.url, ADMIN);
      await page.getByTestId('nav-imports').click();
      await page.getByTestId('page-imports').waitFor();
      await page.getByTestId('import-kind-opening_receivables').click();
      await screenshot(page, 'opening-kind-zh');
      await page.getByTestId('import-kind-next').click();
      await page.locator('input[type=file]').first().setInputFiles({ name: '应收余额表.csv', mimeType: 'text/csv', buffer: Buffer.from(FILE, 'utf8') });
      await page.getByTestId('import-mapping').waitFor();
      for (const [field, header] of [['customerCode', '客户编码'], ['documentNo', '单据号'], ['date', '单据日期'], ['dueDate', '到期日'], ['amount', '未收金额'], ['note', '备注']]) {
        expect(await page.getByTestId(`import-map-${field}`).innerText(), field).toContain(header);
      }
      await screenshot(page, 'opening-mapping-zh');
      await page.getByTestId('import-preview').click();
      await page.getByTestId('import-errors-grid').locator('.ag-row').first().waitFor();
      expect(await page.getByTestId('import-some-errors').innerText()).toContain('3 行有错误');
      expect(await page.getByTestId('import-errors-grid').innerText()).toContain('到期日早于单据日期');
      expect(count()).toBe(0);
      await page.waitForTimeout(300);
      await screenshot(page, 'opening-preview-zh');
      await setLanguage('en');
      expect(await page.getByTestId('import-errors-grid').innerText()).toContain('is before the document date');
      await page.waitForTimeout(300);
      await screenshot(page, 'opening-preview-en');
      await setLanguage('zh');
    },
    T,
  );

  it(
    'imports the valid rows as open opening items; importing again writes nothing new',
    async () => {
      await page.getByTestId('import-mode').getByText('只导入正确的行', { exact: true }).click();
      await page.getByTestId('import-commit').click();
      await page.getByTestId('import-result-committed').waitFor();
      expect(count()).toBe(2);
      expect(e2e.app.workspace.current().sqlite.prepare(`SELECT number, due_date, balance FROM receivables WHERE kind = 'opening' ORDER BY id`).all()).toEqual([
        { number: 'OB-2026-000001', due_date: '2025-12-03', balance: 12_800_000 },
        { number: 'OB-2026-000002', due_date: '2026-01-31', balance: 5_678_950 },
      ]);
      await page.waitForTimeout(300);
      await screenshot(page, 'opening-done-zh');
      await page.getByTestId('import-again').click();
      await page.locator('input[type=file]').first().setInputFiles({ name: '应收余额表.csv', mimeType: 'text/csv', buffer: Buffer.from(FILE, 'utf8') });
      await page.getByTestId('import-preview').click();
      await page.getByTestId('import-counts').waitFor();
      await setLanguage('en');
      await page.getByTestId('import-mode').getByText('Only the valid rows', { exact: true }).click();
      await page.getByTestId('import-commit').click();
      await page.getByTestId('import-result-committed').waitFor();
      expect(count()).toBe(2);
      await page.waitForTimeout(300);
      await screenshot(page, 'opening-again-en');
    },
    T,
  );
});
