/**
 * Aging benchmark (issue #5 item 4): aging.report as of today (goal ≤ 300 ms and ≤ 1.5× the
 * best hand-written SQL for the same answer) and as of the end of last quarter (goal ≤ 1.5 s),
 * each beside hand-written SQL on the same file; plus the rep and region groupings and a
 * drill-down.
 *
 * Data: bench/.data/aging.sqlite (git-ignored), generated once with raw SQL on the real
 * migrations, following the ledger model exactly (balance = amount − Σ active allocations,
 * closed_on = the last active allocation's date, receipts' unallocated = amount − Σ active
 * allocations, reversed receipts at 0): 10k customers (20 reps, 12 regions, Pareto-skewed
 * volumes), 1M receivables over 2024-01-01 … 2026-11-16 (a few credit notes), ≈1M receipts,
 * one allocation per payment, 0.5% of receipts reversed some days later, bad-debt write-offs
 * for customers who never pay. Customers pay on time, late, partly or never.
 * Called from bench/run.ts, or alone:  node scripts/run-ts.mjs bench/aging.ts [--quick] [--regen]
 */
import fs from 'node:fs';
import { addDays } from '../shared/dates';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openDatabase } from '../electron/db/connection';
import { Rng } from '../electron/demo/random';
import type { CallContext } from '../electron/services/context';
import { agingHandlers } from '../electron/services/receivables/aging';
import { SettingsStore } from '../electron/services/settings-store';

import { agingItemsInput, agingReportInput } from '../shared/schemas/aging';
import { APP_VERSION } from '../shared/version';
import { type Row, row, summarize, table } from './lib';

const DATA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '.data');
const FILE = path.join(DATA_DIR, 'aging.sqlite');
const META = path.join(DATA_DIR, 'aging.json');
const SHAPE = { customers: 10_000, reps: 20, regions: 12, receivables: 1_000_000, version: 2 };
const TODAY = '2026-11-20';
const LAST_QUARTER_END = '2026-09-30';
const BOUNDS = [30, 60, 90, 180];

export interface AgingBenchOptions {
  rows: Row[];
  details: Record<string, unknown>;
  quick: boolean;
  progress: (msg: string) => void;
  regen?: boolean;
}

