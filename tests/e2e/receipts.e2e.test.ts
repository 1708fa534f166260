/**
 * End-to-end, receipts 收款核销 (built renderer in headless Chromium against the real app): a
 * receipt is recorded from the dialog and allocated oldest due first; a second one is allocated
 * by hand in the workbench (keyboard: Enter moves, Ctrl+Enter confirms) closing a ¥0.30 short
 * payment with a small-difference write-off; then a receipt is reversed. The ledger is verified
 * after each step. Screenshots in zh-CN and English.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchBrowser, newPage, screenshot } from '../helpers/browser';
import { type E2eApp, rendererBuilt, startE2eApp, type E2eApi, E2E_ADMIN, setupE2eCompany } from '../helpers/e2e-app';
import { openPage as openPageOn, setLanguage as setLanguageOn, settle as settleOn, until as untilOn, signIn } from '../helpers/e2e-page';
import { seedInvoices } from '../helpers/receivables-seed';

const T = 60_000;
const ADMIN = E2E_ADMIN;
const canRun = chromiumAvailable() && rendererBuilt();

describe.skipIf(!canRun).sequential('receipts in the browser', () => {
  let e2e: E2eApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let api: E2eApi;
  let customerId = 0;
  let inv: { id: number; number: string }[] = [];
  const until = (check: () => Promise<boolean>, what: string, timeout?: number) => untilOn(page, check, what, timeout);
  const setLanguage = (lang: 'zh' | 'en') => setLanguageOn(page, lang);
  const settle = () => settleOn(page);
  const openPage = (key: string) => openPageOn(page, key);
  const balance = (id: number) => e2e.app.workspace.current().sqlite.prepare('SELECT balance FROM receivables WHERE id = ?').pluck().get(id) as number;

  async function pickCustomer(testId: string) {
    await page.getByTestId(testId).click();
    await page.keyboard.type('C0001');
    await page.locator('.ant-select-item-option', { hasText: '杭州联华超市有限公司' }).click();
  }

  beforeAll(async () => {
    e2e = await startE2eApp({ demo: false });
    ({ api } = await setupE2eCompany(e2e));
    const c = await api('customers.create', { code: 'C0001', name: '杭州联华超市有限公司', type: 'direct', paymentTermsDays: 30, creditLimit: 50_000_000 });
    customerId = c.id;
    // Four open invoices (what shipments leave behind), oldest first.
    inv = seedInvoices(e2e.app.workspace.current().sqlite, customerId, [1_234_500, 860_000, 99_930, 2_500_000], '2026-08-01', 30);
    browser = await launchBrowser();
    ({ context, page } = await newPage(browser, { width: 1440, height: 900 }));
  }, T);

  afterAll(async () => {
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await e2e?.close();
  }, T);

  it(
    'records a receipt and allocates it oldest due first',
    async () => {
      await signIn(page, e2e.url, ADMIN);
      await openPage('receipts');
      await page.getByTestId('receipts-new').click();
      await page.getByTestId('receipt-form').waitFor();
      await pickCustomer('receipt-customer');
      await page.getByTestId('receipt-amount').fill('15,000.00');
      await page.getByTestId('receipt-reference').fill('工行 HK20261120-001');
      await settle();
      await screenshot(page, 'receipts-dialog-zh');
      await page.getByTestId('receipt-save').click();
      await page.getByTestId('receipt-form').waitFor({ state: 'detached' });
      await until(async () => (await page.getByTestId('receipts-table').innerText()).includes('RC'), 'the receipt in the list');
      // ¥15,000 = the oldest invoice (¥12,345) + ¥2,655 of the next.
      expect([balance(inv[0]?.id ?? 0), balance(inv[1]?.id ?? 0)]).toEqual([0, 860_000 - 265_500]);
      expect((await api('receivables.verify', { customerId })).ok).toBe(true);
      await settle();
      await screenshot(page, 'receipts-list-zh');
    },
    T,
  );

  it(
    'allocates by hand in the workbench with the keyboard, closing a ¥0.30 difference',
    async () => {
      const rc = await api('receipts.create', { customerId, date: '2026-11-20', amount: 694_470, method: 'bank_transfer', reference: 'HK-2', payerName: '杭州联华' });
      await page.getByText('核销工作台').click();
      await pickCustomer('bench-customer');
      await page.getByTestId('bench-items').waitFor();
      await page.getByTestId('bench-credits').getByText(rc.receipt.number).click();
      // Pay what is left of the 2nd invoice in full and the 3rd (¥999.30) with ¥999.00: ¥0.30 short.
      const second = page.getByTestId(`bench-amount-${inv[1]?.number}`);
      await second.click();
      await page.keyboard.type('5945');
      await page.keyboard.press('Enter'); // moves to the next amount cell
      await page.keyboard.type('999');
      await page.getByTestId('bench-diff').click();
      await until(async () => (await page.getByTestId('bench-totals').innerText()).includes('6,944.00'), 'the running total');
      await settle();
      await screenshot(page, 'receipts-workbench-zh');
      await page.getByTestId(`bench-amount-${inv[2]?.number}`).focus();
      await page.keyboard.press('Control+Enter');
      await until(async () => balance(inv[2]?.id ?? 0) === 0, 'the allocation to post');
      expect(balance(inv[1]?.id ?? 0)).toBe(0);
      const w = await api('writeoffs.list', { customerId });
      expect(w.rows).toMatchObject([{ kind: 'small_difference', amount: 30 }]);
      expect((await api('receipts.get', { id: rc.receipt.id })).unallocated).toBe(694_470 - 594_500 - 99_900);
      expect((await api('receivables.verify', { customerId })).ok).toBe(true);

      // FIFO button fills the rest from what is left on the receipt.
      await page.getByTestId('bench-fifo').click();
      await until(async () => (await page.getByTestId(`bench-amount-${inv[3]?.number}`).inputValue()) === '0.70', 'the FIFO fill');
      await page.getByTestId('bench-clear').click();
      await settle();
    },
    T,
  );

  it(
    'reverses a receipt from its drawer, and shows both languages',
    async () => {
      await page.getByText('收款单', { exact: true }).click();
      const first = (await api('receipts.list', { sort: { colId: 'date', sort: 'asc' } })).rows.find((r) => r.amount === 1_500_000);
      if (!first) throw new Error('receipt');
      await page.getByTestId(`receipt-open-${first.id}`).click();
      await page.getByTestId('receipt-drawer').waitFor();
      await until(async () => (await page.getByTestId('receipt-allocations').innerText()).includes(inv[0]?.number ?? '?'), 'the allocations');
      await page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
      await settle();
      await screenshot(page, 'receipts-drawer-zh');
      await page.getByTestId('receipt-reverse').click();
      await page.getByTestId('reverse-reason').fill('客户退票');
      await page.getByTestId('reverse-ok').click();
      await until(async () => balance(inv[0]?.id ?? 0) === 1_234_500, 'the reversal');
      expect((await api('receipts.get', { id: first.id })).status).toBe('reversed');
      expect((await api('receivables.verify', {})).ok).toBe(true);
      await page.locator('.ant-drawer-close').click();

      await setLanguage('en');
      await until(async () => (await page.getByTestId('receipts-table').innerText()).includes('Reversed'), 'the list in English');
      await settle();
      await screenshot(page, 'receipts-list-en');
      await page.getByText('Allocation workbench').click();
      await page.getByTestId('bench-items').waitFor();
      await page.getByTestId('bench-fifo').click();
      await settle();
      await screenshot(page, 'receipts-workbench-en');
      await page.getByText('Receipts', { exact: true }).first().click();
      await page.getByTestId('receipts-new').click();
      await page.getByTestId('receipt-form').waitFor();
      await page.getByTestId('receipt-method').click();
      await page.locator('.ant-select-item-option', { hasText: 'Acceptance bill' }).click();
      await page.getByTestId('receipt-maturity').waitFor();
      await settle();
      await screenshot(page, 'receipts-dialog-en');
      await page.keyboard.press('Escape');
    },
    T,
  );
});
