/**
 * receivables.verify: every identity of docs/receivables.md checked on the real database, set-based
 * (one aggregate pass over allocations per source column, one per customer), so a file with 1M
 * receivables and 1M receipts is checked in seconds. Reports each failing document/customer.
 */
import { type Kysely, sql } from 'kysely';
import type { VerifyFailure } from '../../../shared/schemas/receipts';
import type { DB } from '../../db/schema';

export const VERIFY_LIMIT = 1000;

export interface VerifyScope {
  customerId?: number | undefined;
  ownerId?: number | null;
}

export async function verifyLedger(db: Kysely<DB>, scope: VerifyScope): Promise<{ failures: VerifyFailure[]; truncated: boolean; customers: number }> {
  // Customers in scope, as a filter on any alias's customer_id.
  const inScope = (col: string) => {
    const parts = [];
    if (scope.customerId !== undefined) parts.push(sql`${sql.ref(col)} = ${scope.customerId}`);
    if (scope.ownerId !== undefined && scope.ownerId !== null) parts.push(sql`${sql.ref(col)} IN (SELECT id FROM customers WHERE owner_id = ${scope.ownerId})`);
    return parts.length ? sql.join(parts, sql` AND `) : sql`1`;
  };
  // Active allocations of one document (an index seek per document: cheaper than grouping
  // 1M allocations and joining the result).
  const activeOf = (col: 'receivable_id' | 'receipt_id', ref: string) =>
    sql`coalesce((SELECT sum(a.amount) FROM allocations a WHERE ${sql.ref(`a.${col}`)} = ${sql.ref(ref)} AND a.reversed_on IS NULL), 0)`;
  // Active allocations summed per source (credit notes and write-offs are few).
  const active = (col: 'credit_note_id' | 'write_off_id') =>
    sql`(SELECT ${sql.ref(col)} AS k, sum(amount) AS s FROM allocations WHERE reversed_on IS NULL AND ${sql.ref(col)} IS NOT NULL AND ${inScope('customer_id')} GROUP BY 1)`;

  const { rows } = await sql<{ identity: VerifyFailure['identity']; customer_id: number; document: string | null; expected: number; actual: number }>`
    SELECT * FROM (
      SELECT 'item' AS identity, r.customer_id, r.number AS document, r.amount - r.s AS expected, r.balance AS actual
      FROM (SELECT r.*, ${activeOf('receivable_id', 'r.id')} AS s FROM receivables r
        WHERE r.kind != 'credit_note' AND r.status != 'cancelled' AND ${inScope('r.customer_id')}) r
      WHERE r.balance != r.amount - r.s
      UNION ALL
      SELECT 'item_range', r.customer_id, r.number, CASE WHEN r.balance < 0 THEN 0 ELSE r.amount END, r.balance
      FROM receivables r WHERE ${inScope('r.customer_id')} AND (r.balance < 0 OR r.balance > r.amount)
      UNION ALL
      -- Posted and reversed receipts in one pass over receipts.
      SELECT CASE WHEN r.status = 'posted' THEN 'receipt' ELSE 'reversed_receipt' END, r.customer_id, r.number,
        CASE WHEN r.status = 'posted' THEN r.amount - r.s ELSE 0 END, CASE WHEN r.status = 'posted' THEN r.unallocated ELSE r.unallocated + r.s END
      FROM (SELECT r.*, ${activeOf('receipt_id', 'r.id')} AS s FROM receipts r WHERE ${inScope('r.customer_id')}) r
      WHERE CASE WHEN r.status = 'posted' THEN r.unallocated != r.amount - r.s ELSE r.unallocated != 0 OR r.s != 0 END
      UNION ALL
      SELECT 'credit_note', r.customer_id, r.number, r.amount - coalesce(a.s, 0), r.balance
      FROM receivables r LEFT JOIN ${active('credit_note_id')} a ON a.k = r.id
      WHERE r.kind = 'credit_note' AND r.status != 'cancelled' AND ${inScope('r.customer_id')} AND r.balance != r.amount - coalesce(a.s, 0)
      UNION ALL
      SELECT 'write_off', w.customer_id, w.number, CASE WHEN w.reversed_on IS NULL THEN w.amount ELSE 0 END, coalesce(a.s, 0)
      FROM write_offs w LEFT JOIN ${active('write_off_id')} a ON a.k = w.id
      WHERE ${inScope('w.customer_id')} AND coalesce(a.s, 0) != CASE WHEN w.reversed_on IS NULL THEN w.amount ELSE 0 END
      UNION ALL
      -- Per customer: Σ invoiced − Σ credited − Σ received − Σ written off = Σ open debit − Σ unapplied credit.
      SELECT 'customer', t.customer_id, NULL, sum(t.flow), sum(t.open) FROM (
        SELECT customer_id, sum(CASE WHEN kind = 'credit_note' THEN -amount ELSE amount END) AS flow,
          sum(CASE WHEN kind = 'credit_note' THEN -balance ELSE balance END) AS open
        FROM receivables WHERE status != 'cancelled' AND ${inScope('customer_id')} GROUP BY customer_id
        UNION ALL
        SELECT customer_id, -sum(amount), -sum(unallocated) FROM receipts WHERE status = 'posted' AND ${inScope('customer_id')} GROUP BY customer_id
        UNION ALL
        SELECT customer_id, -sum(amount), 0 FROM write_offs WHERE reversed_on IS NULL AND ${inScope('customer_id')} GROUP BY customer_id
      ) t GROUP BY t.customer_id HAVING sum(t.flow) != sum(t.open)
    ) LIMIT ${VERIFY_LIMIT + 1}`.execute(db);

  const truncated = rows.length > VERIFY_LIMIT;
  const list = rows.slice(0, VERIFY_LIMIT);
  const ids = [...new Set(list.map((r) => r.customer_id))];
  const names = new Map(
    ids.length ? (await db.selectFrom('customers').select(['id', 'code', 'name']).where('id', 'in', ids).execute()).map((c) => [c.id, c]) : [],
  );
  const count = await sql<{ n: number }>`SELECT count(*) AS n FROM customers c WHERE ${inScope('c.id')}`.execute(db);
  return {
    truncated,
    customers: Number(count.rows[0]?.n ?? 0),
    failures: list.map((r) => ({
      identity: r.identity, customerId: r.customer_id, customerCode: names.get(r.customer_id)?.code ?? '', customerName: names.get(r.customer_id)?.name ?? '',
      document: r.document, expected: Number(r.expected), actual: Number(r.actual),
    })),
  };
}
