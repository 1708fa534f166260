/** Row readers for receipts, their allocations and write-offs (shared by the receipts handlers). */
import { type Kysely, sql } from 'kysely';
import { AppError } from '../../../shared/result';
import type { AllocationRow, ReceiptDetail, ReceiptRow, WriteOffRow } from '../../../shared/schemas/receipts';
import type { DB } from '../../db/schema';
import type { CallContext } from '../context';
import { customerScope } from '../customers';

export const fmt = (cents: number) => (cents / 100).toFixed(2);
export const nowIso = (ctx: CallContext) => ctx.clock.now().toISOString();
export const todayIso = (ctx: CallContext) => ctx.clock.now().toISOString().slice(0, 10);
export const maxDate = (...ds: (string | null | undefined)[]) => ds.reduce<string>((a, d) => (d && d > a ? d : a), '');

/** The customer, if the caller may see it; otherwise NOT_FOUND (rep record scope). */
export async function customerInScope(db: Kysely<DB>, ctx: CallContext, id: number) {
  const c = await db.selectFrom('customers').select(['id', 'code', 'name', 'owner_id']).where('id', '=', id).executeTakeFirst();
  const scope = customerScope(ctx);
  if (!c || (scope !== null && c.owner_id !== scope)) throw new AppError('NOT_FOUND', 'Customer not found.');
  return c;
}

export const receiptQuery = (db: Kysely<DB>) =>
  db
    .selectFrom('receipts as r')
    .innerJoin('customers as c', 'c.id', 'r.customer_id')
    .select([
      'r.id', 'r.number', 'r.customer_id', 'c.code', 'c.name', 'c.owner_id', 'r.date', 'r.amount', 'r.unallocated', 'r.method', 'r.bill_number',
      'r.bill_maturity_date', 'r.reference', 'r.payer_name', 'r.notes', 'r.status', 'r.reversed_on', 'r.reverse_reason', 'r.bank_line_id',
    ]);
type ReceiptDbRow = Awaited<ReturnType<ReturnType<typeof receiptQuery>['executeTakeFirstOrThrow']>>;

export const toReceiptRow = (r: ReceiptDbRow): ReceiptRow => ({
  id: r.id, number: r.number, customerId: r.customer_id, customerCode: r.code, customerName: r.name, date: r.date, amount: r.amount,
  unallocated: r.unallocated, method: r.method, billNumber: r.bill_number, billMaturityDate: r.bill_maturity_date, reference: r.reference,
  payerName: r.payer_name, notes: r.notes, status: r.status, reversedOn: r.reversed_on, reverseReason: r.reverse_reason, bankLineId: r.bank_line_id,
});

export async function receiptInScope(db: Kysely<DB>, ctx: CallContext, id: number): Promise<ReceiptDbRow> {
  const r = await receiptQuery(db).where('r.id', '=', id).executeTakeFirst();
  const scope = customerScope(ctx);
  if (!r || (scope !== null && r.owner_id !== scope)) throw new AppError('NOT_FOUND', `Receipt ${id} not found.`);
  return r;
}

/** Allocations with both documents' numbers; `where` picks them (by receipt, by ids …). */
export async function allocationRows(db: Kysely<DB>, where: { receiptId?: number; ids?: readonly number[] }): Promise<AllocationRow[]> {
  let q = db
    .selectFrom('allocations as a')
    .innerJoin('receivables as it', 'it.id', 'a.receivable_id')
    .leftJoin('receipts as rc', 'rc.id', 'a.receipt_id')
    .leftJoin('receivables as cn', 'cn.id', 'a.credit_note_id')
    .leftJoin('write_offs as w', 'w.id', 'a.write_off_id')
    .select([
      'a.id', 'a.date', 'a.amount', 'a.reversed_on', 'a.source', 'a.receipt_id', 'a.credit_note_id', 'a.write_off_id', 'it.id as rid', 'it.number as rnumber',
      'rc.number as rc_number', 'cn.number as cn_number', 'w.number as w_number',
    ]);
  if (where.receiptId !== undefined) q = q.where('a.receipt_id', '=', where.receiptId);
  if (where.ids) {
    if (where.ids.length === 0) return [];
    q = q.where('a.id', 'in', sql<number>`(SELECT value FROM json_each(${JSON.stringify(where.ids)}))`);
  }
  const rows = await q.orderBy('a.id').execute();
  return rows.map((a) => ({
    id: a.id, date: a.date, amount: a.amount, reversedOn: a.reversed_on, source: a.source,
    sourceId: a.receipt_id ?? a.credit_note_id ?? a.write_off_id ?? 0,
    sourceNumber: a.rc_number ?? a.cn_number ?? a.w_number ?? '',
    receivableId: a.rid, receivableNumber: a.rnumber,
  }));
}

