/**
 * The receivables ledger: the ONE place that moves a receivable's balance, a receipt's
 * unallocated amount or a credit note's open balance (DOMAIN.md §5; the model is described in
 * migration 0006). Receipts, bank reconciliation, write-offs and returns all post through here,
 * inside the caller's write transaction (`trx`), so the identities hold after every commit:
 *
 *   receivable.amount − Σ active allocations to it   = receivable.balance
 *   receipt.amount    − Σ active allocations from it = receipt.unallocated   (posted receipts)
 *   credit note.amount − Σ active allocations from it = credit note.balance
 *
 * Batches are posted with a handful of set-based statements over json_each(…) rather than one
 * statement per item: auto-allocating a receipt over 5,000 open items must stay within 50 ms.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { AppError } from '../../../shared/result';
import { nextNumber } from '../../db/repositories/sequences';
import type { AllocationSource, DB, ReceiptMethod } from '../../db/schema';

export interface SourceRef {
  kind: AllocationSource;
  id: number;
}
export interface AllocationLine {
  receivableId: number;
  amount: number;
}
export interface PostOptions {
  customerId: number;
  source: SourceRef;
  lines: readonly AllocationLine[];
  userId: number | null;
  /** UTC timestamp of the call. */
  now: string;
  /**
   * When false (the default setting), a receipt or credit note dated before the item it pays is
   * refused; when true the allocation is dated on the item's date.
   */
  allowSourceBeforeItem: boolean;
}

const fmt = (cents: number) => (cents / 100).toFixed(2);
const violation = (message: string, details: Record<string, unknown> = {}) => new AppError('RULE_VIOLATION', message, details);

interface SourceRow {
  id: number;
  number: string;
  customer_id: number;
  date: string;
  available: number;
  usable: boolean;
}

async function loadSource(trx: Kysely<DB>, source: SourceRef): Promise<SourceRow> {
  if (source.kind === 'receipt') {
    const r = await trx.selectFrom('receipts').select(['id', 'number', 'customer_id', 'date', 'unallocated', 'status']).where('id', '=', source.id).executeTakeFirst();
    if (!r) throw new AppError('NOT_FOUND', 'Receipt not found.');
    return { id: r.id, number: r.number, customer_id: r.customer_id, date: r.date, available: r.unallocated, usable: r.status === 'posted' };
  }
  if (source.kind === 'credit_note') {
    const r = await trx.selectFrom('receivables').select(['id', 'number', 'customer_id', 'date', 'balance', 'kind', 'status']).where('id', '=', source.id).executeTakeFirst();
    if (r?.kind !== 'credit_note') throw new AppError('NOT_FOUND', 'Credit note not found.');
    return { id: r.id, number: r.number, customer_id: r.customer_id, date: r.date, available: r.balance, usable: r.status !== 'cancelled' };
  }
  const w = await trx.selectFrom('write_offs').select(['id', 'number', 'customer_id', 'date', 'amount', 'reversed_on']).where('id', '=', source.id).executeTakeFirst();
  if (!w) throw new AppError('NOT_FOUND', 'Write-off not found.');
  const used = await trx
    .selectFrom('allocations')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount'), eb.lit(0)).as('s'))
    .where('write_off_id', '=', w.id)
    .where('reversed_on', 'is', null)
    .executeTakeFirstOrThrow();
  return { id: w.id, number: w.number, customer_id: w.customer_id, date: w.date, available: w.amount - used.s, usable: w.reversed_on === null };
}

/**
 * Posts allocations from one source to one or more of the same customer's open debit items
 * (invoices, opening balances). Refuses, changing nothing: another customer's item or source, a
 * cancelled or non-debit item, more than an item's balance, more in total than the source has,
 * a reversed receipt, a duplicate item in one batch, and (unless allowed) a source dated
 * before its item. Returns the allocation ids in line order.
 */
