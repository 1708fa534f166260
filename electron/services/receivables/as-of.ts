/**
 * What was open on a date: the one definition every as-of reader uses (aging, statements,
 * collections, credit history). See docs/receivables.md, "As of a date D":
 *
 * - a debit item (invoice, opening) counts when its date ≤ D; its balance as of D is its amount
 *   minus the allocations that count as of D (date ≤ D, and not reversed or reversed after D);
 * - candidates are items still open now (balance > 0) or closed after D (closed_on > D); an item
 *   closed on or before D was 0 then (proved in docs/receivables.md), so it is never read;
 * - unapplied credit as of D: receipts dated ≤ D not reversed by D, and credit notes dated ≤ D,
 *   each minus what of it had been allocated as of D. Candidates, likewise: credits open now, or
 *   with an allocation dated or reversed after D, or (receipts) reversed after D — any other
 *   credit was fully allocated by D and unchanged since;
 * - fast path: when nothing at all is dated after D (no allocation, reversal, receipt or open
 *   item), the current balances ARE the balances as of D. Checking that is five index probes.
 *
 * Balances are clamped to [0, amount]: a reversal dated before a later-recorded back-dated
 * allocation could otherwise double-count one day's movements.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema';
import { addDays, daysBetween } from '../shipments';

export interface AsOfItem {
  id: number;
  customerId: number;
  number: string;
  kind: 'invoice' | 'opening';
  date: string;
  dueDate: string;
  amount: number;
  /** Balance as of the date (分). */
  balance: number;
  /** as-of − due date, in days; ≤ 0 means not yet due. */
  daysPastDue: number;
}

export interface AsOfCredit {
  customerId: number;
  source: 'receipt' | 'credit_note';
  id: number;
  number: string;
  date: string;
  amount: number;
  /** Still unapplied as of the date (分). */
  open: number;
}

export interface AsOfFilter {
  /** Only these customers (one customer for a statement). */
  customerIds?: readonly number[];
  /** Only customers owned by this user (the rep's record scope). */
  ownerId?: number | null;
}

const customerFilter = (alias: string, f: AsOfFilter) => {
  const parts = [];
  if (f.customerIds) parts.push(sql`${sql.ref(`${alias}.customer_id`)} IN (SELECT value FROM json_each(${JSON.stringify(f.customerIds)}))`);
  if (f.ownerId !== undefined && f.ownerId !== null) {
    parts.push(sql`${sql.ref(`${alias}.customer_id`)} IN (SELECT id FROM customers WHERE owner_id = ${f.ownerId})`);
  }
  return parts.length ? sql`AND ${sql.join(parts, sql` AND `)}` : sql``;
};

/**
 * True when nothing is dated after `asOf`: no allocation dated or reversed after it, no receipt
 * dated or reversed after it, no open item dated after it. Then every current balance is the
 * balance as of `asOf` (an item or credit note dated later is either open — caught — or has an
 * allocation dated at least as late — caught). Each probe reads one end of an index.
 */
export async function nothingDatedAfter(db: Kysely<DB>, asOf: string): Promise<boolean> {
  const { rows } = await sql<{ d: string | null }>`
    SELECT (SELECT date FROM allocations ORDER BY date DESC LIMIT 1) AS d
    UNION ALL SELECT (SELECT reversed_on FROM allocations WHERE reversed_on IS NOT NULL ORDER BY reversed_on DESC LIMIT 1)
    UNION ALL SELECT (SELECT date FROM receipts ORDER BY date DESC LIMIT 1)
    UNION ALL SELECT (SELECT reversed_on FROM receipts WHERE reversed_on IS NOT NULL ORDER BY reversed_on DESC LIMIT 1)
    UNION ALL SELECT (SELECT date FROM receivables WHERE balance > 0 ORDER BY date DESC LIMIT 1)`.execute(db);
  return rows.every((r) => r.d === null || r.d <= asOf);
}

/** The allocations of an item that count as of `asOf` (SQL fragment over alias r). */
const allocatedAsOf = (asOf: string, col: 'receivable_id' | 'receipt_id' | 'credit_note_id') =>
  sql`coalesce((SELECT sum(a.amount) FROM allocations a WHERE ${sql.ref(`a.${col}`)} = r.id AND a.date <= ${asOf}
      AND (a.reversed_on IS NULL OR a.reversed_on > ${asOf})), 0)`;

