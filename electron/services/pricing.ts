/**
 * Price lists and items, `pricing.quote` with its trace, the price check against discount
 * authority and floor, and approvals (DOMAIN.md §2). The engines are pure (rules/pricing.ts,
 * rules/price-authority.ts); this file loads their inputs and writes the governed changes, each
 * with an audit row (before/after, reason) in the same transaction.
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema';
import { textMatch } from '../db/sql-helpers';
import { inTransaction } from '../db/transaction';
import { checkPrice, type PriceCheckResult } from '../rules/price-authority';
import { type CandidateList, type ListKind, quote as runQuote, overlaps } from '../rules/pricing';
import type { Role } from '../../shared/permissions';
import { AppError } from '../../shared/result';
import type { Settings } from '../../shared/schemas/settings';
import { type Approval, milliToDecimal, type PriceItem, type PriceList, type Quote } from '../../shared/schemas/pricing';
import { audit } from './audit';
import type { CallContext, DomainHandlers, Handler } from './context';
import { requireSession } from './context';
import { customerScope } from './customers';
import { gradingHandlers } from './grading';

// ─── Loading ────────────────────────────────────────────────────────────────────────────

async function loadCustomer(db: Kysely<DB>, ctx: CallContext, customerId: number) {
  const c = await db
    .selectFrom('customers')
    .select(['id', 'code', 'name', 'grade', 'type', 'owner_id'])
    .where('id', '=', customerId)
    .executeTakeFirst();
  const scope = customerScope(ctx);
  // Out of scope answers NOT_FOUND, as customers.get does, so a rep cannot probe for ids.
  if (!c || (scope !== null && c.owner_id !== scope)) throw new AppError('NOT_FOUND', 'Customer not found.', { field: 'customerId' });
  return c;
}

async function loadProduct(db: Kysely<DB>, productId: number) {
  const p = await db
    .selectFrom('products')
    .select(['id', 'sku', 'name', 'unit', 'list_price', 'standard_cost', 'floor_price'])
    .where('id', '=', productId)
    .executeTakeFirst();
  if (!p) throw new AppError('NOT_FOUND', 'Product not found.', { field: 'productId' });
  return { ...p, floor: p.floor_price ?? p.standard_cost };
}

/** price × quantity (thousandths), rounded half-up once; BigInt so that large lines stay exact. */
export function lineAmount(price: number, qtyMilli: number): number {
  const n = BigInt(price) * BigInt(qtyMilli);
  const q = n / 1000n;
  const r = n - q * 1000n;
  const v = r * 2n >= 1000n ? q + 1n : q;
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new AppError('VALIDATION', 'The line amount is too large.', { field: 'quantity' });
  return Number(v);
}

/**
 * The candidate lists of one customer for one product, with their items for that product, in
 * ONE query: every item of the product (a range of the covering index price_list_items_lookup,
 * product_id first), joined to its list by primary key and kept when the list is the
 * customer's own, its grade's, its channel's or the base list. A list without any item for the
 * product cannot give a price and is not part of the answer.
 */
export async function loadCandidates(
  db: Kysely<DB>,
  c: { id: number; grade: 'A' | 'B' | 'C'; type: 'direct' | 'distributor' },
  productId: number,
): Promise<(CandidateList & { code: string })[]> {
  const rows = await db
    .selectFrom('price_list_items as i')
    .innerJoin('price_lists as l', 'l.id', 'i.price_list_id')
    .select(['l.id as list_id', 'l.code', 'l.name', 'l.kind', 'l.active', 'i.id as item_id', 'i.min_qty_milli', 'i.price', 'i.valid_from', 'i.valid_to'])
    .where('i.product_id', '=', productId)
    .where((eb) =>
      eb.or([
        eb('l.kind', '=', 'base'),
        eb.and([eb('l.kind', '=', 'grade'), eb('l.grade', '=', c.grade)]),
        eb.and([eb('l.kind', '=', 'channel'), eb('l.channel', '=', c.type)]),
        eb.and([eb('l.kind', '=', 'customer'), eb('l.customer_id', '=', c.id)]),
      ]),
    )
    .execute();
  const lists = new Map<number, CandidateList & { code: string }>();
  for (const r of rows) {
    let l = lists.get(r.list_id);
    if (!l) {
      l = { id: r.list_id, code: r.code, name: r.name, kind: r.kind as ListKind, active: r.active === 1, items: [] };
      lists.set(r.list_id, l);
    }
    l.items.push({ id: r.item_id, minQty: r.min_qty_milli, price: r.price, validFrom: r.valid_from, validTo: r.valid_to });
  }
  return [...lists.values()];
}

