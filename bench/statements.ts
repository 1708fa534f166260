/**
 * Statement-of-account benchmark (issue #5): one customer with 2,000 statement lines in the
 * period (invoices, receipts allocated oldest-first, credit notes, write-offs, reversals) among
 * 200,000 other receivables; goal: statement PDF ≤ 3 s. Printed: the data (statements.get via
 * the router), the HTML (statementHtml), the PDF (headless Chromium, browser already running)
 * and statements.pdf end to end through the router; the first call's Chromium launch separately.
 *
 * Builds its own file with raw SQL on a temp dir, following the ledger model exactly (every
 * balance movement an allocation row; balances, unallocated amounts and closed_on consistent).
 * Called from bench/run.ts, or alone: node scripts/run-ts.mjs bench/statements.ts [--quick]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { chromiumInstalled, createChromiumPdf } from '../electron/host/pdf-chromium';
import { createApp } from '../electron/main/create-app';
import { statementHtml } from '../electron/services/receivables/statement-html';
import type { Method } from '../shared/contract';
import type { Statement } from '../shared/schemas/statements';
import { type Row, row, summarize, table } from './lib';

export interface StatementsBenchOptions {
  rows: Row[];
  details: Record<string, unknown>;
  quick: boolean;
  progress: (msg: string) => void;
}

const T = '2026-11-01T00:00:00.000Z';

/**
 * CPU time (ms) used so far by this process and all its descendants (Chromium's browser, renderer
 * and GPU processes), from /proc (Linux; null elsewhere). On a loaded machine wall time mostly
 * measures the neighbours; CPU time is the work the PDF really costs, ≈ its wall time when idle.
 */
