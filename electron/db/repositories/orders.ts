/** Orders and their lines: paged list in SQL, one order with lines and shipments, row mapping. */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema';
import { textMatch } from '../sql-helpers';
import { AppError } from '../../../shared/result';
import type { PageRequest } from '../../../shared/schemas/common';
import { ORDER_FILTERABLE, ORDER_SORTABLE, type OrderDetail, type OrderRow } from '../../../shared/schemas/orders';
import { milliToDecimal } from '../../../shared/schemas/pricing';

const COLUMN_SQL: Record<(typeof ORDER_SORTABLE)[number], string> = {
  number: 'o.number',
  orderDate: 'o.order_date',
  customerCode: 'c.code',
  customerName: 'c.name',
  status: 'o.status',
  amount: 'o.amount',
  shippedAmount: 'o.shipped_amount',
  repName: 'u.display_name',
  updatedAt: 'o.updated_at',
};
const sortable = new Set<string>(ORDER_SORTABLE);
const filterable = new Set<string>(ORDER_FILTERABLE);
/** Which joined table a column needs ('c' customers, 'u' the rep). */
const JOIN_OF: Record<string, 'c' | 'u' | undefined> = { customerCode: 'c', customerName: 'c', repName: 'u' };

const rowColumns = [
  'o.id', 'o.number', 'o.customer_id', 'c.code as customer_code', 'c.name as customer_name', 'o.status', 'o.order_date', 'o.amount',
  'o.tax_amount', 'o.shipped_amount', 'u.display_name as rep_name', 'o.version', 'o.updated_at',
] as const;

type RowRecord = {
  id: number; number: string; customer_id: number; customer_code: string; customer_name: string; status: OrderRow['status'];
  order_date: string; amount: number; tax_amount: number; shipped_amount: number; rep_name: string | null; version: number; updated_at: string;
};
const toRow = (r: RowRecord, lineCount: number): OrderRow => ({
  id: r.id,
  number: r.number,
  customerId: r.customer_id,
  customerCode: r.customer_code,
  customerName: r.customer_name,
  status: r.status,
  orderDate: r.order_date,
  amount: r.amount,
  taxAmount: r.tax_amount,
  shippedAmount: r.shipped_amount,
  lineCount,
  repName: r.rep_name,
  version: r.version,
  updatedAt: r.updated_at,
});

/**
 * One page of orders. As customers.list: the count joins only what its filters need, the page's
 * ids are sorted with only the joins sort and filters need (a deferred join), then ≤ 1000 full
 * rows are read with their line counts (the (order_id, line_no) unique index answers those).
 */
export async function listOrders(db: Kysely<DB>, ownerId: number | null, req: PageRequest): Promise<{ total: number; rows: OrderRow[] }> {
  for (const col of Object.keys(req.filter)) if (!filterable.has(col)) throw new AppError('VALIDATION', `Cannot filter on ${col}.`, { field: col });
  for (const s of req.sort) if (!sortable.has(s.colId)) throw new AppError('VALIDATION', `Cannot sort on ${s.colId}.`, { field: s.colId });
  const joinsOf = (cols: string[]) => {
    const j = new Set(cols.map((c) => JOIN_OF[c]).filter(Boolean));
    if (ownerId !== null) j.add('c');
    return j;
  };
  const filtered = (joins: Set<string | undefined>) => {
    let q = db
      .selectFrom('orders as o')
      .$if(joins.has('c'), (qb) => qb.innerJoin('customers as c', 'c.id', 'o.customer_id'))
      .$if(joins.has('u'), (qb) => qb.leftJoin('users as u', 'u.id', 'o.rep_id'));
    if (ownerId !== null) q = q.where(sql.ref('c.owner_id'), '=', ownerId);
    for (const [col, f] of Object.entries(req.filter)) {
      q = q.where(textMatch(sql.ref(COLUMN_SQL[col as keyof typeof COLUMN_SQL]), col === 'status' ? 'equals' : f.type, f.value));
    }
    return q;
  };
  const total = await filtered(joinsOf(Object.keys(req.filter))).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  let ids = filtered(joinsOf([...Object.keys(req.filter), ...req.sort.map((s) => s.colId)])).select('o.id');
  for (const s of req.sort) ids = ids.orderBy(sql.ref(COLUMN_SQL[s.colId as keyof typeof COLUMN_SQL]), s.sort);
  if (req.sort.length === 0) ids = ids.orderBy('o.order_date', 'desc');
  const pageIds = (await ids.orderBy('o.id', req.sort.length === 0 ? 'desc' : 'asc').limit(req.limit).offset(req.offset).execute()).map((r) => r.id);
  if (!pageIds.length) return { total: Number(total.n), rows: [] };
  const data = await db
    .selectFrom('orders as o')
    .innerJoin('customers as c', 'c.id', 'o.customer_id')
    .leftJoin('users as u', 'u.id', 'o.rep_id')
    .select([...rowColumns, (eb) => eb.selectFrom('order_lines as l').select((e) => e.fn.countAll<number>().as('n')).whereRef('l.order_id', '=', 'o.id').as('line_count')])
    .where('o.id', 'in', pageIds)
    .execute();
  const at = new Map(pageIds.map((id, i) => [id, i]));
  data.sort((a, b) => (at.get(a.id) ?? 0) - (at.get(b.id) ?? 0));
  return { total: Number(total.n), rows: data.map((r) => toRow(r as RowRecord, Number(r.line_count ?? 0))) };
}