export async function postAllocations(trx: Kysely<DB>, opts: PostOptions): Promise<number[]> {
  const lines = opts.lines.filter((l) => l.amount !== 0);
  if (lines.length === 0) return [];
  for (const l of lines) {
    if (!Number.isSafeInteger(l.amount) || l.amount < 0) throw new AppError('VALIDATION', 'An allocation amount must be a positive whole number of 分.', { receivableId: l.receivableId });
  }
  const ids = lines.map((l) => l.receivableId);
  if (new Set(ids).size !== ids.length) throw new AppError('VALIDATION', 'The same receivable appears twice in one allocation.', { receivableIds: ids });

  const source = await loadSource(trx, opts.source);
  if (source.customer_id !== opts.customerId) {
    throw violation(`${source.number} belongs to another customer: a receipt or credit note can only pay its own customer's receivables.`, { source: source.number });
  }
  if (!source.usable) throw violation(`${source.number} has been reversed or cancelled and cannot be allocated.`, { source: source.number });
  const total = lines.reduce((a, l) => a + l.amount, 0);
  if (total > source.available) {
    throw violation(`Allocating ${fmt(total)} is more than the ${fmt(source.available)} left on ${source.number}.`, {
      source: source.number, requested: total, available: source.available,
    });
  }

  // json_each instead of 5,000 bound parameters.
  // Checked set-based: one pass finds the first offending line (if any) for its message, so
  // 5,000 valid lines are never materialised in JS.
  const json = JSON.stringify(lines.map((l) => ({ r: l.receivableId, a: l.amount })));
  const checkDate = !opts.allowSourceBeforeItem && opts.source.kind !== 'write_off';
  const bad = await sql<{ rid: number; a: number; id: number | null; number: string; customer_id: number; kind: string; status: string; date: string; balance: number }>`
    SELECT j.value ->> 'r' AS rid, j.value ->> 'a' AS a, r.id, r.number, r.customer_id, r.kind, r.status, r.date, r.balance
    FROM json_each(${json}) j LEFT JOIN receivables r ON r.id = j.value ->> 'r'
    WHERE r.id IS NULL OR r.customer_id != ${opts.customerId} OR r.kind = 'credit_note' OR r.status = 'cancelled'
      OR (j.value ->> 'a') > r.balance OR (${checkDate ? 1 : 0} AND r.date > ${source.date})
    ORDER BY j.key LIMIT 1`.execute(trx);
  const it = bad.rows[0];
  if (it) {
    if (it.id === null) throw new AppError('NOT_FOUND', `Receivable ${it.rid} not found.`);
    if (it.customer_id !== opts.customerId) throw violation(`${it.number} belongs to another customer: allocations never cross customers.`, { receivable: it.number });
    if (it.kind === 'credit_note' || it.status === 'cancelled') throw violation(`${it.number} is not an open invoice and cannot be paid.`, { receivable: it.number });
    if (it.a > it.balance) {
      throw violation(`Allocating ${fmt(it.a)} to ${it.number} is more than its open balance of ${fmt(it.balance)}.`, { receivable: it.number, requested: it.a, balance: it.balance });
    }
    throw violation(`${source.number} (${source.date}) is dated before ${it.number} (${it.date}); settings do not allow paying a receivable before it was issued.`, {
      source: source.number, sourceDate: source.date, receivable: it.number, receivableDate: it.date,
    });
  }

  const col = opts.source.kind === 'receipt' ? 'receipt_id' : opts.source.kind === 'credit_note' ? 'credit_note_id' : 'write_off_id';
  const first = await sql<{ id: number }>`SELECT coalesce(max(id), 0) AS id FROM allocations`.execute(trx);
  const base = first.rows[0]?.id ?? 0;
  // The allocation's date is when both documents existed and both amounts were free: the later
  // of the two dates and of the last reversal that freed either of them. Without the reversal
  // dates, money un-allocated on 1 March and re-allocated would count twice as of February
  // (once in the old, once in the new allocation) when aging or a statement looks back.
  const freed = await sql<{ d: string | null }>`SELECT max(reversed_on) AS d FROM allocations WHERE ${sql.ref(col)} = ${opts.source.id}`.execute(trx);
  const from = freed.rows[0]?.d && freed.rows[0].d > source.date ? freed.rows[0].d : source.date;
  await sql`INSERT INTO allocations (customer_id, receivable_id, source, ${sql.ref(col)}, date, amount, created_by, created_at)
    SELECT ${opts.customerId}, r.id, ${opts.source.kind}, ${opts.source.id},
      max(${from}, r.date, coalesce((SELECT max(a.reversed_on) FROM allocations a WHERE a.receivable_id = r.id), '')),
      j.value ->> 'a', ${opts.userId}, ${opts.now}
    FROM json_each(${json}) j JOIN receivables r ON r.id = j.value ->> 'r' ORDER BY j.key`.execute(trx);
  await moveItems(trx, json, -1, opts.now);
  await moveSource(trx, opts.source, -total, opts.now);
  const inserted = await trx.selectFrom('allocations').select('id').where('id', '>', base).orderBy('id').execute();
  return inserted.map((r) => r.id);
}

