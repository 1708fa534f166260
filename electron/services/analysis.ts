/**
 * Sales analysis over sales_facts (issue #3, DOMAIN.md §10). Every figure is a sum of net_amount
 * over fact lines plus dimension tables (regions, customers, products, product lines); nothing
 * here knows where a line came from (import, shipment, return).
 *
 * Region figures are by top-level region: a fact booked on a province counts for its region.
 * Grouping is done on the indexed columns (period, region_id) and rolled up in code, so SQLite
 * streams the covering index sales_facts_period_region instead of sorting 2M rows.
 *
 * Reps hold no `reports.read` by default; if a role with it lacks `customers.read_all`, every
 * figure is limited to the customers the user owns.
 */
import { type ExpressionBuilder, type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { DB } from '../db/schema';
import type { FactFilter } from '../../shared/schemas/analysis';
import { milliToDecimal } from '../../shared/schemas/pricing';
import type { CallContext, DomainHandlers } from './context';
import { customerScope } from './customers';

type FactQuery<O> = SelectQueryBuilder<DB, 'sales_facts', O>;

interface RegionTree {
  /** region id → top-level region id */
  top: Map<number, number>;
  names: Map<number, string>;
  /** top-level id → itself and all descendants */
  members: Map<number, number[]>;
  order: number[];
}

async function regionTree(db: Kysely<DB>): Promise<RegionTree> {
  const rows = await db.selectFrom('regions').select(['id', 'code', 'name', 'parent_id']).orderBy('code').execute();
  const parent = new Map(rows.map((r) => [r.id, r.parent_id]));
  const top = new Map<number, number>();
  for (const r of rows) {
    let id = r.id;
    for (let guard = 0; guard < 20; guard++) {
      const p = parent.get(id);
      if (p === null || p === undefined) break;
      id = p;
    }
    top.set(r.id, id);
  }
  const members = new Map<number, number[]>();
  for (const [id, t] of top) members.set(t, [...(members.get(t) ?? []), id]);
  return {
    top,
    names: new Map(rows.map((r) => [r.id, r.name])),
    members,
    order: rows.filter((r) => r.parent_id === null).map((r) => r.id),
  };
}

const topOf = (tree: RegionTree, regionId: number | null) => (regionId === null ? 0 : (tree.top.get(regionId) ?? regionId));

/** (current − previous) / previous in bp, half-up; exact for any safe amounts. */
export function changeBp(current: number, previous: number): number | null {
  if (previous === 0) return null;
  const n = BigInt(current - previous) * 10_000n;
  const d = BigInt(previous);
  const neg = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  let q = an / ad;
  if ((an - q * ad) * 2n >= ad) q += 1n;
  return Number(neg ? -q : q);
}

const shareBp = (part: number, total: number) => (total > 0 ? Number((BigInt(part) * 10_000n) / BigInt(total)) : 0);

function scoped<O>(q: FactQuery<O>, ownerId: number | null): FactQuery<O> {
  if (ownerId === null) return q;
  return q.where('sales_facts.customer_id', 'in', (eb: ExpressionBuilder<DB, 'sales_facts'>) =>
    eb.selectFrom('customers').select('customers.id').where('customers.owner_id', '=', ownerId),
  );
}

function applyFilter<O>(q: FactQuery<O>, f: FactFilter, tree: RegionTree): FactQuery<O> {
  if (f.year !== undefined && f.month !== undefined) q = q.where('sales_facts.period', '=', f.year * 100 + f.month);
  else if (f.year !== undefined) q = q.where('sales_facts.period', '>=', f.year * 100 + 1).where('sales_facts.period', '<=', f.year * 100 + 12);
  if (f.from) q = q.where('sales_facts.date', '>=', f.from);
  if (f.to) q = q.where('sales_facts.date', '<=', f.to);
  if (f.regionId !== undefined) {
    if (f.regionId === 0) q = q.where('sales_facts.region_id', 'is', null);
    else q = q.where('sales_facts.region_id', 'in', tree.members.get(f.regionId) ?? [f.regionId]);
  }
  if (f.customerId !== undefined) q = q.where('sales_facts.customer_id', '=', f.customerId);
  if (f.productId !== undefined) q = q.where('sales_facts.product_id', '=', f.productId);
  if (f.productLineId !== undefined) {
    const line = f.productLineId;
    q = q.where('sales_facts.product_id', 'in', (eb: ExpressionBuilder<DB, 'sales_facts'>) =>
      eb.selectFrom('products').select('products.id').where('products.product_line_id', '=', line),
    );
  }
  return q;
}

/** Sums by (period, region_id): the covering index's order, no sort. */
async function byPeriodRegion(db: Kysely<DB>, ctx: CallContext, fromPeriod: number, toPeriod: number, regionIds?: number[] | null) {
  let q = db
    .selectFrom('sales_facts')
    .select(['sales_facts.period', 'sales_facts.region_id', (eb) => eb.fn.sum<number>('sales_facts.net_amount').as('net'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('sales_facts.period', '>=', fromPeriod)
    .where('sales_facts.period', '<=', toPeriod);
  if (regionIds === null) q = q.where('sales_facts.region_id', 'is', null);
  else if (regionIds) q = q.where('sales_facts.region_id', 'in', regionIds);
  q = scoped(q, customerScope(ctx));
  return q.groupBy(['sales_facts.period', 'sales_facts.region_id']).execute();
}

export const analysisHandlers: DomainHandlers<'analysis'> = {
  async 'analysis.regionYear'(input, ctx) {
    const tree = await regionTree(ctx.db);
    const rows = await byPeriodRegion(ctx.db, ctx, (input.fromYear ?? 1900) * 100 + 1, (input.toYear ?? 2999) * 100 + 12);
    const cells = new Map<string, { regionId: number; year: number; netAmount: number; lines: number }>();
    let total = 0;
    for (const r of rows) {
      const regionId = topOf(tree, r.region_id);
      const year = Math.floor(r.period / 100);
      const key = `${regionId}|${year}`;
      const cell = cells.get(key) ?? { regionId, year, netAmount: 0, lines: 0 };
      cell.netAmount += Number(r.net);
      cell.lines += Number(r.n);
      total += Number(r.net);
      cells.set(key, cell);
    }
    const years = [...new Set([...cells.values()].map((c) => c.year))].sort((a, b) => a - b);
    const present = new Set([...cells.values()].map((c) => c.regionId));
    const regions = tree.order.filter((id) => present.has(id)).map((id) => ({ regionId: id, name: tree.names.get(id) ?? String(id) }));
    if (present.has(0)) regions.push({ regionId: 0, name: '' });
    return { years, regions, cells: [...cells.values()].sort((a, b) => a.year - b.year || a.regionId - b.regionId), total };
  },

  async 'analysis.monthly'(input, ctx) {
    const tree = await regionTree(ctx.db);
    const regionIds = input.regionId === undefined ? undefined : input.regionId === 0 ? null : (tree.members.get(input.regionId) ?? [input.regionId]);
    const rows = await byPeriodRegion(ctx.db, ctx, input.year * 100 + 1, input.year * 100 + 12, regionIds);
    const months = Array.from({ length: 12 }, (_, i) => ({ month: i + 1, netAmount: 0, lines: 0 }));
    let total = 0;
    for (const r of rows) {
      const m = months[(r.period % 100) - 1];
      if (!m) continue;
      m.netAmount += Number(r.net);
      m.lines += Number(r.n);
      total += Number(r.net);
    }
    return { year: input.year, months, total };
  },

  // Top lists aggregate per customer/product first (in the order of the covering
  // customer/date or product/date index: `id IN (SELECT id …)` turns the date range into one
  // index range per id, no sort), then join the dimension rows; the window sum gives the total
  // over every group before LIMIT.
  async 'analysis.topCustomers'(input, ctx) {
    const agg = scoped(
      ctx.db
        .selectFrom('sales_facts')
        .select(['sales_facts.customer_id', (eb) => eb.fn.sum<number>('sales_facts.net_amount').as('net'), (eb) => eb.fn.countAll<number>().as('n')])
        .where('sales_facts.customer_id', 'in', (eb: ExpressionBuilder<DB, 'sales_facts'>) => eb.selectFrom('customers').select('customers.id'))
        .where('sales_facts.date', '>=', input.from)
        .where('sales_facts.date', '<=', input.to),
      customerScope(ctx),
    ).groupBy('sales_facts.customer_id');
    const top = await ctx.db
      .selectFrom(agg.as('a'))
      .innerJoin('customers as c', 'c.id', 'a.customer_id')
      .leftJoin('regions as r', 'r.id', 'c.region_id')
      .select(['c.id', 'c.code', 'c.name', 'c.grade', 'r.name as region_name', 'a.net', 'a.n', sql<number>`sum(a.net) over ()`.as('total')])
      .orderBy('a.net', 'desc')
      .orderBy('c.code')
      .limit(input.limit)
      .execute();
    const total = Number(top[0]?.total ?? 0);
    return {
      total,
      rows: top.map((r) => ({
        customerId: r.id,
        code: r.code,
        name: r.name,
        grade: r.grade,
        regionName: r.region_name,
        netAmount: Number(r.net),
        lines: Number(r.n),
        shareBp: shareBp(Number(r.net), total),
      })),
    };
  },

  async 'analysis.topProducts'(input, ctx) {
    const agg = scoped(
      ctx.db
        .selectFrom('sales_facts')
        .select([
          'sales_facts.product_id',
          (eb) => eb.fn.sum<number>('sales_facts.net_amount').as('net'),
          (eb) => eb.fn.sum<number>('sales_facts.qty_milli').as('qty'),
          (eb) => eb.fn.countAll<number>().as('n'),
        ])
        .where('sales_facts.product_id', 'in', (eb: ExpressionBuilder<DB, 'sales_facts'>) => eb.selectFrom('products').select('products.id'))
        .where('sales_facts.date', '>=', input.from)
        .where('sales_facts.date', '<=', input.to),
      customerScope(ctx),
    ).groupBy('sales_facts.product_id');
    const top = await ctx.db
      .selectFrom(agg.as('a'))
      .innerJoin('products as p', 'p.id', 'a.product_id')
      .leftJoin('product_lines as pl', 'pl.id', 'p.product_line_id')
      .select(['p.id', 'p.sku', 'p.name', 'pl.name as line_name', 'a.net', 'a.qty', 'a.n', sql<number>`sum(a.net) over ()`.as('total')])
      .orderBy('a.net', 'desc')
      .orderBy('p.sku')
      .limit(input.limit)
      .execute();
    const total = Number(top[0]?.total ?? 0);
    return {
      total,
      rows: top.map((r) => ({
        productId: r.id,
        sku: r.sku,
        name: r.name,
        productLine: r.line_name,
        qty: milliToDecimal(Number(r.qty)),
        netAmount: Number(r.net),
        lines: Number(r.n),
        shareBp: shareBp(Number(r.net), total),
      })),
    };
  },

  async 'analysis.yoy'(input, ctx) {
    const y = input.year;
    const sums = new Map<number, { current: number; previous: number }>();
    const add = (key: number, year: number, net: number) => {
      const s = sums.get(key) ?? { current: 0, previous: 0 };
      if (year === y) s.current += net;
      else s.previous += net;
      sums.set(key, s);
    };
    const labels = new Map<number, string>();
    let keys: number[];
    if (input.dimension === 'productLine') {
      // Per product first (one pass over the covering product/date index), then by line.
      const start = `${y}-01-01`;
      const perProduct = scoped(
        ctx.db
          .selectFrom('sales_facts')
          .select([
            'sales_facts.product_id',
            sql<number>`sum(CASE WHEN sales_facts.date >= ${start} THEN sales_facts.net_amount ELSE 0 END)`.as('cur'),
            sql<number>`sum(CASE WHEN sales_facts.date < ${start} THEN sales_facts.net_amount ELSE 0 END)`.as('prev'),
          ])
          .where('sales_facts.product_id', 'in', (eb: ExpressionBuilder<DB, 'sales_facts'>) => eb.selectFrom('products').select('products.id'))
          .where('sales_facts.date', '>=', `${y - 1}-01-01`)
          .where('sales_facts.date', '<=', `${y}-12-31`),
        customerScope(ctx),
      ).groupBy('sales_facts.product_id');
      const rows = await ctx.db
        .selectFrom(perProduct.as('a'))
        .innerJoin('products as p', 'p.id', 'a.product_id')
        .select(['p.product_line_id as line', (eb) => eb.fn.sum<number>('a.cur').as('cur'), (eb) => eb.fn.sum<number>('a.prev').as('prev')])
        .groupBy('p.product_line_id')
        .execute();
      for (const r of rows) {
        add(r.line ?? 0, y, Number(r.cur));
        add(r.line ?? 0, y - 1, Number(r.prev));
      }
      const lines = await ctx.db.selectFrom('product_lines').select(['id', 'code', 'name']).orderBy('code').execute();
      for (const l of lines) labels.set(l.id, l.name);
      keys = [...lines.map((l) => l.id).filter((id) => sums.has(id)), ...(sums.has(0) ? [0] : [])];
    } else {
      const tree = await regionTree(ctx.db);
      const rows = await byPeriodRegion(ctx.db, ctx, (y - 1) * 100 + 1, y * 100 + 12);
      for (const r of rows) {
        const key = input.dimension === 'month' ? r.period % 100 : topOf(tree, r.region_id);
        add(key, Math.floor(r.period / 100), Number(r.net));
      }
      if (input.dimension === 'month') {
        keys = Array.from({ length: 12 }, (_, i) => i + 1);
        for (const k of keys) labels.set(k, String(k));
      } else {
        for (const [id, name] of tree.names) labels.set(id, name);
        keys = [...tree.order.filter((id) => sums.has(id)), ...(sums.has(0) ? [0] : [])];
      }
    }
    const rows = keys.map((key) => {
      const s = sums.get(key) ?? { current: 0, previous: 0 };
      return { key, label: labels.get(key) ?? '', current: s.current, previous: s.previous, changeBp: changeBp(s.current, s.previous) };
    });
    const current = rows.reduce((a, r) => a + r.current, 0);
    const previous = rows.reduce((a, r) => a + r.previous, 0);
    return { year: y, dimension: input.dimension, rows, current, previous, changeBp: changeBp(current, previous) };
  },

  async 'analysis.rows'(input, ctx) {
    const tree = await regionTree(ctx.db);
    const base = applyFilter(scoped(ctx.db.selectFrom('sales_facts'), customerScope(ctx)), input.filter, tree);
    const agg = await base
      .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('sales_facts.net_amount').as('net')])
      .executeTakeFirstOrThrow();
    const rows = await base
      .innerJoin('customers as c', 'c.id', 'sales_facts.customer_id')
      .innerJoin('products as p', 'p.id', 'sales_facts.product_id')
      .leftJoin('regions as r', 'r.id', 'sales_facts.region_id')
      .leftJoin('users as u', 'u.id', 'sales_facts.rep_id')
      .select([
        'sales_facts.id',
        'sales_facts.date',
        'c.id as customer_id',
        'c.code as customer_code',
        'c.name as customer_name',
        'p.sku',
        'p.name as product_name',
        'r.name as region_name',
        'u.display_name as rep_name',
        'sales_facts.qty_milli',
        'sales_facts.net_amount',
        'sales_facts.discount_amount',
        'sales_facts.source_type',
        'sales_facts.source_ref',
      ])
      .orderBy('sales_facts.date', 'desc')
      .orderBy('sales_facts.id', 'desc')
      .limit(input.limit)
      .offset(input.offset)
      .execute();
    return {
      total: Number(agg.n),
      netAmount: Number(agg.net ?? 0),
      rows: rows.map((r) => ({
        id: r.id,
        date: r.date,
        customerId: r.customer_id,
        customerCode: r.customer_code,
        customerName: r.customer_name,
        sku: r.sku,
        productName: r.product_name,
        regionName: r.region_name,
        repName: r.rep_name,
        qty: milliToDecimal(r.qty_milli),
        netAmount: r.net_amount,
        discountAmount: r.discount_amount,
        sourceType: r.source_type,
        sourceRef: r.source_ref,
      })),
    };
  },
};