/** One order with its lines and shipments, or null. Scope is the caller's business. */
export async function orderById(db: Kysely<DB>, id: number): Promise<OrderDetail | null> {
  const o = await db
    .selectFrom('orders as o')
    .innerJoin('customers as c', 'c.id', 'o.customer_id')
    .leftJoin('users as u', 'u.id', 'o.rep_id')
    .leftJoin('users as cu', 'cu.id', 'o.confirmed_by')
    .select([
      ...rowColumns, 'o.contract_id', 'o.ship_to_region_id', 'o.ship_to_address', 'o.notes', 'c.owner_id', 'o.confirmed_at',
      'cu.display_name as confirmed_by_name', 'o.closed_at', 'o.cancelled_at', 'o.cancel_reason', 'o.created_at',
    ])
    .where('o.id', '=', id)
    .executeTakeFirst();
  if (!o) return null;
  const lines = await db
    .selectFrom('order_lines as l')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .leftJoin('price_lists as pl', 'pl.id', 'l.price_list_id')
    .select([
      'l.id', 'l.line_no', 'l.product_id', 'p.sku', 'p.name', 'p.unit', 'p.active', 'l.qty_milli', 'l.list_price', 'l.resolved_price',
      'l.price_list_id', 'pl.code as price_list_code', 'l.discount_bp', 'l.net_price', 'l.tax_rate_bp', 'l.amount', 'l.tax_amount',
      'l.shipped_qty_milli', 'l.price_approval_id',
    ])
    .where('l.order_id', '=', id)
    .orderBy('l.line_no')
    .execute();
  const shipments = await db
    .selectFrom('shipments')
    .select(['id', 'number', 'date', 'status', 'amount'])
    .where('order_id', '=', id)
    .orderBy('date')
    .orderBy('id')
    .execute();
  return {
    ...toRow(o as RowRecord, lines.length),
    contractId: o.contract_id,
    shipToRegionId: o.ship_to_region_id,
    shipToAddress: o.ship_to_address,
    notes: o.notes,
    customerOwnerId: o.owner_id,
    confirmedAt: o.confirmed_at,
    confirmedByName: o.confirmed_by_name,
    closedAt: o.closed_at,
    cancelledAt: o.cancelled_at,
    cancelReason: o.cancel_reason,
    createdAt: o.created_at,
    lines: lines.map((l) => ({
      id: l.id,
      lineNo: l.line_no,
      productId: l.product_id,
      sku: l.sku,
      productName: l.name,
      unit: l.unit,
      productActive: l.active === 1,
      quantity: milliToDecimal(l.qty_milli),
      qtyMilli: l.qty_milli,
      listPrice: l.list_price,
      resolvedPrice: l.resolved_price,
      priceListId: l.price_list_id,
      priceListCode: l.price_list_code,
      discountBp: l.discount_bp,
      netPrice: l.net_price,
      taxRateBp: l.tax_rate_bp,
      amount: l.amount,
      taxAmount: l.tax_amount,
      shippedQuantity: milliToDecimal(l.shipped_qty_milli),
      priceApprovalId: l.price_approval_id,
    })),
    shipments,
    credit: null,
  };
}
