/**
 * Issue #4: shipments, receivables created at shipment, returns and credit notes, contracts,
 * distributors' regions and the customer card's activity (DOMAIN.md §4–5).
 *
 * - A shipment posts, in one BEGIN IMMEDIATE transaction: the shipment and its lines, the order
 *   lines' shipped quantities, the order's shipped amount and status, ONE invoice receivable
 *   (due = date + the contract's or else the customer's payment terms, balance = amount) and one
 *   sales fact per line. The credit check runs again (stage 'ship'); a block changes nothing.
 * - Line amounts are pro rata of the order line's tax-inclusive amount by quantity, rounded half
 *   up on the cumulative quantity; the shipment that completes a line takes the remainder, so a
 *   fully shipped line's shipments sum to the line amount exactly. Returns split a shipment
 *   line the same way.
 * - Cancelling a shipment reverses everything it posted, but only while its receivable is
 *   untouched (balance = amount, no return); otherwise RULE_VIOLATION says why.
 * - A return posts a credit note (kind 'credit_note', credits_receivable_id = the invoice). The
 *   credit note reduces the invoice's balance by as much as the invoice still owes; whatever the
 *   invoice cannot absorb stays as the credit note's open balance (customer credit that issue #5
 *   allocates). Hence per customer, always:
 *     Σ invoice amounts − Σ (credit-note amount − credit-note balance) − Σ allocated = Σ invoice balances.
 * - Every record is read through the rep's record scope: another rep's customer answers NOT_FOUND.
 */
import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Output } from '../../shared/contract';
import type { shipmentsContract } from '../../shared/contracts/shipments';
import { addDays, daysBetween } from '../../shared/dates';
import { divRoundHalfUp } from '../../shared/money';
import { AppError } from '../../shared/result';
import type { ReceivableRow, ShipmentDetail, ShipmentRow } from '../../shared/schemas/shipments';
import { nextNumber } from '../db/repositories/sequences';
import type { DB } from '../db/schema';
import { textMatch } from '../db/sql-helpers';
import { inTransaction } from '../db/transaction';
import { audit } from './audit';
import type { CallContext, Handler } from './context';
import { decide, enforceCredit, loadCreditFigures } from './credit-check';
import { customerScope } from './customers';
import { postAllocations } from './receivables/ledger';

type ShipmentsHandlers = { [M in keyof typeof shipmentsContract]: Handler<M> };

// ─── Small helpers ──────────────────────────────────────────────────────────────────────

const nowIso = (ctx: CallContext) => ctx.clock.now().toISOString();
const today = (ctx: CallContext) => ctx.clock.now().toISOString().slice(0, 10);