/**
 * Debit items open as of `asOf` as a subquery: id, customer_id, number, kind, date, due_date,
 * amount, bal (the balance then, > 0). `fast` = nothingDatedAfter(asOf).
 */
function itemsSource(asOf: string, fast: boolean, f: AsOfFilter): RawBuilder<unknown> {
  const cols = sql`r.id, r.customer_id, r.number, r.kind, r.date, r.due_date, r.amount`;
  if (fast) return sql`SELECT ${cols}, r.balance AS bal FROM receivables r WHERE r.balance > 0 AND r.kind != 'credit_note' ${customerFilter('r', f)}`;
  const bal = sql`min(r.amount, r.amount - ${allocatedAsOf(asOf, 'receivable_id')}) AS bal`;
  return sql`SELECT * FROM (
      SELECT ${cols}, ${bal} FROM receivables r
      WHERE r.balance > 0 AND r.kind != 'credit_note' AND r.date <= ${asOf} ${customerFilter('r', f)}
      UNION ALL
      SELECT ${cols}, ${bal} FROM receivables r
      WHERE r.closed_on > ${asOf} AND r.date <= ${asOf} AND r.kind != 'credit_note' AND r.status != 'cancelled' ${customerFilter('r', f)}
    ) WHERE bal > 0`;
}

/** Receipts and credit notes with credit unapplied as of `asOf`: customer_id, source, id, number, date, amount, open (> 0). */
function creditsSource(asOf: string, fast: boolean, f: AsOfFilter): RawBuilder<unknown> {
  if (fast) {
    return sql`SELECT r.customer_id, 'receipt' AS source, r.id, r.number, r.date, r.amount, r.unallocated AS open
      FROM receipts r WHERE r.unallocated > 0 ${customerFilter('r', f)}
      UNION ALL
      SELECT r.customer_id, 'credit_note', r.id, r.number, r.date, r.amount, r.balance
      FROM receivables r WHERE r.balance > 0 AND r.kind = 'credit_note' ${customerFilter('r', f)}`;
  }
  return sql`SELECT * FROM (
      SELECT r.customer_id, 'receipt' AS source, r.id, r.number, r.date, r.amount,
        min(r.amount, r.amount - ${allocatedAsOf(asOf, 'receipt_id')}) AS open
      FROM receipts r
      WHERE r.date <= ${asOf} AND (r.reversed_on IS NULL OR r.reversed_on > ${asOf}) ${customerFilter('r', f)}
        AND r.id IN (SELECT id FROM receipts WHERE unallocated > 0
          UNION SELECT receipt_id FROM allocations WHERE date > ${asOf} AND receipt_id IS NOT NULL
          UNION SELECT receipt_id FROM allocations WHERE reversed_on > ${asOf} AND receipt_id IS NOT NULL
          UNION SELECT id FROM receipts WHERE reversed_on > ${asOf})
      UNION ALL
      SELECT r.customer_id, 'credit_note', r.id, r.number, r.date, r.amount,
        min(r.amount, r.amount - ${allocatedAsOf(asOf, 'credit_note_id')})
      FROM receivables r
      WHERE r.kind = 'credit_note' AND r.status != 'cancelled' AND r.date <= ${asOf} ${customerFilter('r', f)}
        AND r.id IN (SELECT id FROM receivables WHERE balance > 0 AND kind = 'credit_note'
          UNION SELECT credit_note_id FROM allocations WHERE date > ${asOf} AND credit_note_id IS NOT NULL
          UNION SELECT credit_note_id FROM allocations WHERE reversed_on > ${asOf} AND credit_note_id IS NOT NULL)
    ) WHERE open > 0`;
}

/** Debit items open as of `asOf` with their balance then, oldest due first. */
export async function openItemsAsOf(db: Kysely<DB>, asOf: string, f: AsOfFilter = {}): Promise<AsOfItem[]> {
  const fast = await nothingDatedAfter(db, asOf);
  const { rows } = await sql<{ id: number; customer_id: number; number: string; kind: 'invoice' | 'opening'; date: string; due_date: string; amount: number; bal: number }>`
    SELECT * FROM (${itemsSource(asOf, fast, f)}) ORDER BY due_date, date, id`.execute(db);
  return rows.map((r) => ({
    id: r.id, customerId: r.customer_id, number: r.number, kind: r.kind, date: r.date, dueDate: r.due_date, amount: r.amount,
    balance: r.bal, daysPastDue: daysBetween(r.due_date, asOf),
  }));
}

