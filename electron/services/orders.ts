/**
 * Sales orders (DOMAIN.md §4, issue #4): drafts priced by the pricing engine and governed by
 * discount authority and floor, and the lifecycle draft → confirmed → (shipped …) → closed, or
 * cancelled. Every transition is its own method, runs in one BEGIN IMMEDIATE transaction using
 * only the transaction handle, and writes an audit row with before/after. Confirmation and
 * reopening run the credit check (enforceCredit, owned by the credit work); a block that is not
 * released is an answer (`status: 'blocked'`) and changes nothing.
 */
import type Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { pinyin } from 'pinyin-pro';
import type { DB, OrderStatus } from '../db/schema';
import { listOrders, orderById } from '../db/repositories/orders';
import { nextNumber } from '../db/repositories/sequences';
import { inTransaction } from '../db/transaction';
import { checkPrice } from '../rules/price-authority';
import { type CandidateList, type ListKind, quote as runQuote } from '../rules/pricing';
import { discounted, taxOf } from '../../shared/order-math';
import { AppError } from '../../shared/result';
import type { OrderDetail, ProductHit, TransitionOutput } from '../../shared/schemas/orders';
import { milliToDecimal } from '../../shared/schemas/pricing';
import { audit } from './audit';
import type { CallContext, DomainHandlers, SessionUser } from './context';
import { requireSession } from './context';
import { enforceCredit, evaluateCredit } from './credit-check';
import { customerScope } from './customers';
import { authorityOf, lineAmount } from './pricing';

// ─── Helpers ────────────────────────────────────────────────────────────────────────────

/** Today's ISO date in the company's time zone. */
export function todayIn(ctx: CallContext, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ctx.clock.now());
  } catch {
    return ctx.clock.now().toISOString().slice(0, 10);
  }
}

async function scopedOrder(db: Kysely<DB>, ctx: CallContext, id: number): Promise<OrderDetail> {
  const o = await orderById(db, id);
  const scope = customerScope(ctx);
  // Out of scope answers NOT_FOUND, as customers.get does, so a rep cannot probe for ids.
  if (!o || (scope !== null && o.customerOwnerId !== scope)) throw new AppError('NOT_FOUND', 'Order not found.', { field: 'id' });
  return o;
}

function checkVersion(o: OrderDetail, version: number | undefined) {
  if (version !== undefined && version !== o.version) {
    throw new AppError('CONFLICT', `Order ${o.number} was changed by someone else (version ${o.version}, yours ${version}); reload it and apply your change again.`, {
      field: 'version',
      current: o.version,
    });
  }
}

/** What the audit log keeps of an order header. */
const snapshot = (o: OrderDetail) => ({
  number: o.number,
  status: o.status,
  customerId: o.customerId,
  orderDate: o.orderDate,
  amount: o.amount,
  taxAmount: o.taxAmount,
  shippedAmount: o.shippedAmount,
  lines: o.lines.length,
  version: o.version,
});

function requireOverrideRight(s: SessionUser, override: { reason: string } | undefined) {
  if (override && !s.permissions.has('credit.override')) {
    throw new AppError('FORBIDDEN', 'Releasing a credit block needs the credit override right.', { field: 'override' });
  }
}

// ─── Pricing a line ─────────────────────────────────────────────────────────────────────

interface LineIn {
  productId: number;
  quantity: number;
  netPrice: number | null;
  discountBp: number | null;
  taxRateBp: number;
  priceApprovalId: number | null;
}

interface Resolved {
  listPrice: number;
  floorPrice: number;
  sku: string;
  price: number | null;
  listId: number | null;
  itemId: number | null;
}

/**
 * The prices of all lines of one order in three queries (customer, products, every candidate
 * item of those products), then the pure engine per line: the same answer as quoteFor line by
 * line (tests compare), without 2 × 100 round trips for a 100-line order.
 */
