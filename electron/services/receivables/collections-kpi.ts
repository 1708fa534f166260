/**
 * Collection rate 回款率 and DSO per period and per company / rep / region (DOMAIN.md §8):
 *
 *   rate = receipts dated in the period allocated to receivables due by the period end
 *          ÷ (balance due by the period end as of the day before the period starts
 *             + receivables issued in the period and due by its end)
 *   DSO  = closing receivables ÷ credit sales of the period × days in the period
 *
 * - An allocation counts for the numerator when it is a receipt's, dated in the period, not
 *   reversed by the period end (the as-of rule). Credit notes and write-offs are not collections.
 * - Balances as of a date come from balancesByCustomer (the as-of rule of as-of.ts); one query per
 *   period boundary gives both the closing balance of a period and the opening "due by the next
 *   period's end" of the next one.
 * - Issued and collected amounts come from one range scan each, keyed by period in SQL.
 * - The current period ends on the as-of date (today): its days and closing are to date.
 * - Rep and region are the customer's current owner and top-level region.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Output } from '../../../shared/contract';
import type { KpiRow } from '../../../shared/schemas/collections';
import type { DB } from '../../db/schema';
import { addDays, collectionRateBp, daysBetween, dso, type Granularity, periodsOf } from '../../rules/collection-kpi';
import { balancesByCustomer, customerMeta, regionTree } from './collections-sql';

export interface KpiQuery {
  asOf: string;
  ownerId: number | null;
  granularity: Granularity;
  from: string;
  to: string;
  groupBy: 'company' | 'rep' | 'region';
  repId?: number;
  regionId?: number;
}

/** SQL period key of a date column: 2026-03 / 2026-Q1 / 2026 (these sort like the periods). */
function keyOf(col: RawBuilder<unknown>, g: Granularity) {
  if (g === 'month') return sql`substr(${col}, 1, 7)`;
  if (g === 'year') return sql`substr(${col}, 1, 4)`;
  return sql`substr(${col}, 1, 4) || '-Q' || ((CAST(substr(${col}, 6, 2) AS INTEGER) + 2) / 3)`;
}

interface Cell {
  numerator: number;
  openingDue: number;
  issuedDue: number;
  closing: number;
  creditSales: number;
}
const zero = (): Cell => ({ numerator: 0, openingDue: 0, issuedDue: 0, closing: 0, creditSales: 0 });

/** Per period key and customer: the five figures of the formulas. */
async function cellsByCustomer(db: Kysely<DB>, q: KpiQuery, g: Granularity) {
  const periods = periodsOf(g, q.from, q.to)
    .filter((p) => p.start <= q.asOf)
    .map((p) => ({ ...p, end: p.end < q.asOf ? p.end : q.asOf }));
  const cells = new Map<string, Map<number, Cell>>(periods.map((p) => [p.key, new Map()]));
  const cell = (key: string, customerId: number) => {
    const m = cells.get(key);
    if (!m) return null;
    const c = m.get(customerId) ?? zero();
    m.set(customerId, c);
    return c;
  };
  const first = periods[0];
  const last = periods[periods.length - 1];
  if (!first || !last) return { periods, cells };
  const owner = q.ownerId === null ? sql`` : sql`AND r.customer_id IN (SELECT id FROM customers WHERE owner_id = ${q.ownerId})`;

  // Balances at each boundary: the day before the first period, then each period's end.
  for (let i = 0; i <= periods.length; i++) {
    const at = i === 0 ? addDays(first.start, -1) : (periods[i - 1]?.end as string);
    const next = periods[i];
    const rows = await balancesByCustomer(db, at, { dueBy: next?.end, ownerId: q.ownerId });
    for (const b of rows) {
      const prev = periods[i - 1];
      if (prev) (cell(prev.key, b.customerId) as Cell).closing += b.open;
      if (next) (cell(next.key, b.customerId) as Cell).openingDue += b.dueBy;
    }
  }

  const aKey = keyOf(sql.ref('a.date'), g);
  const { rows: collected } = await sql<{ k: string; customer_id: number; amount: number }>`
    SELECT ${aKey} AS k, a.customer_id, sum(a.amount) AS amount
    FROM allocations a JOIN receivables r ON r.id = a.receivable_id
    WHERE a.source = 'receipt' AND a.date BETWEEN ${first.start} AND ${last.end} ${owner}
      AND ${keyOf(sql.ref('r.due_date'), g)} <= ${aKey} AND r.due_date <= ${q.asOf}
      AND (a.reversed_on IS NULL OR ${keyOf(sql.ref('a.reversed_on'), g)} > ${aKey} OR a.reversed_on > ${q.asOf})
    GROUP BY 1, 2`.execute(db);
  for (const r of collected) {
    const c = cell(r.k, r.customer_id);
    if (c) c.numerator += r.amount;
  }

  const rKey = keyOf(sql.ref('r.date'), g);
  const { rows: issued } = await sql<{ k: string; customer_id: number; issued: number; sales: number }>`
    SELECT ${rKey} AS k, r.customer_id,
      sum(CASE WHEN r.kind != 'credit_note' AND ${keyOf(sql.ref('r.due_date'), g)} <= ${rKey} AND r.due_date <= ${q.asOf} THEN r.amount ELSE 0 END) AS issued,
      sum(CASE r.kind WHEN 'invoice' THEN r.amount WHEN 'credit_note' THEN -r.amount ELSE 0 END) AS sales
    FROM receivables r
    WHERE r.status != 'cancelled' AND r.date BETWEEN ${first.start} AND ${last.end} ${owner}
    GROUP BY 1, 2`.execute(db);
  for (const r of issued) {
    const c = cell(r.k, r.customer_id);
    if (!c) continue;
    c.issuedDue += r.issued;
    c.creditSales += r.sales;
  }
  return { periods, cells };
}

