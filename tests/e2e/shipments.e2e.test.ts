/**
 * End-to-end, shipments (built renderer in headless Chromium against the real app): a confirmed
 * order (seeded straight into SQLite) is shipped partly from the ship dialog; the shipment is
 * listed, and its receivable appears on the customer card with the credit position.
 * Screenshots in zh-CN and English.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchBrowser, newPage, screenshot } from '../helpers/browser';
import { type E2eApi, E2E_ADMIN, type E2eApp, rendererBuilt, setupE2eCompany, startE2eApp } from '../helpers/e2e-app';
import { openPage as openPageOn, setLanguage as setLanguageOn, settle as settleOn, until as untilOn, signIn } from '../helpers/e2e-page';
import { seedOrder } from '../helpers/shipments-seed';

const T = 60_000;
const ADMIN = E2E_ADMIN;
const canRun = chromiumAvailable() && rendererBuilt();

describe.skipIf(!canRun).sequential('shipments in the browser', () => {
  let e2e: E2eApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let api: E2eApi;
  let orderNumber = '';
  let customerId = 0;
  const until = (check: () => Promise<boolean>, what: string, timeout?: number) => untilOn(page, check, what, timeout);
  const setLanguage = (lang: 'zh' | 'en') => setLanguageOn(page, lang);
  const settle = () => settleOn(page);
  const openPage = (key: string) => openPageOn(page, key);
  const qtyInput = (line: number) => page.locator(`input[data-testid="ship-qty-${line}"], [data-testid="ship-qty-${line}"] input`).first();

  beforeAll(async () => {
    e2e = await startE2eApp({ demo: false });
    ({ api } = await setupE2eCompany(e2e));
    const ec = await api('regions.create', { code: 'EC', name: '华东' });
    await api('regions.create', { code: 'NC', name: '华北' });
    const c = await api('customers.create', { code: 'C0001', name: '杭州联华超市有限公司', type: 'direct', regionId: ec.id, paymentTermsDays: 30, creditLimit: 50_000_000 });
    customerId = c.id;
    const p1 = await api('products.create', { sku: 'SKU-001', name: '农夫山泉 550ml×24', unit: '箱', listPrice: 3_600, standardCost: 2_400 });
    const p2 = await api('products.create', { sku: 'SKU-002', name: '乐事薯片 70g×20', unit: '箱', listPrice: 9_800, standardCost: 6_500 });
    // A confirmed order seeded straight into the file (the orders screen is tested on its own).
    const o = seedOrder(e2e.app.workspace.current().sqlite, {
      customerId,
      shipToRegionId: ec.id,
      lines: [
        { productId: p1.id, qtyMilli: 100_000, amount: 360_000, listPrice: 3_600 },
        { productId: p2.id, qtyMilli: 30_000, amount: 279_300, listPrice: 9_800 },
      ],
    });
    orderNumber = o.number;
    browser = await launchBrowser();
    ({ context, page } = await newPage(browser));
  }, T);

  afterAll(async () => {
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await e2e?.close();
  }, T);

  it(
    'ships a confirmed order partly from the ship dialog',
    async () => {
      await signIn(page, e2e.url, ADMIN);
      await openPage('shipments');
      await page.getByTestId('shipments-ship').click();
      await page.getByTestId('ship-dialog').waitFor();
      await page.getByTestId('ship-order').click();
      await page.locator('.ant-select-item-option', { hasText: orderNumber }).click();
      await page.getByTestId('ship-lines').waitFor();
      // Ship 60 of 100 on line 1, nothing of line 2.
      await qtyInput(1).fill('60');
      await qtyInput(2).fill('0');
      await settle();
      await screenshot(page, 'shipments-ship-dialog-zh');
      await page.getByTestId('ship-submit').click();
      await page.getByTestId('ship-dialog').waitFor({ state: 'detached' });
      await until(async () => (await page.getByTestId('shipments-table').innerText()).includes('SH-'), 'the shipment in the list');
      const list = await api('shipments.list', {});
      expect(list.rows).toHaveLength(1);
      expect(list.rows[0]).toMatchObject({ amount: 216_000, receivableBalance: 216_000, status: 'posted' });
      await settle();
      await screenshot(page, 'shipments-list-zh');
    },
    T,
  );

  it(
    'shows the receivable on the customer card, in zh-CN and English',
    async () => {
      await openPage('customers');
      await page.getByTestId('open-card-C0001').click();
      await page.getByTestId('card-activity').waitFor();
      const receivables = await page.getByTestId('card-receivables').innerText();
      expect(receivables).toMatch(/AR-\d{4}-000001/);
      expect(receivables).toContain('2,160.00');
      expect(await page.getByTestId('card-open-receivables').innerText()).toContain('2,160.00');
      await page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
      await page.getByTestId('card-activity').scrollIntoViewIfNeeded();
      await settle();
      await screenshot(page, 'shipments-card-zh');
      await page.locator('.ant-drawer-close').click();
      await page.getByTestId('customer-card').waitFor({ state: 'detached' });
      await setLanguage('en');
      await page.getByTestId('open-card-C0001').click();
      await page.getByTestId('card-activity').waitFor();
      expect(await page.getByTestId('card-activity').innerText()).toContain('Open receivables');
      await page.getByTestId('card-activity').scrollIntoViewIfNeeded();
      await settle();
      await screenshot(page, 'shipments-card-en');
      await page.locator('.ant-drawer-close').click();
      await openPage('shipments');
      await until(async () => (await page.getByTestId('shipments-table').innerText()).includes('SH-'), 'the list in English');
      await settle();
      await screenshot(page, 'shipments-list-en');
    },
    T,
  );

  it(
    'contracts with a collection plan, distributor regions and the cross-region list',
    async () => {
      const nc = (await api('regions.list', {})).find((r) => r.code === 'NC');
      const ec = (await api('regions.list', {})).find((r) => r.code === 'EC');
      if (!nc || !ec) throw new Error('regions');
      const d = await api('customers.create', { code: 'D0001', name: '宁波三江经销有限公司', type: 'distributor', regionId: ec.id, paymentTermsDays: 45, creditLimit: 50_000_000 });
      await api('distributors.setRegions', { customerId: d.id, regionIds: [ec.id] });
      const k = await api('contracts.save', {
        customerId: d.id,
        title: '2027 年度经销协议',
        signedOn: '2026-11-01',
        startsOn: '2027-01-01',
        endsOn: '2027-12-31',
        amount: 120_000_000,
        paymentTermsDays: 60,
        instalments: [
          { dueDate: '2027-03-31', amount: 30_000_000, note: '一季度' },
          { dueDate: '2027-06-30', amount: 30_000_000, note: '二季度' },
        ],
      });
      await api('contracts.attach', { contractId: k.id, fileName: '经销协议扫描件.pdf', mime: 'application/pdf', size: 3, contentBase64: 'YWJj' });
      const product = (await api('products.list', { limit: 1 })).rows[0];
      if (!product) throw new Error('product');
      const o = seedOrder(e2e.app.workspace.current().sqlite, { customerId: d.id, contractId: k.id, lines: [{ productId: product.id, qtyMilli: 50_000, amount: 180_000 }] });
      const r = await api('shipments.create', { orderId: o.orderId, customerId: d.id, date: '2026-11-20', shipToRegionId: nc.id, lines: [{ orderLineId: o.lineIds[0] as number, qtyMilli: 20_000 }] });
      if (r.status !== 'posted') throw new Error('blocked');
      expect(r.shipment.crossRegion).toBe(true);
      expect(r.receivable.dueDate).toBe('2027-01-19');

      await setLanguage('zh');
      await openPage('contracts');
      await until(async () => (await page.getByTestId('contracts-table').innerText()).includes(k.number), 'the contract');
      await page.getByTestId('contracts-table').getByText(k.number).click();
      await page.getByTestId('contract-form').waitFor();
      await settle();
      await screenshot(page, 'shipments-contract-zh');
      await page.keyboard.press('Escape');
      await page.getByTestId('contract-form').waitFor({ state: 'detached' });
      await openPage('distributors');
      await until(async () => (await page.getByTestId('cross-region-table').innerText()).includes(r.shipment.number), 'the cross-region list');
      await settle();
      await screenshot(page, 'shipments-cross-region-zh');
      await setLanguage('en');
      await settle();
      await screenshot(page, 'shipments-cross-region-en');
      // A link from the order screen: #/shipments?order=<id> opens the ship dialog for that order.
      await page.goto(`${e2e.url.replace(/\/$/, '')}/#/shipments?order=${o.orderId}`);
      await page.getByTestId('ship-dialog').waitFor();
      await until(async () => (await page.locator('.ant-modal-title').innerText()).includes(o.number), 'the order in the dialog');
      expect(await page.getByTestId('ship-lines').innerText()).toContain('30');
      await settle();
      await screenshot(page, 'shipments-ship-dialog-en');
    },
    T,
  );
});