async function resolvePrices(trx: Kysely<DB>, customer: { id: number; grade: 'A' | 'B' | 'C'; type: 'direct' | 'distributor' }, lines: readonly LineIn[], date: string): Promise<Resolved[]> {
  const ids = [...new Set(lines.map((l) => l.productId))];
  if (ids.length === 0) return [];
  const products = new Map(
    (await trx.selectFrom('products').select(['id', 'sku', 'list_price', 'standard_cost', 'floor_price']).where('id', 'in', ids).execute()).map((p) => [p.id, p]),
  );
  for (const [i, l] of lines.entries()) {
    if (!products.has(l.productId)) throw new AppError('NOT_FOUND', `Line ${i + 1}: product not found.`, { field: `lines.${i}.productId` });
  }
  // The customer's candidate lists first (at most one per kind), then only their items of these
  // products: (product_id, price_list_id) seeks in the covering index price_list_items_lookup.
  const lists = await trx
    .selectFrom('price_lists')
    .select(['id', 'name', 'kind', 'active'])
    .where((eb) =>
      eb.or([
        eb('kind', '=', 'base'),
        eb.and([eb('kind', '=', 'grade'), eb('grade', '=', customer.grade)]),
        eb.and([eb('kind', '=', 'channel'), eb('channel', '=', customer.type)]),
        eb.and([eb('kind', '=', 'customer'), eb('customer_id', '=', customer.id)]),
      ]),
    )
    .execute();
  const listById = new Map(lists.map((l) => [l.id, l]));
  const rows = lists.length
    ? await trx
        .selectFrom('price_list_items')
        .select(['product_id', 'price_list_id', 'id', 'min_qty_milli', 'price', 'valid_from', 'valid_to'])
        .where('product_id', 'in', ids)
        .where('price_list_id', 'in', [...listById.keys()])
        .execute()
    : [];
  const byProduct = new Map<number, Map<number, CandidateList>>();
  for (const r of rows) {
    let candidates = byProduct.get(r.product_id);
    if (!candidates) {
      candidates = new Map();
      byProduct.set(r.product_id, candidates);
    }
    let l = candidates.get(r.price_list_id);
    if (!l) {
      const def = listById.get(r.price_list_id) as (typeof lists)[number];
      l = { id: def.id, name: def.name, kind: def.kind as ListKind, active: def.active === 1, items: [] };
      candidates.set(r.price_list_id, l);
    }
    l.items.push({ id: r.id, minQty: r.min_qty_milli, price: r.price, validFrom: r.valid_from, validTo: r.valid_to });
  }
  return lines.map((l) => {
    const p = products.get(l.productId) as NonNullable<ReturnType<typeof products.get>>;
    const d = runQuote([...(byProduct.get(l.productId)?.values() ?? [])], { quantity: l.quantity, date }).decision;
    return {
      listPrice: p.list_price,
      floorPrice: p.floor_price ?? p.standard_cost,
      sku: p.sku,
      price: d.found ? d.price : null,
      listId: d.found ? d.listId : null,
      itemId: d.found ? d.itemId : null,
    };
  });
}

/** Checks and computes one resolved line; refuses with RULE_VIOLATION when it needs an approval it does not carry. */
async function priceLine(
  trx: Kysely<DB>,
  args: { customerId: number; authority: { bp: number; role: string }; orderNumber: string | null; lineNo: number },
  line: LineIn,
  q: Resolved,
) {
  const resolved = q.price ?? q.listPrice;
  const net = line.netPrice ?? (line.discountBp !== null ? discounted(resolved, line.discountBp) : resolved);
  const check = checkPrice({ resolvedPrice: resolved, netPrice: net, floorPrice: q.floorPrice, authorityBp: args.authority.bp });
  let approvalId: number | null = null;
  if (check.decision === 'needs_approval') {
    const fail = (why: string) => {
      throw new AppError('RULE_VIOLATION', `Line ${args.lineNo} (${q.sku}): ${why}`, {
        field: `lines.${args.lineNo - 1}`,
        line: args.lineNo,
        check: { ...check, trace: { ...check.trace, authorityRole: args.authority.role } },
      });
    };
    const needs = check.fired.includes('below_floor') ? 'the net price is below the floor price' : 'the discount exceeds your authority';
    if (line.priceApprovalId === null) fail(`${needs}; it needs a price approval.`);
    const a = await trx.selectFrom('price_approvals').selectAll().where('id', '=', line.priceApprovalId as number).executeTakeFirst();
    if (!a) fail('the price approval was not found.');
    const ap = a as NonNullable<typeof a>;
    if (ap.customer_id !== args.customerId || ap.product_id !== line.productId || ap.net_price !== net || ap.qty_milli !== line.quantity) {
      fail(`price approval #${ap.id} was given for another customer, product, quantity or net price.`);
    }
    if (ap.consumed_at !== null && ap.consumed_ref !== args.orderNumber) fail(`price approval #${ap.id} was already used by ${ap.consumed_ref}.`);
    approvalId = ap.id;
  }
  const amount = lineAmount(net, line.quantity);
  // Stored discount: what the net price is off the resolved one (negative for a markup), bounded as the column is.
  const discountBp = line.netPrice === null && line.discountBp !== null ? line.discountBp : Math.max(-100_000, Math.min(10_000, check.trace.discountBp));
  return {
    values: {
      line_no: args.lineNo,
      product_id: line.productId,
      qty_milli: line.quantity,
      list_price: q.listPrice,
      resolved_price: resolved,
      price_list_id: q.listId,
      price_item_id: q.itemId,
      discount_bp: discountBp,
      net_price: net,
      tax_rate_bp: line.taxRateBp,
      amount,
      tax_amount: taxOf(amount, line.taxRateBp),
      price_approval_id: approvalId,
      shipped_qty_milli: 0,
      returned_qty_milli: 0,
    },
  };
}

