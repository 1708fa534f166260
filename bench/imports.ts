/**
 * Import bench (issue #3): 100k sales-history lines from CSV (target ≤ 5 s) and from XLSX
 * (target ≤ 15 s), end to end through the router — parse (decode, split, keep in memory),
 * preview (validate every row against the company), commit (validate again in the
 * transaction, write, audit) — into a copy of the large demo company (bench/.data/large.sqlite,
 * built by `npm run bench`; a medium company is generated when it is missing).
 *
 *   node scripts/run-ts.mjs bench/imports.ts [--company file.sqlite]   (alone)
 *   npm run bench                                   (hooked into bench/run.ts)
 *
 * The files are generated once into bench/.data (imports-100k.csv / .xlsx) from the company's
 * own customer and product codes, so every line is valid.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { DEMO_PASSWORD, generateDemo, removeDatabaseFiles } from '../electron/demo/generate';
import { rngFor } from '../electron/demo/random';
import { createApp } from '../electron/main/create-app';
import type { Input, Method, Output } from '../shared/contract';
import { APP_VERSION } from '../shared/version';
import { type Row, row, summarize, table } from './lib';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const DATA_DIR = path.join(BENCH_DIR, '.data');
const LINES = 100_000;
const HEADERS = ['订单号', '日期', '客户编码', '客户名称', '商品编码', '数量', '金额', '折扣'];
const MAPPING = { orderNo: '订单号', date: '日期', customerCode: '客户编码', customerName: '客户名称', productCode: '商品编码', quantity: '数量', amount: '金额', discount: '折扣' };

export interface ImportBenchOptions {
  rows: Row[];
  details: Record<string, unknown>;
  progress?: (msg: string) => void;
  /** The company to import into (copied first); default bench/.data/large.sqlite. */
  companyFile?: string;
}

/** 100k lines in orders of 1–8 lines over the company's customers and products. */
function salesLines(db: Database.Database, prefix: string): string[][] {
  const customers = db.prepare('SELECT code, name FROM customers ORDER BY id').all() as { code: string; name: string }[];
  const products = db.prepare('SELECT sku, list_price FROM products WHERE active = 1 ORDER BY id').all() as { sku: string; list_price: number }[];
  const rng = rngFor(7, `bench-imports-${prefix}`);
  const out: string[][] = [];
  let order = 0;
  while (out.length < LINES) {
    order++;
    const c = rng.pick(customers);
    const day = `2026-${String(rng.int(1, 10)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
    const n = Math.min(rng.int(1, 8), LINES - out.length);
    for (let k = 0; k < n; k++) {
      const p = rng.pick(products);
      const qty = rng.int(1, 50);
      const amount = (p.list_price * qty * rng.between(0.85, 1)) / 100;
      out.push([`${prefix}${String(order).padStart(7, '0')}`, day, c.code, c.name, p.sku, String(qty), amount.toFixed(2), rng.chance(0.2) ? '5%' : '']);
    }
  }
  return out;
}

const csvField = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

async function writeFiles(company: string): Promise<{ csv: string; xlsx: string }> {
  const csv = path.join(DATA_DIR, 'imports-100k.csv');
  const xlsx = path.join(DATA_DIR, 'imports-100k.xlsx');
  const stamp = path.join(DATA_DIR, 'imports-100k.json');
  const key = `${company}:${fs.statSync(company).size}`;
  if (fs.existsSync(csv) && fs.existsSync(xlsx) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === key) return { csv, xlsx };
  const db = new Database(company, { readonly: true });
  try {
    const a = salesLines(db, 'CSV');
    fs.writeFileSync(csv, `\ufeff${[HEADERS, ...a].map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`);
    const b = salesLines(db, 'XLS');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsx, useSharedStrings: false, useStyles: true });
    const ws = wb.addWorksheet('销售明细');
    ws.addRow(HEADERS).commit();
    for (const r of b) {
      const [d0, d1, d2, d3, d4, d5, d6, d7] = r as [string, string, string, string, string, string, string, string];
      ws.addRow([d0, new Date(`${d1}T00:00:00Z`), d2, d3, d4, Number(d5), Number(d6), d7]).commit();
    }
    ws.commit();
    await wb.commit();
  } finally {
    db.close();
  }
  fs.writeFileSync(stamp, key);
  return { csv, xlsx };
}

async function importOnce(companyCopy: string, file: string) {
  const app = await createApp({ mainFile: companyCopy, log: () => {} });
  try {
    const call = async <M extends Method>(method: M, input: Input<M>, token?: string): Promise<Output<M>> => {
      const r = await app.router.call({ method, input, token: token ?? null });
      if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error).slice(0, 500)}`);
      return r.data as Output<M>;
    };
    const { token } = await call('auth.login', { username: 'admin', password: DEMO_PASSWORD });
    const bytes = fs.readFileSync(file);
    const t0 = performance.now();
    const parsed = await call('imports.parse', { kind: 'sales_history', fileName: path.basename(file), contentBase64: bytes.toString('base64') }, token);
    const t1 = performance.now();
    const preview = await call('imports.preview', { importId: parsed.importId, kind: 'sales_history', mapping: MAPPING }, token);
    const t2 = performance.now();
    const commit = await call('imports.commit', { importId: parsed.importId, kind: 'sales_history', mapping: MAPPING, mode: 'all_or_nothing' }, token);
    const t3 = performance.now();
    if (preview.errorCount > 0 || commit.status !== 'committed' || commit.written !== LINES) {
      throw new Error(`bench import did not write every line: ${JSON.stringify({ errors: preview.errors.slice(0, 3), commit })}`);
    }
    return { parse: t1 - t0, preview: t2 - t1, commit: t3 - t2, total: t3 - t0, bytes: bytes.length };
  } finally {
    await app.close();
  }
}

