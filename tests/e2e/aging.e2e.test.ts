/**
 * End-to-end, aging 账龄分析 (built renderer in headless Chromium against the real app): invoices
 * seeded straight into SQLite, receipts posted through the ledger between the end of last
 * quarter and today, so the two dates differ; the screen shows both (totals asserted), groups
 * by rep with the chart, and drills down to the items. Screenshots in zh-CN and English.
 */
import path from 'node:path';
import { addDays } from '../../shared/dates';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../electron/db/transaction';
import { insertReceipt, postAllocations } from '../../electron/services/receivables/ledger';

import { chromiumAvailable, launchBrowser, newPage, screenshot } from '../helpers/browser';
import { type E2eApp, rendererBuilt, startE2eApp, type E2eApi, E2E_ADMIN, setupE2eCompany } from '../helpers/e2e-app';
import { openPage as openPageOn, setLanguage as setLanguageOn, settle as settleOn, until as untilOn, signIn } from '../helpers/e2e-page';
import { seedCustomer, seedReceivable, seedRegion } from '../helpers/receivables-seed';

const T = 60_000;
const ADMIN = E2E_ADMIN;
const canRun = chromiumAvailable() && rendererBuilt();

// The app's clock is real here: dates are relative to today (UTC, as the main process sees it).
const TODAY = new Date().toISOString().slice(0, 10);
const LAST_QUARTER_END = (() => {
  const d = new Date(`${TODAY}T00:00:00Z`);
  return new Date(Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3, 0)).toISOString().slice(0, 10);
})();

