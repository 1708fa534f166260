/**
 * End-to-end, master data in the spreadsheet grid (built renderer in headless Chromium against
 * the real app): edit a cell and see it saved; an invalid value marked and not saved, undone
 * with Ctrl+Z; fill-down with Ctrl+D; paste tab-separated rows, see the error report, fix the
 * cells in the preview, save; export the view to XLSX and read it back with exceljs; the
 * customer card; products and regions screens. Screenshots in zh-CN and English.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchBrowser, newPage, screenshot } from '../helpers/browser';
import { type E2eApi, E2E_ADMIN, type E2eApp, rendererBuilt, setupE2eCompany, startE2eApp } from '../helpers/e2e-app';
import { openPage as openPageOn, setLanguage as setLanguageOn, settle as settleOn, until as untilOn, signIn } from '../helpers/e2e-page';

const T = 60_000;
const ADMIN = E2E_ADMIN;
const EXPECTED_HTTP = /Failed to load resource: the server responded with a status of 4\d\d/;
const canRun = chromiumAvailable() && rendererBuilt();

describe.skipIf(!canRun).sequential('master data grids in the browser', () => {
  let e2e: E2eApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let api: E2eApi;
  const until = (check: () => Promise<boolean>, what: string, timeout?: number) => untilOn(page, check, what, timeout);
  const setLanguage = (lang: 'zh' | 'en') => setLanguageOn(page, lang);
  const settle = () => settleOn(page);
  const openPage = (key: string) => openPageOn(page, key);

  const grid = (testId: string) => page.getByTestId(testId);
  const cell = (testId: string, rowId: number | string, colId: string) => grid(testId).locator(`.ag-row[row-id="${rowId}"] .ag-cell[col-id="${colId}"]`).first();

  async function editCell(testId: string, rowId: number | string, colId: string, text: string) {
    const c = cell(testId, rowId, colId);
    await c.dblclick();
    const input = grid(testId).locator('.ag-cell-inline-editing input, .ag-popup-editor input').first();
    await input.waitFor();
    await input.fill(text);
    await input.press('Enter');
  }

  /** Dispatches a paste event with tab-separated text at the focused element (as Ctrl+V does). */
  async function paste(text: string) {
    await page.evaluate(`(() => {
      const dt = new DataTransfer();
      dt.setData('text/plain', ${JSON.stringify(text)});
      const target = document.activeElement || document.body;
      target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    })()`);
  }

  beforeAll(async () => {
    e2e = await startE2eApp({ demo: false });
    ({ api } = await setupE2eCompany(e2e));
    await api('regions.create', { code: 'EC', name: '华东' });
    await api('regions.create', { code: 'SC', name: '华南' });
    await api('regions.create', { code: 'NC', name: '华北' });
    await api('productLines.create', { code: 'BEV', name: '饮料' });
    await api('productLines.create', { code: 'SNK', name: '休闲食品' });
    const names = ['杭州联华超市有限公司', '宁波三江购物俱乐部', '广州友谊商店', '深圳天虹商场', '北京物美商业集团', '上海华润万家', '苏州美罗百货', '温州银泰百货'];
    await api('customers.upsertMany', {
      rows: Array.from({ length: 40 }, (_, i) => ({
        code: `C${String(i + 1).padStart(4, '0')}`,
        name: `${names[i % names.length]}${i >= names.length ? `（${Math.floor(i / names.length) + 1}店）` : ''}`,
        type: i % 3 === 0 ? 'distributor' : 'direct',
        region: ['EC', 'SC', 'NC'][i % 3] ?? 'EC',
        industry: i % 2 ? '零售' : '批发',
        paymentTermsDays: 30 + (i % 3) * 15,
        creditLimit: (i + 1) * 1_000_000,
        creditStatus: i === 5 ? 'hold' : 'normal',
      })),
    });
    await api('products.upsertMany', {
      rows: Array.from({ length: 25 }, (_, i) => ({
        sku: `SKU-${String(i + 1).padStart(3, '0')}`,
        name: ['农夫山泉 550ml×24', '可口可乐 330ml×24', '乐事薯片 70g×20', '旺旺雪饼 150g×12', '康师傅冰红茶 500ml×15'][i % 5] ?? '商品',
        productLine: i % 5 < 2 || i % 5 === 4 ? 'BEV' : 'SNK',
        unit: '箱',
        listPrice: 3_000 + i * 250,
        standardCost: 2_000 + i * 150,
        floorPrice: i % 4 === 0 ? 2_500 + i * 200 : null,
        active: i !== 7,
      })),
    });
    // Sales history for the card: two years of monthly lines for C0001.
    const sqlite = e2e.app.workspace.current().sqlite;
    const ins = sqlite.prepare(
      `INSERT INTO sales_facts (date, period, customer_id, product_id, qty_milli, net_amount, source_type, source_ref, source_line, created_at) VALUES (?, ?, 1, ?, ?, ?, 'import', 'E2E', ?, 't')`,
    );
    const today = new Date();
    for (let m = 0; m < 24; m++) {
      const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - m, 10));
      const iso = d.toISOString().slice(0, 10);
      for (let p = 1; p <= 4; p++) ins.run(iso, Number(iso.slice(0, 7).replace('-', '')), p, 10_000 * p, (40 + ((m * 7) % 13) * 6) * 10_000 * p, `${m}-${p}`);
    }
    browser = await launchBrowser();
    ({ context, page, errors } = await newPage(browser));
  }, T);

  afterAll(async () => {
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await e2e?.close();
  }, T);

  it(
    'signs in and shows the customers grid paged from SQL',
    async () => {
      await signIn(page, e2e.url, ADMIN);
      await openPage('customers');
      await cell('customers-grid', 1, 'name').waitFor();
      expect(await cell('customers-grid', 1, 'name').innerText()).toBe('杭州联华超市有限公司');
      expect(await page.getByTestId('customers-total').innerText()).toContain('40');
      await settle();
      await screenshot(page, 'md-customers-zh');
    },
    T,
  );

  it(
    'edits a cell and the change is saved; an invalid value is marked with the reason and not saved; Ctrl+Z',
    async () => {
      await editCell('customers-grid', 2, 'industry', '连锁超市');
      await until(async () => (await api('customers.get', { id: 2 })).industry === '连锁超市', 'the edit to be saved');
      expect(await cell('customers-grid', 2, 'industry').innerText()).toBe('连锁超市');

      const before = await api('customers.get', { id: 3 });
      await editCell('customers-grid', 3, 'paymentTermsDays', '9999');
      const bad = cell('customers-grid', 3, 'paymentTermsDays');
      await until(async () => (await bad.getAttribute('class'))?.includes('sd-cell-invalid') ?? false, 'the invalid cell mark');
      expect(await bad.innerText()).toBe('9999');
      // The reason: in a message now, and in the cell's tooltip on hover.
      await page.locator('.ant-message').getByText('账期：超出允许范围（未保存）').waitFor();
      await page.mouse.move(5, 5);
      await bad.hover();
      await page.locator('.ag-tooltip').first().waitFor();
      expect(await page.locator('.ag-tooltip').first().innerText()).toContain('超出允许范围');
      await screenshot(page, 'md-customers-invalid-zh');
      expect((await api('customers.get', { id: 3 })).paymentTermsDays).toBe(before.paymentTermsDays);

      // Ctrl+Z removes the invalid mark, then undoes the saved edit of row 2.
      await bad.click();
      await page.keyboard.press('Control+z');
      await until(async () => !((await bad.getAttribute('class')) ?? '').includes('sd-cell-invalid'), 'the mark to go');
      await page.keyboard.press('Control+z');
      await until(async () => (await api('customers.get', { id: 2 })).industry === '零售', 'the undo to be saved');
    },
    T,
  );

  it(
    'fills down with Ctrl+D (from the row above)',
    async () => {
      const above = await api('customers.get', { id: 4 });
      await cell('customers-grid', 5, 'industry').click();
      await page.keyboard.press('Control+d');
      await until(async () => (await api('customers.get', { id: 5 })).industry === above.industry, 'fill-down to be saved');
    },
    T,
  );

  it(
    'pastes tab-separated rows: reports the errors, saves nothing, then saves after the fix',
    async () => {
      const before = (await api('customers.list', { limit: 1 })).total;
      await cell('customers-grid', 1, 'code').click();
      const rows = [
        ['N001', '杭州新零售有限公司', '经销商', '华东'],
        ['N002', '', '直销客户', '火星'],
        ['N003', '南京新街口百货', '直销', 'SC'],
      ];
      await paste(rows.map((r) => r.join('\t')).join('\r\n'));
      const preview = page.getByTestId('paste-preview');
      await preview.waitFor();
      await until(async () => (await page.getByTestId('paste-summary').innerText()).includes('2 处错误'), 'the error report');
      const summary = await page.getByTestId('paste-summary').innerText();
      expect(summary).toContain('共 3 行');
      const list = await page.getByTestId('paste-errors').innerText();
      expect(list).toContain('第 2 行 · 客户名称：必填');
      expect(list).toContain('第 2 行 · 区域：没有这个区域');
      expect(await page.getByTestId('paste-save').isDisabled()).toBe(true);
      await settle();
      await screenshot(page, 'md-paste-errors-zh');
      expect((await api('customers.list', { limit: 1 })).total).toBe(before);

      // Fix the two cells in the preview; the rows are checked again; then save all.
      await editCell('paste-grid', 2, 'name', '杭州新天地便利');
      await until(async () => (await page.getByTestId('paste-errors').innerText()).split('\n').length === 1, 'one error left');
      await editCell('paste-grid', 2, 'region', '华南');
      await until(async () => (await page.getByTestId('paste-summary').innerText()).includes('全部通过'), 'all rows valid');
      await screenshot(page, 'md-paste-fixed-zh');
      await page.getByTestId('paste-save').click();
      await preview.waitFor({ state: 'detached' });
      expect((await api('customers.list', { limit: 1 })).total).toBe(before + 3);
      const n2 = (await api('customers.list', { filter: { code: { type: 'equals', value: 'N002' } } })).rows[0];
      expect(n2).toMatchObject({ name: '杭州新天地便利', regionName: '华南', type: 'direct' });
    },
    T,
  );

  it(
    'exports the current view (sorted and filtered in SQL) to XLSX with every row',
    async () => {
      await page.getByTestId('customers-search').fill('百货');
      await page.getByTestId('customers-search').press('Enter');
      await until(async () => (await page.getByTestId('customers-total').innerText()).includes('共 11 个客户'), 'the filtered total');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('customers-grid-export-xlsx').click()]);
      const file = path.join(e2e.dir, download.suggestedFilename());
      await download.saveAs(file);
      expect(download.suggestedFilename()).toMatch(/^客户-\d{8}-\d{4}\.xlsx$/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const ws = wb.worksheets[0];
      if (!ws) throw new Error('the workbook has no sheet');
      const header = (ws.getRow(1).values as unknown[]).slice(1);
      expect(header.slice(0, 4)).toEqual(['客户编码', '客户名称', '客户类型', '区域']);
      const expected = await api('customers.list', { limit: 1000, filter: { name: { type: 'contains', value: '百货' } } });
      expect((ws.rowCount ?? 0) - 1).toBe(expected.total);
      const codes = [];
      for (let r = 2; r <= (ws.rowCount ?? 1); r++) codes.push(ws.getRow(r).getCell(1).value);
      expect(codes.sort()).toEqual(expected.rows.map((r) => r.code).sort());
      const limitCol = header.indexOf('信用额度') + 1;
      const c7 = expected.rows.find((r) => r.code === 'C0007');
      const row7 = codes.indexOf('C0007');
      expect(row7).toBeGreaterThanOrEqual(0);
      let xl7 = null;
      for (let r = 2; r <= (ws.rowCount ?? 1); r++) if (ws.getRow(r).getCell(1).value === 'C0007') xl7 = ws.getRow(r).getCell(limitCol).value;
      expect(xl7).toBe((c7?.creditLimit ?? 0) / 100);

      const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('customers-grid-export-csv').click()]);
      const csvFile = path.join(e2e.dir, csv.suggestedFilename());
      await csv.saveAs(csvFile);
      const bytes = fs.readFileSync(csvFile);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(bytes.toString('utf8').split('\r\n').filter(Boolean)).toHaveLength(expected.total + 1);

      await page.getByTestId('customers-search').fill('');
      await page.getByTestId('customers-search').press('Enter');
      await until(async () => (await page.getByTestId('customers-total').innerText()).includes('43'), 'the full list again');
    },
    T,
  );

  it(
    'remembers the column layout per user (sort survives a reload)',
    async () => {
      await grid('customers-grid').locator('.ag-header-cell[col-id="creditLimit"] .ag-header-cell-label').click();
      await page.waitForTimeout(900); // the state is saved 500 ms after the last change
      const saved = await api('gridState.get', { gridKey: 'customers' });
      expect(saved.state?.columns.find((c) => c.colId === 'creditLimit')?.sort).toBe('asc');
      await page.reload();
      await page.getByTestId('page-customers').waitFor();
      await grid('customers-grid').locator('.ag-header-cell[col-id="creditLimit"][aria-sort="ascending"]').waitFor();
      await api('gridState.save', { gridKey: 'customers', state: { columns: [], filter: {} } });
      await page.reload();
      await page.getByTestId('page-customers').waitFor();
    },
    T,
  );

  it(
    'opens the customer card with the trend, top products and grade',
    async () => {
      await page.getByTestId('open-card-C0001').click();
      await page.getByTestId('customer-card').waitFor();
      await page.getByTestId('card-trend').waitFor();
      expect(await page.getByTestId('card-name').innerText()).toBe('杭州联华超市有限公司');
      expect(await page.getByTestId('card-top-products').innerText()).toContain('旺旺雪饼');
      expect(await page.getByTestId('card-grade').innerText()).toContain('尚未运行 ABC 分级');
      await settle();
      await screenshot(page, 'md-card-zh');
      await page.locator('.ant-drawer-close').click();
      await page.getByTestId('customer-card').waitFor({ state: 'detached' });
      await setLanguage('en');
      await cell('customers-grid', 1, 'code').waitFor();
      await settle();
      await screenshot(page, 'md-customers-en');
      await page.getByTestId('open-card-C0001').click();
      await page.getByTestId('card-trend').waitFor();
      expect(await page.getByTestId('card-grade').innerText()).toContain('ABC grading has not been run yet');
      await settle();
      await screenshot(page, 'md-card-en');
      await page.locator('.ant-drawer-close').click();
      await page.getByTestId('customer-card').waitFor({ state: 'detached' });
      await cell('customers-grid', 1, 'code').click();
      await paste('N001\tx\tvip\r\nZZ 9\t\tdirect');
      await page.getByTestId('paste-preview').waitFor();
      await until(async () => (await page.getByTestId('paste-summary').innerText()).includes('errors'), 'the English report');
      await settle();
      await screenshot(page, 'md-paste-errors-en');
      await page.getByRole('button', { name: 'Cancel' }).click();
      await setLanguage('zh');
    },
    T,
  );

  it(
    'products and regions screens (zh-CN and English)',
    async () => {
      await openPage('products');
      await cell('products-grid', 1, 'sku').waitFor();
      await editCell('products-grid', 1, 'listPrice', '31.5');
      await until(async () => (await api('products.get', { id: 1 })).listPrice === 3_150, 'the price edit');
      const audit = await api('audit.list', { action: 'product.price', limit: 5 });
      expect(audit.rows[0]?.after).toMatchObject({ listPrice: 3_150 });
      await settle();
      await screenshot(page, 'md-products-zh');
      await openPage('masterdata');
      await page.getByTestId('regions-table').getByText('华东').waitFor();
      await settle();
      await screenshot(page, 'md-regions-zh');
      await setLanguage('en');
      await settle();
      await screenshot(page, 'md-regions-en');
      await openPage('products');
      await cell('products-grid', 1, 'sku').waitFor();
      await settle();
      await screenshot(page, 'md-products-en');
      await setLanguage('zh');
    },
    T,
  );

  it(
    'pasting 500 rows with 3 bad ones reports exactly the 3 and saves nothing; skipping them saves the 497',
    async () => {
      await openPage('customers');
      await cell('customers-grid', 1, 'code').click();
      const before = (await api('customers.list', { limit: 1 })).total;
      const lines = Array.from({ length: 500 }, (_, i) => {
        const code = `P${String(i + 1).padStart(4, '0')}`;
        const name = i === 99 ? '' : `批量客户${i + 1}`;
        const type = i === 249 ? '零售商' : i % 2 ? '经销商' : '直销客户';
        const region = i === 449 ? '月球' : ['华东', '华南', '华北'][i % 3];
        return [code, name, type, region].join('\t');
      });
      await paste(lines.join('\r\n'));
      await page.getByTestId('paste-preview').waitFor();
      await until(async () => (await page.getByTestId('paste-summary').innerText()).includes('共 500 行，3 处错误（涉及 3 行）'), 'the 500-row report');
      const list = (await page.getByTestId('paste-errors').innerText()).split('\n');
      expect(list).toEqual(['第 100 行 · 客户名称：必填', '第 250 行 · 客户类型：不允许的值', '第 450 行 · 区域：没有这个区域']);
      await page.getByTestId('paste-only-errors').click();
      await until(async () => (await grid('paste-grid').locator('.ag-center-cols-viewport .ag-row, .ag-row[row-id]').evaluateAll((rows) => new Set(rows.map((r) => r.getAttribute('row-id'))).size)) === 3, 'only the 3 bad rows');
      await settle();
      await screenshot(page, 'md-paste-500-zh');
      expect((await api('customers.list', { limit: 1 })).total).toBe(before);
      await page.getByTestId('paste-skip-invalid').click();
      await page.getByTestId('paste-preview').waitFor({ state: 'detached' });
      expect((await api('customers.list', { limit: 1 })).total).toBe(before + 497);
      expect((await api('customers.list', { filter: { code: { type: 'equals', value: 'P0100' } } })).total).toBe(0);
    },
    T,
  );

  it('had no unexpected console or page errors', () => {
    expect(errors.filter((e) => !EXPECTED_HTTP.test(e))).toEqual([]);
  });
});