function finish(period: { key: string; start: string; end: string }, groupId: number | null, groupName: string | null, c: Cell): KpiRow {
  const days = daysBetween(period.start, period.end) + 1;
  const denominator = c.openingDue + c.issuedDue;
  return {
    period: period.key, start: period.start, end: period.end, days, groupId, groupName, ...c, denominator,
    rateBp: collectionRateBp(c.numerator, denominator), dso: dso(c.closing, c.creditSales, days),
  };
}

/** Rolls the per-customer cells up to one row per period and group. */
async function rollUp(db: Kysely<DB>, q: KpiQuery, g: Granularity, groupBy: KpiQuery['groupBy']): Promise<KpiRow[]> {
  const { periods, cells } = await cellsByCustomer(db, q, g);
  const meta = await customerMeta(db, q.ownerId);
  const tree = await regionTree(db);
  const inRegion = q.regionId !== undefined ? new Set(tree.members.get(q.regionId) ?? [q.regionId]) : null;
  const groupOf = (customerId: number): { id: number | null; name: string | null } | null => {
    const m = meta.get(customerId);
    if (!m) return null;
    if (q.repId !== undefined && m.ownerId !== q.repId) return null;
    if (inRegion && (m.regionId === null || !inRegion.has(m.regionId))) return null;
    if (groupBy === 'rep') return { id: m.ownerId, name: m.ownerName };
    if (groupBy === 'region') {
      const top = m.regionId === null ? null : (tree.top.get(m.regionId) ?? m.regionId);
      return { id: top, name: top === null ? null : (tree.names.get(top) ?? null) };
    }
    return { id: null, name: null };
  };
  const out: KpiRow[] = [];
  for (const p of periods) {
    const groups = new Map<number | null, { name: string | null; c: Cell }>();
    if (groupBy === 'company') groups.set(null, { name: null, c: zero() });
    for (const [customerId, c] of cells.get(p.key) ?? []) {
      const grp = groupOf(customerId);
      if (!grp) continue;
      const acc = groups.get(grp.id) ?? { name: grp.name, c: zero() };
      for (const k of Object.keys(c) as (keyof Cell)[]) acc.c[k] += c[k];
      groups.set(grp.id, acc);
    }
    const sorted = [...groups.entries()].sort((a, b) => (a[1].name ?? '\uffff').localeCompare(b[1].name ?? '\uffff', 'zh-CN'));
    for (const [id, v] of sorted) out.push(finish(p, id, v.name, v.c));
  }
  return out;
}

export async function collectionKpi(db: Kysely<DB>, q: KpiQuery): Promise<Output<'collections.kpi'>> {
  const rows = await rollUp(db, q, q.granularity, q.groupBy);
  if (q.granularity !== 'month') return { asOf: q.asOf, rows, trend: await rollUp(db, q, 'month', 'company') };
  // Monthly rows of any grouping add up to the company's month (every figure is a sum).
  const trend = new Map<string, { p: KpiRow; c: Cell }>();
  for (const r of rows) {
    const t = trend.get(r.period) ?? { p: r, c: zero() };
    for (const k of Object.keys(t.c) as (keyof Cell)[]) t.c[k] += r[k];
    trend.set(r.period, t);
  }
  return { asOf: q.asOf, rows, trend: [...trend.values()].map(({ p, c }) => finish({ key: p.period, start: p.start, end: p.end }, null, null, c)) };
}
