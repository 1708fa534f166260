/**
 * The credit check that order confirmation and shipment call (DOMAIN.md §4), inside their own
 * write transaction (`inTransaction`, BEGIN IMMEDIATE: two confirmations for one customer
 * serialise, so the second sees the first's confirmed order in its exposure).
 *
 * Every figure comes from an index, never from history:
 * - open receivables and overdue: one range over the covering partial index
 *   `receivables_open_kind` (customer_id, kind, due_date, date, balance, amount) WHERE balance > 0;
 * - open orders: one range over the covering index `orders_customer_status`
 *   (customer_id, status, amount, shipped_amount), status IN ('confirmed', 'partly_shipped').
 * What counts is documented in electron/rules/credit.ts (closed orders do not; reopening re-checks).
 *
 * Credit notes (returns, electron/services/shipments.ts) first reduce the invoice they credit; what
 * the invoice cannot absorb stays as the credit note's open balance, i.e. customer credit. That
 * balance is subtracted from open receivables (net exposure) and is never overdue; the covering
 * partial index `receivables_open_kind` (customer_id, kind, due_date, date, balance, amount) WHERE balance > 0
 * (migration 0005) answers all of it without reading a table row.
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema';
import { AppError } from '../../shared/result';
import { type CreditDecision, type CreditTrace, evaluateCreditRules, graceCutoff, type OverdueItem } from '../rules/credit';
import { audit } from './audit';
import type { CallContext } from './context';

export type { CreditTrace } from '../rules/credit';

export interface CreditCheckRequest {
  customerId: number;
  /** The order being confirmed or shipped (its own unshipped amount is "this order", not counted twice). */
  orderId: number | null;
  /**
   * Tax-inclusive amount (分) of the order being confirmed, or of the shipment at stage 'ship'
   * (of which only the part beyond the order's unshipped amount counts: the rest is already in
   * open orders).
   */
  amount: number;
  stage: 'confirm' | 'ship';
  /** ISO date of the operation (temporary limits and overdue days are judged on it). */
  date: string;
}

export type CreditRuleCode = 'over_limit' | 'on_hold' | 'overdue_beyond_grace' | 'overdue_amount_over_threshold';

export interface CreditEvaluation {
  decision: 'pass' | 'block';
  fired: CreditRuleCode[];
  /** Limit in force, each exposure component, overdue items beyond grace, every rule evaluated. */
  trace: CreditTrace;
}

export type CreditOutcome =
  | { released: true; evaluation: CreditEvaluation; overrideId: number | null }
  | {
      released: false;
      evaluation: CreditEvaluation;
      /** Why an override that was asked for was not granted. */
      overrideRefused?: 'no_permission' | 'no_reason';
    };

/** How many overdue-beyond-grace items the trace lists (count and total cover all of them). */
export const OVERDUE_ITEMS_IN_TRACE = 20;

export interface CreditFigures {
  customer: { id: number; creditLimit: number; tempCreditLimit: number | null; tempCreditExpires: string | null; creditStatus: 'normal' | 'hold' };
  openReceivables: number;
  openOrders: number;
  overdueTotal: number;
  beyondGraceCount: number;
  beyondGraceTotal: number;
  beyondGraceItems: OverdueItem[];
}

/** Loads what the rule needs for one customer, from indexes only. */
export async function loadCreditFigures(
  db: Kysely<DB>,
  req: { customerId: number; date: string; excludeOrderId?: number | null },
  graceDays: number,
): Promise<CreditFigures> {
  const c = await db
    .selectFrom('customers')
    .select(['id', 'credit_limit', 'temp_credit_limit', 'temp_credit_expires', 'credit_status'])
    .where('id', '=', req.customerId)
    .executeTakeFirst();
  if (!c) throw new AppError('NOT_FOUND', 'Customer not found.', { customerId: req.customerId });
  const cutoff = graceCutoff(req.date, graceDays);
  const r = await sql<{ open: number | null; overdue: number | null; beyond_n: number; beyond_total: number | null }>`
    SELECT sum(CASE WHEN kind = 'credit_note' THEN -balance ELSE balance END) AS open,
           sum(CASE WHEN kind <> 'credit_note' AND due_date < ${req.date} THEN balance END) AS overdue,
           count(CASE WHEN kind <> 'credit_note' AND due_date < ${cutoff} THEN 1 END) AS beyond_n,
           sum(CASE WHEN kind <> 'credit_note' AND due_date < ${cutoff} THEN balance END) AS beyond_total
    FROM receivables INDEXED BY receivables_open_kind
    WHERE customer_id = ${req.customerId} AND balance > 0`.execute(db);
  // Unallocated receipts (预收, prepayments) are customer credit like open credit notes.
  const pre = await sql<{ open: number | null }>`
    SELECT sum(unallocated) AS open FROM receipts INDEXED BY receipts_unallocated
    WHERE customer_id = ${req.customerId} AND unallocated > 0`.execute(db);
  const o = await sql<{ open: number | null }>`
    SELECT sum(amount - shipped_amount) AS open
    FROM orders INDEXED BY orders_customer_status
    WHERE customer_id = ${req.customerId} AND status IN ('confirmed', 'partly_shipped')
      AND id IS NOT ${req.excludeOrderId ?? null}`.execute(db);
  const agg = r.rows[0];
  const beyondN = Number(agg?.beyond_n ?? 0);
  const items = beyondN
    ? await db
        .selectFrom('receivables')
        .select(['id', 'number', 'due_date', 'balance'])
        .where('customer_id', '=', req.customerId)
        .where('balance', '>', 0)
        .where('due_date', '<', cutoff)
        .where('kind', '<>', 'credit_note')
        // Index order (customer_id, due_date, …): the oldest first without sorting every overdue item.
        .orderBy('due_date')
        .limit(OVERDUE_ITEMS_IN_TRACE)
        .execute()
    : [];
  return {
    customer: { id: c.id, creditLimit: c.credit_limit, tempCreditLimit: c.temp_credit_limit, tempCreditExpires: c.temp_credit_expires, creditStatus: c.credit_status },
    openReceivables: Number(agg?.open ?? 0) - Number(pre.rows[0]?.open ?? 0),
    openOrders: Number(o.rows[0]?.open ?? 0),
    overdueTotal: Number(agg?.overdue ?? 0),
    beyondGraceCount: beyondN,
    beyondGraceTotal: Number(agg?.beyond_total ?? 0),
    beyondGraceItems: items.map((i) => ({ id: i.id, number: i.number, dueDate: i.due_date, balance: i.balance })),
  };
}

