/**
 * Collections benchmarks (issue #5 item 6) on a synthetic company built here with raw SQL:
 * 10k customers (20 reps, 8 regions), 1M receivables over three years, ~0.9M receipts each
 * allocated to its invoice (good payers, late payers, partial payers and a few who never pay),
 * ~8k contact notes. The ledger model holds exactly: balance = amount − Σ allocations,
 * closed_on = the last allocation's date, receipts fully allocated.
 *
 * - collections.overdue as of today and as of 6 months ago (aim ≤ 1 s as of today);
 * - collections.kpi over 12 months: by company, by rep, and quarterly.
 *
 * The file is cached in bench/.data/collections.sqlite while this generator's version is the
 * same. Called from bench/run.ts, or alone:
 *   node scripts/run-ts.mjs bench/collections.ts [--quick]
 */
import fs from 'node:fs';
import { addDays } from '../shared/dates';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { removeDatabaseFiles } from '../electron/demo/generate';
import { createApp } from '../electron/main/create-app';

import type { Method } from '../shared/contract';
import { type Row, row, summarize, table } from './lib';

const DATA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '.data');
const FILE = path.join(DATA_DIR, 'collections.sqlite');
const META = path.join(DATA_DIR, 'collections.json');
const VERSION = 'collections-1';
const ADMIN = { username: 'admin', password: 'bench-pass-1' };

export interface CollectionsBenchOptions {
  rows: Row[];
  details: Record<string, unknown>;
  quick: boolean;
  progress: (msg: string) => void;
}