/** Receipts and credit notes with credit still unapplied as of `asOf`. */
export async function openCreditsAsOf(db: Kysely<DB>, asOf: string, f: AsOfFilter = {}): Promise<AsOfCredit[]> {
  const fast = await nothingDatedAfter(db, asOf);
  const { rows } = await sql<{ customer_id: number; source: 'receipt' | 'credit_note'; id: number; number: string; date: string; amount: number; open: number }>`
    SELECT * FROM (${creditsSource(asOf, fast, f)}) ORDER BY date, id`.execute(db);
  return rows.map((r) => ({ customerId: r.customer_id, source: r.source, id: r.id, number: r.number, date: r.date, amount: r.amount, open: r.open }));
}

/**
 * The bucket index of `daysPastDue` for bounds like [30, 60, 90, 180]: 0 = not yet due (≤ 0),
 * 1 = 1–30, …, bounds.length + 1 = beyond the last bound. The not-yet-due bucket always exists,
 * so the buckets of a set of items always sum to its open balance.
 */
export function bucketOf(daysPastDue: number, bounds: readonly number[]): number {
  if (daysPastDue <= 0) return 0;
  for (let i = 0; i < bounds.length; i++) if (daysPastDue <= (bounds[i] ?? 0)) return i + 1;
  return bounds.length + 1;
}

/**
 * bucketOf in SQL over a due-date column: days past due ≤ b ⟺ due_date ≥ asOf − b, so the
 * buckets are ranges of due dates compared as ISO strings (no date arithmetic per row).
 */
export function bucketSql(dueCol: RawBuilder<unknown>, asOf: string, bounds: readonly number[]): RawBuilder<number> {
  const whens = [sql`WHEN ${dueCol} >= ${asOf} THEN 0`, ...bounds.map((b, i) => sql`WHEN ${dueCol} >= ${addDays(asOf, -b)} THEN ${sql.lit(i + 1)}`)];
  return sql<number>`CASE ${sql.join(whens, sql` `)} ELSE ${sql.lit(bounds.length + 1)} END`;
}

export interface CustomerAging {
  customerId: number;
  /** Open balance per bucket as of the date (bucket 0 = not yet due). */
  buckets: number[];
  /** Receipts and credit notes unapplied as of the date. */
  unapplied: number;
}

/**
 * Per customer with anything open as of `asOf`: the open balance per aging bucket and the
 * unapplied credit — aggregated in SQL over the same sources as openItemsAsOf/openCreditsAsOf.
 * `method` says whether the fast path (current balances) answered.
 */
export async function agingByCustomerAsOf(
  db: Kysely<DB>,
  asOf: string,
  bounds: readonly number[],
  f: AsOfFilter = {},
  /** replay: skip the fast path (tests and the bench compare both). */
  opts: { replay?: boolean } = {},
): Promise<{ rows: CustomerAging[]; method: 'current' | 'replay' }> {
  const fast = !opts.replay && (await nothingDatedAfter(db, asOf));
  const n = bounds.length + 2;
  const pivot = sql.join(
    Array.from({ length: n }, (_, i) => sql`sum(CASE WHEN b = ${sql.lit(i)} THEN bal ELSE 0 END) AS ${sql.ref(`b${i}`)}`),
    sql`, `,
  );
  const items = await sql<Record<string, number>>`
    SELECT customer_id, ${pivot} FROM (
      SELECT customer_id, bal, ${bucketSql(sql.ref('due_date'), asOf, bounds)} AS b FROM (${itemsSource(asOf, fast, f)})
    ) GROUP BY customer_id`.execute(db);
  const credits = await sql<{ customer_id: number; open: number }>`
    SELECT customer_id, sum(open) AS open FROM (${creditsSource(asOf, fast, f)}) GROUP BY customer_id`.execute(db);

  const byCustomer = new Map<number, CustomerAging>();
  for (const r of items.rows) {
    const id = r.customer_id as number;
    byCustomer.set(id, { customerId: id, buckets: Array.from({ length: n }, (_, i) => r[`b${i}`] ?? 0), unapplied: 0 });
  }
  for (const c of credits.rows) {
    const row = byCustomer.get(c.customer_id) ?? { customerId: c.customer_id, buckets: new Array<number>(n).fill(0), unapplied: 0 };
    row.unapplied = c.open;
    byCustomer.set(c.customer_id, row);
  }
  return { rows: [...byCustomer.values()], method: fast ? 'current' : 'replay' };
}
