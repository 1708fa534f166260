/**
 * Master-data bench (issue #3): the customers grid over 100k customers.
 *
 * - customers.list pages through the router (what the grid's infinite row model asks for):
 *   first page, deep page, sorted by each kind of column, text filters, a rep's scope —
 *   target ≤ 100 ms per page;
 * - first rows visible in headless Chromium (built renderer, loopback host): from the click on
 *   "customers" in the menu to the first grid row on screen — target ≤ 1 s (skipped when
 *   out/renderer or Chromium is missing).
 *
 * The company is generated once with prepared statements into bench/.data/customers-100k.sqlite
 * (git-ignored) and reused while its row count is right.
 *
 *   node scripts/run-ts.mjs bench/masterdata.ts [--quick]   (alone)
 *   npm run bench                                          (hooked into bench/run.ts)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { LATEST_SCHEMA_VERSION } from '../electron/db/migrations';
import { removeDatabaseFiles } from '../electron/demo/generate';
import { rngFor } from '../electron/demo/random';
import { startHost } from '../electron/host/server';
import { createApp, type SalesDeskApp } from '../electron/main/create-app';
import type { Input } from '../shared/contract';
import { type Row, row, summarize, table } from './lib';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const DATA_DIR = path.join(BENCH_DIR, '.data');
const FILE = path.join(DATA_DIR, 'customers-100k.sqlite');
const CUSTOMERS = 100_000;
const REPS = 40;
const ADMIN = { username: 'admin', password: 'bench-pass-1' };
const REP_PASSWORD = 'bench-pass-1';
const RENDERER_DIR = path.resolve(BENCH_DIR, '../out/renderer');
const CHROMIUM = process.env.SALESDESK_CHROMIUM ?? '/usr/bin/chromium';

export interface MasterdataBenchOptions {
  rows: Row[];
  details: Record<string, unknown>;
  quick?: boolean;
  progress?: (msg: string) => void;
}

const PREFIXES = ['杭州', '宁波', '温州', '上海', '苏州', '南京', '广州', '深圳', '北京', '天津', '成都', '武汉', '西安', '重庆', '长沙', '青岛'];
const STEMS = ['联华', '三江', '友谊', '天虹', '物美', '华润', '美罗', '银泰', '永辉', '大润发', '百佳', '新华都', '家家悦', '步步高', '中百', '红旗'];
const KINDS = ['超市有限公司', '商贸有限公司', '百货商店', '便利连锁', '食品批发部', '贸易公司', '购物中心', '商行'];
const INDUSTRIES = ['零售', '批发', '餐饮', '连锁便利', '电商', '团购'];

/** A set-up company with 100k customers, 40 reps and 30 regions (built once, then reused). */
async function ensureCompany(progress: (m: string) => void): Promise<{ ms: number; fresh: boolean }> {
  if (fs.existsSync(FILE)) {
    const db = new Database(FILE, { readonly: true });
    try {
      const n = db.prepare('SELECT count(*) FROM customers').pluck().get() as number;
      // Reused only when built on the current schema (a file from older migrations is rebuilt).
      const schema = db.prepare('SELECT count(*) FROM schema_migrations').pluck().get() as number;
      if (n === CUSTOMERS && schema === LATEST_SCHEMA_VERSION) return { ms: 0, fresh: false };
    } catch {
      // rebuilt below
    } finally {
      db.close();
    }
  }
  progress(`generating ${CUSTOMERS.toLocaleString()} customers into ${path.relative(process.cwd(), FILE)}`);
  fs.mkdirSync(DATA_DIR, { recursive: true });
  removeDatabaseFiles(FILE);
  const t0 = performance.now();
  const app = await createApp({ mainFile: FILE, scryptN: 1024, log: () => {} });
  try {
    const setup = await app.router.call({
      method: 'system.setup',
      input: { companyName: '基准测试商贸有限公司', currency: 'CNY', fiscalYearStartMonth: 1, adminUsername: ADMIN.username, adminDisplayName: '管理员', adminPassword: ADMIN.password },
    });
    if (!setup.ok) throw new Error(setup.error.message);
    const token = (setup.data as { token: string }).token;
    for (let i = 1; i <= REPS; i++) {
      const r = await app.router.call({
        method: 'users.create',
        input: { username: `rep${String(i).padStart(2, '0')}`, displayName: `销售${i}`, roles: ['sales_rep'], password: REP_PASSWORD },
        token,
      });
      if (!r.ok) throw new Error(r.error.message);
    }
    const sqlite = app.workspace.current().sqlite;
    const regionNames = ['华东', '华南', '华北', '华中', '西南', '西北', '东北'];
    const insRegion = sqlite.prepare('INSERT INTO regions (code, name, parent_id) VALUES (?, ?, ?)');
    const regionIds: number[] = [];
    sqlite.transaction(() => {
      regionNames.forEach((name, i) => {
        const parent = Number(insRegion.run(`R${i + 1}`, name, null).lastInsertRowid);
        for (let k = 1; k <= 3; k++) regionIds.push(Number(insRegion.run(`R${i + 1}-${k}`, `${name}${k}区`, parent).lastInsertRowid));
      });
    })();
    const reps = sqlite.prepare(`SELECT id FROM users WHERE username LIKE 'rep%' ORDER BY id`).pluck().all() as number[];
    const rng = rngFor(3, 'bench-masterdata');
    const ins = sqlite.prepare(
      `INSERT INTO customers (code, name, type, region_id, industry, owner_id, grade, grade_manual, payment_terms_days, credit_limit, credit_status, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)`,
    );
    sqlite.transaction(() => {
      for (let i = 1; i <= CUSTOMERS; i++) {
        const at = new Date(Date.UTC(2024, 0, 1) + rng.int(0, 1000) * 86_400_000).toISOString();
        ins.run(
          `C${String(i).padStart(6, '0')}`,
          `${rng.pick(PREFIXES)}${rng.pick(STEMS)}${rng.pick(KINDS)}${i % 7 === 0 ? `（${(i % 50) + 1}店）` : ''}`,
          rng.chance(0.3) ? 'distributor' : 'direct',
          rng.pick(regionIds),
          rng.pick(INDUSTRIES),
          rng.pick(reps),
          rng.chance(0.1) ? 'A' : rng.chance(0.25) ? 'B' : 'C',
          rng.pick([0, 15, 30, 45, 60, 90]),
          rng.int(0, 500) * 10_000,
          rng.chance(0.03) ? 'hold' : 'normal',
          at,
          at,
        );
      }
    })();
    sqlite.pragma('optimize');
  } finally {
    await app.close();
  }
  return { ms: performance.now() - t0, fresh: true };
}

