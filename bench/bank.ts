/**
 * Bank statement import + matching (issue #5, 银行对账): a 10,000-line statement (plus 1,000
 * outgoing lines) against a company with 10,000 customers and 100,000 open invoices; budget
 * ≤ 5 s for bank.import through the router. Also printed: the split parse / load index / match
 * / insert (insert = total − the others, measured in the same process), and re-importing the
 * same file (all duplicates, nothing written).
 *
 * Synthetic data straight into a temporary SQLite file with raw SQL, following the ledger model
 * (open invoices with balance = amount, status open). Statement lines: 30% quote an invoice
 * number, 30% pay one invoice exactly under the full legal name, 20% pay the two oldest
 * invoices under an abbreviated name, 20% from unknown payers.
 *
 * Called from bench/run.ts, or alone: node scripts/run-ts.mjs bench/bank.ts [--quick]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createApp } from '../electron/main/create-app';
import { loadMatchIndex } from '../electron/services/receivables/bank-index';
import { readStatement } from '../electron/services/receivables/bank-parse';
import { parseFile } from '../electron/services/import/parse';
import { proposeMatch } from '../electron/rules/bank-match';
import { type Row, row, summarize, table } from './lib';

export interface BankBenchOptions {
  rows: Row[];
  details: Record<string, unknown>;
  quick: boolean;
  progress: (msg: string) => void;
}

const CUSTOMERS = 10_000;
const ITEMS_PER_CUSTOMER = 10;
const LINES = 10_000;
const OUTGOING = 1_000;

const A = ['华润', '永辉', '联华', '物美', '苏果', '大润', '新华', '恒通', '金盛', '百联', '远航', '天虹', '银泰', '国美', '宏图', '东方', '长城', '金桥', '万达', '中百'];
const B = ['万家', '超市', '商贸', '实业', '科技', '电子', '食品', '贸易', '物流', '医药', '建材', '服饰', '家电', '五金', '百货', '文具', '酒业', '茶业', '粮油', '日化'];
const C = ['发展', '连锁', '供应链', '投资', '经营', '控股', '制造', '信息', '文化', '国际', '电器', '商业', '贸易', '工贸', '实业'];
const CITY = ['广州', '深圳', '杭州', '南京', '苏州', '武汉', '成都', '宁波', '厦门', '青岛', '郑州', '长沙', '合肥', '济南', '福州', '无锡', '昆明', '南昌', '佛山', '东莞', '温州', '嘉兴', '常州', '烟台', '珠海', '泉州', '扬州', '湖州', '洛阳'];

/** Deterministic pseudo-random (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function customerName(i: number): { full: string; short: string } {
  const a = A[i % A.length] as string;
  const b = B[Math.floor(i / A.length) % B.length] as string;
  const c = C[Math.floor(i / (A.length * B.length)) % C.length] as string;
  const city = CITY[Math.floor(i / (A.length * B.length * C.length)) % CITY.length] as string;
  return { full: `${city}${a}${b}${c}有限公司`, short: `${a}${b}${c}` };
}

function seedCompany(sqlite: import('better-sqlite3').Database) {
  const T = '2026-01-01T00:00:00.000Z';
  const r = rng(7);
  const amounts: number[][] = [];
  sqlite.transaction(() => {
    const cust = sqlite.prepare(`INSERT INTO customers (id, code, name, type, payment_terms_days, credit_limit, created_at, updated_at) VALUES (?, ?, ?, 'direct', 30, 100000000, ?, ?)`);
    const inv = sqlite.prepare(
      `INSERT INTO receivables (number, customer_id, kind, date, due_date, amount, balance, status, external_ref, created_at, updated_at) VALUES (?, ?, 'invoice', ?, ?, ?, ?, 'open', ?, ?, ?)`,
    );
    let n = 0;
    for (let c = 1; c <= CUSTOMERS; c++) {
      cust.run(c, `B${String(c).padStart(6, '0')}`, customerName(c - 1).full, T, T);
      const mine: number[] = [];
      for (let k = 0; k < ITEMS_PER_CUSTOMER; k++) {
        n++;
        const amount = 10_000 + Math.floor(r() * 5_000_000);
        mine.push(amount);
        const day = String(1 + k).padStart(2, '0');
        inv.run(`AR-2026-${String(n).padStart(6, '0')}`, c, `2026-09-${day}`, `2026-10-${day}`, amount, amount, k % 3 === 0 ? `0${String(40_000_000 + n)}` : null, T, T);
      }
      amounts.push(mine);
    }
  })();
  return amounts;
}

function statement(amounts: number[][], day: string, seed: number): string {
  const r = rng(seed);
  const out = ['交易日期,贷方发生额,借方发生额,对方户名,对方账号,摘要,用途,交易流水号'];
  const money = (c: number) => `"${(c / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}"`;
  for (let i = 0; i < LINES + OUTGOING; i++) {
    const serial = `${day.replaceAll('-', '')}${String(i).padStart(7, '0')}`;
    if (i % 11 === 10) {
      out.push(`${day},,${money(1000 + i)},国网电力,,电费,,${serial}`);
      continue;
    }
    const c = Math.floor(r() * CUSTOMERS);
    const items = amounts[c] as number[];
    const n = c * ITEMS_PER_CUSTOMER + 1; // first invoice number of customer c
    const kind = i % 10;
    const name = customerName(c);
    if (kind < 3) out.push(`${day},${money(items[0] as number)},,某某代付公司,,货款,AR-2026-${String(n).padStart(6, '0')},${serial}`);
    else if (kind < 6) out.push(`${day},${money(items[4] as number)},,${name.full},6222${String(c).padStart(8, '0')},货款,,${serial}`);
    else if (kind < 8) out.push(`${day},${money((items[0] as number) + (items[1] as number))},,${name.short},,往来款,,${serial}`);
    else out.push(`${day},${money(50_000 + i)},,个人${i},,零星收款,,${serial}`);
  }
  return out.join('\r\n');
}

export async function benchBank(o: BankBenchOptions): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesdesk-bench-bank-'));
  const app = await createApp({ mainFile: path.join(dir, 'bank.sqlite'), scryptN: 1024, log: () => {} });
  try {
    const setup = await app.router.call({
      method: 'system.setup',
      input: { companyName: '基准测试公司', currency: 'CNY', fiscalYearStartMonth: 1, adminUsername: 'admin', adminDisplayName: '管理员', adminPassword: 'bench-pass-1' },
      token: null,
    });
    if (!setup.ok) throw new Error(setup.error.message);
    const token = (setup.data as { token: string }).token;
    const ctx = app.workspace.current();
    o.progress(`bank: seeding ${CUSTOMERS} customers, ${CUSTOMERS * ITEMS_PER_CUSTOMER} open invoices …`);
    const amounts = seedCompany(ctx.sqlite);
    const mapping = { date: '交易日期', credit: '贷方发生额', debit: '借方发生额', payerName: '对方户名', payerAccount: '对方账号', memo: '摘要', reference: '用途', serial: '交易流水号' };

    const runs = o.quick ? 1 : 3;
    // The machine may be shared: CPU time of this process is printed next to wall time.
    const cpu = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    const cpuTotal: number[] = [];
    const cpuMatch: number[] = [];
    const total: number[] = [];
    const parse: number[] = [];
    const index: number[] = [];
    const match: number[] = [];
    const again: number[] = [];
    let last: Record<string, unknown> = {};
    for (let run = 0; run < runs; run++) {
      const csv = statement(amounts, `2026-11-${String(10 + run).padStart(2, '0')}`, 100 + run);
      const bytes = Buffer.from(csv, 'utf8');
      const base64 = bytes.toString('base64');
      o.progress(`bank: run ${run + 1}/${runs}, ${(bytes.length / 2 ** 20).toFixed(1)} MiB statement`);
      // The phases on their own (same code the handler runs), before the import.
      const p0 = performance.now();
      const parsed = await parseFile('bench.csv', bytes);
      const st = readStatement(parsed.tables[0] as never, mapping, false, '');
      const p1 = performance.now();
      const idx = await loadMatchIndex(ctx.db);
      const p2 = performance.now();
      const c2 = cpu();
      let proposed = 0;
      for (const l of st.lines) if (proposeMatch(idx, l)) proposed++;
      const p3 = performance.now();
      cpuMatch.push(cpu() - c2);
      parse.push(p1 - p0);
      index.push(p2 - p1);
      match.push(p3 - p2);

      const t0 = performance.now();
      const c0 = cpu();
      const r = await app.router.call({ method: 'bank.import', input: { fileName: `bench-${run}.csv`, contentBase64: base64, mapping }, token });
      const t1 = performance.now();
      cpuTotal.push(cpu() - c0);
      if (!r.ok) throw new Error(`bank.import: ${JSON.stringify(r.error)}`);
      total.push(t1 - t0);
      const s = r.data as { newLines: number; proposed: number; outgoing: number; duplicateCount: number };
      if (s.newLines !== LINES || s.outgoing !== OUTGOING) throw new Error(`unexpected summary ${JSON.stringify(s)}`);
      const scores = ctx.sqlite.prepare(`SELECT sum(score >= 80) hi, sum(score >= 50 AND score < 80) mid, sum(score < 50) lo, sum(score IS NULL) none FROM bank_lines WHERE import_id = (SELECT max(id) FROM bank_imports)`).get();
      last = { ...s, proposedOutsideHandler: proposed, scores };

      const a0 = performance.now();
      const d = await app.router.call({ method: 'bank.import', input: { fileName: `bench-${run}.csv`, contentBase64: base64, mapping }, token });
      again.push(performance.now() - a0);
      if (!d.ok || (d.data as { duplicateCount: number }).duplicateCount !== LINES) throw new Error('re-import did not find every line');
    }
    const st = summarize(total);
    const split = (xs: number[]) => summarize(xs).p50;
    const insert = st.p50 - split(parse) - split(index) - split(match);
    o.rows.push(
      row('bank', `bank.import: ${LINES / 1000}k lines (+${OUTGOING / 1000}k out) vs ${CUSTOMERS / 1000}k customers, ${(CUSTOMERS * ITEMS_PER_CUSTOMER) / 1000}k open items`, 'ms', st, `budget ≤ 5000 ms: ${st.max <= 5000 ? 'met' : 'NOT met'}; CPU ${summarize(cpuTotal).p50.toFixed(0)} ms; load ${os.loadavg()[0]?.toFixed(1)}`, false),
    );
    o.rows.push(row('bank', '  of which parse (decode, CSV, amounts, dates, fingerprints)', 'ms', summarize(parse), undefined, false));
    o.rows.push(row('bank', '  of which loading the match index (customers, open items, known payers)', 'ms', summarize(index), undefined, false));
    o.rows.push(row('bank', '  of which matching (10k proposals)', 'ms', summarize(match), `CPU ${summarize(cpuMatch).p50.toFixed(0)} ms`, false));
    o.rows.push(row('bank', '  of which insert + duplicate check + audit (the rest, p50)', 'ms', summarize([insert]), 'derived: total − parse − index − match', false));
    o.rows.push(row('bank', 're-import of the same file (all duplicates, nothing written)', 'ms', summarize(again), undefined, false));
    o.details.bank = { total: st, cpuTotal: summarize(cpuTotal), cpuMatch: summarize(cpuMatch), parse: summarize(parse), index: summarize(index), match: summarize(match), insertDerivedP50: insert, reimport: summarize(again), last };
  } finally {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Alone: node scripts/run-ts.mjs bench/bank.ts [--quick]
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  await benchBank({ rows, details, quick: process.argv.includes('--quick'), progress: (m) => process.stderr.write(`[bench] ${m}\n`) });
  console.log(table(rows));
  console.log(JSON.stringify(details.bank, null, 2));
}
