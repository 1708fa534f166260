/**
 * End-to-end Excel round-trip (built renderer in headless Chromium against the real app): the
 * customers and the products grids are exported to XLSX from the toolbar (the browser's
 * download), and that very file is imported through the import wizard. The export's headers map
 * with no manual step, the preview and the summary report every row as an unchanged update, and
 * the tables are byte-for-byte what they were (updated_at included) — in zh-CN and in English.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchBrowser, newPage, screenshot } from '../helpers/browser';
import { type E2eApi, E2E_ADMIN, type E2eApp, rendererBuilt, setupE2eCompany, startE2eApp } from '../helpers/e2e-app';
import { openPage as openPageOn, setLanguage as setLanguageOn, signIn } from '../helpers/e2e-page';

const T = 90_000;
const ADMIN = E2E_ADMIN;
const canRun = chromiumAvailable() && rendererBuilt();

describe.skipIf(!canRun).sequential('export to XLSX and re-import it unchanged', () => {
  let e2e: E2eApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let api: E2eApi;

  /** Every row of a table in id order, as JSON: any write (even of the same values) changes updated_at. */
  const tableDump = (table: 'customers' | 'products') =>
    JSON.stringify(e2e.app.workspace.current().sqlite.prepare(`SELECT * FROM ${table} ORDER BY id`).all());

  async function listAll(kind: 'customers' | 'products') {
    const req = { offset: 0, limit: 1000, sort: [], filter: {} };
    return kind === 'customers' ? (await api('customers.list', req)).rows : (await api('products.list', req)).rows;
  }

  /** Clicks the grid's XLSX (or CSV) export and saves the download; returns its path. */
  async function exportXlsx(grid: string, kind: 'xlsx' | 'csv' = 'xlsx'): Promise<string> {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId(`${grid}-export-${kind}`).click()]);
    expect(download.suggestedFilename()).toMatch(kind === 'xlsx' ? /\.xlsx$/ : /\.csv$/);
    const file = `${e2e.dir}/${Date.now()}-${download.suggestedFilename()}`;
    await download.saveAs(file);
    return file;
  }

  /** The wizard from kind to summary with the guessed mapping; returns the summary text. */
  async function importFile(kind: 'customers' | 'products', file: string, mapped: Record<string, string>, shot: string): Promise<string> {
    await openPageOn(page, 'imports');
    if (await page.getByTestId('import-again').isVisible().catch(() => false)) await page.getByTestId('import-again').click();
    await page.getByTestId(`import-kind-${kind}`).click();
    await screenshot(page, `${shot}-kind`);
    await page.getByTestId('import-kind-next').click();
    await page.locator('input[type=file]').first().setInputFiles(file);
    await page.getByTestId('import-mapping').waitFor();
    for (const [field, header] of Object.entries(mapped)) expect(await page.getByTestId(`import-map-${field}`).innerText(), field).toContain(header);
    await page.waitForTimeout(400);
    await screenshot(page, `${shot}-mapping`);
    await page.getByTestId('import-preview').click();
    await page.getByTestId('import-no-errors').waitFor();
    await page.waitForTimeout(300);
    await screenshot(page, `${shot}-preview`);
    await page.getByTestId('import-commit').click();
    await page.getByTestId('import-result-committed').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(300);
    await screenshot(page, `${shot}-done`);
    return page.getByTestId('import-result-committed').innerText();
  }

  beforeAll(async () => {
    e2e = await startE2eApp({ demo: false });
    ({ api } = await setupE2eCompany(e2e));
    // Demo-like master data: regions, lines, reps (one has left), customers and products with every kind of value.
    for (const [code, name] of [['EC', '华东'], ['SC', '华南'], ['NC', '华北'], ['SW', '西南']] as const) await api('regions.create', { code, name });
    for (const [code, name] of [['BEV', '饮料'], ['SNK', '休闲食品'], ['PAPER', '纸品']] as const) await api('productLines.create', { code, name });
    const reps = ['李娜', '王强', '陈静'];
    for (const [i, name] of reps.entries()) await api('users.create', { username: `rep0${i + 1}`, displayName: name, roles: ['sales_rep'], password: 'Rep-pass-123' });
    const names = ['杭州联华超市有限公司', '宁波三江购物俱乐部', '广州友谊商店', '深圳天虹商场', '北京物美商业集团', '上海华润万家', '苏州美罗百货', 'Chengdu "Hongqi" Chain, Ltd.'];
    await api('customers.upsertMany', {
      rows: Array.from({ length: 60 }, (_, i) => ({
        code: `C${String(i + 1).padStart(4, '0')}`,
        name: `${names[i % names.length]}${i >= names.length ? `（${Math.floor(i / names.length) + 1}店）` : ''}`,
        type: i % 3 === 0 ? 'distributor' : 'direct',
        region: i % 7 === 6 ? null : (['EC', 'SC', 'NC', 'SW'][i % 4] ?? 'EC'),
        industry: i % 5 === 4 ? null : i % 2 ? '零售' : '批发',
        owner: i % 4 === 3 ? null : `rep0${(i % 3) + 1}`,
        paymentTermsDays: i % 6 === 0 ? 0 : 30 + (i % 3) * 15,
        creditLimit: i % 9 === 8 ? 0 : (i + 1) * 1_234_567 + (i % 3),
        creditStatus: i % 11 === 5 ? 'hold' : 'normal',
      })),
    });
    await api('products.upsertMany', {
      rows: Array.from({ length: 40 }, (_, i) => ({
        sku: `SKU-${String(i + 1).padStart(3, '0')}`,
        name: `${['农夫山泉 550ml×24', '可口可乐 330ml×24', '乐事薯片 70g×20', '旺旺雪饼 150g×12', '云帆抽纸 3 层 120 抽'][i % 5] ?? '商品'}${i >= 5 ? ` #${i}` : ''}`,
        productLine: i % 10 === 9 ? null : (['BEV', 'BEV', 'SNK', 'SNK', 'PAPER'][i % 5] ?? 'BEV'),
        unit: i % 4 === 0 ? '件' : '箱',
        listPrice: 3_001 + i * 257,
        standardCost: i % 8 === 7 ? 0 : 2_003 + i * 151,
        floorPrice: i % 4 === 0 ? 2_505 + i * 199 : null,
        active: i % 9 !== 7,
      })),
    });
    // A rep who has left still owns customers: the export names them and the import keeps them.
    const leaver = Number(e2e.app.workspace.current().sqlite.prepare(`SELECT id FROM users WHERE username = 'rep03'`).pluck().get());
    await api('users.update', { id: leaver, active: false });
    browser = await launchBrowser();
    ({ context, page, errors } = await newPage(browser, { width: 1440, height: 900 }));
    context.setDefaultTimeout(20_000);
    await signIn(page, e2e.url, ADMIN);
  }, T);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await screenshot(page, `FAILED-roundtrip-${ctx.task.name.replace(/[^\w]+/g, '-').slice(0, 50)}`).catch(() => {});
  });

  afterAll(async () => {
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await e2e?.close();
  }, T);

  const CUSTOMER_HEADERS = {
    zh: { code: '客户编码', name: '客户名称', type: '客户类型', region: '区域', industry: '行业', owner: '负责人', paymentTermsDays: '账期', creditLimit: '信用额度' },
    en: { code: 'Code', name: 'Name', type: 'Type', region: 'Region', industry: 'Industry', owner: 'Owner', paymentTermsDays: 'Payment terms', creditLimit: 'Credit limit' },
  };
  const PRODUCT_HEADERS = {
    zh: { sku: '产品编码', name: '产品名称', productLine: '产品线', unit: '单位', listPrice: '标准售价', standardCost: '标准成本', floorPrice: '最低限价', active: '状态' },
    en: { sku: 'SKU', name: 'Product name', productLine: 'Product line', unit: 'Unit', listPrice: 'List price', standardCost: 'Standard cost', floorPrice: 'Floor price', active: 'Status' },
  };

  for (const lang of ['zh', 'en'] as const) {
    it(
      `customers: the ${lang} export re-imports with nothing changed`,
      async () => {
        await setLanguageOn(page, lang);
        const before = { rows: await listAll('customers'), dump: tableDump('customers') };
        expect(before.rows).toHaveLength(60);
        await openPageOn(page, 'customers');
        await page.getByTestId('customers-grid').locator('.ag-row[row-id="1"]').waitFor();
        const file = await exportXlsx('customers-grid');
        const summary = await importFile('customers', file, CUSTOMER_HEADERS[lang], `roundtrip-customers-${lang}`);
        expect(summary).toContain(lang === 'zh' ? '新增 0，更新 60' : '0 new, 60 updated');
        expect(summary).toContain(lang === 'zh' ? '其中 60 行与现有数据完全相同' : '60 rows equal the stored data');
        expect(await listAll('customers')).toEqual(before.rows);
        expect(tableDump('customers')).toBe(before.dump);
      },
      T,
    );

    it(
      `products: the ${lang} export re-imports with nothing changed`,
      async () => {
        await setLanguageOn(page, lang);
        const before = { rows: await listAll('products'), dump: tableDump('products') };
        expect(before.rows).toHaveLength(40);
        await openPageOn(page, 'products');
        await page.getByTestId('products-grid').locator('.ag-row[row-id="1"]').waitFor();
        const file = await exportXlsx('products-grid');
        const summary = await importFile('products', file, PRODUCT_HEADERS[lang], `roundtrip-products-${lang}`);
        expect(summary).toContain(lang === 'zh' ? '新增 0，更新 40' : '0 new, 40 updated');
        expect(summary).toContain(lang === 'zh' ? '其中 40 行与现有数据完全相同' : '40 rows equal the stored data');
        expect(await listAll('products')).toEqual(before.rows);
        expect(tableDump('products')).toBe(before.dump);
      },
      T,
    );
  }

  it(
    'customers: the CSV export (UTF-8 with BOM) re-imports with nothing changed too',
    async () => {
      await setLanguageOn(page, 'zh');
      const dump = tableDump('customers');
      await openPageOn(page, 'customers');
      await page.getByTestId('customers-grid').locator('.ag-row[row-id="1"]').waitFor();
      const file = await exportXlsx('customers-grid', 'csv');
      const summary = await importFile('customers', file, CUSTOMER_HEADERS.zh, 'roundtrip-customers-csv-zh');
      expect(summary).toContain('其中 60 行与现有数据完全相同');
      expect(tableDump('customers')).toBe(dump);
    },
    T,
  );

  it('raised no page errors', () => {
    expect(errors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  });
});