function invalid(message: string, path: (string | number)[], details: Record<string, unknown> = {}): AppError {
  return new AppError('VALIDATION', message, { ...details, issues: [{ path, code: 'custom', message }] });
}
const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found.`);

/**
 * The amount of `qty` more out of `total` spread over `whole`, given `doneQty` already taken with
 * `doneAmount`: half-up on the cumulative quantity; the part that completes takes the remainder.
 */
export function proRata(total: number, whole: number, doneQty: number, doneAmount: number, qty: number): number {
  if (doneQty + qty >= whole) return Math.max(0, total - doneAmount);
  const cumulative = divRoundHalfUp(total * (doneQty + qty), whole);
  return Math.max(0, Math.min(total - doneAmount, cumulative - doneAmount));
}

const money = (n: number) => (n / 100).toFixed(2);

async function customerInScope(db: Kysely<DB>, ctx: CallContext, id: number) {
  const c = await db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
  const scope = customerScope(ctx);
  if (!c || (scope !== null && c.owner_id !== scope)) throw notFound('Customer');
  return c;
}

// ─── Reads ──────────────────────────────────────────────────────────────────────────────

function receivableQuery(db: Kysely<DB>) {
  return db
    .selectFrom('receivables as r')
    .leftJoin('orders as o', 'o.id', 'r.order_id')
    .leftJoin('shipments as s', 's.id', 'r.shipment_id')
    .leftJoin('receivables as cr', 'cr.id', 'r.credits_receivable_id')
    .select([
      'r.id', 'r.number', 'r.kind', 'r.date', 'r.due_date', 'r.amount', 'r.balance', 'r.status',
      'o.number as order_number', 's.number as shipment_number', 'cr.number as credits_number',
    ]);
}
type ReceivableDbRow = Awaited<ReturnType<ReturnType<typeof receivableQuery>['executeTakeFirstOrThrow']>>;

function toReceivable(r: ReceivableDbRow, asOf: string): ReceivableRow {
  const overdue = r.kind !== 'credit_note' && r.balance > 0 && asOf > r.due_date ? daysBetween(r.due_date, asOf) : 0;
  return {
    id: r.id, number: r.number, kind: r.kind, date: r.date, dueDate: r.due_date, amount: r.amount, balance: r.balance, status: r.status,
    daysOverdue: overdue, orderNumber: r.order_number, shipmentNumber: r.shipment_number, creditsNumber: r.credits_number,
  };
}

async function getReceivable(db: Kysely<DB>, id: number, asOf: string): Promise<ReceivableRow> {
  return toReceivable(await receivableQuery(db).where('r.id', '=', id).executeTakeFirstOrThrow(), asOf);
}

async function receivableTotals(db: Kysely<DB>, customerId: number, asOf: string) {
  const t = await db
    .selectFrom('receivables')
    .where('customer_id', '=', customerId)
    .where('balance', '>', 0)
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number>(eb.case().when('kind', '!=', 'credit_note').then(eb.ref('balance')).else(0).end()), eb.lit(0)).as('inv'),
      eb.fn.coalesce(eb.fn.sum<number>(eb.case().when('kind', '=', 'credit_note').then(eb.ref('balance')).else(0).end()), eb.lit(0)).as('cred'),
      eb.fn
        .coalesce(eb.fn.sum<number>(eb.case().when(eb.and([eb('kind', '!=', 'credit_note'), eb('due_date', '<', asOf)])).then(eb.ref('balance')).else(0).end()), eb.lit(0))
        .as('overdue'),
    ])
    .executeTakeFirstOrThrow();
  const inv = Number(t.inv);
  const cred = Number(t.cred);
  return { openInvoices: inv, openCredits: cred, net: inv - cred, overdue: Number(t.overdue) };
}

function shipmentQuery(db: Kysely<DB>) {
  return db
    .selectFrom('shipments as s')
    .innerJoin('orders as o', 'o.id', 's.order_id')
    .innerJoin('customers as c', 'c.id', 's.customer_id')
    .leftJoin('regions as rg', 'rg.id', 's.ship_to_region_id')
    .leftJoin('receivables as r', 'r.id', 's.receivable_id')
    .select([
      's.id', 's.number', 's.order_id', 'o.number as order_number', 's.customer_id', 'c.code as customer_code', 'c.name as customer_name',
      'c.owner_id', 's.date', 's.status', 's.ship_to_region_id', 'rg.name as region_name', 's.cross_region', 's.amount', 's.tax_amount',
      's.receivable_id', 'r.number as receivable_number', 'r.balance as receivable_balance', 's.cancelled_at', 's.cancel_reason',
    ]);
}
type ShipmentDbRow = Awaited<ReturnType<ReturnType<typeof shipmentQuery>['executeTakeFirstOrThrow']>>;

function toShipmentRow(s: ShipmentDbRow): ShipmentRow {
  return {
    id: s.id, number: s.number, orderId: s.order_id, orderNumber: s.order_number, customerId: s.customer_id, customerCode: s.customer_code,
    customerName: s.customer_name, date: s.date, status: s.status, shipToRegionId: s.ship_to_region_id, shipToRegionName: s.region_name,
    crossRegion: s.cross_region === 1, amount: s.amount, taxAmount: s.tax_amount, receivableId: s.receivable_id,
    receivableNumber: s.receivable_number, receivableBalance: s.receivable_balance,
  };
}

async function shipmentInScope(db: Kysely<DB>, ctx: CallContext, id: number): Promise<ShipmentDbRow> {
  const s = await shipmentQuery(db).where('s.id', '=', id).executeTakeFirst();
  const scope = customerScope(ctx);
  if (!s || (scope !== null && s.owner_id !== scope)) throw notFound('Shipment');
  return s;
}

async function shipmentDetail(db: Kysely<DB>, s: ShipmentDbRow): Promise<ShipmentDetail> {
  const lines = await db
    .selectFrom('shipment_lines as sl')
    .innerJoin('order_lines as ol', 'ol.id', 'sl.order_line_id')
    .innerJoin('products as p', 'p.id', 'ol.product_id')
    .select([
      'sl.id', 'sl.order_line_id', 'ol.line_no', 'ol.product_id', 'p.sku', 'p.name', 'p.unit', 'sl.qty_milli', 'sl.amount', 'sl.tax_amount',
      (eb) =>
        eb
          .selectFrom('return_lines as rl')
          .whereRef('rl.shipment_line_id', '=', 'sl.id')
          .select((e) => e.fn.coalesce(e.fn.sum<number>('rl.qty_milli'), e.lit(0)).as('q'))
          .as('returned'),
    ])
    .where('sl.shipment_id', '=', s.id)
    .orderBy('ol.line_no')
    .execute();
  const returns = await db
    .selectFrom('returns as t')
    .leftJoin('receivables as r', 'r.id', 't.credit_note_id')
    .select(['t.id', 't.number', 't.shipment_id', 't.date', 't.reason', 't.amount', 't.credit_note_id', 'r.number as cn_number'])
    .where('t.shipment_id', '=', s.id)
    .orderBy('t.id')
    .execute();
  return {
    ...toShipmentRow(s),
    lines: lines.map((l) => ({
      id: l.id, orderLineId: l.order_line_id, lineNo: l.line_no, productId: l.product_id, sku: l.sku, productName: l.name, unit: l.unit,
      qtyMilli: l.qty_milli, returnedQtyMilli: Number(l.returned ?? 0), amount: l.amount, taxAmount: l.tax_amount,
    })),
    returns: returns.map((t) => ({
      id: t.id, number: t.number, shipmentId: t.shipment_id, date: t.date, reason: t.reason, amount: t.amount, creditNoteId: t.credit_note_id,
      creditNoteNumber: t.cn_number,
    })),
    cancelledAt: s.cancelled_at,
    cancelReason: s.cancel_reason,
  };
}

/** True when `regionId` (or one of its parents) is among `assigned`. */
async function regionWithin(db: Kysely<DB>, regionId: number, assigned: Set<number>): Promise<boolean> {
  let cur: number | null = regionId;
  for (let depth = 0; cur !== null && depth < 20; depth++) {
    if (assigned.has(cur)) return true;
    const r: { parent_id: number | null } | undefined = await db.selectFrom('regions').select('parent_id').where('id', '=', cur).executeTakeFirst();
    cur = r?.parent_id ?? null;
  }
  return false;
}

async function regionsOf(db: Kysely<DB>, customerId: number) {
  return db
    .selectFrom('distributor_regions as d')
    .innerJoin('regions as r', 'r.id', 'd.region_id')
    .select(['r.id', 'r.code', 'r.name'])
    .where('d.customer_id', '=', customerId)
    .orderBy('r.code')
    .execute();
}

// ─── Contracts ──────────────────────────────────────────────────────────────────────────

function contractQuery(db: Kysely<DB>) {
  return db
    .selectFrom('contracts as k')
    .innerJoin('customers as c', 'c.id', 'k.customer_id')
    .select([
      'k.id', 'k.number', 'k.customer_id', 'c.code as customer_code', 'c.name as customer_name', 'c.owner_id', 'k.title', 'k.signed_on',
      'k.starts_on', 'k.ends_on', 'k.amount', 'k.payment_terms_days', 'k.status', 'k.notes', 'k.updated_at',
      (eb) =>
        eb
          .selectFrom('contract_instalments as i')
          .whereRef('i.contract_id', '=', 'k.id')
          .select((e) => e.fn.coalesce(e.fn.sum<number>('i.amount'), e.lit(0)).as('s'))
          .as('planned'),
      (eb) =>
        eb
          .selectFrom('contract_files as f')
          .whereRef('f.contract_id', '=', 'k.id')
          .select((e) => e.fn.countAll<number>().as('n'))
          .as('files'),
    ]);
}
type ContractDbRow = Awaited<ReturnType<ReturnType<typeof contractQuery>['executeTakeFirstOrThrow']>>;
const toContractRow = (k: ContractDbRow) => ({
  id: k.id, number: k.number, customerId: k.customer_id, customerCode: k.customer_code, customerName: k.customer_name, title: k.title,
  signedOn: k.signed_on, startsOn: k.starts_on, endsOn: k.ends_on, amount: k.amount, paymentTermsDays: k.payment_terms_days, status: k.status,
  plannedTotal: Number(k.planned ?? 0), files: Number(k.files ?? 0),
});

async function contractInScope(db: Kysely<DB>, ctx: CallContext, id: number): Promise<ContractDbRow> {
  const k = await contractQuery(db).where('k.id', '=', id).executeTakeFirst();
  const scope = customerScope(ctx);
  if (!k || (scope !== null && k.owner_id !== scope)) throw notFound('Contract');
  return k;
}

async function contractDetail(db: Kysely<DB>, k: ContractDbRow): Promise<Output<'contracts.get'>> {
  const instalments = await db.selectFrom('contract_instalments').selectAll().where('contract_id', '=', k.id).orderBy('seq').execute();
  const files = await db
    .selectFrom('contract_files')
    .select(['id', 'file_name', 'mime', 'size', 'sha256', 'uploaded_at'])
    .where('contract_id', '=', k.id)
    .orderBy('id')
    .execute();
  return {
    ...toContractRow(k),
    notes: k.notes,
    updatedAt: k.updated_at,
    instalments: instalments.map((i) => ({ seq: i.seq, dueDate: i.due_date, amount: i.amount, note: i.note })),
    fileList: files.map((f) => ({ id: f.id, fileName: f.file_name, mime: f.mime, size: f.size, sha256: f.sha256, uploadedAt: f.uploaded_at })),
  };
}

// ─── Handlers ───────────────────────────────────────────────────────────────────────────

export const shipmentsHandlers: ShipmentsHandlers = {
  async 'shipments.create'(input, ctx) {
    const out = await inTransaction(ctx.db, async (trx): Promise<Output<'shipments.create'>> => {
      const order = await trx.selectFrom('orders').selectAll().where('id', '=', input.orderId).executeTakeFirst();
      if (!order) throw notFound('Order');
      const customer = await trx.selectFrom('customers').selectAll().where('id', '=', order.customer_id).executeTakeFirstOrThrow();
      const scope = customerScope(ctx);
      if (scope !== null && customer.owner_id !== scope) throw notFound('Order');
      if (order.customer_id !== input.customerId) {
        throw invalid(`Order ${order.number} belongs to another customer (${customer.code}), not to the customer given.`, ['customerId'], {
          orderNumber: order.number,
        });
      }
      if (order.status !== 'confirmed' && order.status !== 'partly_shipped') {
        throw new AppError('RULE_VIOLATION', `Order ${order.number} is ${order.status}; only a confirmed or partly shipped order can be shipped.`, {
          orderStatus: order.status,
        });
      }
      const orderLines = await trx.selectFrom('order_lines').selectAll().where('order_id', '=', order.id).orderBy('line_no').execute();
      const byId = new Map(orderLines.map((l) => [l.id, l]));
      const seen = new Set<number>();
      for (const [i, l] of input.lines.entries()) {
        const ol = byId.get(l.orderLineId);
        if (!ol) throw invalid(`Line ${i + 1}: not a line of order ${order.number}.`, ['lines', i, 'orderLineId']);
        if (seen.has(l.orderLineId)) throw invalid(`Line ${ol.line_no} is given twice.`, ['lines', i, 'orderLineId'], { lineNo: ol.line_no });
        seen.add(l.orderLineId);
        const left = ol.qty_milli - ol.shipped_qty_milli;
        if (l.qtyMilli > left) {
          throw invalid(`Line ${ol.line_no}: ${l.qtyMilli / 1000} is more than the ${left / 1000} left to ship.`, ['lines', i, 'qtyMilli'], {
            lineNo: ol.line_no,
            leftQtyMilli: left,
          });
        }
      }
      // Amounts already posted per order line (posted shipments only).
      const done = new Map<number, { amount: number; tax: number }>();
      const prior = await trx
        .selectFrom('shipment_lines as sl')
        .innerJoin('shipments as s', 's.id', 'sl.shipment_id')
        .select(['sl.order_line_id', (eb) => eb.fn.sum<number>('sl.amount').as('amount'), (eb) => eb.fn.sum<number>('sl.tax_amount').as('tax')])
        .where('s.order_id', '=', order.id)
        .where('s.status', '=', 'posted')
        .groupBy('sl.order_line_id')
        .execute();
      for (const p of prior) done.set(p.order_line_id, { amount: Number(p.amount), tax: Number(p.tax) });
      const planned = input.lines.map((l) => {
        const ol = byId.get(l.orderLineId);
        if (!ol) throw new Error('unreachable');
        const d = done.get(ol.id) ?? { amount: 0, tax: 0 };
        return {
          ol,
          qty: l.qtyMilli,
          amount: proRata(ol.amount, ol.qty_milli, ol.shipped_qty_milli, d.amount, l.qtyMilli),
          tax: proRata(ol.tax_amount, ol.qty_milli, ol.shipped_qty_milli, d.tax, l.qtyMilli),
        };
      });
      const amount = planned.reduce((a, p) => a + p.amount, 0);
      const taxAmount = planned.reduce((a, p) => a + p.tax, 0);

      const shipTo = input.shipToRegionId !== undefined ? input.shipToRegionId : order.ship_to_region_id;
      if (shipTo !== null && !(await trx.selectFrom('regions').select('id').where('id', '=', shipTo).executeTakeFirst())) {
        throw invalid('Unknown ship-to region.', ['shipToRegionId']);
      }

      const outcome = await enforceCredit(trx, ctx, { customerId: customer.id, orderId: order.id, amount, stage: 'ship', date: input.date }, input.override);
      const credit = { decision: outcome.evaluation.decision, fired: [...outcome.evaluation.fired], trace: outcome.evaluation.trace };
      if (!outcome.released) return { status: 'blocked', credit };

      let crossRegion = 0;
      if (customer.type === 'distributor' && shipTo !== null) {
        const assigned = new Set((await regionsOf(trx, customer.id)).map((r) => r.id));
        if (assigned.size > 0 && !(await regionWithin(trx, shipTo, assigned))) crossRegion = 1;
      }
      let terms = customer.payment_terms_days;
      if (order.contract_id !== null) {
        const k = await trx.selectFrom('contracts').select('payment_terms_days').where('id', '=', order.contract_id).executeTakeFirst();
        if (k) terms = k.payment_terms_days;
      }
      const now = nowIso(ctx);
      const shipmentNumber = await nextNumber(trx, 'shipment', input.date);
      const receivableNumber = await nextNumber(trx, 'receivable', input.date);
      const rec = await trx
        .insertInto('receivables')
        .values({
          number: receivableNumber, customer_id: customer.id, kind: 'invoice', order_id: order.id, date: input.date,
          due_date: addDays(input.date, terms), amount, balance: amount, status: amount === 0 ? 'paid' : 'open', created_at: now, updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const session = ctx.session;
      const sh = await trx
        .insertInto('shipments')
        .values({
          number: shipmentNumber, order_id: order.id, customer_id: customer.id, date: input.date, status: 'posted', ship_to_region_id: shipTo,
          cross_region: crossRegion, receivable_id: rec.id, amount, tax_amount: taxAmount, created_by: session?.userId ?? null, created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.updateTable('receivables').set({ shipment_id: sh.id }).where('id', '=', rec.id).execute();
      const products = new Map(
        (
          await trx
            .selectFrom('products')
            .select(['id', 'standard_cost'])
            .where('id', 'in', planned.map((p) => p.ol.product_id))
            .execute()
        ).map((p) => [p.id, p.standard_cost]),
      );
      const period = Number(input.date.slice(0, 4)) * 100 + Number(input.date.slice(5, 7));
      for (const p of planned) {
        await trx
          .insertInto('shipment_lines')
          .values({ shipment_id: sh.id, order_line_id: p.ol.id, qty_milli: p.qty, amount: p.amount, tax_amount: p.tax })
          .execute();
        await trx
          .updateTable('order_lines')
          .set((eb) => ({ shipped_qty_milli: eb('shipped_qty_milli', '+', p.qty) }))
          .where('id', '=', p.ol.id)
          .execute();
        const listTotal = divRoundHalfUp(p.ol.list_price * p.qty, 1000);
        const cost = products.get(p.ol.product_id);
        await trx
          .insertInto('sales_facts')
          .values({
            date: input.date, period, customer_id: customer.id, product_id: p.ol.product_id, rep_id: order.rep_id ?? customer.owner_id,
            region_id: shipTo ?? customer.region_id, qty_milli: p.qty, net_amount: p.amount, discount_amount: Math.max(0, listTotal - p.amount),
            cost_amount: cost === undefined ? null : divRoundHalfUp(cost * p.qty, 1000), source_type: 'shipment', source_ref: shipmentNumber,
            source_line: String(p.ol.line_no), import_batch_id: null, created_at: now,
          })
          .execute();
      }
      const after = await trx.selectFrom('order_lines').select(['qty_milli', 'shipped_qty_milli']).where('order_id', '=', order.id).execute();
      const complete = after.every((l) => l.shipped_qty_milli >= l.qty_milli);
      await trx
        .updateTable('orders')
        .set((eb) => ({
          shipped_amount: eb('shipped_amount', '+', amount),
          status: complete ? 'shipped' : 'partly_shipped',
          version: eb('version', '+', 1),
          updated_at: now,
        }))
        .where('id', '=', order.id)
        .execute();
      await audit(trx, ctx, {
        action: 'shipment.create',
        entity: 'shipment',
        entityId: shipmentNumber,
        after: { order: order.number, receivable: receivableNumber, amount, crossRegion: crossRegion === 1, lines: planned.map((p) => ({ line: p.ol.line_no, qtyMilli: p.qty, amount: p.amount })) },
        reason: input.override?.reason ?? null,
      });
      const detail = await shipmentDetail(trx, await shipmentQuery(trx).where('s.id', '=', sh.id).executeTakeFirstOrThrow());
      return { status: 'posted', shipment: detail, receivable: await getReceivable(trx, rec.id, input.date), credit };
    });
    if (out.status === 'posted') ctx.emit('customers.changed', { ids: [input.customerId] });
    return out;
  },

  async 'shipments.cancel'(input, ctx) {
    const out = await inTransaction(ctx.db, async (trx) => {
      const s = await shipmentInScope(trx, ctx, input.id);
      if (s.status !== 'posted') throw new AppError('RULE_VIOLATION', `Shipment ${s.number} is already cancelled.`);
      const ret = await trx.selectFrom('returns').select('number').where('shipment_id', '=', s.id).executeTakeFirst();
      if (ret) {
        throw new AppError('RULE_VIOLATION', `Shipment ${s.number} cannot be cancelled: return ${ret.number} has been posted against it.`, {
          returnNumber: ret.number,
        });
      }
      const rec = s.receivable_id === null ? undefined : await trx.selectFrom('receivables').selectAll().where('id', '=', s.receivable_id).executeTakeFirst();
      if (rec && rec.balance !== rec.amount) {
        throw new AppError(
          'RULE_VIOLATION',
          `Shipment ${s.number} cannot be cancelled: ${money(rec.amount - rec.balance)} of its receivable ${rec.number} (${money(rec.amount)}) has already been allocated. Reverse the allocation first.`,
          { receivableNumber: rec.number, amount: rec.amount, balance: rec.balance, allocated: rec.amount - rec.balance },
        );
      }
      const order = await trx.selectFrom('orders').selectAll().where('id', '=', s.order_id).executeTakeFirstOrThrow();
      if (order.status === 'invoiced' || order.status === 'closed' || order.status === 'cancelled') {
        throw new AppError('RULE_VIOLATION', `Shipment ${s.number} cannot be cancelled: order ${order.number} is ${order.status}.`, { orderStatus: order.status });
      }
      const now = nowIso(ctx);
      const lines = await trx.selectFrom('shipment_lines').selectAll().where('shipment_id', '=', s.id).execute();
      for (const l of lines) {
        await trx
          .updateTable('order_lines')
          .set((eb) => ({ shipped_qty_milli: eb('shipped_qty_milli', '-', l.qty_milli) }))
          .where('id', '=', l.order_line_id)
          .execute();
      }
      const after = await trx.selectFrom('order_lines').select(['shipped_qty_milli']).where('order_id', '=', order.id).execute();
      const anyShipped = after.some((l) => l.shipped_qty_milli > 0);
      await trx
        .updateTable('orders')
        .set((eb) => ({
          shipped_amount: eb('shipped_amount', '-', s.amount),
          status: anyShipped ? 'partly_shipped' : 'confirmed',
          version: eb('version', '+', 1),
          updated_at: now,
        }))
        .where('id', '=', order.id)
        .execute();
      if (rec) await trx.updateTable('receivables').set({ balance: 0, status: 'cancelled', updated_at: now }).where('id', '=', rec.id).execute();
      await trx.deleteFrom('sales_facts').where('source_type', '=', 'shipment').where('source_ref', '=', s.number).execute();
      await trx.updateTable('shipments').set({ status: 'cancelled', cancelled_at: now, cancel_reason: input.reason }).where('id', '=', s.id).execute();
      await audit(trx, ctx, {
        action: 'shipment.cancel',
        entity: 'shipment',
        entityId: s.number,
        before: { status: 'posted', amount: s.amount, receivable: rec?.number ?? null },
        after: { status: 'cancelled' },
        reason: input.reason,
      });
      return shipmentDetail(trx, await shipmentQuery(trx).where('s.id', '=', s.id).executeTakeFirstOrThrow());
    });
    ctx.emit('customers.changed', { ids: [out.customerId] });
    return out;
  },

  async 'shipments.list'(input, ctx) {
    const scope = customerScope(ctx);
    let q = shipmentQuery(ctx.db);
    if (scope !== null) q = q.where('c.owner_id', '=', scope);
    if (input.customerId) q = q.where('s.customer_id', '=', input.customerId);
    if (input.orderId) q = q.where('s.order_id', '=', input.orderId);
    if (input.status) q = q.where('s.status', '=', input.status);
    if (input.from) q = q.where('s.date', '>=', input.from);
    if (input.to) q = q.where('s.date', '<=', input.to);
    if (input.search) {
      const term = input.search;
      q = q.where((eb) => eb.or(['s.number', 'o.number', 'c.name', 'c.code'].map((col) => textMatch(sql.ref(col), 'contains', term))));
    }
    const total = await q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await q.orderBy('s.date', 'desc').orderBy('s.id', 'desc').limit(input.limit).offset(input.offset).execute();
    return { total: Number(total.n), rows: rows.map(toShipmentRow) };
  },

  async 'shipments.get'(input, ctx) {
    return shipmentDetail(ctx.db, await shipmentInScope(ctx.db, ctx, input.id));
  },

  async 'shipments.shippable'(input, ctx) {
    const order = await ctx.db
      .selectFrom('orders as o')
      .innerJoin('customers as c', 'c.id', 'o.customer_id')
      .select(['o.id', 'o.number', 'o.customer_id', 'c.name', 'c.owner_id', 'o.status', 'o.ship_to_region_id', 'o.amount', 'o.shipped_amount'])
      .where('o.id', '=', input.orderId)
      .executeTakeFirst();
    const scope = customerScope(ctx);
    if (!order || (scope !== null && order.owner_id !== scope)) throw notFound('Order');
    const lines = await ctx.db
      .selectFrom('order_lines as l')
      .innerJoin('products as p', 'p.id', 'l.product_id')
      .select(['l.id', 'l.line_no', 'p.sku', 'p.name', 'p.unit', 'l.qty_milli', 'l.shipped_qty_milli', 'l.amount'])
      .where('l.order_id', '=', order.id)
      .orderBy('l.line_no')
      .execute();
    return {
      orderId: order.id, orderNumber: order.number, customerId: order.customer_id, customerName: order.name, status: order.status,
      shipToRegionId: order.ship_to_region_id, amount: order.amount, shippedAmount: order.shipped_amount,
      lines: lines.map((l) => ({
        orderLineId: l.id, lineNo: l.line_no, sku: l.sku, productName: l.name, unit: l.unit, qtyMilli: l.qty_milli,
        shippedQtyMilli: l.shipped_qty_milli, leftQtyMilli: l.qty_milli - l.shipped_qty_milli, amount: l.amount,
      })),
    };
  },

  async 'shipments.openOrders'(input, ctx) {
    const scope = customerScope(ctx);
    let q = ctx.db
      .selectFrom('orders as o')
      .innerJoin('customers as c', 'c.id', 'o.customer_id')
      .select(['o.id', 'o.number', 'o.customer_id', 'c.name', 'o.order_date', 'o.status', 'o.amount', 'o.shipped_amount'])
      .where('o.status', 'in', ['confirmed', 'partly_shipped']);
    if (scope !== null) q = q.where('c.owner_id', '=', scope);
    if (input.customerId) q = q.where('o.customer_id', '=', input.customerId);
    if (input.search) {
      const term = input.search;
      q = q.where((eb) => eb.or(['o.number', 'c.name', 'c.code'].map((col) => textMatch(sql.ref(col), 'contains', term))));
    }
    const rows = await q.orderBy('o.order_date', 'desc').orderBy('o.id', 'desc').limit(input.limit).execute();
    return rows.map((o) => ({
      id: o.id, number: o.number, customerId: o.customer_id, customerName: o.name, orderDate: o.order_date, status: o.status, amount: o.amount,
      shippedAmount: o.shipped_amount,
    }));
  },

  async 'returns.create'(input, ctx) {
    const out = await inTransaction(ctx.db, async (trx) => {
      const s = await shipmentInScope(trx, ctx, input.shipmentId);
      if (s.status !== 'posted') throw new AppError('RULE_VIOLATION', `Shipment ${s.number} is cancelled; nothing can be returned against it.`);
      const lines = await trx
        .selectFrom('shipment_lines as sl')
        .innerJoin('order_lines as ol', 'ol.id', 'sl.order_line_id')
        .select(['sl.id', 'sl.order_line_id', 'sl.qty_milli', 'sl.amount', 'sl.tax_amount', 'ol.line_no', 'ol.product_id', 'ol.list_price'])
        .where('sl.shipment_id', '=', s.id)
        .execute();
      const byId = new Map(lines.map((l) => [l.id, l]));
      const returned = new Map(
        (
          await trx
            .selectFrom('return_lines as rl')
            .innerJoin('shipment_lines as sl', 'sl.id', 'rl.shipment_line_id')
            .select(['rl.shipment_line_id', (eb) => eb.fn.sum<number>('rl.qty_milli').as('q'), (eb) => eb.fn.sum<number>('rl.amount').as('a'), (eb) => eb.fn.sum<number>('rl.tax_amount').as('t')])
            .where('sl.shipment_id', '=', s.id)
            .groupBy('rl.shipment_line_id')
            .execute()
        ).map((r) => [r.shipment_line_id, { q: Number(r.q), a: Number(r.a), t: Number(r.t) }]),
      );
      const seen = new Set<number>();
      const planned = input.lines.map((l, i) => {
        const sl = byId.get(l.shipmentLineId);
        if (!sl) throw invalid(`Line ${i + 1}: not a line of shipment ${s.number}.`, ['lines', i, 'shipmentLineId']);
        if (seen.has(sl.id)) throw invalid(`Line ${sl.line_no} is given twice.`, ['lines', i, 'shipmentLineId'], { lineNo: sl.line_no });
        seen.add(sl.id);
        const r = returned.get(sl.id) ?? { q: 0, a: 0, t: 0 };
        const left = sl.qty_milli - r.q;
        if (l.qtyMilli > left) {
          throw invalid(`Line ${sl.line_no}: ${l.qtyMilli / 1000} is more than the ${left / 1000} shipped and not yet returned.`, ['lines', i, 'qtyMilli'], {
            lineNo: sl.line_no,
            leftQtyMilli: left,
          });
        }
        return {
          sl,
          qty: l.qtyMilli,
          amount: proRata(sl.amount, sl.qty_milli, r.q, r.a, l.qtyMilli),
          tax: proRata(sl.tax_amount, sl.qty_milli, r.q, r.t, l.qtyMilli),
        };
      });
      const amount = planned.reduce((a, p) => a + p.amount, 0);
      const now = nowIso(ctx);
      const returnNumber = await nextNumber(trx, 'return', input.date);
      const cnNumber = await nextNumber(trx, 'credit_note', input.date);
      const invoice = s.receivable_id === null ? undefined : await trx.selectFrom('receivables').selectAll().where('id', '=', s.receivable_id).executeTakeFirst();
      const applied = invoice ? Math.min(invoice.balance, amount) : 0;
      const ret = await trx
        .insertInto('returns')
        .values({
          number: returnNumber, shipment_id: s.id, customer_id: s.customer_id, date: input.date, reason: input.reason, amount,
          created_by: ctx.session?.userId ?? null, created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const cn = await trx
        .insertInto('receivables')
        .values({
          number: cnNumber, customer_id: s.customer_id, kind: 'credit_note', order_id: s.order_id, shipment_id: s.id, return_id: ret.id,
          credits_receivable_id: invoice?.id ?? null, date: input.date, due_date: input.date, amount, balance: amount,
          status: 'open', created_at: now, updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.updateTable('returns').set({ credit_note_id: cn.id }).where('id', '=', ret.id).execute();
      if (invoice && applied > 0) {
        // The credit note pays what the invoice still owes through the ledger (a dated allocation).
        await postAllocations(trx, {
          customerId: s.customer_id, source: { kind: 'credit_note', id: cn.id }, lines: [{ receivableId: invoice.id, amount: applied }],
          userId: ctx.session?.userId ?? null, now, allowSourceBeforeItem: true,
        });
      }
      const order = await trx.selectFrom('orders').select(['rep_id']).where('id', '=', s.order_id).executeTakeFirstOrThrow();
      const customer = await trx.selectFrom('customers').select(['owner_id', 'region_id']).where('id', '=', s.customer_id).executeTakeFirstOrThrow();
      const costs = new Map(
        (await trx.selectFrom('products').select(['id', 'standard_cost']).where('id', 'in', planned.map((p) => p.sl.product_id)).execute()).map((p) => [p.id, p.standard_cost]),
      );
      const period = Number(input.date.slice(0, 4)) * 100 + Number(input.date.slice(5, 7));
      for (const p of planned) {
        await trx.insertInto('return_lines').values({ return_id: ret.id, shipment_line_id: p.sl.id, qty_milli: p.qty, amount: p.amount, tax_amount: p.tax }).execute();
        await trx
          .updateTable('order_lines')
          .set((eb) => ({ returned_qty_milli: eb('returned_qty_milli', '+', p.qty) }))
          .where('id', '=', p.sl.order_line_id)
          .execute();
        const listTotal = divRoundHalfUp(p.sl.list_price * p.qty, 1000);
        const cost = costs.get(p.sl.product_id);
        await trx
          .insertInto('sales_facts')
          .values({
            date: input.date, period, customer_id: s.customer_id, product_id: p.sl.product_id, rep_id: order.rep_id ?? customer.owner_id,
            region_id: s.ship_to_region_id ?? customer.region_id, qty_milli: -p.qty, net_amount: -p.amount,
            discount_amount: -Math.max(0, listTotal - p.amount), cost_amount: cost === undefined ? null : -divRoundHalfUp(cost * p.qty, 1000),
            source_type: 'return', source_ref: returnNumber, source_line: String(p.sl.line_no), import_batch_id: null, created_at: now,
          })
          .execute();
      }
      await audit(trx, ctx, {
        action: 'return.create',
        entity: 'return',
        entityId: returnNumber,
        after: { shipment: s.number, creditNote: cnNumber, amount, appliedToInvoice: applied, lines: planned.map((p) => ({ line: p.sl.line_no, qtyMilli: p.qty, amount: p.amount })) },
        reason: input.reason,
      });
      return {
        return: { id: ret.id, number: returnNumber, shipmentId: s.id, date: input.date, reason: input.reason, amount, creditNoteId: cn.id, creditNoteNumber: cnNumber },
        creditNote: await getReceivable(trx, cn.id, input.date),
        appliedToInvoice: applied,
        customerId: s.customer_id,
      };
    });
    ctx.emit('customers.changed', { ids: [out.customerId] });
    const { customerId: _c, ...rest } = out;
    return rest;
  },

  async 'receivables.listByCustomer'(input, ctx) {
    const c = await customerInScope(ctx.db, ctx, input.customerId);
    const asOf = input.asOf ?? today(ctx);
    let q = receivableQuery(ctx.db).where('r.customer_id', '=', c.id).where('r.status', '!=', 'cancelled');
    if (input.openOnly) q = q.where('r.balance', '>', 0);
    const rows = await q.orderBy('r.date', 'desc').orderBy('r.id', 'desc').limit(input.limit).execute();
    return { rows: rows.map((r) => toReceivable(r, asOf)), totals: await receivableTotals(ctx.db, c.id, asOf), asOf };
  },

  async 'contracts.list'(input, ctx) {
    const scope = customerScope(ctx);
    let q = contractQuery(ctx.db);
    if (scope !== null) q = q.where('c.owner_id', '=', scope);
    if (input.customerId) q = q.where('k.customer_id', '=', input.customerId);
    if (input.status) q = q.where('k.status', '=', input.status);
    if (input.search) {
      const term = input.search;
      q = q.where((eb) => eb.or(['k.number', 'k.title', 'c.name', 'c.code'].map((col) => textMatch(sql.ref(col), 'contains', term))));
    }
    const total = await q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await q.orderBy('k.signed_on', 'desc').orderBy('k.id', 'desc').limit(input.limit).offset(input.offset).execute();
    return { total: Number(total.n), rows: rows.map(toContractRow) };
  },

  async 'contracts.get'(input, ctx) {
    return contractDetail(ctx.db, await contractInScope(ctx.db, ctx, input.id));
  },

  async 'contracts.save'(input, ctx) {
    if (input.endsOn && input.endsOn < input.startsOn) throw invalid('The end date is before the start date.', ['endsOn']);
    const planned = input.instalments.reduce((a, i) => a + i.amount, 0);
    if (planned > input.amount) {
      throw invalid(`The collection plan (${money(planned)}) exceeds the contract amount (${money(input.amount)}).`, ['instalments'], {
        planned,
        amount: input.amount,
      });
    }
    const out = await inTransaction(ctx.db, async (trx) => {
      await customerInScope(trx, ctx, input.customerId);
      const now = nowIso(ctx);
      const values = {
        customer_id: input.customerId,
        title: input.title ?? null,
        signed_on: input.signedOn,
        starts_on: input.startsOn,
        ends_on: input.endsOn ?? null,
        amount: input.amount,
        payment_terms_days: input.paymentTermsDays,
        status: input.status,
        notes: input.notes ?? null,
        updated_at: now,
      };
      let id: number;
      let before: unknown = null;
      if (input.id !== undefined) {
        const existing = await contractInScope(trx, ctx, input.id);
        before = await contractDetail(trx, existing);
        const number = input.number ?? existing.number;
        if (number !== existing.number && (await trx.selectFrom('contracts').select('id').where('number', '=', number).executeTakeFirst())) {
          throw new AppError('CONFLICT', `Contract "${number}" already exists.`, { field: 'number', issues: [{ path: ['number'], code: 'custom', message: `"${number}" already exists` }] });
        }
        await trx.updateTable('contracts').set({ ...values, number }).where('id', '=', existing.id).execute();
        await trx.deleteFrom('contract_instalments').where('contract_id', '=', existing.id).execute();
        id = existing.id;
      } else {
        const number = input.number ?? (await nextNumber(trx, 'contract', input.signedOn));
        if (await trx.selectFrom('contracts').select('id').where('number', '=', number).executeTakeFirst()) {
          throw new AppError('CONFLICT', `Contract "${number}" already exists.`, { field: 'number', issues: [{ path: ['number'], code: 'custom', message: `"${number}" already exists` }] });
        }
        id = (await trx.insertInto('contracts').values({ ...values, number, created_at: now }).returning('id').executeTakeFirstOrThrow()).id;
      }
      if (input.instalments.length) {
        await trx
          .insertInto('contract_instalments')
          .values(input.instalments.map((i, n) => ({ contract_id: id, seq: n + 1, due_date: i.dueDate, amount: i.amount, note: i.note ?? null })))
          .execute();
      }
      const after = await contractDetail(trx, await contractQuery(trx).where('k.id', '=', id).executeTakeFirstOrThrow());
      await audit(trx, ctx, { action: input.id ? 'contract.update' : 'contract.create', entity: 'contract', entityId: after.number, before, after });
      return after;
    });
    ctx.emit('customers.changed', { ids: [input.customerId] });
    return out;
  },

  async 'contracts.attach'(input, ctx) {
    const content = Buffer.from(input.contentBase64, 'base64');
    if (content.length !== input.size) throw invalid('The content does not match the declared size.', ['contentBase64']);
    return inTransaction(ctx.db, async (trx) => {
      const k = await contractInScope(trx, ctx, input.contractId);
      const now = nowIso(ctx);
      const sha256 = createHash('sha256').update(content).digest('hex');
      const row = await trx
        .insertInto('contract_files')
        .values({
          contract_id: k.id, file_name: input.fileName, mime: input.mime || 'application/octet-stream', size: content.length, sha256, content,
          uploaded_by: ctx.session?.userId ?? null, uploaded_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.updateTable('contracts').set({ updated_at: now }).where('id', '=', k.id).execute();
      await audit(trx, ctx, { action: 'contract.attach', entity: 'contract', entityId: k.number, after: { file: input.fileName, size: content.length, sha256 } });
      return { id: row.id, fileName: input.fileName, mime: input.mime || 'application/octet-stream', size: content.length, sha256, uploadedAt: now };
    });
  },

  async 'contracts.file'(input, ctx) {
    const f = await ctx.db.selectFrom('contract_files').selectAll().where('id', '=', input.fileId).executeTakeFirst();
    if (!f) throw notFound('File');
    await contractInScope(ctx.db, ctx, f.contract_id).catch(() => {
      throw notFound('File');
    });
    return {
      id: f.id, contractId: f.contract_id, fileName: f.file_name, mime: f.mime, size: f.size, sha256: f.sha256, uploadedAt: f.uploaded_at,
      contentBase64: Buffer.from(f.content).toString('base64'),
    };
  },

  async 'distributors.regions'(input, ctx) {
    const c = await customerInScope(ctx.db, ctx, input.customerId);
    return { customerId: c.id, regions: await regionsOf(ctx.db, c.id) };
  },

  async 'distributors.setRegions'(input, ctx) {
    const ids = [...new Set(input.regionIds)];
    const out = await inTransaction(ctx.db, async (trx) => {
      const c = await customerInScope(trx, ctx, input.customerId);
      if (c.type !== 'distributor') throw invalid(`Customer ${c.code} is not a distributor.`, ['customerId']);
      if (ids.length) {
        const known = new Set((await trx.selectFrom('regions').select('id').where('id', 'in', ids).execute()).map((r) => r.id));
        const i = input.regionIds.findIndex((r) => !known.has(r));
        if (i >= 0) throw invalid('Unknown region.', ['regionIds', i]);
      }
      const before = await regionsOf(trx, c.id);
      await trx.deleteFrom('distributor_regions').where('customer_id', '=', c.id).execute();
      if (ids.length) await trx.insertInto('distributor_regions').values(ids.map((region_id) => ({ customer_id: c.id, region_id }))).execute();
      const after = await regionsOf(trx, c.id);
      await audit(trx, ctx, { action: 'distributor.regions', entity: 'customer', entityId: c.id, before: before.map((r) => r.code), after: after.map((r) => r.code) });
      await trx.updateTable('customers').set({ updated_at: nowIso(ctx) }).where('id', '=', c.id).execute();
      return { customerId: c.id, regions: after };
    });
    ctx.emit('customers.changed', { ids: [input.customerId] });
    return out;
  },

  async 'distributors.crossRegionList'(input, ctx) {
    const scope = customerScope(ctx);
    let q = shipmentQuery(ctx.db).where('s.cross_region', '=', 1).where('s.status', '=', 'posted');
    if (scope !== null) q = q.where('c.owner_id', '=', scope);
    if (input.from) q = q.where('s.date', '>=', input.from);
    if (input.to) q = q.where('s.date', '<=', input.to);
    const total = await q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await q
      .leftJoin('users as u', 'u.id', 'c.owner_id')
      .select('u.display_name as owner_name')
      .orderBy('s.date', 'desc')
      .orderBy('s.id', 'desc')
      .limit(input.limit)
      .offset(input.offset)
      .execute();
    const regions = new Map<number, string[]>();
    for (const cid of new Set(rows.map((r) => r.customer_id))) regions.set(cid, (await regionsOf(ctx.db, cid)).map((r) => r.name));
    return {
      total: Number(total.n),
      rows: rows.map((r) => ({ ...toShipmentRow(r), assignedRegions: regions.get(r.customer_id) ?? [], ownerName: r.owner_name })),
    };
  },

  async 'customers.cardActivity'(input, ctx) {
    const c = await customerInScope(ctx.db, ctx, input.id);
    const asOf = input.asOf ?? today(ctx);
    const orders = await ctx.db
      .selectFrom('orders')
      .select(['id', 'number', 'order_date', 'status', 'amount', 'shipped_amount'])
      .where('customer_id', '=', c.id)
      .orderBy('order_date', 'desc')
      .orderBy('id', 'desc')
      .limit(20)
      .execute();
    const openShipments = await shipmentQuery(ctx.db)
      .where('s.customer_id', '=', c.id)
      .where('s.status', '=', 'posted')
      .where('r.balance', '>', 0)
      .orderBy('s.date', 'desc')
      .orderBy('s.id', 'desc')
      .limit(50)
      .execute();
    const receivables = await receivableQuery(ctx.db)
      .where('r.customer_id', '=', c.id)
      .where('r.balance', '>', 0)
      .orderBy('r.due_date')
      .orderBy('r.id')
      .limit(100)
      .execute();
    const totals = await receivableTotals(ctx.db, c.id, asOf);
    // The same figures and rules the credit check uses (temporary limit in force, credit notes netted).
    const settings = await ctx.settings.get(ctx.db);
    const figures = await loadCreditFigures(ctx.db, { customerId: c.id, date: asOf }, settings.creditGraceDays);
    const standing = decide(figures, settings, asOf, 0);
    const limitInForce = standing.trace.limit.inForce;
    const exposure = figures.openReceivables + figures.openOrders;
    const contracts = await contractQuery(ctx.db).where('k.customer_id', '=', c.id).orderBy('k.signed_on', 'desc').limit(20).execute();
    return {
      asOf,
      orders: orders.map((o) => ({ id: o.id, number: o.number, orderDate: o.order_date, status: o.status, amount: o.amount, shippedAmount: o.shipped_amount })),
      openShipments: openShipments.map(toShipmentRow),
      receivables: receivables.map((r) => toReceivable(r, asOf)),
      totals,
      credit: {
        limit: c.credit_limit,
        tempLimit: c.temp_credit_limit,
        tempExpires: c.temp_credit_expires,
        limitInForce,
        openReceivables: figures.openReceivables,
        unshippedOrders: figures.openOrders,
        exposure,
        available: limitInForce - exposure,
        status: c.credit_status,
        decision: standing.decision,
        fired: [...standing.fired],
      },
      contracts: contracts.map(toContractRow),
      distributorRegions: c.type === 'distributor' ? (await regionsOf(ctx.db, c.id)).map((r) => r.name) : [],
    };
  },
};