// ─── Credit gate (confirm, reopen) ──────────────────────────────────────────────────────

async function creditGate(trx: Kysely<DB>, ctx: CallContext, o: OrderDetail, amount: number, date: string, override: { reason: string } | undefined) {
  const outcome = await enforceCredit(trx, ctx, { customerId: o.customerId, orderId: o.id, amount, stage: 'confirm', date }, override);
  const credit = { decision: outcome.evaluation.decision, fired: [...outcome.evaluation.fired], trace: outcome.evaluation.trace };
  return outcome.released ? { released: true as const, credit, overrideId: outcome.overrideId } : { released: false as const, credit };
}

// ─── Product search (code, name, pinyin initials) ───────────────────────────────────────

interface IndexEntry extends ProductHit {
  skuLower: string;
  nameLower: string;
}
/** One in-memory index per open company file, rebuilt when the products table changes. */
const productIndexes = new WeakMap<Database.Database, { stamp: string; entries: IndexEntry[] }>();

export function initialsOf(name: string): string {
  return pinyin(name, { pattern: 'first', toneType: 'none', type: 'array' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

async function productIndex(ctx: CallContext): Promise<IndexEntry[]> {
  const s = await ctx.db
    .selectFrom('products')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('updated_at').as('u'), eb.fn.max('id').as('m')])
    .executeTakeFirstOrThrow();
  const stamp = `${s.n}:${s.u ?? ''}:${s.m ?? ''}`;
  const cached = productIndexes.get(ctx.sqlite);
  if (cached && cached.stamp === stamp) return cached.entries;
  const rows = await ctx.db.selectFrom('products').select(['id', 'sku', 'name', 'unit', 'list_price', 'active']).orderBy('sku').execute();
  const entries = rows.map((r) => ({
    id: r.id,
    sku: r.sku,
    name: r.name,
    unit: r.unit,
    listPrice: r.list_price,
    active: r.active === 1,
    initials: initialsOf(r.name),
    skuLower: r.sku.toLowerCase(),
    nameLower: r.name.toLowerCase(),
  }));
  productIndexes.set(ctx.sqlite, { stamp, entries });
  return entries;
}

// ─── Handlers ───────────────────────────────────────────────────────────────────────────

export const ordersHandlers: DomainHandlers<'orders'> = {
  async 'orders.list'(input, ctx) {
    return listOrders(ctx.db, customerScope(ctx), input);
  },

  async 'orders.get'(input, ctx) {
    const o = await scopedOrder(ctx.db, ctx, input.id);
    if (o.status === 'closed' || o.status === 'cancelled') return o;
    // What is still open of this order is "this order"; the check leaves it out of open orders.
    const today = todayIn(ctx, (await ctx.settings.get()).timeZone);
    const e = await evaluateCredit(ctx.db, ctx, { customerId: o.customerId, orderId: o.id, amount: o.amount - o.shippedAmount, stage: 'confirm', date: today });
    return { ...o, credit: { decision: e.decision, fired: [...e.fired], trace: e.trace } };
  },

  async 'orders.searchProducts'(input, ctx) {
    const term = input.search.toLowerCase();
    const entries = await productIndex(ctx);
    // Rank: SKU prefix, initials prefix, name/SKU/initials contains.
    const ranked: [number, IndexEntry][] = [];
    for (const e of entries) {
      if (!input.includeInactive && !e.active) continue;
      let rank = -1;
      if (term === '') rank = 3;
      else if (e.skuLower.startsWith(term)) rank = 0;
      else if (e.initials.startsWith(term)) rank = 1;
      else if (e.nameLower.includes(term) || e.skuLower.includes(term) || e.initials.includes(term)) rank = 2;
      if (rank >= 0) ranked.push([rank, e]);
      if (term === '' && ranked.length >= input.limit) break;
    }
    ranked.sort((a, b) => a[0] - b[0] || (a[1].sku < b[1].sku ? -1 : 1));
    return ranked.slice(0, input.limit).map(([, e]) => ({ id: e.id, sku: e.sku, name: e.name, unit: e.unit, listPrice: e.listPrice, active: e.active, initials: e.initials }));
  },

  async 'orders.saveDraft'(input, ctx) {
    const s = requireSession(ctx);
    const now = ctx.clock.now().toISOString();
    const settings = await ctx.settings.get();
    const authority = authorityOf(s.roles, settings);
    return inTransaction(ctx.db, async (trx) => {
      const scope = customerScope(ctx);
      const customer = await trx.selectFrom('customers').select(['id', 'owner_id', 'grade', 'type']).where('id', '=', input.customerId).executeTakeFirst();
      if (!customer || (scope !== null && customer.owner_id !== scope)) throw new AppError('NOT_FOUND', 'Customer not found.', { field: 'customerId' });
      if (input.contractId !== null) {
        const k = await trx.selectFrom('contracts').select(['id', 'customer_id']).where('id', '=', input.contractId).executeTakeFirst();
        if (!k || k.customer_id !== input.customerId) throw new AppError('NOT_FOUND', 'Contract not found for this customer.', { field: 'contractId' });
      }
      if (input.shipToRegionId !== null) {
        const r = await trx.selectFrom('regions').select('id').where('id', '=', input.shipToRegionId).executeTakeFirst();
        if (!r) throw new AppError('NOT_FOUND', 'Region not found.', { field: 'shipToRegionId' });
      }
      let before: OrderDetail | null = null;
      if (input.id !== undefined) {
        before = await scopedOrder(trx, ctx, input.id);
        if (input.version === undefined) throw new AppError('VALIDATION', 'Editing an order needs the version you read.', { field: 'version', issues: [{ path: ['version'], code: 'custom', message: 'required with id' }] });
        checkVersion(before, input.version);
        if (before.status !== 'draft') throw new AppError('CONFLICT', `Order ${before.number} is ${before.status}; only a draft can be edited.`, { field: 'status', status: before.status });
      }
      const prices = await resolvePrices(trx, customer, input.lines, input.orderDate);
      const priced = [];
      for (const [i, line] of input.lines.entries()) {
        const q = prices[i] as Resolved;
        priced.push((await priceLine(trx, { customerId: input.customerId, authority, orderNumber: before?.number ?? null, lineNo: i + 1 }, line, q)).values);
      }
      const amount = priced.reduce((a, l) => a + l.amount, 0);
      const taxAmount = priced.reduce((a, l) => a + l.tax_amount, 0);
      if (!Number.isSafeInteger(amount)) throw new AppError('VALIDATION', 'The order total is too large.', { field: 'lines' });
      const header = {
        customer_id: input.customerId,
        contract_id: input.contractId,
        order_date: input.orderDate,
        ship_to_region_id: input.shipToRegionId,
        ship_to_address: input.shipToAddress,
        notes: input.notes,
        amount,
        tax_amount: taxAmount,
        rep_id: customer.owner_id ?? s.userId,
        updated_at: now,
      };
      let orderId: number;
      let number: string;
      if (before) {
        orderId = before.id;
        number = before.number;
        const upd = await trx
          .updateTable('orders')
          .set({ ...header, version: before.version + 1 })
          .where('id', '=', before.id)
          .where('version', '=', before.version)
          .executeTakeFirst();
        if (Number(upd.numUpdatedRows) !== 1) throw new AppError('CONFLICT', `Order ${before.number} was changed by someone else; reload it.`, { field: 'version' });
        await trx.deleteFrom('order_lines').where('order_id', '=', before.id).execute();
      } else {
        number = await nextNumber(trx, 'order', input.orderDate);
        orderId = (
          await trx
            .insertInto('orders')
            .values({
              ...header,
              number,
              status: 'draft',
              shipped_amount: 0,
              created_by: s.userId,
              confirmed_by: null,
              confirmed_at: null,
              closed_at: null,
              cancelled_at: null,
              cancel_reason: null,
              created_at: now,
              version: 1,
            })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      }
      if (priced.length) await trx.insertInto('order_lines').values(priced.map((l) => ({ ...l, order_id: orderId }))).execute();
      const approvals = priced.map((l) => l.price_approval_id).filter((x): x is number => x !== null);
      if (approvals.length) {
        await trx.updateTable('price_approvals').set({ consumed_at: now, consumed_ref: number }).where('id', 'in', approvals).where('consumed_at', 'is', null).execute();
      }
      const after = await scopedOrder(trx, ctx, orderId);
      await audit(trx, ctx, {
        action: before ? 'order_update' : 'order_create',
        entity: 'order',
        entityId: orderId,
        before: before ? snapshot(before) : null,
        after: { ...snapshot(after), ...(approvals.length ? { priceApprovals: approvals } : {}) },
      });
      return after;
    });
  },

  async 'orders.confirm'(input, ctx): Promise<TransitionOutput> {
    const s = requireSession(ctx);
    requireOverrideRight(s, input.override);
    const settings = await ctx.settings.get();
    const today = todayIn(ctx, settings.timeZone);
    const now = ctx.clock.now().toISOString();
    return inTransaction(ctx.db, async (trx) => {
      const before = await scopedOrder(trx, ctx, input.id);
      checkVersion(before, input.version);
      if (before.status !== 'draft') throw new AppError('CONFLICT', `Order ${before.number} is ${before.status}; only a draft can be confirmed.`, { field: 'status', status: before.status });
      if (before.lines.length === 0) throw new AppError('RULE_VIOLATION', `Order ${before.number} has no lines; add at least one before confirming.`, { field: 'lines' });
      const inactive = before.lines.filter((l) => !l.productActive);
      if (inactive.length) {
        throw new AppError('RULE_VIOLATION', `Order ${before.number}: ${inactive.map((l) => `line ${l.lineNo} (${l.sku})`).join(', ')} — the product is no longer sold; remove or replace it.`, {
          field: 'lines',
          lines: inactive.map((l) => l.lineNo),
        });
      }
      const gate = await creditGate(trx, ctx, before, before.amount, today, input.override);
      if (!gate.released) return { status: 'blocked', credit: gate.credit };
      await trx
        .updateTable('orders')
        .set({ status: 'confirmed', confirmed_by: s.userId, confirmed_at: now, updated_at: now, version: before.version + 1 })
        .where('id', '=', before.id)
        .execute();
      // Only the header changed: no second read of the lines on the hot path.
      const after: OrderDetail = { ...before, status: 'confirmed', confirmedAt: now, confirmedByName: s.displayName, updatedAt: now, version: before.version + 1 };
      await audit(trx, ctx, {
        action: 'order_confirm',
        entity: 'order',
        entityId: before.id,
        before: snapshot(before),
        after: { ...snapshot(after), credit: { decision: gate.credit.decision, fired: gate.credit.fired, overrideId: gate.overrideId } },
        reason: input.override?.reason ?? null,
      });
      return { status: 'done', order: after, credit: gate.credit, overrideId: gate.overrideId };
    });
  },

  async 'orders.cancel'(input, ctx) {
    const now = ctx.clock.now().toISOString();
    return inTransaction(ctx.db, async (trx) => {
      const before = await scopedOrder(trx, ctx, input.id);
      checkVersion(before, input.version);
      if (before.status !== 'draft' && before.status !== 'confirmed') {
        throw new AppError('CONFLICT', `Order ${before.number} is ${before.status}; only a draft or a confirmed order can be cancelled.`, { field: 'status', status: before.status });
      }
      const shipped = before.lines.some((l) => l.shippedQuantity !== '0') || before.shipments.some((x) => x.status === 'posted');
      if (shipped) throw new AppError('RULE_VIOLATION', `Order ${before.number} has shipments; cancel them first or close the order.`, { field: 'status' });
      await trx
        .updateTable('orders')
        .set({ status: 'cancelled', cancelled_at: now, cancel_reason: input.reason, updated_at: now, version: before.version + 1 })
        .where('id', '=', before.id)
        .execute();
      const after = await scopedOrder(trx, ctx, before.id);
      await audit(trx, ctx, { action: 'order_cancel', entity: 'order', entityId: before.id, before: snapshot(before), after: snapshot(after), reason: input.reason });
      return after;
    });
  },

  async 'orders.close'(input, ctx) {
    const now = ctx.clock.now().toISOString();
    return inTransaction(ctx.db, async (trx) => {
      const before = await scopedOrder(trx, ctx, input.id);
      checkVersion(before, input.version);
      const closable: OrderStatus[] = ['confirmed', 'partly_shipped', 'shipped', 'invoiced'];
      if (!closable.includes(before.status)) {
        throw new AppError('CONFLICT', `Order ${before.number} is ${before.status}; only a confirmed, shipped or invoiced order can be closed.`, { field: 'status', status: before.status });
      }
      await trx.updateTable('orders').set({ status: 'closed', closed_at: now, updated_at: now, version: before.version + 1 }).where('id', '=', before.id).execute();
      const after = await scopedOrder(trx, ctx, before.id);
      await audit(trx, ctx, {
        action: 'order_close',
        entity: 'order',
        entityId: before.id,
        before: snapshot(before),
        // The unshipped remainder no longer counts as exposure; reopening re-checks credit for it.
        after: { ...snapshot(after), released: before.amount - before.shippedAmount },
        reason: input.reason ?? null,
      });
      return after;
    });
  },

  async 'orders.reopen'(input, ctx): Promise<TransitionOutput> {
    const s = requireSession(ctx);
    requireOverrideRight(s, input.override);
    const settings = await ctx.settings.get();
    const today = todayIn(ctx, settings.timeZone);
    const now = ctx.clock.now().toISOString();
    return inTransaction(ctx.db, async (trx) => {
      const before = await scopedOrder(trx, ctx, input.id);
      checkVersion(before, input.version);
      if (before.status !== 'closed') throw new AppError('CONFLICT', `Order ${before.number} is ${before.status}; only a closed order can be reopened.`, { field: 'status', status: before.status });
      const remaining = before.amount - before.shippedAmount;
      const shippedAny = before.lines.some((l) => l.shippedQuantity !== '0');
      const allShipped = before.lines.every((l) => l.shippedQuantity === milliToDecimal(l.qtyMilli));
      const status: OrderStatus = allShipped ? 'shipped' : shippedAny ? 'partly_shipped' : 'confirmed';
      // Reopening brings the unshipped remainder back into exposure: the credit check runs again (erpnext#33967).
      let gate: Awaited<ReturnType<typeof creditGate>> | null = null;
      if (remaining > 0) {
        gate = await creditGate(trx, ctx, before, remaining, today, input.override);
        if (!gate.released) return { status: 'blocked', credit: gate.credit };
      }
      await trx.updateTable('orders').set({ status, closed_at: null, updated_at: now, version: before.version + 1 }).where('id', '=', before.id).execute();
      const after = await scopedOrder(trx, ctx, before.id);
      await audit(trx, ctx, {
        action: 'order_reopen',
        entity: 'order',
        entityId: before.id,
        before: snapshot(before),
        after: { ...snapshot(after), credit: gate ? { decision: gate.credit.decision, fired: gate.credit.fired, overrideId: gate.released ? gate.overrideId : null } : null },
        reason: input.override?.reason ?? null,
      });
      return { status: 'done', order: after, credit: gate?.credit ?? null, overrideId: gate?.released ? gate.overrideId : null };
    });
  },
};
