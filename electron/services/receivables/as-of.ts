/**
 * What was open on a date: the one definition every as-of reader uses (aging, statements,
 * collections, credit history). See docs/receivables.md, "As of a date D":
 *
 * - a debit item (invoice, opening) counts when its date ≤ D; its balance as of D is its amount
 *   minus the allocations that count as of D (date ≤ D, and not reversed or reversed after D);
 * - unapplied credit as of D: receipts dated ≤ D not reversed by D, and credit notes dated ≤ D,
 *   each minus what of it had been allocated as of D;
 * - computed as: balance then = balance now + what moved after D (movedSince: allocations
 *   dated after D add back, allocations reversed after D take off). Only documents open now or
 *   touched by a later allocation or reversal can differ from 0 then, so a past date reads the
 *   open items (a covering index) plus the recent tail of allocations — not the history;
 * - fast path: when nothing at all is dated after D (no allocation, reversal, receipt or open
 *   item), the current balances ARE the balances as of D. Checking that is five index probes.
 *
 * Balances are clamped to [0, amount]: a reversal dated before a later-recorded back-dated
 * allocation could otherwise double-count one day's movements.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { addDays, daysBetween } from '../../../shared/dates';
import type { DB } from '../../db/schema';

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

/**
 * What moved after `asOf`, per document: Σ allocations still active and dated after it (they
 * had not happened yet: add back) − Σ allocations that counted then but were reversed after it
 * (they had: take off). Reads only allocations dated or reversed after `asOf` — the recent
 * tail — so a past date costs what happened since, not the whole history. Since every current
 * balance = amount − Σ active allocations (the ledger's identity), balance then = balance now
 * + moved, which is amount − Σ allocations counting then, exactly the definition above.
 */
const movedSince = (asOf: string, col: 'receivable_id' | 'receipt_id' | 'credit_note_id', f: AsOfFilter) =>
  // Two index ranges (allocations_date, allocations_reversed) rather than one OR, which the
  // planner would answer by scanning every allocation in receivable order. A statement for one
  // customer reads only that customer's allocations (allocations_customer_date).
  sql`SELECT id, sum(d) AS delta FROM (
      SELECT ${sql.ref(`a.${col}`)} AS id, CASE WHEN a.reversed_on IS NULL THEN a.amount ELSE 0 END AS d FROM allocations a
      WHERE a.date > ${asOf} ${customerFilter('a', f)}
      UNION ALL
      SELECT ${sql.ref(`a.${col}`)}, -a.amount FROM allocations a WHERE a.reversed_on > ${asOf} AND a.date <= ${asOf} ${customerFilter('a', f)}
    ) WHERE id IS NOT NULL GROUP BY id`;

const ITEM_COLS = ['id', 'customer_id', 'number', 'kind', 'date', 'due_date', 'amount'] as const;
const AGING_COLS = ['customer_id', 'due_date'] as const;
const colList = (cols: readonly string[]) => sql.join(cols.map((c) => sql.ref(`r.${c}`)));

/**
 * Debit items open as of `asOf` as a subquery: `cols` of receivables r plus bal (the balance
 * then, > 0). `fast` = nothingDatedAfter(asOf). Items open now are read from the covering
 * index receivables_open_kind; items closed now were open then only if something moved after.
 */
function itemsSource(asOf: string, fast: boolean, f: AsOfFilter, cols: readonly string[] = ITEM_COLS): RawBuilder<unknown> {
  if (fast) return sql`SELECT ${colList(cols)}, r.balance AS bal FROM receivables r WHERE r.balance > 0 AND r.kind != 'credit_note' ${customerFilter('r', f)}`;
  return sql`SELECT * FROM (
      WITH m AS MATERIALIZED (${movedSince(asOf, 'receivable_id', f)})
      SELECT ${colList(cols)}, min(r.amount, r.balance + coalesce(m.delta, 0)) AS bal
      FROM receivables r LEFT JOIN m ON m.id = r.id
      WHERE r.balance > 0 AND r.kind != 'credit_note' AND r.date <= ${asOf} ${customerFilter('r', f)}
      UNION ALL
      SELECT ${colList(cols)}, min(r.amount, m.delta)
      FROM m CROSS JOIN receivables r ON r.id = m.id
      WHERE r.balance = 0 AND r.kind != 'credit_note' AND r.status != 'cancelled' AND r.date <= ${asOf} ${customerFilter('r', f)}
    ) WHERE bal > 0`;
}

/**
 * Receipts and credit notes with credit unapplied as of `asOf`: customer_id, source, id, number,
 * date, amount, open (> 0); with `full` false only customer_id and open (read from indexes alone).
 */
function creditsSource(asOf: string, fast: boolean, f: AsOfFilter, full = true): RawBuilder<unknown> {
  const head = (source: 'receipt' | 'credit_note') =>
    full ? sql`r.customer_id, ${sql.lit(source)} AS source, r.id, r.number, r.date, r.amount` : sql`r.customer_id`;
  if (fast) {
    return sql`SELECT ${head('receipt')}, r.unallocated AS open
      FROM receipts r WHERE r.unallocated > 0 ${customerFilter('r', f)}
      UNION ALL
      SELECT ${head('credit_note')}, r.balance
      FROM receivables r WHERE r.balance > 0 AND r.kind = 'credit_note' ${customerFilter('r', f)}`;
  }
  // A receipt reversed after the date was whole then: its base is its amount, not its (zero)
  // unallocated. `+r.date` keeps the planner on the small unapplied/open partial indexes.
  return sql`SELECT * FROM (
      WITH mr AS MATERIALIZED (${movedSince(asOf, 'receipt_id', f)}),
        mc AS MATERIALIZED (${movedSince(asOf, 'credit_note_id', f)})
      SELECT ${head('receipt')}, r.unallocated AS open
      FROM receipts r
      WHERE r.unallocated > 0 AND +r.date <= ${asOf} AND r.id NOT IN (SELECT id FROM mr) ${customerFilter('r', f)}
      UNION ALL
      SELECT ${head('receipt')},
        min(r.amount, CASE WHEN r.status = 'reversed' THEN r.amount ELSE r.unallocated END + coalesce(mr.delta, 0))
      FROM (SELECT id FROM mr UNION SELECT id FROM receipts WHERE reversed_on > ${asOf}) k
        JOIN receipts r ON r.id = k.id LEFT JOIN mr ON mr.id = r.id
      WHERE r.date <= ${asOf} AND (r.reversed_on IS NULL OR r.reversed_on > ${asOf}) ${customerFilter('r', f)}
      UNION ALL
      SELECT ${head('credit_note')}, r.balance
      FROM receivables r
      WHERE r.balance > 0 AND r.kind = 'credit_note' AND +r.date <= ${asOf} AND r.id NOT IN (SELECT id FROM mc) ${customerFilter('r', f)}
      UNION ALL
      SELECT ${head('credit_note')}, min(r.amount, r.balance + mc.delta)
      FROM mc CROSS JOIN receivables r ON r.id = mc.id
      WHERE r.kind = 'credit_note' AND r.status != 'cancelled' AND r.date <= ${asOf} ${customerFilter('r', f)}
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
      SELECT customer_id, bal, ${bucketSql(sql.ref('due_date'), asOf, bounds)} AS b FROM (${itemsSource(asOf, fast, f, AGING_COLS)})
    ) GROUP BY customer_id`.execute(db);
  const credits = await sql<{ customer_id: number; open: number }>`
    SELECT customer_id, sum(open) AS open FROM (${creditsSource(asOf, fast, f, false)}) GROUP BY customer_id`.execute(db);

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