async function generate(progress: (m: string) => void): Promise<void> {
  for (const f of [FILE, `${FILE}-wal`, `${FILE}-shm`]) fs.rmSync(f, { force: true });
  fs.rmSync(path.join(DATA_DIR, 'backups'), { recursive: true, force: true });
  const db = await openDatabase(FILE, { appVersion: APP_VERSION });
  const s = db.sqlite;
  const rng = new Rng(20261120);
  const t = '2026-01-01T00:00:00Z';
  const started = performance.now();
  s.pragma('synchronous = OFF');
  // Payment behaviour per customer: 0 on time, 1 late, 2 partly, 3 never.
  const behaviour: number[] = [0];
  const terms: number[] = [0];
  s.transaction(() => {
    const u = s.prepare(`INSERT INTO users (id, username, display_name, password_hash, created_at, updated_at) VALUES (?, ?, ?, 'x', ?, ?)`);
    for (let i = 1; i <= SHAPE.reps; i++) u.run(100 + i, `rep${i}`, `业务员${i}`, t, t);
    const g = s.prepare('INSERT INTO regions (id, code, name) VALUES (?, ?, ?)');
    for (let i = 1; i <= SHAPE.regions; i++) g.run(i, `R${i}`, `区域${i}`);
    const c = s.prepare(
      `INSERT INTO customers (id, code, name, type, owner_id, region_id, payment_terms_days, credit_limit, created_at, updated_at) VALUES (?, ?, ?, 'direct', ?, ?, ?, 0, ?, ?)`,
    );
    for (let i = 1; i <= SHAPE.customers; i++) {
      const b = rng.next();
      behaviour.push(b < 0.6 ? 0 : b < 0.85 ? 1 : b < 0.97 ? 2 : 3);
      terms.push(rng.pick([0, 30, 30, 60, 90]));
      // 3% have no rep, 2% no region: the 未分配 rows.
      c.run(i, `C${String(i).padStart(6, '0')}`, `客户${i}`, rng.chance(0.03) ? null : 101 + (i % SHAPE.reps), rng.chance(0.02) ? null : 1 + (i % SHAPE.regions), terms[i], t, t);
    }
  })();
  const pick = () => 1 + Math.floor(SHAPE.customers * rng.next() ** 2); // Pareto-ish: low ids are heavy
  const base = '2024-01-01';
  const ins = {
    item: s.prepare(
      `INSERT INTO receivables (id, number, customer_id, kind, date, due_date, amount, balance, status, closed_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    receipt: s.prepare(
      `INSERT INTO receipts (id, number, customer_id, date, amount, unallocated, method, status, reversed_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'bank_transfer', ?, ?, ?, ?)`,
    ),
    alloc: s.prepare(
      `INSERT INTO allocations (customer_id, receivable_id, source, receipt_id, write_off_id, date, amount, reversed_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    writeOff: s.prepare(
      `INSERT INTO write_offs (id, number, customer_id, receivable_id, kind, date, amount, reason, reversed_on, created_at) VALUES (?, ?, ?, ?, 'bad_debt', ?, ?, '长期无法收回', NULL, ?)`,
    ),
  };
  let receiptId = 0;
  let writeOffId = 0;
  const receipt = (customer: number, date: string, amount: number, unallocated: number, reversedOn: string | null) => {
    receiptId++;
    ins.receipt.run(receiptId, `RC${receiptId}`, customer, date, amount, reversedOn ? 0 : unallocated, reversedOn ? 'reversed' : 'posted', reversedOn, t, t);
    return receiptId;
  };
  const BATCH = 50_000;
  for (let from = 0; from < SHAPE.receivables; from += BATCH) {
    progress(`aging bench: receivables ${from / 1000}k …`);
    s.transaction(() => {
      for (let i = from; i < Math.min(SHAPE.receivables, from + BATCH); i++) {
        const id = i + 1;
        const cust = pick();
        const date = addDays(base, Math.floor((i / SHAPE.receivables) * 1050)); // in date order up to 2026-11-16
        const due = addDays(date, terms[cust] ?? 30);
        const amount = 100_00 + Math.floor(rng.next() * 30_000_00);
        if (rng.chance(0.003)) {
          // A credit note (return) left unapplied: customer credit until allocated.
          ins.item.run(id, `CN${id}`, cust, 'credit_note', date, date, amount, amount, 'open', null, t, t);
          continue;
        }
        const kind = i < 20_000 ? 'opening' : 'invoice';
        const b = behaviour[cust] ?? 0;
        if (b === 3) {
          // Never pays: written off as bad debt after about a year and a half, if that has come.
          const wo = addDays(date, 540);
          if (wo <= TODAY && rng.chance(0.7)) {
            writeOffId++;
            ins.item.run(id, `AR${id}`, cust, kind, date, due, amount, 0, 'written_off', wo, t, t);
            ins.writeOff.run(writeOffId, `WO${writeOffId}`, cust, id, wo, amount, t);
            ins.alloc.run(cust, id, 'write_off', null, writeOffId, wo, amount, null, t);
          } else {
            ins.item.run(id, `AR${id}`, cust, kind, date, due, amount, amount, 'open', null, t, t);
          }
          continue;
        }
        const delay = b === 0 ? rng.int(-15, 10) : rng.int(5, 150);
        const paidOn = addDays(due, delay) < date ? date : addDays(due, delay);
        if (paidOn > TODAY) {
          ins.item.run(id, `AR${id}`, cust, kind, date, due, amount, amount, 'open', null, t, t);
          continue;
        }
        const paid = b === 2 && rng.chance(0.5) ? Math.floor(amount * rng.between(0.4, 0.9)) : amount;
        const over = rng.chance(0.01) ? rng.int(1, 5_000_00) : 0; // overpaid: the rest stays as 预收
        const reversedOn = rng.chance(0.005) ? addDays(paidOn, rng.int(1, 20)) : null;
        const reversed = reversedOn !== null && reversedOn <= TODAY ? reversedOn : null;
        const balance = reversed ? amount : amount - paid;
        const status = balance === 0 ? 'paid' : balance === amount ? 'open' : 'partly_paid';
        ins.item.run(id, `AR${id}`, cust, kind, date, due, amount, balance, status, balance === 0 ? paidOn : null, t, t);
        const rc = receipt(cust, paidOn, paid + over, over, reversed);
        ins.alloc.run(cust, id, 'receipt', rc, null, paidOn, paid, reversed, t);
      }
    })();
  }
  progress('aging bench: prepayments …');
  s.transaction(() => {
    // Prepayments 预收 not yet allocated, spread over the last year.
    for (let k = 0; k < 20_000; k++) {
      const amount = rng.int(100_00, 50_000_00);
      receipt(pick(), addDays('2025-11-20', rng.int(0, 365)), amount, amount, null);
    }
  })();
  s.pragma('synchronous = NORMAL');
  s.exec('ANALYZE');
  await db.close();
  fs.writeFileSync(META, JSON.stringify({ ...SHAPE, seconds: Math.round((performance.now() - started) / 1000) }));
  progress(`aging bench: generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** The best hand-written SQL for the same answer: per customer, buckets + unapplied, one statement. */
function handSql(asOf: string, replay: boolean): string {
  const cut = [asOf, ...BOUNDS.map((b) => addDays(asOf, -b))];
  const bucket = `CASE ${cut.map((d, i) => `WHEN due_date >= '${d}' THEN ${i}`).join(' ')} ELSE ${BOUNDS.length + 1} END`;
  const pivot = Array.from({ length: BOUNDS.length + 2 }, (_, i) => `sum(CASE WHEN b = ${i} THEN bal ELSE 0 END) AS b${i}`).join(', ');
  const moved = (col: string) =>
    `SELECT id, sum(d) AS delta FROM (
       SELECT ${col} AS id, CASE WHEN reversed_on IS NULL THEN amount ELSE 0 END AS d FROM allocations WHERE date > '${asOf}'
       UNION ALL SELECT ${col}, -amount FROM allocations WHERE reversed_on > '${asOf}' AND date <= '${asOf}'
     ) WHERE id IS NOT NULL GROUP BY id`;
  const items = replay
    ? `WITH m AS MATERIALIZED (${moved('receivable_id')})
       SELECT r.customer_id, r.due_date, min(r.amount, r.balance + coalesce(m.delta, 0)) AS bal FROM receivables r LEFT JOIN m ON m.id = r.id
         WHERE r.balance > 0 AND r.kind != 'credit_note' AND r.date <= '${asOf}'
       UNION ALL
       SELECT r.customer_id, r.due_date, min(r.amount, m.delta) FROM m CROSS JOIN receivables r ON r.id = m.id
         WHERE r.balance = 0 AND r.kind != 'credit_note' AND r.date <= '${asOf}'`
    : `SELECT customer_id, due_date, balance AS bal FROM receivables WHERE balance > 0 AND kind != 'credit_note'`;
  const credits = replay
    ? `WITH mr AS MATERIALIZED (${moved('receipt_id')}), mc AS MATERIALIZED (${moved('credit_note_id')})
       SELECT customer_id, unallocated AS open FROM receipts WHERE unallocated > 0 AND +date <= '${asOf}' AND id NOT IN (SELECT id FROM mr)
       UNION ALL
       SELECT r.customer_id, min(r.amount, CASE WHEN r.status = 'reversed' THEN r.amount ELSE r.unallocated END + coalesce(mr.delta, 0))
         FROM (SELECT id FROM mr UNION SELECT id FROM receipts WHERE reversed_on > '${asOf}') k JOIN receipts r ON r.id = k.id LEFT JOIN mr ON mr.id = r.id
         WHERE r.date <= '${asOf}' AND (r.reversed_on IS NULL OR r.reversed_on > '${asOf}')
       UNION ALL
       SELECT customer_id, balance FROM receivables WHERE balance > 0 AND kind = 'credit_note' AND +date <= '${asOf}' AND id NOT IN (SELECT id FROM mc)
       UNION ALL
       SELECT r.customer_id, min(r.amount, r.balance + mc.delta) FROM mc CROSS JOIN receivables r ON r.id = mc.id WHERE r.kind = 'credit_note' AND r.date <= '${asOf}'`
    : `SELECT customer_id, unallocated AS open FROM receipts WHERE unallocated > 0
       UNION ALL SELECT customer_id, balance FROM receivables WHERE balance > 0 AND kind = 'credit_note'`;
  return `WITH i AS (SELECT customer_id, ${pivot} FROM (SELECT customer_id, bal, ${bucket} AS b FROM (${items}) WHERE bal > 0) GROUP BY customer_id),
    cr AS (SELECT customer_id, sum(open) AS u FROM (${credits}) WHERE open > 0 GROUP BY customer_id),
    k AS (SELECT customer_id FROM i UNION SELECT customer_id FROM cr)
    SELECT c.id, c.code, c.name, ${Array.from({ length: BOUNDS.length + 2 }, (_, n) => `coalesce(i.b${n}, 0) AS b${n}`).join(', ')}, coalesce(cr.u, 0) AS unapplied
    FROM k JOIN customers c ON c.id = k.customer_id LEFT JOIN i ON i.customer_id = k.customer_id LEFT JOIN cr ON cr.customer_id = k.customer_id`;
}

export async function benchAging(o: AgingBenchOptions): Promise<void> {
  fs.mkdirSync(DATA_DIR, { recursive: true });
  const meta = fs.existsSync(META) ? (JSON.parse(fs.readFileSync(META, 'utf8')) as typeof SHAPE) : null;
  if (o.regen || !fs.existsSync(FILE) || !meta || meta.version !== SHAPE.version) await generate(o.progress);
  const db = await openDatabase(FILE, { appVersion: APP_VERSION, skipIntegrityCheck: true });
  try {
    const s = db.sqlite;
    const count = (q: string) => s.prepare(q).pluck().get() as number;
    const counts = {
      customers: count('SELECT count(*) FROM customers'),
      receivables: count('SELECT count(*) FROM receivables'),
      openReceivables: count('SELECT count(*) FROM receivables WHERE balance > 0'),
      closedAfterQuarter: count(`SELECT count(*) FROM receivables WHERE closed_on > '${LAST_QUARTER_END}'`),
      receipts: count('SELECT count(*) FROM receipts'),
      allocations: count('SELECT count(*) FROM allocations'),
      reversed: count('SELECT count(*) FROM allocations WHERE reversed_on IS NOT NULL'),
      writeOffs: count('SELECT count(*) FROM write_offs'),
    };
    const session = { userId: 1, username: 'bench', displayName: 'bench', roles: ['finance'], permissions: new Set(['receivables.read', 'customers.read_all']), tokenHash: '', expiresAt: '' };
    const ctx = { db: db.kysely, sqlite: s, clock: { now: () => new Date(`${TODAY}T02:00:00Z`) }, settings: new SettingsStore(db.kysely), session } as unknown as CallContext;
    const report = (input: Record<string, unknown>) => agingHandlers['aging.report'](agingReportInput.parse(input), ctx);
    const handToday = s.prepare(handSql(TODAY, false));
    const handPast = s.prepare(handSql(LAST_QUARTER_END, true));
    const totalOf = (rows: Record<string, number>[]) => rows.reduce((a, r) => a + Array.from({ length: BOUNDS.length + 2 }, (_, n) => r[`b${n}`] ?? 0).reduce((x, y) => x + y, 0), 0);

    // Interleaved, so drift lands on both sides.
    const runs = o.quick ? 5 : 15;
    const time = async (fn: () => unknown) => {
      const t0 = performance.now();
      await fn();
      return performance.now() - t0;
    };
    const samples = { today: [] as number[], handToday: [] as number[], past: [] as number[], handPast: [] as number[], rep: [] as number[], region: [] as number[], drill: [] as number[] };
    let check: { today?: [number, number]; past?: [number, number] } = {};
    for (let i = 0; i < runs + 2; i++) {
      const rToday = await report({ asOf: TODAY });
      const tToday = await time(() => report({ asOf: TODAY }));
      const tHandToday = await time(() => handToday.all());
      const tPast = await time(() => report({ asOf: LAST_QUARTER_END }));
      const tHandPast = await time(() => handPast.all());
      const tRep = await time(() => report({ asOf: TODAY, groupBy: 'rep' }));
      const tRegion = await time(() => report({ asOf: LAST_QUARTER_END, groupBy: 'region' }));
      const tDrill = await time(() => agingHandlers['aging.items'](agingItemsInput.parse({ asOf: LAST_QUARTER_END, groupBy: 'rep', key: 101, bucket: 5 }), ctx));
      if (i === 0) {
        const rPast = await report({ asOf: LAST_QUARTER_END });
        check = { today: [rToday.totals.total, totalOf(handToday.all() as never)], past: [rPast.totals.total, totalOf(handPast.all() as never)] };
        if (check.today?.[0] !== check.today?.[1] || check.past?.[0] !== check.past?.[1]) throw new Error(`aging and hand SQL disagree: ${JSON.stringify(check)}`);
        if (rToday.method !== 'current' || rPast.method !== 'replay') throw new Error(`unexpected methods ${rToday.method} / ${rPast.method}`);
      }
      if (i < 2) continue; // warm-up
      samples.today.push(tToday);
      samples.handToday.push(tHandToday);
      samples.past.push(tPast);
      samples.handPast.push(tHandPast);
      samples.rep.push(tRep);
      samples.region.push(tRegion);
      samples.drill.push(tDrill);
    }
    const sm = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summarize(v)])) as Record<keyof typeof samples, ReturnType<typeof summarize>>;
    const ratioToday = sm.today.p50 / sm.handToday.p50;
    const ratioPast = sm.past.p50 / sm.handPast.p50;
    const data = `${counts.receivables / 1e6}M receivables (${Math.round(counts.openReceivables / 1000)}k open), ${(counts.receipts / 1e6).toFixed(2)}M receipts, ${(counts.allocations / 1e6).toFixed(2)}M allocations`;
    o.rows.push(
      row('aging', `aging.report as of today, by customer, top 500 (${data})`, 'ms', sm.today, `goal ≤ 300 ms and ≤ 1.5× hand SQL: ${sm.today.p50 <= 300 && ratioToday <= 1.5 ? 'met' : 'NOT met'} (×${ratioToday.toFixed(2)}); load ${os.loadavg()[0]?.toFixed(2)}`),
      row('aging', 'same answer by hand: one prepared SQL statement (all customers)', 'ms', sm.handToday),
      row('aging', `aging.report as of ${LAST_QUARTER_END} (replay; ${Math.round(counts.closedAfterQuarter / 1000)}k items closed since)`, 'ms', sm.past, `goal ≤ 1.5 s: ${sm.past.p50 <= 1500 ? 'met' : 'NOT met'} (×${ratioPast.toFixed(2)} of hand SQL)`),
      row('aging', `same answer by hand as of ${LAST_QUARTER_END}`, 'ms', sm.handPast),
      row('aging', 'aging.report as of today, by rep', 'ms', sm.rep),
      row('aging', `aging.report as of ${LAST_QUARTER_END}, by region`, 'ms', sm.region),
      row('aging', `aging.items: one rep's >180 bucket as of ${LAST_QUARTER_END}`, 'ms', sm.drill),
    );
    o.details.aging = { counts, check, ...sm, ratioToday, ratioPast };
  } finally {
    await db.close();
  }
}

// Alone: node scripts/run-ts.mjs bench/aging.ts [--quick] [--regen]
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  await benchAging({ rows, details, quick: process.argv.includes('--quick'), regen: process.argv.includes('--regen'), progress: (m) => process.stderr.write(`[bench] ${m}\n`) });
  console.log(table(rows));
  console.log(JSON.stringify(details.aging, null, 2));
}
