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
 * - Balances follow the as-of rule of as-of.ts: computed as of the day before the range, then
 *   carried forward by the dated flows (see cellsByCustomer).
 * - The current period ends on the as-of date (today): its days and closing are to date.
 * - Rep and region are the customer's current owner and top-level region.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { addDays, daysBetween } from '../../../shared/dates';
import type { Output } from '../../../shared/contract';
import type { KpiRow } from '../../../shared/schemas/collections';
import type { DB } from '../../db/schema';
import { collectionRateBp, dso, type Granularity, periodsOf } from '../../rules/collection-kpi';
import { customerMeta, openAsOfSql, regionTree } from './collections-sql';

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

interface Cell {
  numerator: number;
  openingDue: number;
  issuedDue: number;
  closing: number;
  creditSales: number;
}
const add = (a: Float64Array | undefined, i: number, v: number) => {
  if (a) a[i] = (a[i] ?? 0) + v;
};
const zero = (): Cell => ({ numerator: 0, openingDue: 0, issuedDue: 0, closing: 0, creditSales: 0 });

/**
 * SQL: the index (1…n) of the period a date column falls in, n + 1 after the last (or NULL);
 * with `dueBy`, the first period whose end is on or after the date (1 for dates before the
 * range), so "due by the end of period k" is `bucket ≤ k`.
 */
function periodIndex(col: RawBuilder<unknown>, periods: readonly { start: string; end: string }[], dueBy = false) {
  const whens = periods.map((p, i) => (dueBy ? sql`WHEN ${col} <= ${p.end} THEN ${i + 1}` : sql`WHEN ${col} BETWEEN ${p.start} AND ${p.end} THEN ${i + 1}`));
  return sql`(CASE ${sql.join(whens, sql` `)} ELSE ${periods.length + 1} END)`;
}

/**
 * Per period and customer: the five figures of the formulas. Balances are carried forward
 * rather than recomputed at every boundary: the as-of balance at the day before the range, per
 * due bucket, then per period + items issued − allocations dated in it + allocations reversed in
 * it (an allocation counts from its date until its reversal, the as-of rule). Three scans in all,
 * whatever the number of periods.
 */