/** Moves a source's open amount by `delta` (negative when allocating, positive when reversing). */
async function moveSource(trx: Kysely<DB>, source: SourceRef, delta: number, now: string): Promise<void> {
  if (delta === 0 || source.kind === 'write_off') return;
  if (source.kind === 'receipt') {
    await trx
      .updateTable('receipts')
      .set((eb) => ({ unallocated: eb('unallocated', '+', delta), updated_at: now }))
      .where('id', '=', source.id)
      .execute();
    return;
  }
  await sql`UPDATE receivables SET balance = balance + ${delta},
      status = CASE WHEN balance + ${delta} = 0 THEN 'paid' WHEN balance + ${delta} = amount THEN 'open' ELSE 'partly_paid' END,
      updated_at = ${now}
    WHERE id = ${source.id}`.execute(trx);
}

/**
 * A debit item's status for its new balance `b` (an SQL expression over the row being updated):
 * paid at 0 (written off when an active bad-debt write-off is among its allocations), open at
 * the full amount, partly paid between. One definition for every UPDATE that moves balances.
 */
const statusFor = (b: RawBuilder<unknown>) => sql`CASE
    WHEN ${b} = 0 THEN CASE WHEN EXISTS (
      SELECT 1 FROM allocations a JOIN write_offs w ON w.id = a.write_off_id
      WHERE a.receivable_id = receivables.id AND a.reversed_on IS NULL AND w.kind = 'bad_debt') THEN 'written_off' ELSE 'paid' END
    WHEN ${b} = amount THEN 'open' ELSE 'partly_paid' END`;

/** The day the balance reached 0 (the latest active allocation's date); NULL while open. */
const closedOnFor = (b: RawBuilder<unknown>) => sql`CASE WHEN ${b} = 0 THEN
    coalesce((SELECT max(a.date) FROM allocations a WHERE a.receivable_id = receivables.id AND a.reversed_on IS NULL), date) END`;

/**
 * Recomputes status and closed_on of debit items from their balance and active allocations:
 * paid (or written off when an active bad-debt write-off is among them) at 0, open at the full
 * amount, partly paid between.
 */
export async function refreshItems(trx: Kysely<DB>, ids: readonly number[], now: string): Promise<void> {
  if (ids.length === 0) return;
  await sql`UPDATE receivables SET
      status = ${statusFor(sql`balance`)},
      closed_on = ${closedOnFor(sql`balance`)},
      updated_at = ${now}
    WHERE id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`.execute(trx);
}

/**
 * Moves debit items' balances by `sign` × the amounts in `json` ([{r: item id, a: 分}], after
 * the allocation rows are written or marked) and sets status and closed_on in the same pass: one
 * UPDATE over the items, not two (the balance indexes are touched once; 5,000 items within budget).
 * Same rules as refreshItems.
 */
async function moveItems(trx: Kysely<DB>, json: string, sign: 1 | -1, now: string): Promise<void> {
  await sql`UPDATE receivables SET
      balance = balance + ${sign} * t.a,
      status = ${statusFor(sql`balance + ${sign} * t.a`)},
      closed_on = ${closedOnFor(sql`balance + ${sign} * t.a`)},
      updated_at = ${now}
    FROM (SELECT j.value ->> 'r' AS r, sum(j.value ->> 'a') AS a FROM json_each(${json}) j GROUP BY 1) t
    WHERE receivables.id = t.r`.execute(trx);
}

export type ReversalFilter = { receiptId: number } | { writeOffId: number } | { creditNoteId: number } | { allocationIds: readonly number[] };

/**
 * Reverses the active allocations matching `filter` as of `reversedOn`: they stay, marked, and
 * every balance they moved moves back. A reversal dated before an allocation is refused.
 * Returns how much was reversed.
 */
export async function reverseAllocations(trx: Kysely<DB>, filter: ReversalFilter, reversedOn: string, now: string): Promise<number> {
  let q = trx
    .selectFrom('allocations')
    .select(['id', 'receivable_id', 'source', 'receipt_id', 'credit_note_id', 'write_off_id', 'amount', 'date'])
    .where('reversed_on', 'is', null);
  if ('receiptId' in filter) q = q.where('receipt_id', '=', filter.receiptId);
  else if ('writeOffId' in filter) q = q.where('write_off_id', '=', filter.writeOffId);
  else if ('creditNoteId' in filter) q = q.where('credit_note_id', '=', filter.creditNoteId);
  else {
    if (filter.allocationIds.length === 0) return 0;
    q = q.where('id', 'in', [...filter.allocationIds]);
  }
  const rows = await q.execute();
  if (rows.length === 0) return 0;
  const late = rows.find((r) => r.date > reversedOn);
  if (late) throw violation(`A reversal dated ${reversedOn} cannot undo an allocation dated ${late.date}.`, { reversedOn, allocationDate: late.date });

  const json = JSON.stringify(rows.map((r) => ({ i: r.id, r: r.receivable_id, a: r.amount })));
  await sql`UPDATE allocations SET reversed_on = ${reversedOn} WHERE id IN (SELECT j.value ->> 'i' FROM json_each(${json}) j)`.execute(trx);
  await moveItems(trx, json, 1, now);
  const perSource = new Map<string, { ref: SourceRef; amount: number }>();
  for (const r of rows) {
    const ref: SourceRef =
      r.source === 'receipt' ? { kind: 'receipt', id: r.receipt_id ?? 0 } : r.source === 'credit_note' ? { kind: 'credit_note', id: r.credit_note_id ?? 0 } : { kind: 'write_off', id: r.write_off_id ?? 0 };
    const key = `${ref.kind}:${ref.id}`;
    const cur = perSource.get(key) ?? { ref, amount: 0 };
    cur.amount += r.amount;
    perSource.set(key, cur);
  }
  for (const { ref, amount } of perSource.values()) await moveSource(trx, ref, amount, now);
  return rows.reduce((a, r) => a + r.amount, 0);
}