/** Customer and product of a quote in one query (the hot path); a missing one is named by the slow path. */
async function loadCustomerAndProduct(db: Kysely<DB>, ctx: CallContext, customerId: number, productId: number) {
  const r = await db
    .selectFrom('customers as c')
    .innerJoin('products as p', (j) => j.on('p.id', '=', productId))
    .select([
      'c.id', 'c.code', 'c.name', 'c.grade', 'c.type', 'c.owner_id', 'p.id as product_id', 'p.sku', 'p.name as product_name', 'p.unit',
      'p.list_price', 'p.standard_cost', 'p.floor_price',
    ])
    .where('c.id', '=', customerId)
    .executeTakeFirst();
  const scope = customerScope(ctx);
  if (!r || (scope !== null && r.owner_id !== scope)) {
    await loadCustomer(db, ctx, customerId);
    await loadProduct(db, productId);
    throw new AppError('NOT_FOUND', 'Customer not found.', { field: 'customerId' });
  }
  return {
    customer: { id: r.id, code: r.code, name: r.name, grade: r.grade, type: r.type },
    product: { id: r.product_id, sku: r.sku, name: r.product_name, unit: r.unit, list_price: r.list_price, floor: r.floor_price ?? r.standard_cost },
  };
}

export async function quoteFor(db: Kysely<DB>, ctx: CallContext, input: { customerId: number; productId: number; quantity: number; date: string }): Promise<Quote> {
  const { customer, product } = await loadCustomerAndProduct(db, ctx, input.customerId, input.productId);
  const lists = await loadCandidates(db, customer, product.id);
  const codes = new Map(lists.map((l) => [l.id, l.code]));
  const r = runQuote(lists, { quantity: input.quantity, date: input.date });
  const d = r.decision;
  const takenItem = d.found ? lists.find((l) => l.id === d.listId)?.items.find((i) => i.id === d.itemId) : undefined;
  return {
    customer: { id: customer.id, code: customer.code, name: customer.name, grade: customer.grade, type: customer.type },
    product: { id: product.id, sku: product.sku, name: product.name, unit: product.unit, listPrice: product.list_price, floorPrice: product.floor },
    quantity: milliToDecimal(input.quantity),
    date: input.date,
    found: d.found,
    price: d.found ? d.price : null,
    amount: d.found ? lineAmount(d.price, input.quantity) : null,
    list: d.found ? { id: d.listId, code: codes.get(d.listId) ?? '', name: d.listName, kind: d.kind } : null,
    item: d.found && takenItem ? { id: takenItem.id, minQty: milliToDecimal(takenItem.minQty), validFrom: takenItem.validFrom, validTo: takenItem.validTo } : null,
    trace: r.trace.map((t) => ({
      listId: t.listId,
      listCode: codes.get(t.listId) ?? '',
      listName: t.listName,
      kind: t.kind,
      outcome: t.outcome,
      items: t.items.map((i) => ({ ...i, minQty: milliToDecimal(i.minQty) })),
    })),
  };
}

/** The highest discount authority among the roles, and the role it comes from. */
export function authorityOf(roles: readonly Role[], settings: Settings): { bp: number; role: string } {
  let best = { bp: 0, role: roles[0] ?? 'none' };
  for (const r of roles) {
    const bp = settings.discountAuthorityBp[r] ?? 0;
    if (bp > best.bp) best = { bp, role: r };
  }
  return best;
}

async function rolesOf(db: Kysely<DB>, userId: number): Promise<Role[]> {
  const rows = await db.selectFrom('user_roles').select('role').where('user_id', '=', userId).execute();
  return rows.map((r) => r.role as Role);
}

interface CheckInput {
  customerId: number;
  productId: number;
  quantity: number;
  date: string;
  netPrice: number;
}

async function runCheck(db: Kysely<DB>, ctx: CallContext, input: CheckInput, authority: { bp: number; role: string }) {
  const q = await quoteFor(db, ctx, input);
  const resolvedPrice = q.price ?? q.product.listPrice;
  const result: PriceCheckResult = checkPrice({ resolvedPrice, netPrice: input.netPrice, floorPrice: q.product.floorPrice, authorityBp: authority.bp });
  return { q, resolvedFrom: q.price === null ? ('list_price' as const) : ('price_list' as const), result };
}

