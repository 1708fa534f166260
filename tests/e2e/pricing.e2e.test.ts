/**
 * End-to-end, pricing and analysis: the built renderer in headless Chromium against the real
 * app. A company with price lists and sales history (set up through the router and SQL), then in
 * the browser: the quote screen with its trace, the ABC screen with the Pareto chart, the price
 * lists grid, and the analysis screens with a drill-down. Screenshots in zh-CN and English go to
 * tests/e2e/screenshots/pricing-*.png.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchBrowser, newPage, screenshot } from '../helpers/browser';
import { type E2eApi, E2E_ADMIN, type E2eApp, rendererBuilt, setupE2eCompany, startE2eApp } from '../helpers/e2e-app';
import { openPage as openPageOn, setLanguage as setLanguageOn, settle as settleOn, until as untilOn, signIn } from '../helpers/e2e-page';

const T = 60_000;
const ADMIN = E2E_ADMIN;
const EXPECTED_HTTP = /Failed to load resource: the server responded with a status of 4\d\d/;
const canRun = chromiumAvailable() && rendererBuilt();
const today = new Date().toISOString().slice(0, 10);
const thisYear = Number(today.slice(0, 4));

describe.skipIf(!canRun).sequential('pricing and analysis in the browser', () => {
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

  /** Types into an antd Select with remote search and picks the option whose text starts with `text`. */
  async function pick(testId: string, search: string, optionText: string) {
    await page.getByTestId(testId).click();
    await page.keyboard.type(search);
    const option = page.locator('.ant-select-item-option', { hasText: optionText }).first();
    await option.waitFor();
    await option.click();
  }

  beforeAll(async () => {
    e2e = await startE2eApp({ demo: false });
    ({ api } = await setupE2eCompany(e2e));
    const db = e2e.app.workspace.current().sqlite;
    const t = new Date().toISOString();
    db.prepare(`INSERT INTO regions (id, code, name, parent_id) VALUES (1, 'E', '华东', NULL), (2, 'S', '华南', NULL), (3, 'N', '华北', NULL)`).run();
    db.prepare(`INSERT INTO product_lines (id, code, name) VALUES (1, 'PAPER', '纸品'), (2, 'WET', '湿巾')`).run();
    const p = db.prepare(`INSERT INTO products (id, sku, name, product_line_id, unit, list_price, standard_cost, created_at, updated_at) VALUES (?, ?, ?, ?, '箱', ?, ?, ?, ?)`);
    p.run(1, 'SKU-1001', '云帆抽纸 3 层 120 抽', 1, 5000, 3000, t, t);
    p.run(2, 'SKU-2001', '云帆湿巾 80 片', 2, 2500, 1500, t, t);
    const c = db.prepare(`INSERT INTO customers (id, code, name, type, region_id, grade, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    const names = ['杭州华联超市', '宁波百货商行', '上海联华便利', '广州天河商贸', '深圳南山贸易', '北京朝阳批发', '苏州园区超市', '南京新街口百货', '厦门鹭岛商行', '天津滨海贸易'];
    for (let i = 1; i <= 30; i++) c.run(i, `C${String(i).padStart(4, '0')}`, `${names[(i - 1) % 10]}${i > 10 ? ` ${Math.ceil(i / 10)} 店` : ''}`, i % 4 === 0 ? 'distributor' : 'direct', 1 + (i % 3), 'C', t, t);
    const f = db.prepare(
      `INSERT INTO sales_facts (date, period, customer_id, product_id, region_id, qty_milli, net_amount, source_type, source_ref, source_line, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'import', ?, '1', ?)`,
    );
    let n = 0;
    db.transaction(() => {
      for (const year of [thisYear - 2, thisYear - 1, thisYear]) {
        for (let m = 1; m <= 12; m++) {
          const date = `${year}-${String(m).padStart(2, '0')}-15`;
          if (date > today) continue;
          for (let i = 1; i <= 30; i++) {
            // Pareto: customer i buys about 1/i of customer 1; seasonal peak before the new year.
            const amount = Math.round((3_000_000 / i) * (m >= 11 ? 1.6 : m <= 2 ? 0.7 : 1) * (1 + (year - thisYear + 2) * 0.1));
            f.run(date, year * 100 + m, i, 1 + (i % 2), 1 + (i % 3), 10_000, amount, `SO-${++n}`, t);
          }
        }
      }
    })();
    const base = (await api('priceLists.create', { code: 'BASE', name: '基础价格表', kind: 'base' })) as { id: number };
    const ga = (await api('priceLists.create', { code: 'GRADE-A', name: 'A 类客户价格表', kind: 'grade', grade: 'A' })) as { id: number };
    const cu = (await api('priceLists.create', { code: 'CU-C0001', name: '杭州华联专属价', kind: 'customer', customerId: 1 })) as { id: number };
    await api('priceLists.create', { code: 'CH-DIST', name: '经销商渠道价格表', kind: 'channel', channel: 'distributor' });
    await api('priceItems.save', { priceListId: base.id, productId: 1, minQty: '0', price: 5000 });
    await api('priceItems.save', { priceListId: base.id, productId: 1, minQty: '10', price: 4800 });
    await api('priceItems.save', { priceListId: base.id, productId: 1, minQty: '50', price: 4600 });
    await api('priceItems.save', { priceListId: base.id, productId: 2, minQty: '0', price: 2500 });
    await api('priceItems.save', { priceListId: ga.id, productId: 1, minQty: '0', price: 4700, validFrom: `${thisYear}-01-01`, validTo: `${thisYear}-12-31` });
    await api('priceItems.save', { priceListId: ga.id, productId: 1, minQty: '0', price: 4650, validFrom: `${thisYear - 1}-01-01`, validTo: `${thisYear - 1}-12-31` });
    await api('priceItems.save', { priceListId: cu.id, productId: 1, minQty: '100', price: 4400 });
    await api('grading.run', { asOf: today });
    browser = await launchBrowser();
    ({ context, page, errors } = await newPage(browser));
    await signIn(page, e2e.url, ADMIN);
  }, 120_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await screenshot(page, `FAILED-pricing-${ctx.task.name.replace(/[^\w]+/g, '-').slice(0, 50)}`).catch(() => {});
  });

  afterAll(async () => {
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await e2e?.close();
  }, T);

  it(
    'quote: what would this customer pay, with the trace visible',
    async () => {
      await openPage('quote');
      await pick('quote-customer', 'C0001', 'C0001');
      await pick('quote-product', 'SKU-1001', 'SKU-1001');
      await page.getByTestId('quote-quantity').fill('25');
      await page.getByTestId('quote-run').click();
      await page.getByTestId('quote-trace').waitFor();
      // C0001 is an A customer (the run graded it): its own list needs 100, so the grade list applies.
      await until(async () => (await page.getByTestId('quote-price').innerText()).includes('47.00'), 'the price');
      const trace = await page.getByTestId('quote-trace').innerText();
      expect(trace).toContain('CU-C0001');
      expect(trace).toContain('订购数量未达起订量');
      expect(trace).toContain('GRADE-A');
      expect(trace).toContain('已采用');
      expect(trace).toContain('已过期');
      expect(trace).toContain('已在更优先的价格表取到价格，未使用');
      expect(await page.getByTestId('quote-amount').innerText()).toContain('1,175.00');
      await page.getByTestId('check-net-price').fill('44');
      await page.getByTestId('check-run').click();
      await page.getByTestId('check-result').waitFor();
      expect(await page.getByTestId('check-result').innerText()).toContain('在权限范围内');
      await settle();
      await screenshot(page, 'pricing-quote-zh');
      await setLanguage('en');
      await until(async () => (await page.getByTestId('quote-trace').innerText()).includes('Quantity below the minimum'), 'the English trace');
      expect(await page.getByTestId('quote-trace').innerText()).toContain('Used');
      await settle();
      await screenshot(page, 'pricing-quote-en');
      await setLanguage('zh');
    },
    T,
  );

  it(
    'ABC grading shows the Pareto chart and the graded customers',
    async () => {
      await openPage('grading');
      await page.getByTestId('chart-pareto').locator('canvas').first().waitFor();
      await until(async () => (await page.getByTestId('grading-counts').innerText()).includes('A 类'), 'the grade counts');
      await page.getByTestId('grading-grid').getByText('C0001', { exact: true }).waitFor();
      await page.getByTestId('grading-run').click();
      await page.getByText(/分级完成/).waitFor();
      await settle();
      await screenshot(page, 'pricing-grading-zh');
      await page.getByTestId('grading-grid').scrollIntoViewIfNeeded();
      await settle();
      await screenshot(page, 'pricing-grading-grid-zh');
      await page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
      await page.mouse.wheel(0, -5000);
      await setLanguage('en');
      await page.getByTestId('grading-grid').getByText('Cumulative share').first().waitFor();
      await settle();
      await screenshot(page, 'pricing-grading-en');
      await setLanguage('zh');
    },
    T,
  );

  it(
    'price lists with their items grid',
    async () => {
      await openPage('priceLists');
      await page.getByTestId('price-list-BASE').click();
      await page.getByTestId('price-items-grid').getByText('SKU-1001').first().waitFor();
      await settle();
      await screenshot(page, 'pricing-lists-zh');
      await setLanguage('en');
      await settle();
      await screenshot(page, 'pricing-lists-en');
      await setLanguage('zh');
    },
    T,
  );

  it(
    'price items: inline edit in the spreadsheet grid, refusals on the cell, export',
    async () => {
      type Item = { id: number; productId: number; minQty: string; price: number; validFrom: string | null };
      const lists = (await api('priceLists.list', {})) as { id: number; code: string }[];
      const listId = (code: string) => lists.find((l) => l.code === code)?.id as number;
      const items = async (code: string) => ((await api('priceItems.list', { priceListId: listId(code), limit: 100 })) as { rows: Item[] }).rows;
      const grid = page.getByTestId('price-items-grid');
      const cell = (id: number, col: string) => grid.locator(`.ag-row[row-id="${id}"] .ag-cell[col-id="${col}"]`).first();
      async function editCell(id: number, col: string, text: string) {
        await cell(id, col).dblclick();
        const input = grid.locator('.ag-cell-inline-editing input').first();
        await input.waitFor();
        await input.fill(text);
        await input.press('Enter');
      }
      await openPage('priceLists');
      await page.getByTestId('price-list-BASE').click();
      const base = await items('BASE');
      const tenUp = base.find((i) => i.productId === 1 && i.minQty === '10') as Item;
      await cell(tenUp.id, 'price').waitFor();
      // A valid price is saved by priceItems.save.
      await editCell(tenUp.id, 'price', '47.50');
      await until(async () => (await items('BASE')).find((i) => i.id === tenUp.id)?.price === 4750, 'the saved price');
      expect(await cell(tenUp.id, 'price').innerText()).toContain('47.50');
      // A bad minimum quantity is marked on the cell and not sent.
      await editCell(tenUp.id, 'minQty', '-3');
      await until(async () => (await cell(tenUp.id, 'minQty').getAttribute('class'))?.includes('sd-cell-invalid') ?? false, 'the invalid mark');
      expect((await items('BASE')).find((i) => i.id === tenUp.id)?.minQty).toBe('10');
      // Below the floor (the standard cost 15.00): the approver is asked for a reason, then it is saved.
      const p2 = base.find((i) => i.productId === 2) as Item;
      await editCell(p2.id, 'price', '10');
      await page.getByTestId('below-floor-reason').fill('清仓促销');
      await page.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
      await until(async () => (await items('BASE')).find((i) => i.id === p2.id)?.price === 1000, 'the approved below-floor price');
      await until(async () => (await cell(p2.id, 'price').locator('.sd-below-floor').count()) === 1, 'the below-floor mark');
      // Overlapping validity in GRADE-A: refused, the reason on the cell, nothing saved.
      await page.getByTestId('price-list-GRADE-A').click();
      const ga = await items('GRADE-A');
      const current = ga.find((i) => i.validFrom === `${thisYear}-01-01`) as Item;
      await cell(current.id, 'validFrom').waitFor();
      await editCell(current.id, 'validFrom', `${thisYear - 1}-06-01`);
      await until(async () => (await cell(current.id, 'validFrom').getAttribute('class'))?.includes('sd-cell-invalid') ?? false, 'the overlap mark');
      await until(async () => (await page.locator('.ant-message').innerText()).includes('重叠'), 'the overlap reason');
      expect((await items('GRADE-A')).find((i) => i.id === current.id)?.validFrom).toBe(`${thisYear}-01-01`);
      await cell(current.id, 'validFrom').hover();
      await settle();
      await screenshot(page, 'pricing-items-edit-zh');
      // Export of the view.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('price-items-grid-export-xlsx').click()]);
      const { default: ExcelJS } = await import('exceljs');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(await download.path());
      const ws = wb.worksheets[0];
      expect(ws?.rowCount).toBe(ga.length + 1);
      expect(ws?.getRow(1).getCell(1).value).toBe('产品编码');
      await setLanguage('en');
      await settle();
      await screenshot(page, 'pricing-items-edit-en');
      await setLanguage('zh');
    },
    T,
  );

  it(
    'analysis: region × year, drill-down to the rows of a cell',
    async () => {
      await openPage('analysis');
      await page.getByTestId('chart-region-year').locator('canvas').first().waitFor();
      await page.getByTestId('grid-region-year').getByText('华东').waitFor();
      await page.getByTestId('grid-region-year').locator('a').first().click();
      await page.getByTestId('drill-summary').waitFor();
      const data = (await api('analysis.regionYear', {})) as { cells: { regionId: number; year: number; lines: number }[]; regions: { regionId: number }[]; years: number[] };
      const first = data.cells.find((c) => c.regionId === data.regions[0]?.regionId && c.year === data.years[0]);
      expect(await page.getByTestId('drill-summary').innerText()).toContain(`${first?.lines} 行`);
      await page.getByTestId('drill-grid').getByText('SO-', { exact: false }).first().waitFor();
      await settle();
      await screenshot(page, 'pricing-analysis-zh');
      // The drill-down exports every one of its rows to Excel.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('drill-export').click()]);
      expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
      const { default: ExcelJS } = await import('exceljs');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(await download.path());
      expect(wb.worksheets[0]?.rowCount).toBe((first?.lines ?? 0) + 1);
      await page.getByRole('tab', { name: '同比分析' }).click();
      await page.getByTestId('chart-yoy').locator('canvas').first().waitFor();
      await settle();
      await screenshot(page, 'pricing-analysis-yoy-zh');
      await setLanguage('en');
      await page.getByRole('tab', { name: 'Region × year' }).click();
      await settle();
      await screenshot(page, 'pricing-analysis-en');
      await page.getByRole('tab', { name: 'Top customers and products' }).click();
      await page.getByTestId('chart-top-customers').locator('canvas').first().waitFor();
      await settle();
      await screenshot(page, 'pricing-analysis-top-en');
      await setLanguage('zh');
    },
    T,
  );

  it(
    'analysis tables export to XLSX and CSV',
    async () => {
      await openPage('analysis');
      await page.getByRole('tab', { name: '区域 × 年度' }).click().catch(() => {});
      await page.getByTestId('grid-region-year').getByText('华东').waitFor();
      const { default: ExcelJS } = await import('exceljs');
      const [x] = await Promise.all([page.waitForEvent('download'), page.getByTestId('region-year-export-xlsx').click()]);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(await x.path());
      const ry = (await api('analysis.regionYear', {})) as { regions: unknown[]; years: number[]; cells: { netAmount: number }[] };
      const ws = wb.worksheets[0];
      expect(ws?.rowCount).toBe(ry.regions.length + 1);
      expect(ws?.columnCount).toBe(ry.years.length + 2);
      // Money as numbers in yuan: the sheet's grand total equals the facts' total.
      let sum = 0;
      for (let r = 2; r <= (ws?.rowCount ?? 0); r++) sum += Number(ws?.getRow(r).getCell(ry.years.length + 2).value);
      expect(Math.round(sum * 100)).toBe(ry.cells.reduce((a, c) => a + c.netAmount, 0));
      await page.getByRole('tab', { name: '客户与产品排行' }).click().catch(() => {});
      await page.getByTestId('top-customers-export-csv').waitFor();
      const [c] = await Promise.all([page.waitForEvent('download'), page.getByTestId('top-customers-export-csv').click()]);
      const csv = (await import('node:fs')).readFileSync(await c.path(), 'utf8');
      expect(csv.charCodeAt(0)).toBe(0xfeff);
      expect(csv.split('\r\n').filter(Boolean).length).toBeGreaterThan(10);
      expect(csv).toContain('C0001');
      await settle();
      await screenshot(page, 'pricing-analysis-top-zh');
      await page.getByRole('tab', { name: '月度趋势' }).click();
      await page.getByTestId('chart-monthly').locator('canvas').first().waitFor();
      await page.getByTestId('monthly-export-xlsx').waitFor();
      await settle();
      await screenshot(page, 'pricing-analysis-monthly-zh');
      await setLanguage('en');
      await settle();
      await screenshot(page, 'pricing-analysis-monthly-en');
      await setLanguage('zh');
    },
    T,
  );

  it('no page errors along the way', () => {
    expect(errors.filter((e) => !EXPECTED_HTTP.test(e))).toEqual([]);
  });
});
