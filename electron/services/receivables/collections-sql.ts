/**
 * Set-based readers shared by the collections use cases. `balancesByCustomer` is the as-of rule
 * of as-of.ts (openItemsAsOf) summed per customer in SQL: the overdue list and the KPIs need
 * totals over every customer, and materialising each open item in JS costs seconds on a large
 * company. tests/db/collections-asof.test.ts proves both give the same figures.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema';

export interface CustomerBalance {
  customerId: number;
  /** Σ balances as of the date. */
  open: number;
  /** Σ balances of items due on or before `dueBy` (0 without it). */
  dueBy: number;
  /** Σ balances past due (due date before the as-of date). */
  overdue: number;
  overdueItems: number;
  /** Earliest due date among the overdue items. */
  oldestDue: string | null;
}

/**
 * The items open as of `asOf` with their balance then (columns customer_id, due_date, bal): the
 * rule of openItemsAsOf. Candidates come through the two partial indexes (open now; closed after
 * asOf) as a UNION ALL, and each item's allocations are summed once (MATERIALIZED): with an OR
 * and a GROUP BY, SQLite would otherwise walk all receivables and evaluate the sum twice.
 */
export function openAsOfSql(asOf: string, ownerId: number | null | undefined, excludeIds: readonly number[] = []) {
  const owner = sql`${ownerId === undefined || ownerId === null ? sql`` : sql`AND r.customer_id IN (SELECT id FROM customers WHERE owner_id = ${ownerId})`} ${
    excludeIds.length ? sql`AND r.id NOT IN (SELECT value FROM json_each(${JSON.stringify(excludeIds)}))` : sql``
  }`;
  const candidates = (which: RawBuilder<unknown>) =>
    sql`SELECT r.id, r.customer_id, r.due_date, r.amount FROM receivables r
      WHERE ${which} AND r.kind != 'credit_note' AND r.status != 'cancelled' AND r.date <= ${asOf} ${owner}`;
  return sql`
    c AS MATERIALIZED (${candidates(sql`r.balance > 0`)} UNION ALL ${candidates(sql`r.closed_on > ${asOf} AND r.balance = 0`)}),
    i AS MATERIALIZED (SELECT c.customer_id, c.due_date, c.amount,
      coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.receivable_id = c.id AND a.date <= ${asOf}
        AND (a.reversed_on IS NULL OR a.reversed_on > ${asOf})), 0) AS allocated FROM c),
    o AS (SELECT customer_id, due_date, min(amount, amount - allocated) AS bal FROM i WHERE amount - allocated > 0)`;
}

/**
 * Open debit items (invoices, opening balances) as of `asOf`, summed per customer. Same rule as
 * openItemsAsOf: items dated ≤ asOf, candidates open now or closed after asOf, balance = amount −
 * allocations counting as of asOf (date ≤ asOf, not reversed by then), clamped to [0, amount].
 */
export async function balancesByCustomer(
  db: Kysely<DB>,
  asOf: string,
  opts: { dueBy?: string; ownerId?: number | null; onlyOverdue?: boolean } = {},
): Promise<CustomerBalance[]> {
  const dueBy = opts.dueBy ?? '';
  const overdueOnly = opts.onlyOverdue ? sql`HAVING overdue > 0` : sql``;
  const { rows } = await sql<{ customer_id: number; open: number; due_by: number; overdue: number; n: number; oldest: string | null }>`
    WITH ${openAsOfSql(asOf, opts.ownerId)}
    SELECT customer_id, sum(bal) AS open,
      sum(CASE WHEN due_date <= ${dueBy} THEN bal ELSE 0 END) AS due_by,
      sum(CASE WHEN due_date < ${asOf} THEN bal ELSE 0 END) AS overdue,
      sum(due_date < ${asOf}) AS n,
      min(CASE WHEN due_date < ${asOf} THEN due_date END) AS oldest
    FROM o GROUP BY customer_id ${overdueOnly}`.execute(db);
  return rows.map((r) => ({ customerId: r.customer_id, open: r.open, dueBy: r.due_by, overdue: r.overdue, overdueItems: r.n, oldestDue: r.oldest }));
}

export interface RegionTree {
  /** region id → its top-level region id */
  top: Map<number, number>;
  names: Map<number, string>;
  /** region id → itself and every region below it */
  members: Map<number, number[]>;
}

/** Regions rolled up to their top level (a province counts for its region), like analysis.ts. */
export async function regionTree(db: Kysely<DB>): Promise<RegionTree> {
  const rows = await db.selectFrom('regions').select(['id', 'name', 'parent_id']).execute();
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
  // Members of any region: itself and every region below it.
  const members = new Map<number, number[]>();
  for (const r of rows) {
    for (let cur: number | null | undefined = r.id, guard = 0; cur !== null && cur !== undefined && guard < 20; cur = parent.get(cur), guard++) {
      members.set(cur, [...(members.get(cur) ?? []), r.id]);
    }
  }
  return { top, names: new Map(rows.map((r) => [r.id, r.name])), members };
}

export interface CustomerMeta {
  id: number;
  code: string;
  name: string;
  ownerId: number | null;
  ownerName: string | null;
  regionId: number | null;
  regionName: string | null;
}

/** Code, name, rep and region of customers (all in scope when `ids` is absent). */
export async function customerMeta(db: Kysely<DB>, ownerId: number | null, ids?: readonly number[]): Promise<Map<number, CustomerMeta>> {
  let q = db
    .selectFrom('customers as c')
    .leftJoin('users as u', 'u.id', 'c.owner_id')
    .leftJoin('regions as g', 'g.id', 'c.region_id')
    .select(['c.id', 'c.code', 'c.name', 'c.owner_id', 'u.display_name', 'c.region_id', 'g.name as region_name']);
  if (ownerId !== null) q = q.where('c.owner_id', '=', ownerId);
  if (ids) q = q.where(sql<boolean>`c.id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`);
  const rows = await q.execute();
  return new Map(
    rows.map((r) => [r.id, { id: r.id, code: r.code, name: r.name, ownerId: r.owner_id, ownerName: r.display_name, regionId: r.region_id, regionName: r.region_name }]),
  );
}