// ─── Rows ───────────────────────────────────────────────────────────────────────────────

async function priceListById(db: Kysely<DB>, id: number): Promise<PriceList> {
  const rows = await listQuery(db).where('l.id', '=', id).execute();
  const r = rows[0];
  if (!r) throw new AppError('NOT_FOUND', 'Price list not found.', { field: 'id' });
  return toPriceList(r);
}

function listQuery(db: Kysely<DB>) {
  return db
    .selectFrom('price_lists as l')
    .leftJoin('customers as c', 'c.id', 'l.customer_id')
    .select([
      'l.id', 'l.code', 'l.name', 'l.kind', 'l.grade', 'l.channel', 'l.customer_id', 'c.code as customer_code', 'c.name as customer_name',
      'l.active', 'l.notes', 'l.updated_at',
      (eb) => eb.selectFrom('price_list_items as i').select((e) => e.fn.countAll<number>().as('n')).whereRef('i.price_list_id', '=', 'l.id').as('item_count'),
    ]);
}

type ListRow = Awaited<ReturnType<ReturnType<typeof listQuery>['execute']>>[number];
function toPriceList(r: ListRow): PriceList {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    grade: r.grade,
    channel: r.channel,
    customerId: r.customer_id,
    customerCode: r.customer_code,
    customerName: r.customer_name,
    active: r.active === 1,
    notes: r.notes,
    itemCount: Number(r.item_count ?? 0),
    updatedAt: r.updated_at,
  };
}

const ITEM_SORT_SQL = {
  sku: 'p.sku',
  productName: 'p.name',
  minQty: 'i.min_qty_milli',
  price: 'i.price',
  validFrom: 'i.valid_from',
  validTo: 'i.valid_to',
  updatedAt: 'i.updated_at',
} as const;

function itemQuery(db: Kysely<DB>) {
  return db
    .selectFrom('price_list_items as i')
    .innerJoin('products as p', 'p.id', 'i.product_id')
    .select([
      'i.id', 'i.price_list_id', 'i.product_id', 'p.sku', 'p.name as product_name', 'p.unit', 'i.min_qty_milli', 'i.price', 'i.valid_from',
      'i.valid_to', 'p.floor_price', 'p.standard_cost', 'p.list_price', 'i.updated_at',
    ]);
}
type ItemRow = Awaited<ReturnType<ReturnType<typeof itemQuery>['execute']>>[number];
function toItem(r: ItemRow): PriceItem {
  return {
    id: r.id,
    priceListId: r.price_list_id,
    productId: r.product_id,
    sku: r.sku,
    productName: r.product_name,
    unit: r.unit,
    minQty: milliToDecimal(r.min_qty_milli),
    minQtyMilli: r.min_qty_milli,
    price: r.price,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    floorPrice: r.floor_price ?? r.standard_cost,
    listPrice: r.list_price,
    updatedAt: r.updated_at,
  };
}
async function itemById(db: Kysely<DB>, id: number): Promise<PriceItem | null> {
  const r = await itemQuery(db).where('i.id', '=', id).executeTakeFirst();
  return r ? toItem(r) : null;
}

/** What the audit log keeps of an item (small, stable). */
const itemAudit = (i: PriceItem) => ({
  priceListId: i.priceListId,
  productId: i.productId,
  sku: i.sku,
  minQty: i.minQty,
  price: i.price,
  validFrom: i.validFrom,
  validTo: i.validTo,
});
const validityText = (from: string | null, to: string | null) => `${from ?? '…'} – ${to ?? '…'}`;

// ─── Handlers ───────────────────────────────────────────────────────────────────────────

type Group<D extends string> = DomainHandlers<D>;