async function cellsByCustomer(db: Kysely<DB>, q: KpiQuery, g: Granularity) {
  const periods = periodsOf(g, q.from, q.to)
    .filter((p) => p.start <= q.asOf)
    .map((p) => ({ ...p, end: p.end < q.asOf ? p.end : q.asOf }));
  const n = periods.length;
  const cells = new Map<string, Map<number, Cell>>(periods.map((p) => [p.key, new Map()]));
  const first = periods[0];
  const last = periods[n - 1];
  if (!first || !last) return { periods, cells };
  const owner = q.ownerId === null ? sql`` : sql`AND r.customer_id IN (SELECT id FROM customers WHERE owner_id = ${q.ownerId})`;
  const bucketOf = (col: string) => periodIndex(sql.ref(col), periods, true);
  const indexOf = (col: string) => periodIndex(sql.ref(col), periods);

  /** flows.get(customer)[j][b]: balance change in period j (1…n) of items due in bucket b (1…n+1); [0] = the opening balances. */
  const flows = new Map<number, Float64Array[]>();
  const flow = (customerId: number) => {
    const f = flows.get(customerId) ?? Array.from({ length: n + 1 }, () => new Float64Array(n + 2));
    flows.set(customerId, f);
    return f;
  };
  const cellAt = (j: number, customerId: number) => {
    const m = cells.get((periods[j - 1] as { key: string }).key) as Map<number, Cell>;
    const c = m.get(customerId) ?? zero();
    m.set(customerId, c);
    return c;
  };

  // Items whose allocations overlap a reversal can be over-allocated on paper for some days; the
  // as-of rule clamps their balance to [0, amount], which flows cannot. They are few (reversals
  // are rare): they are left out of the flows and evaluated at each boundary instead.
  const { rows: odd } = await sql<{ id: number }>`
    SELECT DISTINCT a1.receivable_id AS id FROM allocations a1
    JOIN allocations a2 ON a2.receivable_id = a1.receivable_id AND a2.id != a1.id
    WHERE a1.reversed_on IS NOT NULL AND a1.reversed_on >= ${addDays(first.start, -1)}
      AND a2.date < a1.reversed_on AND (a2.reversed_on IS NULL OR a2.reversed_on > a1.date)`.execute(db);
  const oddIds = odd.map((r) => r.id);
  const isOdd = sql`r.id IN (SELECT value FROM json_each(${JSON.stringify(oddIds)}))`;

  const { rows: opening } = await sql<{ customer_id: number; b: number; bal: number }>`
    WITH ${openAsOfSql(addDays(first.start, -1), q.ownerId, oddIds)}
    SELECT customer_id, ${periodIndex(sql.ref('due_date'), periods, true)} AS b, sum(bal) AS bal FROM o GROUP BY 1, 2`.execute(db);
  for (const r of opening) add(flow(r.customer_id)[0], r.b, r.bal);

  const { rows: issued } = await sql<{ customer_id: number; j: number; b: number; debit: number; flow: number; sales: number }>`
    SELECT r.customer_id, ${indexOf('r.date')} AS j, ${bucketOf('r.due_date')} AS b,
      sum(CASE WHEN r.kind != 'credit_note' THEN r.amount ELSE 0 END) AS debit,
      sum(CASE WHEN r.kind != 'credit_note' AND NOT ${isOdd} THEN r.amount ELSE 0 END) AS flow,
      sum(CASE r.kind WHEN 'invoice' THEN r.amount WHEN 'credit_note' THEN -r.amount ELSE 0 END) AS sales
    FROM receivables r
    WHERE r.status != 'cancelled' AND r.date BETWEEN ${first.start} AND ${last.end} ${owner}
    GROUP BY 1, 2, 3`.execute(db);
  for (const r of issued) {
    add(flow(r.customer_id)[r.j], r.b, r.flow);
    const c = cellAt(r.j, r.customer_id);
    if (r.b <= r.j) c.issuedDue += r.debit;
    c.creditSales += r.sales;
  }

  // Allocations dated in the range (any source) leave the balance; a receipt's, to an item due
  // by the period end and not reversed by then, is the numerator.
  const { rows: allocated } = await sql<{ customer_id: number; j: number; b: number; amount: number; collected: number }>`
    SELECT customer_id, j, b, sum(CASE WHEN odd THEN 0 ELSE amount END) AS amount,
      sum(CASE WHEN source = 'receipt' AND b <= j AND rj > j THEN amount ELSE 0 END) AS collected
    FROM (
      SELECT a.customer_id, a.source, a.amount, ${isOdd} AS odd, ${indexOf('a.date')} AS j, ${bucketOf('r.due_date')} AS b,
        ${indexOf('a.reversed_on')} AS rj
      FROM allocations a JOIN receivables r ON r.id = a.receivable_id
      WHERE a.date BETWEEN ${first.start} AND ${last.end} ${owner}
    ) GROUP BY 1, 2, 3`.execute(db);
  for (const r of allocated) {
    add(flow(r.customer_id)[r.j], r.b, -r.amount);
    cellAt(r.j, r.customer_id).numerator += r.collected;
  }
  const { rows: reversed } = await sql<{ customer_id: number; j: number; b: number; amount: number }>`
    SELECT a.customer_id, ${indexOf('a.reversed_on')} AS j, ${bucketOf('r.due_date')} AS b, sum(a.amount) AS amount
    FROM allocations a JOIN receivables r ON r.id = a.receivable_id
    WHERE a.reversed_on BETWEEN ${first.start} AND ${last.end} AND NOT ${isOdd} ${owner}
    GROUP BY 1, 2, 3`.execute(db);
  for (const r of reversed) add(flow(r.customer_id)[r.j], r.b, r.amount);

  // Carry the balances forward: opening due of period k = balance at its start of items due by
  // its end; closing = everything open at its end.
  for (const [customerId, f] of flows) {
    const bal = Float64Array.from(f[0] as Float64Array);
    for (let k = 1; k <= n; k++) {
      let due = 0;
      for (let b = 1; b <= k; b++) due += bal[b] as number;
      const step = f[k] as Float64Array;
      let closing = 0;
      for (let b = 1; b <= n + 1; b++) {
        bal[b] = (bal[b] as number) + (step[b] as number);
        closing += bal[b] as number;
      }
      if (due !== 0 || closing !== 0) {
        const c = cellAt(k, customerId);
        c.openingDue += due;
        c.closing += closing;
      }
    }
  }
  await addOddItems(db, q, oddIds, periods, cellAt);
  return { periods, cells };
}

/** The as-of rule (as-of.ts) item by item at every boundary, for the few items left out of the flows. */
async function addOddItems(db: Kysely<DB>, q: KpiQuery, ids: number[], periods: { start: string; end: string }[], cellAt: (j: number, customerId: number) => Cell) {
  if (ids.length === 0) return;
  let iq = db
    .selectFrom('receivables as r')
    .select(['r.id', 'r.customer_id', 'r.date', 'r.due_date', 'r.amount'])
    .where(sql<boolean>`r.id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`)
    .where('r.status', '!=', 'cancelled');
  if (q.ownerId !== null) iq = iq.where(sql<boolean>`r.customer_id IN (SELECT id FROM customers WHERE owner_id = ${q.ownerId})`);
  const items = await iq.execute();
  const allocs = await db
    .selectFrom('allocations')
    .select(['receivable_id', 'date', 'amount', 'reversed_on'])
    .where(sql<boolean>`receivable_id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`)
    .execute();
  const balanceAt = (it: (typeof items)[number], d: string) => {
    if (it.date > d) return 0;
    const used = allocs.filter((a) => a.receivable_id === it.id && a.date <= d && (a.reversed_on === null || a.reversed_on > d)).reduce((t, a) => t + a.amount, 0);
    return Math.max(0, Math.min(it.amount, it.amount - used));
  };
  periods.forEach((p, i) => {
    for (const it of items) {
      const before = it.due_date <= p.end ? balanceAt(it, addDays(p.start, -1)) : 0;
      const after = balanceAt(it, p.end);
      if (before === 0 && after === 0) continue;
      const c = cellAt(i + 1, it.customer_id);
      c.openingDue += before;
      c.closing += after;
    }
  });
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