/** The rows just posted from one known source: one join (the answer of a 5,000-line allocation). */
export async function postedRows(db: Kysely<DB>, ids: readonly number[], source: { kind: 'receipt' | 'credit_note'; id: number; number: string }): Promise<AllocationRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<{ id: number; date: string; amount: number; rid: number; rnumber: string }>`
    SELECT a.id, a.date, a.amount, it.id AS rid, it.number AS rnumber
    FROM allocations a JOIN receivables it ON it.id = a.receivable_id
    WHERE a.id IN (SELECT value FROM json_each(${JSON.stringify(ids)})) ORDER BY a.id`.execute(db);
  return rows.map((a) => ({
    id: a.id, date: a.date, amount: a.amount, reversedOn: null, source: source.kind, sourceId: source.id, sourceNumber: source.number, receivableId: a.rid, receivableNumber: a.rnumber,
  }));
}

export const writeOffQuery = (db: Kysely<DB>) =>
  db
    .selectFrom('write_offs as w')
    .innerJoin('customers as c', 'c.id', 'w.customer_id')
    .innerJoin('receivables as it', 'it.id', 'w.receivable_id')
    .leftJoin('receipts as rc', 'rc.id', 'w.receipt_id')
    .select([
      'w.id', 'w.number', 'w.customer_id', 'c.code', 'c.name', 'c.owner_id', 'w.receivable_id', 'it.number as rnumber', 'w.kind', 'w.date', 'w.amount',
      'w.reason', 'w.receipt_id', 'rc.number as rc_number', 'w.reversed_on', 'w.reverse_reason',
    ]);
type WriteOffDbRow = Awaited<ReturnType<ReturnType<typeof writeOffQuery>['executeTakeFirstOrThrow']>>;
export const toWriteOffRow = (w: WriteOffDbRow): WriteOffRow => ({
  id: w.id, number: w.number, customerId: w.customer_id, customerCode: w.code, customerName: w.name, receivableId: w.receivable_id,
  receivableNumber: w.rnumber, kind: w.kind, date: w.date, amount: w.amount, reason: w.reason, receiptId: w.receipt_id, receiptNumber: w.rc_number,
  reversedOn: w.reversed_on, reverseReason: w.reverse_reason,
});

export async function writeOffRows(db: Kysely<DB>, ids: readonly number[]): Promise<WriteOffRow[]> {
  if (ids.length === 0) return [];
  return (await writeOffQuery(db).where('w.id', 'in', [...ids]).orderBy('w.id').execute()).map(toWriteOffRow);
}

export async function receiptDetail(db: Kysely<DB>, r: ReceiptDbRow): Promise<ReceiptDetail> {
  const wo = await writeOffQuery(db).where('w.receipt_id', '=', r.id).orderBy('w.id').execute();
  return { ...toReceiptRow(r), allocations: await allocationRows(db, { receiptId: r.id }), writeOffs: wo.map(toWriteOffRow) };
}

/**
 * The last day a source's money moved: its active allocations' dates and its reversed ones'
 * reversal dates. A reversal of the source may not be dated earlier, or looking back would see
 * the money both applied (until the allocation's reversal) and never received.
 */
export async function lastMovement(db: Kysely<DB>, col: 'receipt_id' | 'write_off_id' | 'credit_note_id', id: number): Promise<string | null> {
  const r = await sql<{ d: string | null }>`SELECT max(coalesce(reversed_on, date)) AS d FROM allocations WHERE ${sql.ref(col)} = ${id}`.execute(db);
  return r.rows[0]?.d ?? null;
}