export function decide(f: CreditFigures, settings: { creditGraceDays: number; overdueAmountThreshold: number | null }, date: string, thisOrder: number): CreditDecision {
  return evaluateCreditRules(
    {
      limit: f.customer.creditLimit,
      tempLimit: f.customer.tempCreditLimit,
      tempExpires: f.customer.tempCreditExpires,
      graceDays: settings.creditGraceDays,
      overdueAmountThreshold: settings.overdueAmountThreshold,
      hold: f.customer.creditStatus === 'hold',
    },
    {
      date,
      openReceivables: f.openReceivables,
      openOrders: f.openOrders,
      thisOrder,
      overdueTotal: f.overdueTotal,
      overdueBeyondGrace: f.beyondGraceItems,
      overdueBeyondGraceCount: f.beyondGraceCount,
      overdueBeyondGraceTotal: f.beyondGraceTotal,
    },
  );
}

/**
 * Read-only evaluation (order screen, block dialog). `db` may be the pool handle or a
 * transaction's; nothing is written.
 */
export async function evaluateCredit(db: Kysely<DB>, ctx: CallContext, req: CreditCheckRequest): Promise<CreditEvaluation> {
  if (!Number.isSafeInteger(req.amount) || req.amount < 0) throw new AppError('VALIDATION', 'The amount must be a non-negative integer of 分.', { field: 'amount' });
  const settings = await ctx.settings.get(db);
  // At confirmation the order itself is "this order": if it is already counted (re-confirmation
  // after an edit) it is left out of open orders. At shipment its unshipped part is in open orders.
  const figures = await loadCreditFigures(db, { customerId: req.customerId, date: req.date, excludeOrderId: req.stage === 'confirm' ? req.orderId : null }, settings.creditGraceDays);
  return decide(figures, settings, req.date, await thisOrderAmount(db, req));
}

/**
 * "This order" in the exposure. At confirmation: the amount asked for. At shipment the order's
 * unshipped amount is already in open orders (the shipment only turns it into a receivable), so
 * only what a shipment would add beyond it counts: max(0, amount − the order's unshipped amount).
 * A caller may pass the shipment's amount or 0; neither is counted twice.
 */
async function thisOrderAmount(db: Kysely<DB>, req: CreditCheckRequest): Promise<number> {
  if (req.stage !== 'ship' || req.orderId === null || req.amount === 0) return req.amount;
  const o = await db.selectFrom('orders').select(['status', 'amount', 'shipped_amount', 'customer_id']).where('id', '=', req.orderId).executeTakeFirst();
  if (!o || o.customer_id !== req.customerId || (o.status !== 'confirmed' && o.status !== 'partly_shipped')) return req.amount;
  return Math.max(0, req.amount - (o.amount - o.shipped_amount));
}

/**
 * Evaluates the customer's credit and, when blocked, releases it only for a caller holding
 * `credit.override` who gave a reason (logged in credit_overrides and the audit log).
 * Call it inside `inTransaction` with the transaction's handle, before writing the order.
 */
export async function enforceCredit(trx: Kysely<DB>, ctx: CallContext, req: CreditCheckRequest, override?: { reason: string }): Promise<CreditOutcome> {
  const evaluation = await evaluateCredit(trx, ctx, req);
  if (evaluation.decision === 'pass') return { released: true, evaluation, overrideId: null };
  if (!override) return { released: false, evaluation };
  if (!ctx.session?.permissions.has('credit.override')) return { released: false, evaluation, overrideRefused: 'no_permission' };
  const reason = override.reason.trim();
  if (!reason) return { released: false, evaluation, overrideRefused: 'no_reason' };
  const at = ctx.clock.now().toISOString();
  const row = await trx
    .insertInto('credit_overrides')
    .values({
      customer_id: req.customerId,
      order_id: req.orderId,
      stage: req.stage,
      user_id: ctx.session.userId,
      reason: reason.slice(0, 500),
      trace: JSON.stringify({ fired: evaluation.fired, ...evaluation.trace }),
      at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const t = evaluation.trace;
  await audit(trx, ctx, {
    action: 'credit.override',
    entity: 'customer',
    entityId: req.customerId,
    before: null,
    after: {
      overrideId: row.id,
      orderId: req.orderId,
      stage: req.stage,
      date: req.date,
      fired: evaluation.fired,
      limit: t.limit.inForce,
      exposure: t.exposure,
      available: t.available,
      overdueTotal: t.overdue.total,
      overdueBeyondGrace: t.overdue.beyondGraceTotal,
    },
    reason: reason.slice(0, 500),
  });
  return { released: true, evaluation, overrideId: row.id };
}