async function signIn(app: SalesDeskApp, username: string, password: string): Promise<string> {
  const r = await app.router.call({ method: 'auth.login', input: { username, password } });
  if (!r.ok) throw new Error(`login ${username}: ${r.error.message}`);
  return (r.data as { token: string }).token;
}

/** Time from the menu click to the first customers row on screen, in headless Chromium. */
async function firstRowsVisible(app: SalesDeskApp, runs: number): Promise<number[] | null> {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html')) || !fs.existsSync(CHROMIUM)) return null;
  const { chromium } = await import('playwright-core');
  const host = await startHost({ router: app.router, events: app.events, context: () => app.workspace.current(), rendererDir: RENDERER_DIR, port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await page.goto(host.url);
    await page.locator('#username').fill(ADMIN.username);
    await page.locator('#password').fill(ADMIN.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('screen-shell').waitFor();
    const out: number[] = [];
    for (let r = 0; r < runs; r++) {
      await page.getByTestId('nav-dashboard').click();
      await page.getByTestId('page-dashboard').waitFor();
      const t0 = performance.now();
      await page.getByTestId('nav-customers').click();
      await page.locator('[data-testid="customers-grid"] .ag-row[row-id] .ag-cell[col-id="code"]').first().waitFor({ state: 'visible' });
      out.push(performance.now() - t0);
    }
    return out;
  } finally {
    await browser.close();
    await host.close();
  }
}

export async function benchMasterdata(o: MasterdataBenchOptions): Promise<void> {
  const progress = o.progress ?? (() => {});
  const gen = await ensureCompany(progress);
  if (gen.fresh) o.rows.push(row('customers grid', `generate ${CUSTOMERS.toLocaleString()} customers (prepared statements)`, 'ms', summarize([gen.ms]), undefined, false));
  const app = await createApp({ mainFile: FILE, scryptN: 1024, log: () => {} });
  try {
    const admin = await signIn(app, ADMIN.username, ADMIN.password);
    const rep = await signIn(app, 'rep07', REP_PASSWORD);
    const runs = o.quick ? 10 : 30;
    type Req = Input<'customers.list'>;
    const cases: [string, Req, string?][] = [
      ['first page, no sort', { offset: 0, limit: 100 }],
      ['page at offset 50,000', { offset: 50_000, limit: 100 }],
      ['sorted by name (indexed)', { offset: 0, limit: 100, sort: [{ colId: 'name', sort: 'asc' }] }],
      ['sorted by name, page at 50,000', { offset: 50_000, limit: 100, sort: [{ colId: 'name', sort: 'asc' }] }],
      ['sorted by credit limit desc', { offset: 0, limit: 100, sort: [{ colId: 'creditLimit', sort: 'desc' }] }],
      ['sorted by region name (join)', { offset: 0, limit: 100, sort: [{ colId: 'regionName', sort: 'asc' }] }],
      ['sorted by owner (join)', { offset: 0, limit: 100, sort: [{ colId: 'ownerName', sort: 'asc' }] }],
      ['sorted by owner, then code (two keys)', { offset: 0, limit: 100, sort: [{ colId: 'ownerName', sort: 'asc' }, { colId: 'code', sort: 'asc' }] }],
      ['filter name contains "超市"', { offset: 0, limit: 100, filter: { name: { type: 'contains', value: '超市' } } }],
      ['filter code starts with "C0999"', { offset: 0, limit: 100, filter: { code: { type: 'startsWith', value: 'C0999' } } }],
      [
        'filter region + type, sorted by credit limit',
        { offset: 0, limit: 100, filter: { regionName: { type: 'equals', value: '华东1区' }, type: { type: 'equals', value: 'distributor' } }, sort: [{ colId: 'creditLimit', sort: 'desc' }] },
      ],
      ['rep scope (2.5k own), sorted by name', { offset: 0, limit: 100, sort: [{ colId: 'name', sort: 'asc' }] }, rep],
    ];
    const figures: Record<string, { p50: number; p99: number; total: number }> = {};
    for (const [label, input, token] of cases) {
      const call = () => app.router.call({ method: 'customers.list', input, token: token ?? admin });
      const warm = await call();
      if (!warm.ok) throw new Error(`${label}: ${warm.error.message}`);
      const ms: number[] = [];
      for (let r = 0; r < runs; r++) {
        const t0 = performance.now();
        await call();
        ms.push(performance.now() - t0);
      }
      const s = summarize(ms);
      const total = (warm.data as { total: number }).total;
      figures[label] = { p50: s.p50, p99: s.p99, total };
      o.rows.push(row('customers grid', `customers.list ${label}`, 'ms', s, `${total.toLocaleString()} rows match; target ≤ 100 ms${s.p99 > 100 ? ' — MISSED' : ''}`));
    }
    progress('customers grid: first rows in headless Chromium');
    const visible = await firstRowsVisible(app, o.quick ? 3 : 5).catch((e: Error) => {
      progress(`browser measurement skipped: ${e.message}`);
      return null;
    });
    if (visible) {
      const s = summarize(visible);
      o.rows.push(row('customers grid', 'first rows visible in headless Chromium (menu click → first row)', 'ms', s, `100k customers; target ≤ 1000 ms${s.max > 1000 ? ' — MISSED' : ''}`));
    }
    o.details.masterdata = { customers: CUSTOMERS, figures, firstRowsVisibleMs: visible, loadAtStart: os.loadavg()[0] };
  } finally {
    await app.close();
  }
}

// Alone: node scripts/run-ts.mjs bench/masterdata.ts [--quick]
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  await benchMasterdata({ rows, details, quick: process.argv.includes('--quick'), progress: (m) => process.stderr.write(`[bench] ${m}\n`) });
  console.log(table(rows));
}
