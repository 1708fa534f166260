/**
 * The numbers of a statement of account 对账单: one customer's account over [from, to].
 *
 * The account moves on document dates, not allocation dates: a debit document (invoice, opening
 * item) raises it on its date, a credit document (receipt, credit note, write-off) lowers it on
 * its date, and a reversal (of a receipt or a write-off) raises it again on the reversal's date.
 * Cancelled receivables never happened (as in the as-of reader). Hence
 *
 *   opening  = Σ signed movements dated before `from`
 *   closing  = opening + Σ debits − Σ credits of the period
 *            = Σ open debit items as of `to` − Σ unapplied receipts and credit notes as of `to`
 *
 * The second line holds because every allocation moves an item and its source by the same
 * amount on the same date; tests/db/statements.test.ts checks it on random ledgers.
 */
import { type Kysely, sql } from 'kysely';
import { AppError } from '../../../shared/result';
import type { Statement, StatementLine, StatementLineKind } from '../../../shared/schemas/statements';
import type { DB } from '../../db/schema';
import { bucketOf, openCreditsAsOf, openItemsAsOf } from './as-of';

/** A statement longer than this is refused: the clerk narrows the period instead. */
export const MAX_STATEMENT_LINES = 20_000;

/** Within one day: debits issued, then credits, then reversals (a receipt reversed the day it arrived reads naturally). */
const KIND_ORDER: Record<StatementLineKind, number> = {
  opening: 0, invoice: 1, credit_note: 2, receipt: 3, write_off: 4, receipt_reversal: 5, write_off_reversal: 6,
};
const DEBIT_KINDS: ReadonlySet<StatementLineKind> = new Set(['opening', 'invoice', 'receipt_reversal', 'write_off_reversal']);

interface Movement {
  date: string;
  kind: StatementLineKind;
  number: string;
  due_date: string | null;
  memo: string | null;
  amount: number;
}

/**
 * Every movement of one customer's account with `lo <= date <= hi` (either bound may be null),
 * as one UNION ALL over the documents; each branch reads the customer's own rows by index.
 */
function movements(customerId: number, lo: string | null, hi: string | null) {
  const inRange = (col: string) =>
    sql.join(
      [sql`1`, lo === null ? sql`1` : sql`${sql.raw(col)} >= ${lo}`, hi === null ? sql`1` : sql`${sql.raw(col)} <= ${hi}`],
      sql` AND `,
    );
  return sql`
    SELECT r.date, CASE r.kind WHEN 'opening' THEN 'opening' ELSE 'invoice' END AS kind, r.number, r.due_date, r.external_ref AS memo, r.amount
      FROM receivables r
      WHERE r.customer_id = ${customerId} AND r.kind != 'credit_note' AND r.status != 'cancelled' AND ${inRange('r.date')}
    UNION ALL
    SELECT r.date, 'credit_note', r.number, NULL, c.number, r.amount
      FROM receivables r LEFT JOIN receivables c ON c.id = r.credits_receivable_id
      WHERE r.customer_id = ${customerId} AND r.kind = 'credit_note' AND r.status != 'cancelled' AND ${inRange('r.date')}
    UNION ALL
    SELECT p.date, 'receipt', p.number, NULL, coalesce(p.reference, p.bill_number, p.payer_name), p.amount
      FROM receipts p WHERE p.customer_id = ${customerId} AND ${inRange('p.date')}
    UNION ALL
    SELECT p.reversed_on, 'receipt_reversal', p.number, NULL, p.reverse_reason, p.amount
      FROM receipts p WHERE p.customer_id = ${customerId} AND p.reversed_on IS NOT NULL AND ${inRange('p.reversed_on')}
    UNION ALL
    SELECT w.date, 'write_off', w.number, NULL, w.reason, w.amount
      FROM write_offs w WHERE w.customer_id = ${customerId} AND ${inRange('w.date')}
    UNION ALL
    SELECT w.reversed_on, 'write_off_reversal', w.number, NULL, w.reverse_reason, w.amount
      FROM write_offs w WHERE w.customer_id = ${customerId} AND w.reversed_on IS NOT NULL AND ${inRange('w.reversed_on')}`;
}

const signed = (m: { kind: StatementLineKind; amount: number }) => (DEBIT_KINDS.has(m.kind) ? m.amount : -m.amount);

/** The account balance at the end of `date` (Σ signed movements dated ≤ date). */
export async function balanceAt(db: Kysely<DB>, customerId: number, date: string): Promise<number> {
  const { rows } = await sql<{ kind: StatementLineKind; s: number }>`
    SELECT kind, sum(amount) AS s FROM (${movements(customerId, null, date)}) GROUP BY kind`.execute(db);
  return rows.reduce((a, r) => a + signed({ kind: r.kind, amount: r.s }), 0);
}

