/**
 * End-to-end, sales orders: the built renderer in headless Chromium against the real app. A
 * sales administrator-like admin enters an order in the line editor (product found by pinyin
 * initials, price resolved from the base list, a discount), sees the live credit position,
 * confirms, is blocked over the limit with the breakdown, releases with a reason, and the order
 * is confirmed. Screenshots in zh-CN and English: tests/e2e/screenshots/orders-*.png.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchBrowser, newPage, screenshot } from '../helpers/browser';
import { type E2eApi, E2E_ADMIN, type E2eApp, rendererBuilt, setupE2eCompany, startE2eApp } from '../helpers/e2e-app';
import { openPage as openPageOn, setLanguage as setLanguageOn, settle as settleOn, until as untilOn, signIn } from '../helpers/e2e-page';

const T = 60_000;
const ADMIN = E2E_ADMIN;
const canRun = chromiumAvailable() && rendererBuilt();

describe.skipIf(!canRun).sequential('sales orders in the browser', () => {
  let e2e: E2eApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let api: E2eApi;
  const until = (check: () => Promise<boolean>, what: string, timeout?: number) => untilOn(page, check, what, timeout);
  const settle = () => settleOn(page);

  async function pick(testId: string, search: string, optionText: string) {
    await page.getByTestId(testId).click();
    await page.keyboard.type(search);
    const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: optionText }).first();
    await option.waitFor();
    await option.click();
  }

  beforeAll(async () => {
    e2e = await startE2eApp({ demo: false });
    ({ api } = await setupE2eCompany(e2e));
    const db = e2e.app.workspace.current().sqlite;
    const t = new Date().toISOString();
    db.prepare(`INSERT INTO regions (id, code, name, parent_id) VALUES (1, 'E', '华东', NULL), (2, 'S', '华南', NULL)`).run();
    const p = db.prepare(`INSERT INTO products (id, sku, name, unit, list_price, standard_cost, created_at, updated_at) VALUES (?, ?, ?, '箱', ?, ?, ?, ?)`);
    p.run(1, 'SKU-1001', '云帆抽纸 3 层 120 抽', 5000, 3000, t, t);
    p.run(2, 'SKU-2001', '云帆湿巾 80 片', 2500, 1500, t, t);
    p.run(3, 'SKU-3001', '可口可乐 330ml×24', 6000, 4200, t, t);
    const c = db.prepare(
      `INSERT INTO customers (id, code, name, type, region_id, grade, payment_terms_days, credit_limit, created_at, updated_at) VALUES (?, ?, ?, 'direct', 1, 'B', 30, ?, ?, ?)`,
    );
    c.run(1, 'C0001', '杭州华联超市', 2_000_000, t, t);
    c.run(2, 'C0002', '宁波百货商行', 50_000_000, t, t);
    // An open receivable that uses most of C0001's limit.
    db.prepare(
      `INSERT INTO receivables (number, customer_id, kind, date, due_date, amount, balance, status, created_at, updated_at) VALUES ('OB-000001', 1, 'opening', '2026-10-01', '2026-10-31', 1500000, 1500000, 'open', ?, ?)`,
    ).run(t, t);
    const base = (await api('priceLists.create', { code: 'BASE', name: '基础价格表', kind: 'base' })) as { id: number };
    await api('priceItems.save', { priceListId: base.id, productId: 1, minQty: '0', price: 5000 });
    await api('priceItems.save', { priceListId: base.id, productId: 1, minQty: '50', price: 4600 });
    await api('priceItems.save', { priceListId: base.id, productId: 3, minQty: '0', price: 5800 });
    // A few orders for the list.
    for (let i = 0; i < 3; i++) await api('orders.saveDraft', { customerId: 2, orderDate: '2026-11-1' + i, lines: [{ productId: 2, quantity: String(10 + i) }] });
    browser = await launchBrowser();
    ({ context, page } = await newPage(browser));
    await signIn(page, e2e.url, ADMIN);
  }, 120_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await screenshot(page, `FAILED-orders-${ctx.task.name.replace(/[^\w]+/g, '-').slice(0, 50)}`).catch(() => {});
  });

  afterAll(async () => {
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await e2e?.close();
  }, T);

  it(
    'order → confirm blocked with the breakdown → release with a reason → confirmed',
    async () => {
      await openPageOn(page, 'orders');
      await until(async () => (await page.getByTestId('orders-total').innerText()).includes('3'), 'the orders total');
      await page.getByTestId('order-new').click();
      await page.getByTestId('page-order-editor').waitFor();
      await pick('order-customer', 'C0001', 'C0001');
      // Line 1: found by pinyin initials (云帆抽纸 → yfcz), 60 boxes take the 50+ break (46.00).
      await pick('order-line-product-0', 'yfcz', 'SKU-1001');
      await page.getByTestId('order-line-qty-0').fill('60');
      await until(async () => (await page.getByTestId('order-line-amount-0').innerText()).includes('2,760.00'), 'line 1 amount');
      await page.getByTestId('order-line-discount-0').fill('5');
      await until(async () => (await page.getByTestId('order-line-amount-0').innerText()).includes('2,622.00'), 'line 1 discounted');
      await page.getByTestId('order-add-line').click();
      await pick('order-line-product-1', 'kkkl', 'SKU-3001');
      await page.getByTestId('order-line-qty-1').fill('2.5');
      await until(async () => (await page.getByTestId('order-line-amount-1').innerText()).includes('145.00'), 'line 2 amount');
      await until(async () => (await page.getByTestId('order-total').innerText()).includes('2,767.00'), 'the total');
      // Live credit: 15,000 open + 2,767 this order > 20,000? No: 17,767 ≤ 20,000 passes; add a big line to go over.
      await page.getByTestId('order-add-line').click();
      await pick('order-line-product-2', 'SKU-1001', 'SKU-1001');
      await page.getByTestId('order-line-qty-2').fill('100');
      await until(async () => (await page.getByTestId('order-total').innerText()).includes('7,367.00'), 'the total with line 3');
      await until(async () => (await page.getByTestId('order-credit-live-decision').innerText()) === '将被拦截', 'the live credit decision');
      // The trace of line 1 is one click away.
      await page.getByTestId('order-line-trace-open').first().click();
      await page.getByTestId('order-line-trace').waitFor();
      expect(await page.getByTestId('order-line-trace').innerText()).toContain('BASE');
      await settle();
      await screenshot(page, 'orders-editor-zh');
      await page.keyboard.press('Escape');
      await page.getByTestId('order-confirm').click();
      await page.getByTestId('credit-blocked-dialog').waitFor();
      const dialog = await page.getByTestId('credit-blocked-dialog').innerText();
      expect(dialog).toContain('超过信用额度');
      expect(dialog).toContain('15,000.00');
      expect(dialog).toContain('7,367.00');
      expect(await page.getByTestId('credit-override-submit').isDisabled()).toBe(true);
      await page.getByTestId('credit-override-reason').fill('年底备货，客户承诺 12 月 10 日前回款');
      await settle();
      await screenshot(page, 'orders-blocked-zh');
      await page.getByTestId('credit-override-submit').click();
      await until(async () => (await page.getByTestId('order-status').innerText()) === '已确认', 'confirmed');
      const stored = e2e.app.workspace.current().sqlite.prepare(`SELECT status FROM orders WHERE customer_id = 1`).pluck().get();
      expect(stored).toBe('confirmed');
      expect(e2e.app.workspace.current().sqlite.prepare(`SELECT reason FROM credit_overrides`).pluck().all()).toEqual(['年底备货，客户承诺 12 月 10 日前回款']);
      await settle();
      await screenshot(page, 'orders-confirmed-zh');
    },
    T * 2,
  );

  it(
    'in English: the orders grid and a confirmed order',
    async () => {
      await setLanguageOn(page, 'en');
      await page.getByTestId('order-back').click();
      await page.getByTestId('page-orders').waitFor();
      await until(async () => (await page.getByTestId('orders-total').innerText()).includes('4 orders'), 'the orders total');
      await settle();
      await screenshot(page, 'orders-list-en');
      await page.locator('[data-testid^="open-order-"]').first().click();
      await page.getByTestId('page-order-editor').waitFor();
      await until(async () => (await page.getByTestId('order-status').innerText()) === 'Confirmed', 'confirmed in English');
      await settle();
      await screenshot(page, 'orders-confirmed-en');
    },
    T,
  );

  it(
    'ship the confirmed order (credit re-checked and released again) → its receivable is on the customer card',
    async () => {
      await page.getByTestId('order-ship').click();
      await page.getByTestId('ship-dialog').waitFor();
      await page.getByTestId('ship-submit').click();
      // Still over the limit at shipment: the check runs again and needs its own release.
      await page.getByTestId('ship-blocked').waitFor();
      await page.getByTestId('ship-override-reason').fill('Approved by the sales manager on the phone');
      await page.getByTestId('ship-override-submit').click();
      await until(async () => (await page.getByTestId('order-status').innerText()) === 'Shipped', 'shipped');
      const db = e2e.app.workspace.current().sqlite;
      const receivable = db.prepare(`SELECT number, amount, balance FROM receivables WHERE kind = 'invoice' AND customer_id = 1`).get() as {
        number: string;
        amount: number;
        balance: number;
      };
      expect(receivable.number).toMatch(/^AR-\d{4}-000001$/);
      expect(receivable.balance).toBe(receivable.amount);
      expect(db.prepare(`SELECT count(*) FROM credit_overrides WHERE stage = 'ship'`).pluck().get()).toBe(1);
      await page.getByTestId('nav-customers').click();
      await page.getByTestId('page-customers').waitFor();
      await page.getByTestId('open-card-C0001').click();
      await page.getByTestId('card-activity').waitFor();
      await until(async () => (await page.getByTestId('card-receivables').innerText()).includes(receivable.number), 'the receivable on the card');
      await page.getByTestId('card-activity').scrollIntoViewIfNeeded();
      await settleOn(page);
      await screenshot(page, 'orders-shipped-card-en');
    },
    T,
  );
});
