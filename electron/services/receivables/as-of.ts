/**
 * What was open on a date: the one definition every as-of reader uses (aging, statements,
 * collections, credit history). See docs/receivables.md, "As of a date D":
 *
 * - a debit item (invoice, opening) counts when its date ≤ D; its balance as of D is its amount
 *   minus the allocations that count as of D (date ≤ D, and not reversed or reversed after D);
 * - candidates are items still open now (balance > 0) or closed after D (closed_on > D); an item
 *   closed on or before D was 0 then (proved in docs/receivables.md), so it is never read;
 * - unapplied credit as of D: receipts dated ≤ D not reversed by D, and credit notes dated ≤ D,
 *   each minus what of it had been allocated as of D.
 *
 * Balances are clamped to [0, amount]: a reversal dated before a later-recorded back-dated
 * allocation could otherwise double-count one day's movements.
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema';
import { daysBetween } from '../shipments';

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

/** The allocations of an item that count as of `asOf` (SQL fragment over alias r). */
const allocatedAsOf = (asOf: string) =>
  sql`coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.receivable_id = r.id AND a.date <= ${asOf}
      AND (a.reversed_on IS NULL OR a.reversed_on > ${asOf})), 0)`;

/** Debit items open as of `asOf` with their balance then, oldest due first. */
export async function openItemsAsOf(db: Kysely<DB>, asOf: string, f: AsOfFilter = {}): Promise<AsOfItem[]> {
  const { rows } = await sql<{ id: number; customer_id: number; number: string; kind: 'invoice' | 'opening'; date: string; due_date: string; amount: number; bal: number }>`
    SELECT * FROM (
      SELECT r.id, r.customer_id, r.number, r.kind, r.date, r.due_date, r.amount, r.amount - ${allocatedAsOf(asOf)} AS bal
      FROM receivables r
      WHERE r.kind != 'credit_note' AND r.status != 'cancelled' AND r.date <= ${asOf}
        AND (r.balance > 0 OR r.closed_on > ${asOf}) ${customerFilter('r', f)}
    ) WHERE bal > 0
    ORDER BY due_date, date, id`.execute(db);
  return rows.map((r) => ({
    id: r.id, customerId: r.customer_id, number: r.number, kind: r.kind, date: r.date, dueDate: r.due_date, amount: r.amount,
    balance: Math.min(r.amount, r.bal), daysPastDue: daysBetween(r.due_date, asOf),
  }));
}

/** Receipts and credit notes with credit still unapplied as of `asOf`. */
export async function openCreditsAsOf(db: Kysely<DB>, asOf: string, f: AsOfFilter = {}): Promise<AsOfCredit[]> {
  const { rows } = await sql<{ customer_id: number; source: 'receipt' | 'credit_note'; id: number; number: string; date: string; amount: number; open: number }>`
    SELECT * FROM (
      SELECT r.customer_id, 'receipt' AS source, r.id, r.number, r.date, r.amount,
        r.amount - coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.receipt_id = r.id AND a.date <= ${asOf}
          AND (a.reversed_on IS NULL OR a.reversed_on > ${asOf})), 0) AS open
      FROM receipts r
      WHERE r.date <= ${asOf} AND (r.reversed_on IS NULL OR r.reversed_on > ${asOf}) ${customerFilter('r', f)}
      UNION ALL
      SELECT r.customer_id, 'credit_note', r.id, r.number, r.date, r.amount,
        r.amount - coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.credit_note_id = r.id AND a.date <= ${asOf}
          AND (a.reversed_on IS NULL OR a.reversed_on > ${asOf})), 0)
      FROM receivables r
      WHERE r.kind = 'credit_note' AND r.status != 'cancelled' AND r.date <= ${asOf} ${customerFilter('r', f)}
    ) WHERE open > 0
    ORDER BY date, id`.execute(db);
  return rows.map((r) => ({ customerId: r.customer_id, source: r.source, id: r.id, number: r.number, date: r.date, amount: r.amount, open: Math.min(r.amount, r.open) }));
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