export interface NewReceipt {
  customerId: number;
  date: string;
  amount: number;
  method: ReceiptMethod;
  billNumber?: string | null;
  billMaturityDate?: string | null;
  reference?: string | null;
  payerName?: string | null;
  notes?: string | null;
  bankLineId?: number | null;
  userId: number | null;
  now: string;
}

/** Inserts a posted receipt, wholly unallocated, with the next RC- number. */
export async function insertReceipt(trx: Kysely<DB>, r: NewReceipt): Promise<{ id: number; number: string }> {
  if (!Number.isSafeInteger(r.amount) || r.amount <= 0) throw new AppError('VALIDATION', 'A receipt amount must be a positive whole number of 分.');
  if (r.method === 'acceptance_bill' && !r.billMaturityDate) throw new AppError('VALIDATION', 'An acceptance bill 承兑汇票 needs its maturity date.');
  const number = await nextNumber(trx, 'receipt', r.date);
  const row = await trx
    .insertInto('receipts')
    .values({
      number, customer_id: r.customerId, date: r.date, amount: r.amount, unallocated: r.amount, method: r.method,
      bill_number: r.billNumber ?? null, bill_maturity_date: r.billMaturityDate ?? null, reference: r.reference ?? null,
      payer_name: r.payerName ?? null, notes: r.notes ?? null, bank_line_id: r.bankLineId ?? null,
      reversed_on: null, reverse_reason: null, reversed_by: null, created_by: r.userId, created_at: r.now, updated_at: r.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, number };
}

export interface NewWriteOff {
  customerId: number;
  receivableId: number;
  kind: 'bad_debt' | 'small_difference';
  date: string;
  amount: number;
  reason: string;
  receiptId?: number | null;
  userId: number | null;
  now: string;
}

/** Writes off part or all of one receivable's balance: a write_offs row and its allocation. */
export async function insertWriteOff(trx: Kysely<DB>, w: NewWriteOff): Promise<{ id: number; number: string }> {
  // A write-off is not customer credit that could wait unapplied: it takes effect on its own
  // date, so it may not be dated before the item's balance was last freed by a reversal (the
  // item's last allocation date is after that anyway).
  const freed = await sql<{ d: string | null; dt: string | null }>`
    SELECT (SELECT max(reversed_on) FROM allocations WHERE receivable_id = ${w.receivableId}) AS d,
           (SELECT date FROM receivables WHERE id = ${w.receivableId}) AS dt`.execute(trx);
  const notBefore = [freed.rows[0]?.d, freed.rows[0]?.dt].filter((x): x is string => !!x).sort().at(-1);
  if (notBefore && w.date < notBefore) {
    throw violation(`A write-off dated ${w.date} is before ${notBefore}, when the receivable was issued or its balance last reopened; date it on or after that day.`, {
      date: w.date, notBefore,
    });
  }
  const number = await nextNumber(trx, 'write_off', w.date);
  const row = await trx
    .insertInto('write_offs')
    .values({
      number, customer_id: w.customerId, receivable_id: w.receivableId, kind: w.kind, date: w.date, amount: w.amount, reason: w.reason,
      receipt_id: w.receiptId ?? null, reversed_on: null, reverse_reason: null, created_by: w.userId, created_at: w.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await postAllocations(trx, {
    customerId: w.customerId, source: { kind: 'write_off', id: row.id }, lines: [{ receivableId: w.receivableId, amount: w.amount }],
    userId: w.userId, now: w.now, allowSourceBeforeItem: true,
  });
  return { id: row.id, number };
}