export async function benchImports(opts: ImportBenchOptions): Promise<void> {
  const progress = opts.progress ?? (() => {});
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'salesdesk-bench-imports-'));
  try {
    let company = opts.companyFile ?? path.join(DATA_DIR, 'large.sqlite');
    let companyLabel = 'large';
    if (!fs.existsSync(company)) {
      progress('imports: no large company in bench/.data; generating a medium one');
      company = path.join(tmp, 'medium.sqlite');
      companyLabel = 'medium';
      await generateDemo({ file: company, scale: 'medium', seed: 1, appVersion: APP_VERSION });
    }
    fs.mkdirSync(DATA_DIR, { recursive: true });
    progress('imports: writing the 100k-line CSV and XLSX files');
    const files = await writeFiles(company);
    const facts = (() => {
      const db = new Database(company, { readonly: true });
      try {
        return Number(db.prepare('SELECT count(*) FROM sales_facts').pluck().get());
      } finally {
        db.close();
      }
    })();
    const results: Record<string, unknown> = {};
    for (const [format, file, target] of [
      ['CSV', files.csv, 5000],
      ['XLSX', files.xlsx, 15000],
    ] as const) {
      const copy = path.join(tmp, `${format}.sqlite`);
      fs.copyFileSync(company, copy);
      progress(`imports: ${format} ${LINES} lines into a copy of the ${companyLabel} company (${facts} sales lines)`);
      const r = await importOnce(copy, file);
      removeDatabaseFiles(copy);
      const verdict = r.total <= target ? `within the ${target / 1000} s target` : `OVER the ${target / 1000} s target`;
      opts.rows.push(
        row('imports', `100k sales lines from ${format} (${(r.bytes / 1048576).toFixed(1)} MB): parse + preview + commit`, 'ms', summarize([r.total]), verdict, false),
        row('imports', `  ${format} parse / preview / commit`, 'ms', summarize([r.parse]), `${r.parse.toFixed(0)} / ${r.preview.toFixed(0)} / ${r.commit.toFixed(0)} ms`, false),
      );
      results[format] = { ...r, targetMs: target, company: companyLabel, existingSalesLines: facts };
    }
    opts.details.imports = results;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  const at = process.argv.indexOf('--company');
  const companyFile = at > 0 ? process.argv[at + 1] : undefined;
  await benchImports({ rows, details, companyFile, progress: (m) => process.stderr.write(`[bench] ${m}\n`) });
  console.log(table(rows));
  console.log(JSON.stringify(details, null, 2));
}