export const priceListsHandlers: Group<'priceLists'> = {
  async 'priceLists.list'(input, ctx) {
    let q = listQuery(ctx.db);
    if (input.kind) q = q.where('l.kind', '=', input.kind);
    if (input.search) {
      const s = input.search;
      q = q.where((eb) => eb.or([textMatch(sql.ref('l.code'), 'contains', s), textMatch(sql.ref('l.name'), 'contains', s), textMatch(sql.ref('c.name'), 'contains', s)]));
    }
    const order = sql`CASE l.kind WHEN 'base' THEN 0 WHEN 'channel' THEN 1 WHEN 'grade' THEN 2 ELSE 3 END`;
    const rows = await q.orderBy(order).orderBy('l.code').limit(input.limit).execute();
    return rows.map(toPriceList);
  },

  async 'priceLists.create'(input, ctx) {
    const now = ctx.clock.now().toISOString();
    const created = await inTransaction(ctx.db, async (trx) => {
      if (input.customerId !== null) {
        const c = await trx.selectFrom('customers').select('id').where('id', '=', input.customerId).executeTakeFirst();
        if (!c) throw new AppError('NOT_FOUND', 'Customer not found.', { field: 'customerId' });
      }
      const dupCode = await trx.selectFrom('price_lists').select('id').where('code', '=', input.code).executeTakeFirst();
      if (dupCode) throw new AppError('CONFLICT', `A price list with code ${input.code} already exists.`, { field: 'code', otherId: dupCode.id });
      const same = await trx
        .selectFrom('price_lists')
        .select(['id', 'code'])
        .where('kind', '=', input.kind)
        .where(sql<boolean>`coalesce(grade, '') = ${input.grade ?? ''} AND coalesce(channel, '') = ${input.channel ?? ''} AND coalesce(customer_id, 0) = ${input.customerId ?? 0}`)
        .executeTakeFirst();
      if (same) throw new AppError('CONFLICT', `Price list ${same.code} already covers this target; there is one list per target.`, { field: 'kind', otherId: same.id });
      const row = await trx
        .insertInto('price_lists')
        .values({
          code: input.code,
          name: input.name,
          kind: input.kind,
          grade: input.grade,
          channel: input.channel,
          customer_id: input.customerId,
          active: input.active ? 1 : 0,
          notes: input.notes,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const list = await priceListById(trx, row.id);
      await audit(trx, ctx, { action: 'price_list_create', entity: 'price_list', entityId: list.id, after: { code: list.code, name: list.name, kind: list.kind, grade: list.grade, channel: list.channel, customerId: list.customerId, active: list.active } });
      return list;
    });
    return created;
  },

  async 'priceLists.update'(input, ctx) {
    const now = ctx.clock.now().toISOString();
    return inTransaction(ctx.db, async (trx) => {
      const before = await priceListById(trx, input.id);
      const patch: { name?: string; active?: number; notes?: string | null } = {};
      if (input.name !== undefined && input.name !== before.name) patch.name = input.name;
      if (input.active !== undefined && input.active !== before.active) patch.active = input.active ? 1 : 0;
      if (input.notes !== undefined && input.notes !== before.notes) patch.notes = input.notes;
      if (Object.keys(patch).length === 0) return before;
      await trx.updateTable('price_lists').set({ ...patch, updated_at: now }).where('id', '=', input.id).execute();
      const after = await priceListById(trx, input.id);
      await audit(trx, ctx, {
        action: 'price_list_update',
        entity: 'price_list',
        entityId: input.id,
        before: { name: before.name, active: before.active, notes: before.notes },
        after: { name: after.name, active: after.active, notes: after.notes },
        reason: input.reason ?? null,
      });
      return after;
    });
  },
};

export const priceItemsHandlers: Group<'priceItems'> = {
  async 'priceItems.list'(input, ctx) {
    let q = itemQuery(ctx.db).where('i.price_list_id', '=', input.priceListId);
    if (input.productId) q = q.where('i.product_id', '=', input.productId);
    if (input.search) {
      const s = input.search;
      q = q.where((eb) => eb.or([textMatch(sql.ref('p.sku'), 'contains', s), textMatch(sql.ref('p.name'), 'contains', s)]));
    }
    if (input.validOn) {
      const d = input.validOn;
      q = q.where((eb) => eb.and([eb.or([eb('i.valid_from', 'is', null), eb('i.valid_from', '<=', d)]), eb.or([eb('i.valid_to', 'is', null), eb('i.valid_to', '>=', d)])]));
    }
    const total = await q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    let rows = q;
    for (const s of input.sort) rows = rows.orderBy(sql.ref(ITEM_SORT_SQL[s.colId]), s.sort);
    if (input.sort.length === 0) rows = rows.orderBy('p.sku').orderBy('i.min_qty_milli').orderBy(sql`coalesce(i.valid_from, '')`);
    const data = await rows.orderBy('i.id').limit(input.limit).offset(input.offset).execute();
    return { total: Number(total.n), rows: data.map(toItem) };
  },

  async 'priceItems.save'(input, ctx) {
    const s = requireSession(ctx);
    const now = ctx.clock.now().toISOString();
    const saved = await inTransaction(ctx.db, async (trx) => {
      const list = await trx.selectFrom('price_lists').select(['id', 'code']).where('id', '=', input.priceListId).executeTakeFirst();
      if (!list) throw new AppError('NOT_FOUND', 'Price list not found.', { field: 'priceListId' });
      const product = await loadProduct(trx, input.productId);
      const before = input.id === undefined ? null : await itemById(trx, input.id);
      if (input.id !== undefined && !before) throw new AppError('NOT_FOUND', 'Price item not found.', { field: 'id' });
      if (before && before.priceListId !== input.priceListId) {
        throw new AppError('VALIDATION', 'An item cannot move to another price list.', { issues: [{ path: ['priceListId'], code: 'custom', message: 'an item stays in its list' }] });
      }
      // Same list, product and minimum quantity: validity ranges may not share a day.
      let others = trx
        .selectFrom('price_list_items')
        .select(['id', 'valid_from', 'valid_to', 'price'])
        .where('price_list_id', '=', input.priceListId)
        .where('product_id', '=', input.productId)
        .where('min_qty_milli', '=', input.minQty);
      if (input.id !== undefined) others = others.where('id', '<>', input.id);
      for (const o of await others.execute()) {
        if (overlaps({ validFrom: input.validFrom, validTo: input.validTo }, { validFrom: o.valid_from, validTo: o.valid_to })) {
          throw new AppError(
            'CONFLICT',
            `Overlaps price item #${o.id} (${product.sku}, minimum quantity ${milliToDecimal(input.minQty)}, valid ${validityText(o.valid_from, o.valid_to)}) in list ${list.code}.`,
            { field: 'validFrom', otherItemId: o.id, other: { validFrom: o.valid_from, validTo: o.valid_to, price: o.price } },
          );
        }
      }
      // Floor: an item price below the product's floor needs the right and a reason.
      let belowFloor: { floorPrice: number; approvedBy: string } | null = null;
      if (input.price < product.floor) {
        const check = checkPrice({ resolvedPrice: input.price, netPrice: input.price, floorPrice: product.floor, authorityBp: 0 });
        if (!s.permissions.has('price.approve_below_floor')) {
          throw new AppError('RULE_VIOLATION', `The price is below the floor price of ${product.sku}; a user with the right to approve below-floor prices must set it.`, { check });
        }
        if (!input.reason) {
          throw new AppError('RULE_VIOLATION', `The price is below the floor price of ${product.sku}; give a reason to approve it.`, { check, field: 'reason' });
        }
        belowFloor = { floorPrice: product.floor, approvedBy: s.username };
      }
      const values = {
        price_list_id: input.priceListId,
        product_id: input.productId,
        min_qty_milli: input.minQty,
        price: input.price,
        valid_from: input.validFrom,
        valid_to: input.validTo,
        updated_at: now,
      };
      let itemId: number;
      if (before) {
        await trx.updateTable('price_list_items').set(values).where('id', '=', before.id).execute();
        itemId = before.id;
      } else {
        itemId = (await trx.insertInto('price_list_items').values({ ...values, created_at: now }).returning('id').executeTakeFirstOrThrow()).id;
      }
      const after = await itemById(trx, itemId);
      if (!after) throw new Error('saved item vanished');
      await audit(trx, ctx, {
        action: before ? 'price_item_update' : 'price_item_create',
        entity: 'price_list_item',
        entityId: itemId,
        before: before ? itemAudit(before) : null,
        after: { ...itemAudit(after), ...(belowFloor ? { belowFloor } : {}) },
        reason: input.reason ?? null,
      });
      await trx.updateTable('price_lists').set({ updated_at: now }).where('id', '=', input.priceListId).execute();
      return after;
    });
    return saved;
  },

  async 'priceItems.delete'(input, ctx) {
    const now = ctx.clock.now().toISOString();
    await inTransaction(ctx.db, async (trx) => {
      const before = await itemById(trx, input.id);
      if (!before) throw new AppError('NOT_FOUND', 'Price item not found.', { field: 'id' });
      await trx.deleteFrom('price_list_items').where('id', '=', input.id).execute();
      await trx.updateTable('price_lists').set({ updated_at: now }).where('id', '=', before.priceListId).execute();
      await audit(trx, ctx, { action: 'price_item_delete', entity: 'price_list_item', entityId: input.id, before: itemAudit(before), reason: input.reason ?? null });
    });
    return {};
  },
};

const toApproval = (r: {
  id: number; customer_id: number; product_id: number; qty_milli: number; price_date: string; resolved_price: number; net_price: number;
  floor_price: number; discount_bp: number; fired: string; requested_by: number | null; approved_by: number; approved_at: string;
  reason: string; consumed_at: string | null; approved_by_name: string;
}): Approval => ({
  id: r.id,
  customerId: r.customer_id,
  productId: r.product_id,
  quantity: milliToDecimal(r.qty_milli),
  date: r.price_date,
  resolvedPrice: r.resolved_price,
  netPrice: r.net_price,
  floorPrice: r.floor_price,
  discountBp: r.discount_bp,
  fired: JSON.parse(r.fired) as Approval['fired'],
  requestedBy: r.requested_by,
  approvedBy: r.approved_by,
  approvedByName: r.approved_by_name,
  approvedAt: r.approved_at,
  reason: r.reason,
  consumedAt: r.consumed_at,
});

const quote: Handler<'pricing.quote'> = async (input, ctx) => quoteFor(ctx.db, ctx, input);

const quoteHandlers: Group<'pricing'> = {
  'pricing.quote': quote,

  async 'pricing.check'(input, ctx) {
    const s = requireSession(ctx);
    const authority = authorityOf(s.roles, await ctx.settings.get());
    const { q, resolvedFrom, result } = await runCheck(ctx.db, ctx, input, authority);
    return { decision: result.decision, fired: result.fired, resolvedFrom, trace: { ...result.trace, authorityRole: authority.role }, quote: q };
  },

  async 'pricing.approve'(input, ctx) {
    const s = requireSession(ctx);
    const now = ctx.clock.now().toISOString();
    return inTransaction(ctx.db, async (trx) => {
      const settings = await ctx.settings.get(trx);
      let authority = { bp: 0, role: 'none' };
      if (input.requestedBy !== undefined) {
        const roles = await rolesOf(trx, input.requestedBy);
        if (roles.length === 0) throw new AppError('NOT_FOUND', 'The requesting user was not found.', { field: 'requestedBy' });
        authority = authorityOf(roles, settings);
      }
      const { result } = await runCheck(trx, ctx, input, authority);
      if (result.decision === 'allowed') {
        throw new AppError('CONFLICT', 'This price needs no approval: it is within the discount authority and not below the floor.', { check: result });
      }
      const row = await trx
        .insertInto('price_approvals')
        .values({
          customer_id: input.customerId,
          product_id: input.productId,
          qty_milli: input.quantity,
          price_date: input.date,
          resolved_price: result.trace.resolvedPrice,
          net_price: input.netPrice,
          floor_price: result.trace.floorPrice,
          discount_bp: result.trace.discountBp,
          fired: JSON.stringify(result.fired),
          requested_by: input.requestedBy ?? null,
          approved_by: s.userId,
          approved_at: now,
          reason: input.reason,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(trx, ctx, {
        action: 'price_approve',
        entity: 'price_approval',
        entityId: row.id,
        before: { resolvedPrice: result.trace.resolvedPrice, floorPrice: result.trace.floorPrice, authorityBp: authority.bp, authorityRole: authority.role },
        after: {
          customerId: input.customerId,
          productId: input.productId,
          quantity: milliToDecimal(input.quantity),
          date: input.date,
          netPrice: input.netPrice,
          discountBp: result.trace.discountBp,
          fired: result.fired,
          requestedBy: input.requestedBy ?? null,
        },
        reason: input.reason,
      });
      const stored = await trx
        .selectFrom('price_approvals as a')
        .innerJoin('users as u', 'u.id', 'a.approved_by')
        .selectAll('a')
        .select('u.display_name as approved_by_name')
        .where('a.id', '=', row.id)
        .executeTakeFirstOrThrow();
      return toApproval(stored);
    });
  },
};

/** Every pricing-side group; index.ts spreads this one object. */
export const pricingHandlers = { ...priceListsHandlers, ...priceItemsHandlers, ...quoteHandlers, ...gradingHandlers };