describe.skipIf(!canRun).sequential('aging in the browser', () => {
  let e2e: E2eApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let api: E2eApi;
  const ids = { c1: 0, c2: 0, c3: 0, rep1: 0, rep2: 0 };
  const until = (check: () => Promise<boolean>, what: string, timeout?: number) => untilOn(page, check, what, timeout);
  const settle = () => settleOn(page);
  const text = (testId: string) => page.getByTestId(testId).innerText();

  beforeAll(async () => {
    e2e = await startE2eApp({ demo: false });
    ({ api } = await setupE2eCompany(e2e));
    ids.rep1 = (await api('users.create', { username: 'wangfang', displayName: '王芳', roles: ['sales_rep'], password: 'password-123' })).id;
    ids.rep2 = (await api('users.create', { username: 'liqiang', displayName: '李强', roles: ['sales_rep'], password: 'password-123' })).id;
    const { sqlite, db } = e2e.app.workspace.current();
    const east = seedRegion(sqlite, 'EC', '华东');
    const north = seedRegion(sqlite, 'NC', '华北');
    ids.c1 = seedCustomer(sqlite, { code: 'C0001', name: '杭州联华超市有限公司', ownerId: ids.rep1, regionId: east });
    ids.c2 = seedCustomer(sqlite, { code: 'C0002', name: '北京物美商业集团股份有限公司', ownerId: ids.rep2, regionId: north });
    ids.c3 = seedCustomer(sqlite, { code: 'C0003', name: '零星散户' });
    const q = LAST_QUARTER_END;
    // C1: 120,000.00 due 10 days before the quarter end, paid in full 5 days after it; a new 50,000.00 not yet due.
    const a1 = seedReceivable(sqlite, { customerId: ids.c1, amount: 12_000_000, date: addDays(q, -40), dueDate: addDays(q, -10) });
    seedReceivable(sqlite, { customerId: ids.c1, amount: 5_000_000, date: addDays(TODAY, -1), dueDate: addDays(TODAY, 29) });
    // C2: 80,000.00 long overdue, 30,000.00 paid after the quarter end; a 10,000.00 prepayment unapplied.
    const b1 = seedReceivable(sqlite, { customerId: ids.c2, amount: 8_000_000, date: addDays(q, -100), dueDate: addDays(q, -70) });
    // C3: a 5,000.00 opening balance from the old system.
    seedReceivable(sqlite, { customerId: ids.c3, amount: 500_000, date: addDays(q, -200), dueDate: addDays(q, -200), kind: 'opening' });
    const now = new Date().toISOString();
    const pay = async (customerId: number, date: string, amount: number, lines: { receivableId: number; amount: number }[]) =>
      inTransaction(db, async (trx) => {
        const rc = await insertReceipt(trx, { customerId, date, amount, method: 'bank_transfer', userId: null, now });
        await postAllocations(trx, { customerId, source: { kind: 'receipt', id: rc.id }, lines, userId: null, now, allowSourceBeforeItem: false });
      });
    const between = (n: number) => (addDays(q, n) < TODAY ? addDays(q, n) : TODAY);
    await pay(ids.c1, between(5), 12_000_000, [{ receivableId: a1.id, amount: 12_000_000 }]);
    await pay(ids.c2, between(10), 3_000_000, [{ receivableId: b1.id, amount: 3_000_000 }]);
    await pay(ids.c2, between(3), 1_000_000, []);
    browser = await launchBrowser();
    ({ context, page } = await newPage(browser));
  }, T);

  afterAll(async () => {
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await e2e?.close();
  }, T);

  it(
    'shows aging today and as of last quarter end, with different totals',
    async () => {
      await signIn(page, e2e.url, ADMIN);
      await openPageOn(page, 'aging');
      // Today: 50,000 + 50,000 + 5,000 open; 10,000 unapplied.
      await until(async () => (await text('aging-total-total')).includes('105,000.00'), 'the total open today');
      expect(await text('aging-total-overdue')).toContain('55,000.00');
      expect(await text('aging-total-unapplied')).toContain('10,000.00');
      expect(await text('aging-total-net')).toContain('95,000.00');
      const grid = await text('aging-grid');
      for (const s of ['杭州联华超市有限公司', '北京物美商业集团股份有限公司', '未到期', '180天以上', '合计']) expect(grid).toContain(s);
      await settle();
      await screenshot(page, 'aging-today-zh');

      await page.getByTestId('aging-quick-lastQuarterEnd').click();
      // As of the quarter end: nothing paid yet, the new invoice not issued, no prepayment.
      await until(async () => (await text('aging-total-total')).includes('205,000.00'), 'the total as of last quarter end');
      expect(await text('aging-total-unapplied')).toContain('0.00');
      expect(await text('aging-summary')).toContain('重算');
      await settle();
      await screenshot(page, 'aging-last-quarter-zh');
    },
    T,
  );

  it(
    'drills down from the totals row and from a customer cell',
    async () => {
      await page.locator('.ag-row-pinned [col-id="total"]').first().click();
      await page.getByTestId('aging-drawer').waitFor();
      await until(async () => (await text('aging-drawer-summary')).includes('205,000.00'), 'the drill-down summary');
      const items = await text('aging-items');
      expect(items).toContain('杭州联华超市有限公司');
      expect(items).toContain('120,000.00');
      expect(items).toContain('期初');
      await settle();
      await screenshot(page, 'aging-drill-zh');
      await page.locator('.ant-drawer-close').click();
      await page.getByTestId('aging-drawer').waitFor({ state: 'detached' });

      // C2's oldest cell as of the quarter end: 70 days past due → 61–90.
      await page.locator(`[row-id="${ids.c2}"] [col-id="b3"]`).click();
      await until(async () => (await text('aging-drawer-summary')).includes('80,000.00'), 'C2 61–90 items');
      expect(await text('aging-items')).toContain('61–90天');
      await page.locator('.ant-drawer-close').click();
      await page.getByTestId('aging-drawer').waitFor({ state: 'detached' });

      // Export: the grid as shown, one column per bucket, the totals row last, amounts in yuan.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('aging-export').click()]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`^账龄分析-${LAST_QUARTER_END}-\\d{8}-\\d{4}\\.xlsx$`));
      const file = path.join(e2e.dir, 'aging.xlsx');
      await download.saveAs(file);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const ws = wb.worksheets[0];
      if (!ws) throw new Error('the workbook has no sheet');
      const header = (ws.getRow(1).values as unknown[]).slice(1);
      expect(header).toEqual(['编码', '客户', '应收余额', '未到期', '1–30天', '31–60天', '61–90天', '91–180天', '180天以上', '逾期合计', '预收/未核销', '净额']);
      const last = (ws.getRow(ws.rowCount).values as unknown[]).slice(1);
      expect(last).toEqual(['', '合计', 205_000, 0, 120_000, 0, 80_000, 0, 5_000, 205_000, 0, 205_000]);
      expect(ws.rowCount).toBe(5);
    },
    T,
  );

  it(
    'groups by rep with the stacked chart, in zh-CN and English',
    async () => {
      await page.getByTestId('aging-quick-today').click();
      await until(async () => (await text('aging-total-total')).includes('105,000.00'), 'back to today');
      await page.getByTestId('aging-groupby').getByText('业务员', { exact: true }).click();
      await until(async () => (await text('aging-grid')).includes('王芳'), 'the rep rows');
      const grid = await text('aging-grid');
      expect(grid).toContain('李强');
      expect(grid).toContain('未分配');
      await page.getByTestId('aging-chart').waitFor();
      await settle();
      await screenshot(page, 'aging-by-rep-zh');
      // Clicking a bar drills down: the first rep (李强, 50,000.00 in 91–180 days) sits in the
      // first of three categories; its bar fills the plot's height.
      const box = await page.getByTestId('aging-chart').boundingBox();
      if (!box) throw new Error('no chart box');
      await page.mouse.click(box.x + 60 + (box.width - 76) / 6, box.y + box.height * 0.7);
      await until(async () => (await text('aging-drawer-summary')).includes('50,000.00'), 'the bar drill-down');
      expect(await page.locator('.ant-drawer-title').innerText()).toContain('李强 · 91–180天');
      await page.locator('.ant-drawer-close').click();
      await page.getByTestId('aging-drawer').waitFor({ state: 'detached' });

      await setLanguageOn(page, 'en');
      await until(async () => (await text('aging-grid')).includes('Unassigned'), 'English rows');
      expect(await text('aging-grid')).toContain('Over 180 days');
      await settle();
      await screenshot(page, 'aging-by-rep-en');
      await page.getByTestId('aging-groupby').getByText('Customer', { exact: true }).click();
      await page.getByTestId('aging-quick-lastQuarterEnd').click();
      await until(async () => (await text('aging-total-total')).includes('205,000.00'), 'English, last quarter end');
      await settle();
      await screenshot(page, 'aging-last-quarter-en');
      await page.locator('.ag-row-pinned [col-id="total"]').first().click();
      await until(async () => (await text('aging-drawer-summary')).includes('205,000.00'), 'English drill-down');
      await settle();
      await screenshot(page, 'aging-drill-en');
      await page.locator('.ant-drawer-close').click();
      await setLanguageOn(page, 'zh');
    },
    T,
  );
});
