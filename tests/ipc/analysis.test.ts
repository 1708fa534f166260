/**
 * Sales analysis through the router: every aggregate equals a hand-written SQL query over the
 * same sales_facts rows (random but seeded data: regions with sub-regions, facts without a
 * region, negative return lines, several years).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';

let app: TestApp;
let admin: string;
let finance: string;
const sqlite = () => app.workspace.current().sqlite;
const all = <T>(sql: string, ...p: unknown[]) => sqlite().prepare(sql).all(...p) as T[];

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.setup();
  finance = (await app.userToken(admin, 'caiwu', ['finance'])).token;
  await app.userToken(admin, 'rep1', ['sales_rep']);
  const db = sqlite();
  const t = '2026-01-01T00:00:00Z';
  db.prepare(`INSERT INTO regions (id, code, name, parent_id) VALUES (1, 'E', '华东', NULL), (2, 'ZJ', '浙江', 1), (3, 'JS', '江苏', 1), (4, 'S', '华南', NULL), (5, 'GD', '广东', 4)`).run();
  db.prepare(`INSERT INTO product_lines (id, code, name) VALUES (1, 'PAPER', '纸品'), (2, 'WET', '湿巾')`).run();
  const p = db.prepare(`INSERT INTO products (id, sku, name, product_line_id, unit, list_price, standard_cost, created_at, updated_at) VALUES (?, ?, ?, ?, '箱', 1000, 600, ?, ?)`);
  for (let i = 1; i <= 6; i++) p.run(i, `P${i}`, `产品${i}`, i <= 3 ? 1 : i <= 5 ? 2 : null, t, t);
  const c = db.prepare(`INSERT INTO customers (id, code, name, type, region_id, created_at, updated_at) VALUES (?, ?, ?, 'direct', ?, ?, ?)`);
  for (let i = 1; i <= 12; i++) c.run(i, `C${String(i).padStart(2, '0')}`, `客户${i}`, [2, 3, 5, 1, null][i % 5], t, t);
  let seed = 42;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const f = db.prepare(
    `INSERT INTO sales_facts (date, period, customer_id, product_id, rep_id, region_id, qty_milli, net_amount, source_type, source_ref, source_line, created_at)
     VALUES (?, ?, ?, ?, 2, ?, ?, ?, ?, ?, '1', ?)`,
  );
  const regions = [1, 2, 3, 4, 5, null];
  db.transaction(() => {
    for (let i = 0; i < 3000; i++) {
      const y = 2023 + Math.floor(rnd() * 4);
      const m = 1 + Math.floor(rnd() * 12);
      const d = 1 + Math.floor(rnd() * 28);
      const date = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      const ret = rnd() < 0.05;
      const amount = Math.floor(rnd() * 500_000) * (ret ? -1 : 1);
      f.run(date, y * 100 + m, 1 + Math.floor(rnd() * 12), 1 + Math.floor(rnd() * 6), regions[Math.floor(rnd() * 6)], 1000 + Math.floor(rnd() * 50_000), amount, ret ? 'return' : 'import', `S${i}`, t);
    }
  })();
});
afterAll(() => app.dispose());

const TOP = `coalesce((SELECT coalesce(r.parent_id, r.id) FROM regions r WHERE r.id = f.region_id), 0)`;

describe('analysis equals hand-written SQL', () => {
  it('net sales by region × year (sub-regions roll up to their region)', async () => {
    const r = await app.ok('analysis.regionYear', {}, finance);
    const expected = all<{ region: number; year: number; net: number; n: number }>(
      `SELECT ${TOP} AS region, f.period / 100 AS year, sum(f.net_amount) AS net, count(*) AS n FROM sales_facts f GROUP BY 1, 2 ORDER BY 2, 1`,
    );
    expect(r.cells.map((c) => [c.regionId, c.year, c.netAmount, c.lines])).toEqual(expected.map((e) => [e.region, e.year, e.net, e.n]));
    expect(r.years).toEqual([2023, 2024, 2025, 2026]);
    expect(r.regions.map((x) => x.name)).toEqual(['华东', '华南', '']);
    expect(r.total).toBe(all<{ t: number }>('SELECT sum(net_amount) AS t FROM sales_facts')[0]?.t);
    const some = await app.ok('analysis.regionYear', { fromYear: 2024, toYear: 2025 }, finance);
    expect(some.years).toEqual([2024, 2025]);
  });

  it('by month for a year, also within one region', async () => {
    const r = await app.ok('analysis.monthly', { year: 2025 }, finance);
    const expected = all<{ m: number; net: number }>(`SELECT period % 100 AS m, sum(net_amount) AS net FROM sales_facts WHERE period / 100 = 2025 GROUP BY 1`);
    for (const e of expected) expect(r.months[e.m - 1]?.netAmount).toBe(e.net);
    const east = await app.ok('analysis.monthly', { year: 2025, regionId: 1 }, finance);
    const eastSql = all<{ m: number; net: number }>(`SELECT period % 100 AS m, sum(net_amount) AS net FROM sales_facts f WHERE period / 100 = 2025 AND ${TOP} = 1 GROUP BY 1`);
    for (const e of eastSql) expect(east.months[e.m - 1]?.netAmount).toBe(e.net);
    const none = await app.ok('analysis.monthly', { year: 2025, regionId: 0 }, finance);
    expect(none.total).toBe(all<{ t: number }>(`SELECT sum(net_amount) AS t FROM sales_facts WHERE period / 100 = 2025 AND region_id IS NULL`)[0]?.t);
  });

  it('top customers and top products in a date range', async () => {
    const tc = await app.ok('analysis.topCustomers', { from: '2025-03-01', to: '2025-12-31', limit: 5 }, finance);
    const expected = all<{ id: number; net: number; n: number }>(
      `SELECT f.customer_id AS id, sum(f.net_amount) AS net, count(*) AS n FROM sales_facts f JOIN customers c ON c.id = f.customer_id
       WHERE f.date BETWEEN '2025-03-01' AND '2025-12-31' GROUP BY f.customer_id ORDER BY net DESC, c.code LIMIT 5`,
    );
    expect(tc.rows.map((r) => [r.customerId, r.netAmount, r.lines])).toEqual(expected.map((e) => [e.id, e.net, e.n]));
    const total = all<{ t: number }>(`SELECT sum(net_amount) AS t FROM sales_facts WHERE date BETWEEN '2025-03-01' AND '2025-12-31'`)[0]?.t ?? 0;
    expect(tc.total).toBe(total);
    expect(tc.rows[0]?.shareBp).toBe(Math.floor(((expected[0]?.net ?? 0) * 10_000) / total));
    const tp = await app.ok('analysis.topProducts', { from: '2025-03-01', to: '2025-12-31', limit: 3 }, finance);
    const ep = all<{ id: number; net: number; q: number }>(
      `SELECT product_id AS id, sum(net_amount) AS net, sum(qty_milli) AS q FROM sales_facts WHERE date BETWEEN '2025-03-01' AND '2025-12-31' GROUP BY 1 ORDER BY net DESC LIMIT 3`,
    );
    expect(tp.rows.map((r) => [r.productId, r.netAmount])).toEqual(ep.map((e) => [e.id, e.net]));
    expect(tp.rows[0]?.qty).toBe(String((ep[0]?.q ?? 0) / 1000));
  });

  it('year over year by month, region and product line', async () => {
    const m = await app.ok('analysis.yoy', { year: 2025, dimension: 'month' }, finance);
    const byMonth = all<{ m: number; cur: number; prev: number }>(
      `SELECT period % 100 AS m, sum(CASE WHEN period / 100 = 2025 THEN net_amount ELSE 0 END) AS cur, sum(CASE WHEN period / 100 = 2024 THEN net_amount ELSE 0 END) AS prev
       FROM sales_facts WHERE period / 100 IN (2024, 2025) GROUP BY 1`,
    );
    for (const e of byMonth) {
      const row = m.rows.find((r) => r.key === e.m);
      expect([row?.current, row?.previous]).toEqual([e.cur, e.prev]);
      expect(row?.changeBp).toBe(Math.round(((e.cur - e.prev) * 10_000) / e.prev));
    }
    const lines = await app.ok('analysis.yoy', { year: 2025, dimension: 'productLine' }, finance);
    const byLine = all<{ k: number; cur: number; prev: number }>(
      `SELECT coalesce(p.product_line_id, 0) AS k, sum(CASE WHEN f.period / 100 = 2025 THEN f.net_amount ELSE 0 END) AS cur, sum(CASE WHEN f.period / 100 = 2024 THEN f.net_amount ELSE 0 END) AS prev
       FROM sales_facts f JOIN products p ON p.id = f.product_id WHERE f.period / 100 IN (2024, 2025) GROUP BY 1 ORDER BY 1`,
    );
    expect(lines.rows.map((r) => [r.key, r.current, r.previous]).sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0))).toEqual(byLine.map((e) => [e.k, e.cur, e.prev]));
    expect(lines.rows.map((r) => r.label)).toEqual(['纸品', '湿巾', '']);
    const reg = await app.ok('analysis.yoy', { year: 2025, dimension: 'region' }, finance);
    expect(reg.current).toBe(m.current);
    expect(reg.previous).toBe(m.previous);
  });

  it('drill-down rows: the clicked cell’s lines, paged, summing to the cell', async () => {
    const cell = (await app.ok('analysis.regionYear', {}, finance)).cells.find((c) => c.regionId === 1 && c.year === 2025);
    const first = await app.ok('analysis.rows', { filter: { year: 2025, regionId: 1 }, limit: 50 }, finance);
    expect(first.total).toBe(cell?.lines);
    expect(first.netAmount).toBe(cell?.netAmount);
    expect(first.rows).toHaveLength(50);
    expect(first.rows.every((r) => r.date.startsWith('2025-') && ['华东', '浙江', '江苏'].includes(r.regionName ?? ''))).toBe(true);
    const second = await app.ok('analysis.rows', { filter: { year: 2025, regionId: 1 }, offset: 50, limit: 50 }, finance);
    expect(new Set([...first.rows, ...second.rows].map((r) => r.id)).size).toBe(100);
    const month = await app.ok('analysis.rows', { filter: { year: 2025, month: 3, productLineId: 2 }, limit: 1000 }, finance);
    const expected = all<{ n: number; net: number }>(
      `SELECT count(*) AS n, sum(net_amount) AS net FROM sales_facts WHERE period = 202503 AND product_id IN (4, 5)`,
    )[0];
    expect([month.total, month.netAmount]).toEqual([expected?.n, expected?.net]);
    const cust = await app.ok('analysis.rows', { filter: { customerId: 3, from: '2024-01-01', to: '2024-06-30' } }, finance);
    expect(cust.rows.every((r) => r.customerId === 3 && r.date >= '2024-01-01' && r.date <= '2024-06-30')).toBe(true);
  });

  it('needs reports.read', async () => {
    const rep = await app.ok('auth.login', { username: 'rep1', password: 'password-123' });
    const r = await app.call('analysis.regionYear', {}, rep.token);
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
