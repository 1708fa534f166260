/** The demo's sales history: size, seasonality, Pareto shape and consistency with the master data. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoStats, generateDemo } from '../../electron/demo/generate';
import { SALES_LINES } from '../../electron/demo/sales-history';
import { APP_VERSION } from '../../shared/version';

let dir: string;
let stats: DemoStats;
let db: Database.Database;
const one = (sql: string) => db.prepare(sql).pluck().get() as number;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesdesk-demo-sales-'));
  stats = await generateDemo({ file: path.join(dir, 'demo.sqlite'), scale: 'small', seed: 11, appVersion: APP_VERSION, scryptN: 1024 });
  db = new Database(stats.file, { readonly: true });
});
afterAll(() => {
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('demo sales history', () => {
  it('has the small company’s ~20k lines from January 2023 up to the day before today', () => {
    expect(stats.counts.sales_facts).toBe(SALES_LINES.small);
    expect(db.prepare('SELECT min(date) AS a, max(date) AS b FROM sales_facts').get()).toEqual({ a: expect.stringMatching(/^2023-01-/), b: '2026-11-19' });
    expect(one("SELECT count(*) FROM sales_facts WHERE period <> CAST(substr(date, 1, 4) || substr(date, 6, 2) AS INTEGER)")).toBe(0);
  });

  it('is seasonal: February is the trough, December above the yearly average', () => {
    const byMonth = db.prepare('SELECT period % 100 AS m, sum(net_amount) AS s FROM sales_facts WHERE period / 100 = 2025 GROUP BY 1 ORDER BY 1').all() as { m: number; s: number }[];
    const avg = byMonth.reduce((a, r) => a + r.s, 0) / 12;
    const feb = byMonth[1]?.s ?? 0;
    expect(Math.min(...byMonth.map((r) => r.s))).toBe(feb);
    expect(byMonth[11]?.s ?? 0).toBeGreaterThan(avg);
  });

  it('is Pareto-shaped: the top fifth of the buying customers make 70–90% of net sales', () => {
    const totals = (db.prepare('SELECT sum(net_amount) FROM sales_facts GROUP BY customer_id ORDER BY 1 DESC').pluck().all() as number[]);
    const all = totals.reduce((a, b) => a + b, 0);
    const top = totals.slice(0, Math.round(totals.length * 0.2)).reduce((a, b) => a + b, 0);
    expect(top / all).toBeGreaterThan(0.7);
    expect(top / all).toBeLessThan(0.9);
    expect(totals.length).toBeGreaterThan(200);
  });

  it('agrees with the master data: rep = owner, region = the customer’s, nothing before a customer existed, exact amounts', () => {
    expect(one('SELECT count(*) FROM sales_facts f JOIN customers c ON c.id = f.customer_id WHERE f.rep_id IS NOT c.owner_id OR f.region_id IS NOT c.region_id')).toBe(0);
    expect(one("SELECT count(*) FROM sales_facts f JOIN customers c ON c.id = f.customer_id WHERE c.created_at > '2023-11-02' AND f.date < substr(c.created_at, 1, 10)")).toBe(0);
    expect(one('SELECT count(*) FROM sales_facts f JOIN products p ON p.id = f.product_id WHERE f.net_amount + f.discount_amount <> p.list_price * f.qty_milli / 1000 OR f.cost_amount <> p.standard_cost * f.qty_milli / 1000')).toBe(0);
    expect(one("SELECT count(*) FROM sales_facts WHERE source_type <> 'import' OR (qty_milli < 0) <> (net_amount < 0)")).toBe(0);
    expect(one('SELECT count(*) FROM sales_facts WHERE qty_milli < 0')).toBeGreaterThan(0); // a few returns
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });
});
