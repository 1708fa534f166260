/**
 * Credit check benchmark (issue #4): enforceCredit p50/p99 with 1M receivables and 200k open
 * orders (goal ≤ 2 ms), beside the same exposure computed by a hand-written SQL aggregate
 * (better-sqlite3 prepared statement) and, for contrast, a history scan over every receivable
 * of the customer (what the check must never do).
 *
 * Data: bench/.data/credit.sqlite (git-ignored), generated once with prepared statements on the
 * real migrations: 10k customers, 1M receivables (≈ 20% open, the rest paid history; a few open
 * credit notes), 200k open orders (confirmed / partly shipped) plus 600k closed/invoiced/
 * cancelled history orders. Customers are drawn with a Pareto skew, so the p99 includes the
 * heaviest accounts. Called from bench/run.ts, or alone:
 *   node scripts/run-ts.mjs bench/credit.ts [--quick] [--regen]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openDatabase } from '../electron/db/connection';
import { inTransaction } from '../electron/db/transaction';
import { rngFor } from '../electron/demo/random';
import type { CallContext } from '../electron/services/context';
import { listCredit } from '../electron/services/credit';
import { enforceCredit, evaluateCredit } from '../electron/services/credit-check';
import { SettingsStore } from '../electron/services/settings-store';
import { APP_VERSION } from '../shared/version';
import { type Row, row, summarize, table } from './lib';

const DATA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '.data');
const FILE = path.join(DATA_DIR, 'credit.sqlite');
const META = path.join(DATA_DIR, 'credit.json');
const SHAPE = { customers: 10_000, receivables: 1_000_000, openOrders: 200_000, historyOrders: 600_000, version: 1 };
const DATE = '2026-11-20';

export interface CreditBenchOptions {
  rows: Row[];
  details: Record<string, unknown>;
  quick: boolean;
  progress: (msg: string) => void;
  regen?: boolean;
}

const isoDay = (base: number, offsetDays: number) => new Date(base + offsetDays * 86_400_000).toISOString().slice(0, 10);

async function generate(progress: (m: string) => void): Promise<void> {
  for (const f of [FILE, `${FILE}-wal`, `${FILE}-shm`]) fs.rmSync(f, { force: true });
  fs.rmSync(path.join(DATA_DIR, 'backups'), { recursive: true, force: true });
  const db = await openDatabase(FILE, { appVersion: APP_VERSION });
  const s = db.sqlite;
  const rng = rngFor(1, 'bench-credit');
  const t = '2026-01-01T00:00:00Z';
  const pick = () => 1 + Math.floor(SHAPE.customers * rng.next() ** 2); // Pareto-ish: low ids are heavy
  const base = Date.parse('2024-01-01T00:00:00Z');
  const started = performance.now();
  s.pragma('synchronous = OFF');
  s.transaction(() => {
    const c = s.prepare(`INSERT INTO customers (id, code, name, type, credit_limit, payment_terms_days, created_at, updated_at) VALUES (?, ?, ?, 'direct', ?, 30, ?, ?)`);
    for (let i = 1; i <= SHAPE.customers; i++) c.run(i, `C${String(i).padStart(6, '0')}`, `客户${i}`, (50 + Math.floor(rng.next() * 950)) * 10_000_00, t, t);
  })();
  progress(`credit bench: ${SHAPE.receivables} receivables …`);
  const r = s.prepare(
    `INSERT INTO receivables (number, customer_id, kind, date, due_date, amount, balance, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const BATCH = 50_000;
  for (let from = 0; from < SHAPE.receivables; from += BATCH) {
    s.transaction(() => {
      for (let i = from; i < Math.min(SHAPE.receivables, from + BATCH); i++) {
        const day = Math.floor((i / SHAPE.receivables) * 1050); // 2024-01-01 … 2026-11-16, in date order
        const amount = 1_000_00 + Math.floor(rng.next() * 50_000_00);
        const recent = day > 960;
        const open = recent ? rng.next() < 0.9 : rng.next() < 0.03;
        const creditNote = rng.next() < 0.002;
        const balance = open ? (rng.next() < 0.3 ? Math.floor(amount * rng.next()) + 1 : amount) : 0;
        r.run(`AR${i}`, pick(), creditNote ? 'credit_note' : 'invoice', isoDay(base, day), isoDay(base, day + 30), amount, Math.min(balance, amount), balance === 0 ? 'paid' : 'open', t, t);
      }
    })();
  }
  progress(`credit bench: ${SHAPE.openOrders} open + ${SHAPE.historyOrders} history orders …`);
  const o = s.prepare(`INSERT INTO orders (number, customer_id, status, order_date, amount, shipped_amount, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const total = SHAPE.openOrders + SHAPE.historyOrders;
  const HISTORY = ['invoiced', 'closed', 'cancelled', 'shipped'] as const;
  for (let from = 0; from < total; from += BATCH) {
    s.transaction(() => {
      for (let i = from; i < Math.min(total, from + BATCH); i++) {
        const amount = 500_00 + Math.floor(rng.next() * 80_000_00);
        if (i < SHAPE.openOrders) {
          const partly = rng.next() < 0.3;
          o.run(`SO${i}`, pick(), partly ? 'partly_shipped' : 'confirmed', isoDay(base, 1000 + Math.floor(rng.next() * 50)), amount, partly ? Math.floor(amount / 3) : 0, t, t);
        } else {
          const st = HISTORY[Math.floor(rng.next() * HISTORY.length)] ?? 'invoiced';
          o.run(`SO${i}`, pick(), st, isoDay(base, Math.floor(rng.next() * 1000)), amount, st === 'cancelled' ? 0 : amount, t, t);
        }
      }
    })();
  }
  s.pragma('synchronous = NORMAL');
  s.exec('ANALYZE');
  await db.close();
  fs.writeFileSync(META, JSON.stringify({ ...SHAPE, seconds: Math.round((performance.now() - started) / 1000) }));
  progress(`credit bench: generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

export async function benchCredit(o: CreditBenchOptions): Promise<void> {
  fs.mkdirSync(DATA_DIR, { recursive: true });
  const meta = fs.existsSync(META) ? (JSON.parse(fs.readFileSync(META, 'utf8')) as typeof SHAPE) : null;
  if (o.regen || !fs.existsSync(FILE) || !meta || meta.version !== SHAPE.version) await generate(o.progress);
  const db = await openDatabase(FILE, { appVersion: APP_VERSION, skipIntegrityCheck: true });
  try {
    const s = db.sqlite;
    const counts = {
      receivables: s.prepare('SELECT count(*) FROM receivables').pluck().get() as number,
      openReceivables: s.prepare('SELECT count(*) FROM receivables WHERE balance > 0').pluck().get() as number,
      openOrders: s.prepare(`SELECT count(*) FROM orders WHERE status IN ('confirmed', 'partly_shipped')`).pluck().get() as number,
      orders: s.prepare('SELECT count(*) FROM orders').pluck().get() as number,
    };
    const manager = { userId: 1, username: 'bench', displayName: 'bench', roles: ['admin'], permissions: new Set(['credit.override']), tokenHash: '', expiresAt: '' };
    const ctx = { db: db.kysely, sqlite: s, clock: { now: () => new Date('2026-11-20T02:00:00Z') }, settings: new SettingsStore(db.kysely), session: manager } as unknown as CallContext;
    // Hand-written: the same exposure in one prepared statement over the same indexes.
    const hand = s.prepare(`SELECT
        coalesce((SELECT sum(CASE WHEN kind = 'credit_note' THEN -balance ELSE balance END) FROM receivables WHERE customer_id = @c AND balance > 0), 0)
      + coalesce((SELECT sum(amount - shipped_amount) FROM orders WHERE customer_id = @c AND status IN ('confirmed', 'partly_shipped')), 0) AS exposure`);
    // What the check must not do: sum the customer's whole receivable history (paid items included).
    const scan = s.prepare(`SELECT coalesce(sum(CASE WHEN kind = 'credit_note' THEN -balance ELSE balance END), 0) FROM receivables NOT INDEXED WHERE customer_id = ?`);
    const rng = rngFor(2, 'bench-credit-pick');
    const n = o.quick ? 2_000 : 20_000;
    const picks = Array.from({ length: n }, () => 1 + Math.floor(SHAPE.customers * rng.next() ** 2));
    const heaviest = s.prepare('SELECT customer_id FROM receivables WHERE balance > 0 GROUP BY customer_id ORDER BY count(*) DESC LIMIT 1').pluck().get() as number;
    const enforce: number[] = [];
    const evaluate: number[] = [];
    const byHand: number[] = [];
    for (let i = 0; i < n + 200; i++) {
      const c = picks[i % n] ?? 1;
      const req = { customerId: c, orderId: null, amount: 10_000_00, stage: 'confirm' as const, date: DATE };
      const t0 = performance.now();
      const out = await inTransaction(db.kysely, (trx) => enforceCredit(trx, ctx, req));
      const t1 = performance.now();
      const ev = await evaluateCredit(db.kysely, ctx, req);
      const t2 = performance.now();
      const h = hand.get({ c }) as { exposure: number };
      const t3 = performance.now();
      if (ev.trace.exposure.total - req.amount !== h.exposure || out.evaluation.trace.exposure.total !== ev.trace.exposure.total) {
        throw new Error(`exposure mismatch for customer ${c}: engine ${ev.trace.exposure.total - req.amount}, hand SQL ${h.exposure}`);
      }
      if (i < 200) continue; // warm-up
      enforce.push(t1 - t0);
      evaluate.push(t2 - t1);
      byHand.push(t3 - t2);
    }
    const heavy: number[] = [];
    const scans: number[] = [];
    for (let i = 0; i < (o.quick ? 100 : 500); i++) {
      const t0 = performance.now();
      await inTransaction(db.kysely, (trx) => enforceCredit(trx, ctx, { customerId: heaviest, orderId: null, amount: 0, stage: 'confirm', date: DATE }));
      const t1 = performance.now();
      scan.get(heaviest);
      const t2 = performance.now();
      heavy.push(t1 - t0);
      scans.push(t2 - t1);
    }
    // The credit grid (credit.list): first page by code, and sorted by a computed column (every customer's sums).
    const page = async (sort: { colId: string; sort: 'asc' | 'desc' }[]) => listCredit(db.kysely, null, { offset: 0, limit: 100, sort, filter: {} }, DATE);
    const gridPlain: number[] = [];
    const gridSorted: number[] = [];
    for (let i = 0; i < (o.quick ? 5 : 20); i++) {
      const t0 = performance.now();
      await page([{ colId: 'code', sort: 'asc' }]);
      const t1 = performance.now();
      await page([{ colId: 'available', sort: 'asc' }]);
      gridPlain.push(t1 - t0);
      gridSorted.push(performance.now() - t1);
    }
    const se = summarize(enforce);
    const sv = summarize(evaluate);
    const sh = summarize(byHand);
    const sk = summarize(heavy);
    const ss = summarize(scans);
    const heavyOpen = s.prepare('SELECT count(*) FROM receivables WHERE customer_id = ? AND balance > 0').pluck().get(heaviest) as number;
    const heavyAll = s.prepare('SELECT count(*) FROM receivables WHERE customer_id = ?').pluck().get(heaviest) as number;
    const data = `${(counts.receivables / 1e6).toFixed(1)}M receivables (${Math.round(counts.openReceivables / 1000)}k open), ${Math.round(counts.openOrders / 1000)}k open of ${Math.round(counts.orders / 1000)}k orders`;
    o.rows.push(
      row('credit', `enforceCredit in BEGIN IMMEDIATE (${data})`, 'ms', se, `goal p99 ≤ 2 ms: ${se.p99 <= 2 ? 'met' : 'NOT met'}; Pareto-drawn customers; load ${os.loadavg()[0]?.toFixed(2)}`),
      row('credit', 'evaluateCredit (read-only, same figures)', 'ms', sv),
      row('credit', 'same exposure by hand: one prepared SQL aggregate over the same indexes', 'ms', sh, `engine ×${(se.p50 / sh.p50).toFixed(1)} of hand SQL at p50 (Kysely + rule + trace + transaction)`),
      row('credit', `heaviest customer #${heaviest} (${heavyOpen} open of ${heavyAll} receivables): enforceCredit`, 'ms', sk),
      row('credit', 'heaviest customer: sum over its whole history (NOT INDEXED, for contrast)', 'ms', ss, 'what the check never does'),
      row('credit', `credit.list first 100 of ${SHAPE.customers / 1000}k customers by code`, 'ms', summarize(gridPlain), undefined, false),
      row('credit', `credit.list first 100 sorted by available (sums for all ${SHAPE.customers / 1000}k)`, 'ms', summarize(gridSorted), undefined, false),
    );
    o.details.credit = { counts, enforce: se, evaluate: sv, hand: sh, heaviest: { id: heaviest, open: heavyOpen, all: heavyAll, enforce: sk, historyScan: ss } };
  } finally {
    await db.close();
  }
}

// Alone: node scripts/run-ts.mjs bench/credit.ts [--quick] [--regen]
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  await benchCredit({ rows, details, quick: process.argv.includes('--quick'), regen: process.argv.includes('--regen'), progress: (m) => process.stderr.write(`[bench] ${m}\n`) });
  console.log(table(rows));
  console.log(JSON.stringify(details.credit, null, 2));
}