/** mulberry32: deterministic, fast. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

async function build(progress: (m: string) => void, customers: number, perCustomer: number): Promise<Record<string, number>> {
  fs.mkdirSync(DATA_DIR, { recursive: true });
  removeDatabaseFiles(FILE);
  const app = await createApp({ mainFile: FILE, scryptN: 1024, log: () => {} });
  const setup = await app.router.call({
    method: 'system.setup',
    input: { companyName: '基准测试商贸有限公司', currency: 'CNY', fiscalYearStartMonth: 1, adminUsername: ADMIN.username, adminDisplayName: '管理员', adminPassword: ADMIN.password },
  });
  if (!setup.ok) throw new Error(setup.error.message);
  await app.close();

  const db = new Database(FILE);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const now = new Date().toISOString();
  const end = today();
  const start = addDays(end, -3 * 365);
  const r = rng(7);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const dayIndex = Array.from({ length: 3 * 365 + 1 }, (_, i) => addDays(start, i));
  const dayOf = (i: number) => dayIndex[Math.max(0, Math.min(dayIndex.length - 1, i))] as string;
  const last = dayIndex.length - 1;

  progress(`collections: building ${customers} customers × ${perCustomer} receivables …`);
  db.transaction(() => {
    const region = db.prepare('INSERT INTO regions (code, name, parent_id) VALUES (?, ?, NULL)');
    const names = ['华东', '华北', '华南', '华中', '西南', '西北', '东北', '港澳'];
    const regionIds = names.map((n, i) => Number(region.run(`R${i}`, n).lastInsertRowid));
    const user = db.prepare(`INSERT INTO users (username, display_name, password_hash, active, created_at, updated_at) VALUES (?, ?, 'x', 1, ?, ?)`);
    const role = db.prepare(`INSERT INTO user_roles (user_id, role) VALUES (?, 'sales_rep')`);
    const reps = Array.from({ length: 20 }, (_, i) => {
      const id = Number(user.run(`rep${i}`, `业务员${i + 1}`, now, now).lastInsertRowid);
      role.run(id);
      return id;
    });
    const cust = db.prepare(
      `INSERT INTO customers (code, name, type, payment_terms_days, credit_limit, region_id, owner_id, created_at, updated_at) VALUES (?, ?, 'direct', ?, 0, ?, ?, ?, ?)`,
    );
    const rec = db.prepare(
      `INSERT INTO receivables (number, customer_id, kind, date, due_date, amount, balance, status, closed_on, created_at, updated_at) VALUES (?, ?, 'invoice', ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const rcp = db.prepare(
      `INSERT INTO receipts (number, customer_id, date, amount, unallocated, method, created_at, updated_at) VALUES (?, ?, ?, ?, 0, 'bank_transfer', ?, ?)`,
    );
    const alloc = db.prepare(`INSERT INTO allocations (customer_id, receivable_id, source, receipt_id, date, amount, created_at) VALUES (?, ?, 'receipt', ?, ?, ?, ?)`);
    const note = db.prepare(`INSERT INTO collection_notes (customer_id, date, channel, note, promise_date, promise_amount, created_at) VALUES (?, ?, 'phone', '催款电话', ?, ?, ?)`);
    let inv = 0;
    let rc = 0;
    for (let c = 0; c < customers; c++) {
      const terms = [30, 45, 60][c % 3] as number;
      const cid = Number(cust.run(`B${String(c).padStart(5, '0')}`, `基准客户${c}`, terms, regionIds[c % regionIds.length], reps[c % reps.length], now, now).lastInsertRowid);
      // Payment behaviour: 60% pay around the due date, 25% late, 10% partly, 5% never.
      const kind = r();
      const behaviour = kind < 0.6 ? 'good' : kind < 0.85 ? 'late' : kind < 0.95 ? 'partial' : 'never';
      for (let k = 0; k < perCustomer; k++) {
        const di = int(0, last);
        const date = dayOf(di);
        const due = addDays(date, terms);
        const amount = int(10, 5000) * 100;
        let paid = 0;
        let payDay = 0;
        if (behaviour !== 'never') {
          const lag = behaviour === 'good' ? int(-10, 10) : behaviour === 'late' ? int(20, 120) : int(0, 60);
          payDay = di + terms + lag;
          if (payDay <= last) paid = behaviour === 'partial' && r() < 0.5 ? Math.floor((amount * int(50, 90)) / 100) : amount;
          if (payDay < di) payDay = di;
        }
        const balance = amount - paid;
        const payDate = dayOf(payDay);
        const id = Number(
          rec.run(`AR-B-${++inv}`, cid, date, due, amount, balance, balance === 0 ? 'paid' : paid > 0 ? 'partly_paid' : 'open', balance === 0 ? payDate : null, now, now).lastInsertRowid,
        );
        if (paid > 0) {
          const rid = Number(rcp.run(`RC-B-${++rc}`, cid, payDate, paid, now, now).lastInsertRowid);
          alloc.run(cid, id, rid, payDate, paid, now);
        }
      }
      if (behaviour !== 'good') {
        const d = dayOf(last - int(0, 60));
        note.run(cid, d, addDays(d, int(3, 20)), int(1, 50) * 10_000, now);
        note.run(cid, addDays(d, -20), null, null, now);
      }
    }
  })();
  db.exec('ANALYZE');
  const count = (q: string) => db.prepare(q).pluck().get() as number;
  const counts = {
    customers: count('SELECT count(*) FROM customers'),
    receivables: count('SELECT count(*) FROM receivables'),
    openReceivables: count('SELECT count(*) FROM receivables WHERE balance > 0'),
    receipts: count('SELECT count(*) FROM receipts'),
    allocations: count('SELECT count(*) FROM allocations'),
    notes: count('SELECT count(*) FROM collection_notes'),
  };
  db.close();
  return counts;
}

async function ensureFile(o: CollectionsBenchOptions): Promise<{ counts: Record<string, number>; builtOn: string; buildMs: number }> {
  const builtToday = today();
  if (fs.existsSync(FILE) && fs.existsSync(META)) {
    const meta = JSON.parse(fs.readFileSync(META, 'utf8')) as { version: string; builtOn: string; counts: Record<string, number>; buildMs: number };
    // Dates are relative to the build day: rebuild on another day so "overdue today" means the same.
    if (meta.version === VERSION && meta.builtOn === builtToday) return meta;
  }
  const t0 = performance.now();
  const counts = await build(o.progress, 10_000, 100);
  const meta = { version: VERSION, builtOn: builtToday, counts, buildMs: Math.round(performance.now() - t0) };
  fs.writeFileSync(META, `${JSON.stringify(meta, null, 2)}\n`);
  return meta;
}

export async function benchCollections(o: CollectionsBenchOptions): Promise<void> {
  const meta = await ensureFile(o);
  const app = await createApp({ mainFile: FILE, scryptN: 1024, log: () => {} });
  const load = () => os.loadavg()[0]?.toFixed(1) ?? '?';
  try {
    const login = await app.router.call({ method: 'auth.login', input: ADMIN });
    if (!login.ok) throw new Error(`login failed: ${JSON.stringify(login.error)}`);
    const token = (login.data as { token: string }).token;
    const call = async (method: Method, input: unknown) => {
      const r = await app.router.call({ method, input, token });
      if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
      return r.data as never;
    };
    const t = today();
    const month = (d: string) => d.slice(0, 7);
    const from12 = month(addDays(`${month(t)}-15`, -335));
    const scale = `${(meta.counts.receivables ?? 0) / 1e6}M receivables, ${((meta.counts.allocations ?? 0) / 1e6).toFixed(2)}M allocations`;
    const cases: [string, Method, unknown, number | null][] = [
      ['collections.overdue as of today', 'collections.overdue', {}, 1000],
      ['collections.overdue as of 6 months ago', 'collections.overdue', { asOf: addDays(t, -182) }, null],
      ['collections.overdue as of today, one rep', 'collections.overdue', { repId: 3 }, null],
      ['collections.kpi 12 months by company', 'collections.kpi', { granularity: 'month', from: from12, to: month(t), groupBy: 'company' }, null],
      ['collections.kpi 12 months by rep', 'collections.kpi', { granularity: 'month', from: from12, to: month(t), groupBy: 'rep' }, null],
      ['collections.kpi 4 quarters by region (+ monthly trend)', 'collections.kpi', { granularity: 'quarter', from: from12, to: month(t), groupBy: 'region' }, null],
    ];
    const out: Record<string, unknown> = {};
    for (const [name, method, input, goal] of cases) {
      o.progress(`collections: ${name}`);
      const runs: number[] = [];
      let first = 0;
      let size = 0;
      for (let i = 0; i < (o.quick ? 2 : 4); i++) {
        const t0 = performance.now();
        const res = (await call(method, input)) as { rows: unknown[] };
        const ms = performance.now() - t0;
        size = res.rows.length;
        if (i === 0) first = ms;
        else runs.push(ms);
      }
      const s = summarize(runs);
      const verdict = goal === null ? '' : `; aim ≤ ${goal} ms: ${s.p50 <= goal ? 'met' : 'NOT met'}`;
      o.rows.push(row('collections', `${name} (${scale})`, 'ms', s, `${size} rows; first call ${first.toFixed(0)} ms${verdict}; load ${load()}`, false));
      out[name] = { first, ...s, rows: size };
    }
    o.details.collections = { ...meta, timings: out };
  } finally {
    await app.close();
  }
}

// Alone: node scripts/run-ts.mjs bench/collections.ts [--quick]
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  await benchCollections({ rows, details, quick: process.argv.includes('--quick'), progress: (m) => process.stderr.write(`[bench] ${m}\n`) });
  console.log(table(rows));
  console.log(JSON.stringify(details.collections, null, 2));
}