function treeCpuMs(): number | null {
  if (process.platform !== 'linux') return null;
  const procs = new Map<number, { ppid: number; ticks: number }>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // Fields after "(comm)": state ppid … utime(12th) stime(13th) cutime cstime.
      procs.set(Number(d), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) });
    } catch {
      // the process ended meanwhile
    }
  }
  let ticks = 0;
  for (const [pid, p] of procs) {
    for (let q: number | undefined = pid, hops = 0; q !== undefined && q > 1 && hops < 20; q = procs.get(q)?.ppid, hops++) {
      if (q === process.pid) {
        ticks += p.ticks;
        break;
      }
    }
  }
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}
const addDays = (iso: string, n: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

/**
 * The bench customer's ledger for 2026: 1,300 invoices, 500 receipts (oldest-first allocation),
 * 100 credit notes (applied), 60 write-offs, 25 receipt and 15 write-off reversals → 2,000 lines.
 */
function seedLedger(sqlite: import('better-sqlite3').Database, customerId: number): void {
  const insItem = sqlite.prepare(
    `INSERT INTO receivables (number, customer_id, kind, date, due_date, amount, balance, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)`,
  );
  const insReceipt = sqlite.prepare(
    `INSERT INTO receipts (number, customer_id, date, amount, unallocated, method, reference, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'bank_transfer', ?, 'posted', ?, ?)`,
  );
  const insAlloc = sqlite.prepare(
    `INSERT INTO allocations (customer_id, receivable_id, source, receipt_id, credit_note_id, write_off_id, date, amount, reversed_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insWo = sqlite.prepare(
    `INSERT INTO write_offs (number, customer_id, receivable_id, kind, date, amount, reason, reversed_on, reverse_reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const items: { id: number; date: string; amount: number; balance: number }[] = [];
  let rnd = 12345;
  const rand = (n: number) => {
    rnd = (rnd * 1103515245 + 12345) % 2 ** 31;
    return rnd % n;
  };
  // A day-by-day script: mostly invoices, receipts every few days, a credit note or write-off now and then.
  const events: { day: number; kind: 'invoice' | 'receipt' | 'credit' | 'writeoff' }[] = [];
  for (let i = 0; i < 1300; i++) events.push({ day: Math.floor((i * 360) / 1300), kind: 'invoice' });
  for (let i = 0; i < 500; i++) events.push({ day: 5 + Math.floor((i * 355) / 500), kind: 'receipt' });
  for (let i = 0; i < 100; i++) events.push({ day: 10 + Math.floor((i * 350) / 100), kind: 'credit' });
  for (let i = 0; i < 60; i++) events.push({ day: 30 + Math.floor((i * 330) / 60), kind: 'writeoff' });
  events.sort((a, b) => a.day - b.day);
  let n = 0;
  let receipts = 0;
  let writeOffs = 0;
  const receiptIds: { id: number; date: string; allocs: number[] }[] = [];
  const woIds: { id: number; date: string; alloc: number }[] = [];
  const allocate = (source: 'receipt' | 'credit_note' | 'write_off', sourceId: number, date: string, amount: number, onlyItem?: number): { left: number; allocs: number[] } => {
    let left = amount;
    const allocs: number[] = [];
    for (const it of items) {
      if (left === 0) break;
      if (it.balance === 0 || it.date > date || (onlyItem !== undefined && it.id !== onlyItem)) continue;
      const a = Math.min(left, it.balance);
      it.balance -= a;
      left -= a;
      const r = insAlloc.run(customerId, it.id, source, source === 'receipt' ? sourceId : null, source === 'credit_note' ? sourceId : null, source === 'write_off' ? sourceId : null, date, a, null, T);
      allocs.push(Number(r.lastInsertRowid));
    }
    return { left, allocs };
  };
  for (const e of events) {
    const date = addDays('2026-01-01', e.day);
    n++;
    if (e.kind === 'invoice') {
      const amount = 50_000 + rand(500_000);
      const r = insItem.run(`BI-${n}`, customerId, 'invoice', date, addDays(date, 30), amount, amount, T, T);
      items.push({ id: Number(r.lastInsertRowid), date, amount, balance: amount });
    } else if (e.kind === 'receipt') {
      const amount = 300_000 + rand(900_000);
      const r = insReceipt.run(`BR-${++receipts}`, customerId, date, amount, amount, `招商银行 转账 ${receipts}`, T, T);
      const id = Number(r.lastInsertRowid);
      const { left, allocs } = allocate('receipt', id, date, amount);
      sqlite.prepare('UPDATE receipts SET unallocated = ? WHERE id = ?').run(left, id);
      receiptIds.push({ id, date, allocs });
    } else if (e.kind === 'credit') {
      const amount = 5_000 + rand(20_000);
      const r = insItem.run(`BC-${n}`, customerId, 'credit_note', date, date, amount, amount, T, T);
      const id = Number(r.lastInsertRowid);
      const { left } = allocate('credit_note', id, date, amount);
      sqlite.prepare(`UPDATE receivables SET balance = ?, status = CASE WHEN ? = 0 THEN 'paid' WHEN ? = amount THEN 'open' ELSE 'partly_paid' END WHERE id = ?`).run(left, left, left, id);
    } else {
      const it = items.find((i) => i.balance > 0 && i.balance < 60_000) ?? items.find((i) => i.balance > 0);
      if (!it) continue;
      const amount = Math.min(it.balance, 100 + rand(5_000));
      const r = insWo.run(`BW-${++writeOffs}`, customerId, it.id, 'small_difference', date, amount, '尾差核销', null, null, T);
      const id = Number(r.lastInsertRowid);
      const { allocs } = allocate('write_off', id, date, amount, it.id);
      woIds.push({ id, date, alloc: allocs[0] as number });
    }
  }
  // Reversals dated 5 days after the document (after every allocation of it: allocations are on the document's date).
  const byId = new Map(items.map((i) => [i.id, i]));
  const reverseAlloc = (allocId: number, on: string) => {
    const a = sqlite.prepare('SELECT receivable_id, amount FROM allocations WHERE id = ?').get(allocId) as { receivable_id: number; amount: number };
    sqlite.prepare('UPDATE allocations SET reversed_on = ? WHERE id = ?').run(on, allocId);
    const it = byId.get(a.receivable_id);
    if (it) it.balance += a.amount;
  };
  for (const r of receiptIds.filter((_, i) => i % 20 === 3).slice(0, 25)) {
    const on = addDays(r.date, 5);
    for (const a of r.allocs) reverseAlloc(a, on);
    sqlite.prepare(`UPDATE receipts SET status = 'reversed', reversed_on = ?, reverse_reason = '退票', unallocated = 0 WHERE id = ?`).run(on, r.id);
  }
  for (const w of woIds.filter((_, i) => i % 4 === 1).slice(0, 15)) {
    const on = addDays(w.date, 5);
    reverseAlloc(w.alloc, on);
    sqlite.prepare(`UPDATE write_offs SET reversed_on = ?, reverse_reason = '追回' WHERE id = ?`).run(on, w.id);
  }
  // Item balances, status and closed_on from the allocations, as refreshItems would set them.
  const upd = sqlite.prepare(`UPDATE receivables SET balance = ?, status = CASE WHEN ? = 0 THEN 'paid' WHEN ? = amount THEN 'open' ELSE 'partly_paid' END,
    closed_on = CASE WHEN ? = 0 THEN (SELECT max(date) FROM allocations WHERE receivable_id = receivables.id AND reversed_on IS NULL) END WHERE id = ?`);
  for (const it of items) upd.run(it.balance, it.balance, it.balance, it.balance, it.id);
}

export async function benchStatements(o: StatementsBenchOptions): Promise<void> {
  if (!chromiumInstalled()) {
    o.progress('statements: no Chromium at /usr/bin/chromium (SALESDESK_CHROMIUM), skipped');
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesdesk-bench-statements-'));
  const pdf = createChromiumPdf();
  const app = await createApp({ mainFile: path.join(dir, 'statements.sqlite'), scryptN: 1024, pdf, documentsDir: dir, log: () => {} });
  try {
    const setup = await app.router.call({
      method: 'system.setup',
      input: { companyName: '杭州云帆贸易有限公司', currency: 'CNY', fiscalYearStartMonth: 1, adminUsername: 'admin', adminDisplayName: '管理员', adminPassword: 'bench-pass-1' },
      token: null,
    });
    if (!setup.ok) throw new Error(setup.error.message);
    const token = (setup.data as { token: string }).token;
    const call = async <T>(method: Method, input: unknown): Promise<T> => {
      const r = await app.router.call({ method, input, token });
      if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
      return r.data as T;
    };
    o.progress('statements: building the bench ledger (2,000 statement lines + 200k other receivables) …');
    const sqlite = app.workspace.current().sqlite;
    const t0 = performance.now();
    sqlite.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
      INSERT INTO customers (code, name, type, created_at, updated_at) SELECT printf('K%05d', i), '客户 ' || i, 'direct', '${T}', '${T}' FROM n`);
    sqlite.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000)
      INSERT INTO receivables (number, customer_id, kind, date, due_date, amount, balance, status, created_at, updated_at)
      SELECT 'OTHER-' || i, 1 + i % 2000, 'invoice', date('2026-01-01', '+' || (i % 360) || ' days'), date('2026-01-31', '+' || (i % 360) || ' days'),
        10000 + i % 9000, 10000 + i % 9000, 'open', '${T}', '${T}' FROM n`);
    const customerId = Number(
      sqlite.prepare(`INSERT INTO customers (code, name, type, created_at, updated_at) VALUES ('C-BENCH', '杭州联华超市有限公司', 'direct', ?, ?)`).run(T, T).lastInsertRowid,
    );
    sqlite.transaction(() => seedLedger(sqlite, customerId))();
    sqlite.exec('ANALYZE');
    const buildMs = performance.now() - t0;

    const input = { customerId, from: '2026-01-01', to: '2026-12-31' };
    const first0 = performance.now();
    const firstPdf = await call<{ pages?: number; pdfBase64: string }>('statements.pdf', { ...input, language: 'zh-CN' });
    const firstMs = performance.now() - first0;
    const runs = o.quick ? 3 : 8;
    const data: number[] = [];
    const html: number[] = [];
    const render: number[] = [];
    const renderCpu: number[] = [];
    const total: number[] = [];
    let s: Statement | null = null;
    let htmlText = '';
    let pages: number | undefined;
    for (let r = 0; r < runs; r++) {
      let t = performance.now();
      s = await call<Statement>('statements.get', input);
      data.push(performance.now() - t);
      t = performance.now();
      htmlText = statementHtml(s, r % 2 ? 'en' : 'zh-CN');
      html.push(performance.now() - t);
      t = performance.now();
      const cpu0 = treeCpuMs();
      await pdf.render(htmlText);
      render.push(performance.now() - t);
      const cpu1 = treeCpuMs();
      if (cpu0 !== null && cpu1 !== null) renderCpu.push(cpu1 - cpu0);
      t = performance.now();
      pages = (await call<{ pages?: number }>('statements.pdf', { ...input, language: r % 2 ? 'en' : 'zh-CN' })).pages;
      total.push(performance.now() - t);
    }
    const lines = s?.lines.length ?? 0;
    const st = summarize(total);
    const load = os.loadavg()[0]?.toFixed(1) ?? '?';
    o.rows.push(row('statements', `statements.pdf, ${lines} lines, ${pages ?? '?'} A4 pages, via router`, 'ms', st, `goal ≤ 3000 ms: ${st.max <= 3000 ? 'met' : 'NOT met'} (max ${st.max.toFixed(0)}); load ${load}`, false));
    o.rows.push(row('statements', '  of which data (statements.get via router)', 'ms', summarize(data), undefined, false));
    o.rows.push(row('statements', `  of which HTML (statementHtml, ${(htmlText.length / 1024).toFixed(0)} KiB)`, 'ms', summarize(html), undefined, false));
    o.rows.push(row('statements', '  of which PDF (headless Chromium, browser running)', 'ms', summarize(render), undefined, false));
    if (renderCpu.length) o.rows.push(row('statements', '  PDF CPU time (this process + Chromium; ≈ wall time when idle)', 'ms', summarize(renderCpu), undefined, false));
    o.rows.push(row('statements', '  first statements.pdf incl. Chromium launch', 'ms', summarize([firstMs]), undefined, false));
    o.details.statements = {
      lines, pages, pdfBytes: Buffer.from(firstPdf.pdfBase64, 'base64').length, buildMs: Math.round(buildMs),
      firstMs: Math.round(firstMs), total: st, data: summarize(data), html: summarize(html), pdf: summarize(render),
      pdfCpu: renderCpu.length ? summarize(renderCpu) : null, loadAvg: os.loadavg(), cores: os.cpus().length,
    };
  } finally {
    await app.close();
    await pdf.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Alone: node scripts/run-ts.mjs bench/statements.ts [--quick]
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  await benchStatements({ rows, details, quick: process.argv.includes('--quick'), progress: (m) => process.stderr.write(`[bench] ${m}\n`) });
  console.log(table(rows));
  console.log(JSON.stringify(details.statements, null, 2));
}
