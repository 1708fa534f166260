/**
 * End-to-end, credit control: the built renderer in headless Chromium against the real app.
 * Customers with receivables (some overdue) and open orders are set up through SQL; in the
 * browser: the credit grid, setting a limit (refused below exposure until forced with a reason),
 * putting a customer on hold and releasing it, the drawer with the breakdown and the history.
 * Screenshots in zh-CN and English go to tests/e2e/screenshots/credit-*.png.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchBrowser, newPage, screenshot } from '../helpers/browser';
import { E2E_ADMIN, type E2eApp, rendererBuilt, setupE2eCompany, startE2eApp } from '../helpers/e2e-app';
import { openPage as openPageOn, setLanguage as setLanguageOn, settle as settleOn, until as untilOn, signIn } from '../helpers/e2e-page';

const T = 60_000;
const ADMIN = E2E_ADMIN;
const canRun = chromiumAvailable() && rendererBuilt();
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe.skipIf(!canRun).sequential('credit control in the browser', () => {
  let e2e: E2eApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  const until = (check: () => Promise<boolean>, what: string, timeout?: number) => untilOn(page, check, what, timeout);
  const settle = () => settleOn(page);
  const db = () => e2e.app.workspace.current().sqlite;
  const cellText = async (code: string, colId: string) =>
    page.locator(`.ag-row[row-id="${db().prepare('SELECT id FROM customers WHERE code = ?').pluck().get(code)}"] [col-id="${colId}"]`).first().innerText();

  beforeAll(async () => {
    e2e = await startE2eApp({ demo: false });
    await setupE2eCompany(e2e);
    const s = db();
    const t = new Date().toISOString();
    const c = s.prepare(`INSERT INTO customers (id, code, name, type, credit_limit, credit_status, created_at, updated_at) VALUES (?, ?, ?, 'direct', ?, ?, ?, ?)`);
    const names = ['杭州华联超市', '宁波百货商行', '上海联华便利', '广州天河商贸', '深圳南山贸易', '北京朝阳批发', '苏州园区超市', '南京新街口百货', '厦门鹭岛商行', '天津滨海贸易'];
    const limits万 = [50, 30, 80, 20, 100, 10, 60, 40, 0, 25];
    for (let i = 1; i <= 10; i++) c.run(i, `C${String(i).padStart(4, '0')}`, names[i - 1], (limits万[i - 1] ?? 0) * 10_000 * 100, i === 6 ? 'hold' : 'normal', t, t);
    s.prepare(`UPDATE customers SET temp_credit_limit = 1200000000, temp_credit_expires = ? WHERE id = 3`).run(day(20));
    const r = s.prepare(`INSERT INTO receivables (number, customer_id, kind, date, due_date, amount, balance, status, created_at, updated_at) VALUES (?, ?, 'invoice', ?, ?, ?, ?, 'open', ?, ?)`);
    let n = 0;
    for (let i = 1; i <= 10; i++) {
      for (let k = 0; k < 3; k++) {
        const due = day(k === 0 && i % 3 === 1 ? -45 : k === 1 && i % 2 === 0 ? -10 : 20 + k);
        const amount = (i * 37_000 + k * 51_000) * 100;
        r.run(`AR-2026-${String(++n).padStart(5, '0')}`, i, day(-60), due, amount, amount, t, t);
      }
    }
    const o = s.prepare(`INSERT INTO orders (number, customer_id, status, order_date, amount, shipped_amount, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    for (let i = 1; i <= 10; i++) {
      o.run(`SO-2026-${String(i).padStart(5, '0')}`, i, 'confirmed', day(-3), i * 41_000_00, 0, t, t);
      o.run(`SO-2026-${String(i + 10).padStart(5, '0')}`, i, 'partly_shipped', day(-5), i * 20_000_00, i * 5_000_00, t, t);
    }
    browser = await launchBrowser();
    ({ context, page, errors } = await newPage(browser));
    await signIn(page, e2e.url, ADMIN);
  }, 120_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await screenshot(page, `FAILED-credit-${ctx.task.name.replace(/[^\w]+/g, '-').slice(0, 50)}`).catch(() => {});
  });

  afterAll(async () => {
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await e2e?.close();
  }, T);

  it(
    'lists every customer with limit, temporary limit, exposure, available, overdue and status',
    async () => {
      await openPageOn(page, 'credit');
      await until(async () => (await page.locator('[data-testid="credit-grid"] .ag-row').count()) >= 10, 'ten rows');
      // C0001: receivables 37 000 + 88 000 + 139 000 = 264 000; orders 41 000 + 15 000 = 56 000 → 320 000 of 500 000.
      expect(await cellText('C0001', 'exposure')).toContain('320,000.00');
      expect(await cellText('C0001', 'available')).toContain('180,000.00');
      expect(await cellText('C0006', 'creditStatus')).toContain('冻结');
      expect(await cellText('C0003', 'tempCreditLimit')).toContain('12,000,000.00');
      await settle();
      await screenshot(page, 'credit-grid-zh');
    },
    T,
  );

  it(
    'sets a limit: below the exposure it is refused until forced with a reason; audited',
    async () => {
      await page.getByTestId('credit-actions-C0001').getByTestId('credit-set-limit').click();
      await page.getByTestId('credit-limit-amount').fill('300000');
      await page.getByText('新额度低于当前信用占用').waitFor();
      await page.getByTestId('credit-limit-ok').click();
      await page.getByTestId('credit-dialog-error').waitFor();
      await page.getByTestId('credit-limit-force').click();
      await page.getByTestId('credit-limit-reason').fill('客户回款变慢，压缩授信');
      await page.getByTestId('credit-limit-ok').click();
      await until(async () => (await cellText('C0001', 'creditLimit')).includes('300,000.00'), 'the new limit in the grid');
      expect(await cellText('C0001', 'available')).toMatch(/-¥?20,000\.00/);
      const a = db().prepare(`SELECT before_json, after_json, reason FROM audit_log WHERE action = 'customer.credit_limit' ORDER BY id DESC LIMIT 1`).get() as { before_json: string; after_json: string; reason: string };
      expect(JSON.parse(a.before_json)).toEqual({ creditLimit: 50_000_000 });
      expect(JSON.parse(a.after_json)).toMatchObject({ creditLimit: 30_000_000 });
      expect(a.reason).toBe('客户回款变慢，压缩授信');
    },
    T,
  );

  it(
    'puts a customer on hold and releases it, each with a reason',
    async () => {
      await page.getByTestId('credit-actions-C0002').getByTestId('credit-hold').click();
      await page.getByTestId('credit-hold-ok').click();
      await page.getByTestId('credit-dialog-error').waitFor();
      await page.getByTestId('credit-hold-reason').fill('连续三个月逾期');
      await page.getByTestId('credit-hold-ok').click();
      await until(async () => (await cellText('C0002', 'creditStatus')).includes('冻结'), 'the hold in the grid');
      await page.getByTestId('credit-actions-C0002').getByTestId('credit-release').click();
      await page.getByTestId('credit-hold-reason').fill('已结清逾期款');
      await page.getByTestId('credit-hold-ok').click();
      await until(async () => (await cellText('C0002', 'creditStatus')).includes('正常'), 'the release in the grid');
      const rows = db().prepare(`SELECT reason FROM audit_log WHERE action = 'customer.credit_status' ORDER BY id`).pluck().all();
      expect(rows).toEqual(['连续三个月逾期', '已结清逾期款']);
    },
    T,
  );

  it(
    'the drawer explains the position (rules, overdue items) and shows the history; English too',
    async () => {
      await page.getByTestId('credit-actions-C0001').getByTestId('credit-history').click();
      await page.getByTestId('credit-breakdown').waitFor();
      const text = await page.getByTestId('credit-drawer').innerText();
      expect(text).toContain('信用占用超过额度');
      expect(text).toContain('有逾期超过 30 天宽限期的应收款');
      expect(text).toContain('AR-2026-00001');
      expect(text).toContain('客户回款变慢，压缩授信');
      expect(await page.getByTestId('credit-breakdown').getAttribute('data-decision')).toBe('block');
      await settle();
      await screenshot(page, 'credit-drawer-zh');
      await page.keyboard.press('Escape');
      await until(async () => (await page.getByTestId('credit-drawer').count()) === 0, 'the drawer to close');
      await setLanguageOn(page, 'en');
      await until(async () => (await cellText('C0006', 'creditStatus')).includes('On hold'), 'the English grid');
      await settle();
      await screenshot(page, 'credit-grid-en');
      await page.getByTestId('credit-actions-C0001').getByTestId('credit-history').click();
      await until(async () => (await page.getByTestId('credit-drawer').innerText()).includes('Exposure above the limit'), 'the English drawer');
      await settle();
      await screenshot(page, 'credit-drawer-en');
      await page.keyboard.press('Escape');
      await setLanguageOn(page, 'zh');
      expect(errors).toEqual([]);
    },
    T,
  );
});
