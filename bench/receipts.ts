/**
 * Receipts benchmarks (issue #5):
 *
 * - auto-allocation (FIFO) of one receipt over a customer with 5,000 open items, through the
 *   router (receipts.allocate: plan, set-based ledger posting, status refresh, audit); goal
 *   ≤ 50 ms. Between runs the receipt is reversed (untimed), so every run sees the same 5,000
 *   open items; a fresh receipt is recorded (untimed) for the next run.
 * - receivables.verify over the whole file: every identity of docs/receivables.md on a file with
 *   1M receivables and 1M receipts (800k allocations), built with raw set-based SQL following
 *   the ledger model (quick: 100k of each). Goal: a few seconds.
 *
 * Called from bench/run.ts, or alone: node scripts/run-ts.mjs bench/receipts.ts [--quick]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createApp } from '../electron/main/create-app';
import type { Method } from '../shared/contract';
import { type Row, row, summarize, table } from './lib';

export interface ReceiptsBenchOptions {
  rows: Row[];
  details: Record<string, unknown>;
  quick: boolean;
  progress: (msg: string) => void;
}

const T = '2026-01-01T00:00:00.000Z';

export async function benchReceipts(o: ReceiptsBenchOptions): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesdesk-bench-receipts-'));
  const app = await createApp({ mainFile: path.join(dir, 'receipts.sqlite'), scryptN: 1024, log: () => {} });
  const load = () => os.loadavg()[0]?.toFixed(1) ?? '?';
  try {
    const setup = await app.router.call({
      method: 'system.setup',
      input: { companyName: '基准测试公司', currency: 'CNY', fiscalYearStartMonth: 1, adminUsername: 'admin', adminDisplayName: 'admin', adminPassword: 'bench-pass-1' },
      token: null,
    });
    if (!setup.ok) throw new Error(setup.error.message);
    const token = (setup.data as { token: string }).token;
    const call = async (method: Method, input: unknown) => {
      const r = await app.router.call({ method, input, token });
      if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
      return r.data as never;
    };
    const sqlite = app.workspace.current().sqlite;

    // ── the big file: customers, invoices, receipts, allocations (raw SQL, ledger model) ──
    const N = o.quick ? 100_000 : 1_000_000;
    const customers = o.quick ? 2_000 : 10_000;
    o.progress(`receipts: building ${N.toLocaleString()} receivables + ${N.toLocaleString()} receipts …`);
    const t0 = performance.now();
    sqlite.exec('BEGIN');
    sqlite.exec(`WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ${customers})
      INSERT INTO customers (code, name, type, created_at, updated_at) SELECT 'B' || x, '基准客户' || x, 'direct', '${T}', '${T}' FROM c`);
    const firstCustomer = sqlite.prepare(`SELECT min(id) FROM customers WHERE code LIKE 'B%'`).pluck().get() as number;
    // Invoice x: customer x mod C; x mod 10 in 0..6 fully paid by receipt x, 7 half paid, 8..9 open
    // with an unallocated receipt (customer credit 预收) of ¥10.
    sqlite.exec(`WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ${N})
      INSERT INTO receivables (id, number, customer_id, kind, date, due_date, amount, balance, status, closed_on, created_at, updated_at)
      SELECT x, 'AR-B-' || x, ${firstCustomer} + x % ${customers}, 'invoice', date('2024-01-01', '+' || (x % 1000) || ' days'),
        date('2024-01-31', '+' || (x % 1000) || ' days'), 10000 + x * 7919 % 500000 AS a,
        CASE WHEN x % 10 < 7 THEN 0 WHEN x % 10 = 7 THEN (10000 + x * 7919 % 500000) - (10000 + x * 7919 % 500000) / 2 ELSE 10000 + x * 7919 % 500000 END,
        CASE WHEN x % 10 < 7 THEN 'paid' WHEN x % 10 = 7 THEN 'partly_paid' ELSE 'open' END,
        CASE WHEN x % 10 < 7 THEN date('2024-01-11', '+' || (x % 1000) || ' days') END, '${T}', '${T}'
      FROM c`);
    sqlite.exec(`INSERT INTO receipts (id, number, customer_id, date, amount, unallocated, method, created_at, updated_at)
      SELECT id, 'RC-B-' || id, customer_id, date(date, '+10 days'),
        CASE WHEN id % 10 < 7 THEN amount WHEN id % 10 = 7 THEN amount / 2 ELSE 1000 END,
        CASE WHEN id % 10 < 8 THEN 0 ELSE 1000 END, 'bank_transfer', '${T}', '${T}'
      FROM receivables WHERE number LIKE 'AR-B-%'`);
    sqlite.exec(`INSERT INTO allocations (customer_id, receivable_id, source, receipt_id, date, amount, created_at)
      SELECT r.customer_id, r.id, 'receipt', rc.id, rc.date, rc.amount, '${T}'
      FROM receivables r JOIN receipts rc ON rc.id = r.id WHERE r.number LIKE 'AR-B-%' AND r.id % 10 < 8`);
    sqlite.exec('COMMIT');
    sqlite.exec('ANALYZE');
    const buildMs = performance.now() - t0;
    const count = (q: string) => sqlite.prepare(q).pluck().get() as number;
    const counts = { receivables: count('SELECT count(*) FROM receivables'), receipts: count('SELECT count(*) FROM receipts'), allocations: count('SELECT count(*) FROM allocations') };
    o.progress(`receipts: built in ${(buildMs / 1000).toFixed(1)} s ${JSON.stringify(counts)}`);

    // ── receivables.verify over the whole file ──
    const verify: number[] = [];
    const verifyCpu: number[] = [];
    for (let i = 0; i < (o.quick ? 2 : 3); i++) {
      const s = performance.now();
      const c0 = process.cpuUsage();
      const v = (await call('receivables.verify', {})) as { ok: boolean; failures: unknown[] };
      verify.push(performance.now() - s);
      const c1 = process.cpuUsage(c0);
      verifyCpu.push((c1.user + c1.system) / 1000);
      if (!v.ok) throw new Error(`verify failed on the bench file: ${JSON.stringify(v.failures.slice(0, 3))}`);
    }
    const sv = summarize(verify);
    o.rows.push(row('receipts', `receivables.verify, whole file (${(counts.receivables / 1e6).toFixed(1)}M receivables, ${(counts.receipts / 1e6).toFixed(1)}M receipts, ${(counts.allocations / 1e6).toFixed(1)}M allocations)`, 'ms', sv, `goal a few seconds; load ${load()}`, false));
    o.rows.push(row('receipts', '  the same, CPU time of the process', 'ms', summarize(verifyCpu), undefined, false));
    const one: number[] = [];
    for (let i = 0; i < 10; i++) {
      const s = performance.now();
      await call('receivables.verify', { customerId: firstCustomer + i });
      one.push(performance.now() - s);
    }
    o.rows.push(row('receipts', 'receivables.verify, one customer on that file', 'ms', summarize(one)));

    // ── FIFO auto-allocation over 5,000 open items ──
    const big = Number(sqlite.prepare(`INSERT INTO customers (code, name, type, created_at, updated_at) VALUES ('BIG', '五千张应收的客户', 'direct', ?, ?)`).run(T, T).lastInsertRowid);
    sqlite.exec(`WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000)
      INSERT INTO receivables (number, customer_id, kind, date, due_date, amount, balance, status, created_at, updated_at)
      SELECT 'AR-BIG-' || x, ${big}, 'invoice', date('2025-01-01', '+' || (x % 300) || ' days'), date('2025-02-01', '+' || (x * 37 % 300) || ' days'),
        1000 + x * 13 % 90000, 1000 + x * 13 % 90000, 'open', '${T}', '${T}' FROM c`);
    const open = count(`SELECT sum(balance) FROM receivables WHERE customer_id = ${big}`);
    const runs = o.quick ? 10 : 30;
    o.progress(`receipts: FIFO over 5,000 open items × ${runs + 3}`);
    const ms: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < runs + 3; i++) {
      const rc = (await call('receipts.create', { customerId: big, date: '2026-01-15', amount: open, method: 'bank_transfer' })) as { receipt: { id: number } };
      const s = performance.now();
      const c0 = process.cpuUsage();
      const r = (await call('receipts.allocate', { source: { kind: 'receipt', id: rc.receipt.id }, mode: 'fifo' })) as { allocations: unknown[] };
      const took = performance.now() - s;
      const c1 = process.cpuUsage(c0);
      if (r.allocations.length !== 5000) throw new Error(`expected 5000 allocations, got ${r.allocations.length}`);
      if (i >= 3) {
        // warm-up excluded; CPU time of this process too, as the machine is shared
        ms.push(took);
        cpu.push((c1.user + c1.system) / 1000);
      }
      await call('receipts.reverse', { id: rc.receipt.id, reason: 'bench' });
    }
    const sa = summarize(ms);
    o.rows.push(row('receipts', 'receipts.allocate FIFO, 5,000 open items (router, ledger, audit)', 'ms', sa, `goal ≤ 50 ms: ${sa.p50 <= 50 ? 'met' : 'NOT met'} at p50 (p99 ${sa.p99.toFixed(0)}); load ${load()}`));
    o.rows.push(row('receipts', '  the same, CPU time of the process (what a quiet machine would take)', 'ms', summarize(cpu)));
    const after = (await call('receivables.verify', { customerId: big })) as { ok: boolean };
    if (!after.ok) throw new Error('verify failed after the FIFO runs');
    o.details.receipts = { counts, buildMs: Math.round(buildMs), verify: sv, verifyCpu: summarize(verifyCpu), verifyOne: summarize(one), fifo5000: sa, fifo5000Cpu: summarize(cpu), loadAtEnd: os.loadavg()[0] };
  } finally {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Alone: node scripts/run-ts.mjs bench/receipts.ts [--quick]
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  await benchReceipts({ rows, details, quick: process.argv.includes('--quick'), progress: (m) => process.stderr.write(`[bench] ${m}\n`) });
  console.log(table(rows));
  console.log(JSON.stringify(details.receipts, null, 2));
}
