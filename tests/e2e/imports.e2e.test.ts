/**
 * End-to-end import (built renderer in headless Chromium against the real app): a sales-history
 * CSV with errors → the mapping guessed from the Chinese headers → the preview lists the errors
 * with row and column and nothing is written → the fixed file → imported; importing it again
 * updates instead of duplicating. Screenshots of every step in zh-CN and English.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchBrowser, newPage, screenshot } from '../helpers/browser';
import { E2E_ADMIN, type E2eApp, rendererBuilt, setupE2eCompany, startE2eApp } from '../helpers/e2e-app';
import { setLanguage as setLanguageOn, until as untilOn, signIn } from '../helpers/e2e-page';

const T = 60_000;
const ADMIN = E2E_ADMIN;
const canRun = chromiumAvailable() && rendererBuilt();

const HEADER = '订单号,日期,客户编码,客户名称,商品编码,数量,金额,折扣';
const BAD = [
  HEADER,
  'XS2026100001,2026-10-08,C0001,杭州联华超市有限公司,SKU-001,10,"1,280.00",',
  'XS2026100001,2026-10-08,C0001,杭州联华超市有限公司,SKU-002,5,"1,23",',
  'XS2026100002,2026/10/09,C0999,不存在的客户,SKU-001,2,256.00,',
  'XS2026100003,10/11/2026,C0002,宁波三江购物俱乐部,SKU-003,0,99.00,',
  'XS2026100004,2026-10-12,C0003,广州友谊商店,SKU-002,3,１８０．００,5%',
].join('\r\n');
const FIXED = BAD.replace('"1,23"', '"1,230.00"').replace('C0999,不存在的客户', 'C0002,宁波三江购物俱乐部').replace('10/11/2026,C0002,宁波三江购物俱乐部,SKU-003,0', '2026-10-11,C0002,宁波三江购物俱乐部,SKU-003,1');

describe.skipIf(!canRun).sequential('import a sales-history CSV in the browser', () => {
  let e2e: E2eApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  const until = (check: () => Promise<boolean>, what: string, timeout?: number) => untilOn(page, check, what, timeout);
  const setLanguage = (lang: 'zh' | 'en') => setLanguageOn(page, lang);

  const count = () => Number(e2e.app.workspace.current().sqlite.prepare('SELECT count(*) FROM sales_facts').pluck().get());

  async function upload(name: string, text: string, index = 0) {
    await page.locator('input[type=file]').nth(index).setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
  }

  /** The error grid as [row, column, message] triples. */
  async function errorRows(): Promise<string[][]> {
    const rows = page.getByTestId('import-errors-grid').locator('.ag-row');
    const n = await rows.count();
    const out: string[][] = [];
    for (let i = 0; i < n; i++) {
      const r = rows.nth(i);
      out.push(await Promise.all(['row', 'column', 'message'].map(async (c) => (await r.locator(`.ag-cell[col-id="${c}"]`).innerText()).trim())));
    }
    return out.sort((a, b) => Number(a[0]) - Number(b[0]) || String(a[1]).localeCompare(String(b[1])));
  }

  beforeAll(async () => {
    e2e = await startE2eApp({ demo: false });
    await setupE2eCompany(e2e);
    const db = e2e.app.workspace.current().sqlite;
    db.prepare(`INSERT INTO regions (code, name) VALUES ('EC', '华东'), ('SC', '华南')`).run();
    const c = db.prepare(`INSERT INTO customers (code, name, type, region_id, created_at, updated_at) VALUES (?, ?, 'direct', ?, 't', 't')`);
    c.run('C0001', '杭州联华超市有限公司', 1);
    c.run('C0002', '宁波三江购物俱乐部', 1);
    c.run('C0003', '广州友谊商店', 2);
    const p = db.prepare(`INSERT INTO products (sku, name, unit, list_price, standard_cost, created_at, updated_at) VALUES (?, ?, '箱', ?, ?, 't', 't')`);
    p.run('SKU-001', '农夫山泉 550ml×24', 12_800, 9_000);
    p.run('SKU-002', '可口可乐 330ml×24', 6_500, 4_800);
    p.run('SKU-003', '乐事薯片 70g×20', 9_900, 6_600);
    browser = await launchBrowser();
    ({ context, page, errors } = await newPage(browser, { width: 1440, height: 960 }));
  }, T);

  afterAll(async () => {
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await e2e?.close();
  }, T);

  it(
    'guesses the mapping from the Chinese headers',
    async () => {
      await signIn(page, e2e.url, ADMIN);
      await page.getByTestId('nav-imports').click();
      await page.getByTestId('page-imports').waitFor();
      await page.getByTestId('import-kind-sales_history').click();
      await screenshot(page, 'imports-kind-zh');
      await page.getByTestId('import-kind-next').click();
      await upload('销售明细.csv', BAD);
      await page.getByTestId('import-mapping').waitFor();
      expect(await page.getByTestId('import-encoding').innerText()).toBe('UTF-8');
      for (const [field, header] of [['orderNo', '订单号'], ['date', '日期'], ['customerCode', '客户编码'], ['productCode', '商品编码'], ['quantity', '数量'], ['amount', '金额'], ['discount', '折扣']]) {
        expect(await page.getByTestId(`import-map-${field}`).innerText(), field).toContain(header);
      }
      // The mapping is remembered as a preset of this kind.
      await page.getByTestId('import-preset-name').fill('用友导出');
      await page.getByTestId('import-preset-save').click();
      await until(async () => Number(e2e.app.workspace.current().sqlite.prepare("SELECT count(*) FROM import_presets WHERE kind = 'sales_history' AND name = '用友导出'").pluck().get()) === 1, 'the preset');
      const saved = JSON.parse(String(e2e.app.workspace.current().sqlite.prepare('SELECT mapping FROM import_presets').pluck().get()));
      expect(saved).toMatchObject({ orderNo: '订单号', amount: '金额' });
      await screenshot(page, 'imports-mapping-zh');
      await setLanguage('en');
      await screenshot(page, 'imports-mapping-en');
      await setLanguage('zh');
    },
    T,
  );

  it(
    'shows the errors with row numbers and columns and writes nothing',
    async () => {
      await page.getByTestId('import-preview').click();
      await page.getByTestId('import-errors-grid').locator('.ag-row').first().waitFor();
      expect(await errorRows()).toEqual([
        ['3', '金额', '疑似用逗号作小数点，无法确定含义，请改为小数点'],
        ['4', '客户编码', '找不到该客户编码'],
        ['5', '数量', '数量不能为零'],
        ['5', '日期', '日期格式有歧义（日/月顺序不明），请用 年-月-日'],
      ]);
      expect(await page.getByTestId('import-some-errors').innerText()).toContain('3 行有错误');
      // All-or-nothing is the default, and with errors it cannot start.
      expect(await page.getByTestId('import-commit').isDisabled()).toBe(true);
      expect(count()).toBe(0);
      await page.waitForTimeout(300);
      await screenshot(page, 'imports-preview-errors-zh');
      await setLanguage('en');
      expect((await errorRows())[1]).toEqual(['4', '客户编码', 'Unknown customer code "C0999".']);
      await page.waitForTimeout(300);
      await screenshot(page, 'imports-preview-errors-en');
      await setLanguage('zh');
    },
    T,
  );

  it(
    'imports the fixed file; importing it again updates instead of duplicating',
    async () => {
      await upload('销售明细-改正.csv', FIXED);
      await page.getByTestId('import-mapping').waitFor();
      await page.getByTestId('import-preview').click();
      await page.getByTestId('import-no-errors').waitFor();
      expect(await page.getByTestId('import-counts').innerText()).toMatch(/总行数\s*5[\s\S]*可导入\s*5/);
      await page.getByTestId('import-commit').click();
      await page.getByTestId('import-result-committed').waitFor();
      expect(await page.getByTestId('import-result-committed').innerText()).toContain('写入 5 行（新增 5，更新 0）');
      expect(count()).toBe(5);
      await page.waitForTimeout(500);
      await screenshot(page, 'imports-done-zh');

      await page.getByTestId('import-again').click();
      await upload('销售明细-改正.csv', FIXED);
      await page.getByTestId('import-preview').click();
      await page.getByTestId('import-no-errors').waitFor();
      await setLanguage('en');
      await page.getByTestId('import-commit').click();
      await page.getByTestId('import-result-committed').waitFor();
      expect(await page.getByTestId('import-result-committed').innerText()).toContain('5 rows written (0 new, 5 updated)');
      expect(count()).toBe(5);
      await page.waitForTimeout(500);
      await screenshot(page, 'imports-done-en');

      // A PNG renamed .csv: a clear error, nothing written.
      await setLanguage('zh');
      await page.getByTestId('import-again').click();
      await page.locator('input[type=file]').first().setInputFiles({ name: '照片.csv', mimeType: 'text/csv', buffer: Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex') });
      await page.getByTestId('import-error').waitFor();
      expect(await page.getByTestId('import-error').innerText()).toContain('这不是 CSV 或 XLSX 文件');
      expect(count()).toBe(5);
      await page.waitForTimeout(300);
      await screenshot(page, 'imports-bad-file-zh');
      expect(errors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
    },
    T,
  );

  it(
    'shows the progress of a long import and cancels it: nothing written',
    async () => {
      const lines = [HEADER];
      for (let i = 0; i < 120_000; i++) lines.push(`BIG${String(Math.floor(i / 4)).padStart(6, '0')},2026-09-${String((i % 28) + 1).padStart(2, '0')},C000${(i % 3) + 1},,SKU-00${(i % 3) + 1},2,100.00,`);
      await page.getByTestId('import-error').locator('.ant-alert-close-icon').click();
      await upload('大文件.csv', lines.join('\r\n'));
      await page.getByTestId('import-preview').click();
      await page.getByTestId('import-no-errors').waitFor({ timeout: 30_000 });
      const before = count();
      await page.getByTestId('import-commit').click();
      await page.getByTestId('import-progress').waitFor();
      await until(async () => /写入数据/.test(await page.getByTestId('import-progress').innerText()), 'the writing phase', 20_000);
      await screenshot(page, 'imports-progress-zh');
      await page.getByTestId('import-cancel').click();
      await page.getByTestId('import-result-cancelled').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('import-result-cancelled').innerText()).toContain('数据库没有任何改动');
      expect(count()).toBe(before);
      await page.waitForTimeout(300);
      await screenshot(page, 'imports-cancelled-zh');
    },
    T,
  );
});