export function previousDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export interface CustomerHeader {
  id: number;
  code: string;
  name: string;
  address: string | null;
  contact: string | null;
  phone: string | null;
}

/** Code, name, billing address (default billing, else default, else any) and primary contact. */
export async function customerHeader(db: Kysely<DB>, customerId: number): Promise<(CustomerHeader & { ownerId: number | null }) | null> {
  const c = await db.selectFrom('customers').select(['id', 'code', 'name', 'owner_id']).where('id', '=', customerId).executeTakeFirst();
  if (!c) return null;
  const a = await db
    .selectFrom('customer_addresses')
    .select(['province', 'city', 'address'])
    .where('customer_id', '=', customerId)
    .orderBy(sql`kind = 'billing'`, 'desc')
    .orderBy('is_default', 'desc')
    .orderBy('id')
    .executeTakeFirst();
  const p = await db
    .selectFrom('customer_contacts')
    .select(['name', 'phone'])
    .where('customer_id', '=', customerId)
    .orderBy('is_primary', 'desc')
    .orderBy('id')
    .executeTakeFirst();
  const address = a ? [a.province, a.city, a.address].filter((s) => s && s.length > 0).join(' ') : null;
  return { id: c.id, code: c.code, name: c.name, ownerId: c.owner_id, address: address || null, contact: p?.name ?? null, phone: p?.phone ?? null };
}

export interface StatementOptions {
  customer: CustomerHeader;
  from: string;
  to: string;
  companyName: string;
  currency: string;
  agingBuckets: readonly number[];
  generatedAt: string;
}

/** Builds the statement; `from > to` and over-long periods are refused. */
export async function loadStatement(db: Kysely<DB>, o: StatementOptions): Promise<Statement> {
  if (o.from > o.to) {
    throw new AppError('VALIDATION', `The period starts (${o.from}) after it ends (${o.to}).`, {
      from: o.from, to: o.to, issues: [{ path: ['from'], code: 'custom', message: 'from must not be after to' }],
    });
  }
  const id = o.customer.id;
  const openingBalance = await balanceAt(db, id, previousDay(o.from));
  const { rows } = await sql<Movement>`
    SELECT * FROM (${movements(id, o.from, o.to)})
    ORDER BY date, CASE kind ${sql.raw(Object.entries(KIND_ORDER).map(([k, v]) => `WHEN '${k}' THEN ${v}`).join(' '))} END, number
    LIMIT ${MAX_STATEMENT_LINES + 1}`.execute(db);
  if (rows.length > MAX_STATEMENT_LINES) {
    throw new AppError('RULE_VIOLATION', `The statement of ${o.customer.code} for ${o.from} – ${o.to} has more than ${MAX_STATEMENT_LINES} lines; choose a shorter period.`, {
      customer: o.customer.code, limit: MAX_STATEMENT_LINES,
    });
  }

  const totals = { debit: 0, credit: 0, invoiced: 0, received: 0, credited: 0, writtenOff: 0 };
  let balance = openingBalance;
  const lines: StatementLine[] = rows.map((m) => {
    const debit = DEBIT_KINDS.has(m.kind) ? m.amount : 0;
    const credit = debit ? 0 : m.amount;
    balance += debit - credit;
    totals.debit += debit;
    totals.credit += credit;
    if (m.kind === 'invoice' || m.kind === 'opening') totals.invoiced += m.amount;
    else if (m.kind === 'receipt') totals.received += m.amount;
    else if (m.kind === 'receipt_reversal') totals.received -= m.amount;
    else if (m.kind === 'credit_note') totals.credited += m.amount;
    else if (m.kind === 'write_off') totals.writtenOff += m.amount;
    else totals.writtenOff -= m.amount;
    return { date: m.date, kind: m.kind, number: m.number, dueDate: m.due_date, memo: m.memo, debit, credit, balance };
  });

  const items = await openItemsAsOf(db, o.to, { customerIds: [id] });
  const credits = await openCreditsAsOf(db, o.to, { customerIds: [id] });
  const buckets = new Array<number>(o.agingBuckets.length + 2).fill(0);
  for (const it of items) {
    const b = bucketOf(it.daysPastDue, o.agingBuckets);
    buckets[b] = (buckets[b] ?? 0) + it.balance;
  }

  return {
    company: { name: o.companyName },
    customer: o.customer,
    from: o.from,
    to: o.to,
    currency: o.currency,
    openingBalance,
    lines,
    totals,
    closingBalance: balance,
    aging: {
      asOf: o.to,
      bounds: [...o.agingBuckets],
      buckets,
      openItems: items.reduce((a, it) => a + it.balance, 0),
      unappliedCredits: credits.reduce((a, c) => a + c.open, 0),
    },
    generatedAt: o.generatedAt,
  };
}
