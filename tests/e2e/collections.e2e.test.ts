/**
 * End-to-end, collections (built renderer in headless Chromium against the real app): the
 * overdue list by level with a contact note and promise logged from the dialog and seen in the
 * history drawer; a contract plan with one instalment received and one overdue; the collection
 * rate / DSO chart and its working. Dates are relative to today (the app runs on the real clock).
 * Screenshots in zh-CN and English.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { addDays } from '../../shared/dates';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../electron/db/transaction';

import { insertReceipt, postAllocations } from '../../electron/services/receivables/ledger';
import { chromiumAvailable, launchBrowser, newPage, screenshot } from '../helpers/browser';
import { type E2eApp, rendererBuilt, startE2eApp, type E2eApi, E2E_ADMIN, setupE2eCompany } from '../helpers/e2e-app';
import { openPage as openPageOn, setLanguage as setLanguageOn, settle as settleOn, until as untilOn, signIn } from '../helpers/e2e-page';
import { seedCustomer, seedReceivable } from '../helpers/receivables-seed';
import { seedOrder, seedProduct } from '../helpers/shipments-seed';

const T = 90_000;
const ADMIN = E2E_ADMIN;
const canRun = chromiumAvailable() && rendererBuilt();
const TODAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
const d = (n: number) => addDays(TODAY, n);

describe.skipIf(!canRun).sequential('collections in the browser', () => {
  let e2e: E2eApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let api: E2eApi;
  let contractNumber = '';
  const until = (check: () => Promise<boolean>, what: string, timeout?: number) => untilOn(page, check, what, timeout);
  const setLanguage = (lang: 'zh' | 'en') => setLanguageOn(page, lang);
  const settle = () => settleOn(page);
  const openPage = (key: string) => openPageOn(page, key);
  const text = (testId: string) => page.getByTestId(testId).innerText();

  beforeAll(async () => {
    e2e = await startE2eApp({ demo: false });
    ({ api } = await setupE2eCompany(e2e));
    const ec = await api('regions.create', { code: 'EC', name: '华东' });
    const nc = await api('regions.create', { code: 'NC', name: '华北' });
    const wang = await api('users.create', { username: 'wangq', displayName: '王强', roles: ['sales_rep'], password: 'password-123' });
    const li = await api('users.create', { username: 'lina', displayName: '李娜', roles: ['sales_rep'], password: 'password-123' });
    const { sqlite, db } = e2e.app.workspace.current();
    const now = new Date().toISOString();
    const c1 = seedCustomer(sqlite, { code: 'C0001', name: '杭州联华超市有限公司', ownerId: wang.id, regionId: ec.id });
    const c2 = seedCustomer(sqlite, { code: 'C0002', name: '北京物美商业集团股份有限公司', ownerId: li.id, regionId: nc.id });
    const c3 = seedCustomer(sqlite, { code: 'C0003', name: '宁波三江购物俱乐部', ownerId: wang.id, regionId: ec.id });
    const c4 = seedCustomer(sqlite, { code: 'C0004', name: '天津家乐福商业有限公司', ownerId: li.id, regionId: nc.id });
    const pay = (customerId: number, date: string, amount: number, receivableId: number) =>
      inTransaction(db, async (trx) => {
        const r = await insertReceipt(trx, { customerId, date, amount, method: 'bank_transfer', userId: null, now });
        await postAllocations(trx, { customerId, source: { kind: 'receipt', id: r.id }, lines: [{ receivableId, amount }], userId: null, now, allowSourceBeforeItem: false });
      });

    // C0001: a contract whose first instalment is received and whose second is overdue.
    const k = await api('contracts.save', {
      customerId: c1, title: '2026 年度供货合同', signedOn: d(-120), startsOn: d(-100), amount: 2_500_000, paymentTermsDays: 30,
      instalments: [
        { dueDate: d(-60), amount: 1_000_000, note: '首付款' },
        { dueDate: d(-5), amount: 800_000, note: '到货款' },
        { dueDate: d(40), amount: 700_000, note: '质保金' },
      ],
    });
    contractNumber = k.number;
    const p = seedProduct(sqlite, 'SKU-001', 3_600);
    const o = seedOrder(sqlite, { customerId: c1, contractId: k.id, lines: [{ productId: p, qtyMilli: 500_000, amount: 2_000_000 }] });
    const a1 = seedReceivable(sqlite, { customerId: c1, amount: 2_000_000, date: d(-90), dueDate: d(-60), orderId: o.orderId });
    await pay(c1, d(-58), 1_000_000, a1.id);
    seedReceivable(sqlite, { customerId: c1, amount: 560_000, date: d(-40), dueDate: d(-10) });
    seedReceivable(sqlite, { customerId: c2, amount: 350_050, date: d(-45), dueDate: d(-15) });
    seedReceivable(sqlite, { customerId: c3, amount: 88_000, date: d(-200), dueDate: d(-170) });
    // A year of monthly invoices for C0004, most paid a little late, so the trend has a shape.
    for (let m = 11; m >= 1; m--) {
      const inv = seedReceivable(sqlite, { customerId: c4, amount: 400_000 + m * 25_000, date: d(-30 * m - 5), dueDate: d(-30 * m + 25) });
      if (m > 1) await pay(c4, d(-30 * m + 25 + (m % 3) * 12), m % 4 === 0 ? 300_000 : 400_000 + m * 25_000, inv.id);
    }
    await api('collections.addNote', { customerId: c2, date: d(-12), channel: 'phone', note: '财务说下周一付款', promiseDate: d(-3), promiseAmount: 350_050 });

    browser = await launchBrowser();
    ({ context, page } = await newPage(browser));
    await signIn(page, e2e.url, ADMIN);
  }, T);

  afterAll(async () => {
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await e2e?.close();
  }, T);

  it(
    'lists overdue customers by level and logs a contact with a promise to pay',
    async () => {
      await openPage('collections');
      await until(async () => (await text('grid-overdue')).includes('杭州联华超市有限公司'), 'the overdue list');
      const grid = await text('grid-overdue');
      // Most severe first: C0003 (170 days, level 4) before C0001 (60 days, level 2) before C0002 (15 days, level 1).
      expect(grid.indexOf('C0003')).toBeLessThan(grid.indexOf('C0001'));
      expect(grid.indexOf('C0001')).toBeLessThan(grid.indexOf('C0002'));
      expect(grid).toContain('¥15,600.00'); // C0001: 10,000 + 5,600 overdue
      expect(await text('promise-C0002')).toContain('已失信');

      await page.getByTestId('overdue-note-C0001').click();
      await page.getByTestId('note-dialog').waitFor();
      await page.getByTestId('note-text').fill('财务经理答应下周五前先付到货款一半');
      await page.locator('[data-testid="note-promise-date"] input, input[data-testid="note-promise-date"]').first().fill(d(5));
      await page.keyboard.press('Enter');
      await page.getByTestId('note-promise-amount').fill('4000.00');
      await settle();
      await screenshot(page, 'collections-note-dialog-zh');
      await page.locator('.ant-modal-footer .ant-btn-primary').click();
      await page.getByTestId('note-dialog').waitFor({ state: 'detached' });
      await until(async () => (await text('promise-C0001')).includes('待兑现'), 'the new promise in the list');
      expect(await text('promise-C0001')).toContain('¥4,000.00');
      const notes = e2e.app.workspace.current().sqlite.prepare('SELECT channel, note, promise_date, promise_amount FROM collection_notes WHERE note LIKE ?').all('%到货款一半%');
      expect(notes).toEqual([{ channel: 'phone', note: '财务经理答应下周五前先付到货款一半', promise_date: d(5), promise_amount: 400_000 }]);
      await page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
      await settle();
      await screenshot(page, 'collections-overdue-zh');

      await page.getByTestId('overdue-history-C0001').click();
      await page.getByTestId('notes-drawer').waitFor();
      await until(async () => (await text('notes-drawer')).includes('到货款一半'), 'the history');
      await settle();
      await screenshot(page, 'collections-history-zh');
      await page.locator('.ant-drawer-close').click();
      await page.getByTestId('notes-drawer').waitFor({ state: 'detached' });
    },
    T,
  );

  it(
    'shows a collection plan with one instalment received and one overdue',
    async () => {
      await page.getByTestId('tab-plans').click();
      await until(async () => (await text('plans-table')).includes(contractNumber), 'the plan');
      const plan = await text(`plan-instalments-${contractNumber}`);
      expect(plan).toContain('已回款');
      expect(plan).toContain('逾期');
      expect(plan).toContain('未到期');
      await page.getByTestId('plans-filter').getByText('已逾期').click();
      await until(async () => (await text('plans-table')).includes(contractNumber), 'the overdue filter');
      await settle();
      await screenshot(page, 'collections-plans-zh');
    },
    T,
  );

  it(
    'charts the monthly collection rate and DSO with the working, in both languages',
    async () => {
      await page.getByTestId('tab-kpi').click();
      await page.getByTestId('chart-kpi').waitFor();
      await until(async () => (await text('kpi-table')).includes('%'), 'the KPI table');
      expect(await page.locator('[data-testid="chart-kpi"] canvas').count()).toBeGreaterThan(0);
      const rows = await page.locator('[data-testid="kpi-table"] tbody tr.ant-table-row').count();
      expect(rows).toBe(12);
      await settle();
      await screenshot(page, 'collections-kpi-zh');

      await setLanguage('en');
      await until(async () => (await text('kpi-table')).includes('Collected (numerator)'), 'English KPI');
      await settle();
      await screenshot(page, 'collections-kpi-en');
      await page.getByTestId('tab-plans').click();
      await until(async () => (await text('plans-table')).includes('Received'), 'English plans');
      await settle();
      await screenshot(page, 'collections-plans-en');
      await page.getByTestId('tab-overdue').click();
      await until(async () => (await text('grid-overdue')).includes('Broken'), 'English overdue list');
      await settle();
      await screenshot(page, 'collections-overdue-en');
      await setLanguage('zh');
    },
    T,
  );
});
