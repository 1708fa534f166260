/**
 * Master data writes (issue #3): customers (create, update, bulk upsert from pasted rows,
 * contacts, addresses, tags, the customer card), products, regions, product lines and the
 * per-user grid state.
 *
 * - A rep (no customers.read_all) creates customers owned by themselves and reads or edits only
 *   their own; another rep's customer answers NOT_FOUND.
 * - Credit limit and credit status are changed only with credit.manage; every credit-limit
 *   change is audited ('customer.credit_limit', before/after), every product price change too
 *   ('product.price': list price, standard cost, floor price).
 * - Bulk upserts check every cell, report `{row, field, code, message}` and write nothing unless
 *   all rows are valid (or `skipInvalid`), in one transaction.
 */
import type { Kysely } from 'kysely';
import type { masterdataContract } from '../../shared/contracts/masterdata';
import type { Output } from '../../shared/contract';
import { AppError } from '../../shared/result';
import type { CustomerRow } from '../../shared/schemas/customers';
import { type CellError, type CustomerDetail, type CustomerUpsertRow, gridStateSchema, type ProductUpsertRow, type UpsertReport } from '../../shared/schemas/masterdata';
import { checkCustomerRow, checkProductRow, type CustomerRowValues, type ProductRowValues } from '../../shared/schemas/masterdata-rows';
import {
  customersByCode,
  findCustomerDetail,
  findProduct,
  findRegion,
  getGridState,
  lastSaleDate,
  listAddresses,
  listContacts,
  listProductLines,
  listProducts,
  listRegions,
  productsBySku,
  referenceIndex,
  salesByPeriod,
  salesTotal,
  saveGridState,
  setCustomerTags,
  topProducts,
} from '../db/repositories/masterdata';
import type { DB } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { audit } from './audit';
import { type CallContext, type Handler, requireSession } from './context';
import { customerScope } from './customers';

type MasterdataHandlers = { [M in keyof typeof masterdataContract]: Handler<M> };

const MAX_REPORTED_ERRORS = 1000;

const nowIso = (ctx: CallContext) => ctx.clock.now().toISOString();

function invalid(message: string, path: string[], details: Record<string, unknown> = {}): AppError {
  return new AppError('VALIDATION', message, { ...details, issues: [{ path, code: 'custom', message }] });
}

function conflict(what: string, field: string, value: string): AppError {
  return new AppError('CONFLICT', `${what} "${value}" already exists.`, { field, value, issues: [{ path: [field], code: 'custom', message: `"${value}" already exists` }] });
}

const toRow = (d: CustomerDetail): CustomerRow => ({
  id: d.id, code: d.code, name: d.name, type: d.type, regionName: d.regionName, industry: d.industry, ownerName: d.ownerName, grade: d.grade,
  gradeManual: d.gradeManual, paymentTermsDays: d.paymentTermsDays, creditLimit: d.creditLimit, creditStatus: d.creditStatus, updatedAt: d.updatedAt,
});

/** The customer if the caller may see it, else NOT_FOUND (never FORBIDDEN: ids are not probed). */
async function customerInScope(db: Kysely<DB>, ctx: CallContext, id: number): Promise<CustomerDetail> {
  const c = await findCustomerDetail(db, id);
  const scope = customerScope(ctx);
  if (!c || (scope !== null && c.ownerId !== scope)) throw new AppError('NOT_FOUND', 'Customer not found.');
  return c;
}

async function requireRegion(db: Kysely<DB>, id: number | null | undefined, field = 'regionId') {
  if (id === null || id === undefined) return;
  if (!(await db.selectFrom('regions').select('id').where('id', '=', id).executeTakeFirst())) throw invalid('Unknown region.', [field]);
}
async function requireProductLine(db: Kysely<DB>, id: number | null | undefined) {
  if (id === null || id === undefined) return;
  if (!(await db.selectFrom('product_lines').select('id').where('id', '=', id).executeTakeFirst())) throw invalid('Unknown product line.', ['productLineId']);
}
async function requireUser(db: Kysely<DB>, id: number | null | undefined) {
  if (id === null || id === undefined) return;
  if (!(await db.selectFrom('users').select('id').where('id', '=', id).where('active', '=', 1).executeTakeFirst())) throw invalid('Unknown or inactive user.', ['ownerId']);
}

function canManageCredit(ctx: CallContext) {
  return requireSession(ctx).permissions.has('credit.manage');
}

// ─── Dates for the card ─────────────────────────────────────────────────────────────────

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
/** The same calendar day `years` later (29 Feb → 28 Feb). */
function addYears(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return `${String(y + years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
function monthsEnding(iso: string, n: number): string[] {
  const [y, m] = iso.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const idx = y * 12 + (m - 1) - i;
    out.push(`${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

// ─── Bulk upsert: customers ─────────────────────────────────────────────────────────────

interface CustomerPlan {
  row: number;
  existing: { id: number; credit_limit: number } | null;
  values: Partial<CustomerRowValues>;
  regionId?: number | null;
  ownerId?: number | null;
}

function sortErrors(errors: CellError[]): CellError[] {
  return errors.sort((a, b) => a.row - b.row);
}

/**
 * The start every bulk plan shares: each row's own cell errors, then a key used twice in the
 * batch (the second occurrence is the error). Returns the collector so the plan can add more.
 */
function collectBatchErrors<C extends { errors: readonly Omit<CellError, 'row'>[] }>(
  checked: readonly C[],
  keyOf: (c: C) => string | undefined,
  field: string,
  label: string,
) {
  const errors: CellError[] = [];
  const bad = new Set<number>();
  const err = (row: number, e: Omit<CellError, 'row'>) => {
    errors.push({ row, ...e });
    bad.add(row);
  };
  checked.forEach((c, row) => {
    for (const e of c.errors) err(row, e);
  });
  const firstRowOf = new Map<string, number>();
  checked.forEach((c, row) => {
    const key = keyOf(c);
    if (key === undefined) return;
    const first = firstRowOf.get(key);
    if (first === undefined) firstRowOf.set(key, row);
    else err(row, { field, code: 'duplicate_in_batch', message: `${label} "${key}" is also in row ${first + 1}` });
  });
  return { errors, bad, err, firstRowOf };
}

async function planCustomers(db: Kysely<DB>, ctx: CallContext, rows: readonly CustomerUpsertRow[]) {
  const session = requireSession(ctx);
  const scope = customerScope(ctx);
  const credit = canManageCredit(ctx);
  const checked = rows.map(checkCustomerRow);
  const { errors, bad, err, firstRowOf } = collectBatchErrors(checked, (c) => c.values.code, 'code', 'code');
  const existing = await customersByCode(db, [...firstRowOf.keys()]);
  const regions = checked.some((c) => c.region) ? await referenceIndex(db, 'regions') : new Map<string, number>();
  // Owners by username, or by display name when exactly one active user has it (the grid shows display names).
  const ownerTexts = [...new Set(checked.map((c) => c.owner).filter((o): o is string => Boolean(o)))];
  const owners = new Map<string, number>();
  if (ownerTexts.length) {
    const us = await db
      .selectFrom('users')
      .select(['id', 'username', 'display_name'])
      .where('active', '=', 1)
      .where((eb) => eb.or([eb('username', 'in', ownerTexts.map((o) => o.toLowerCase())), eb('display_name', 'in', ownerTexts)]))
      .execute();
    const byDisplay = new Map<string, number[]>();
    for (const u of us) byDisplay.set(u.display_name, [...(byDisplay.get(u.display_name) ?? []), u.id]);
    for (const [name, ids] of byDisplay) if (ids.length === 1) owners.set(name, ids[0] as number);
    for (const u of us) owners.set(u.username, u.id);
  }

  const plans: CustomerPlan[] = [];
  checked.forEach((c, row) => {
    const code = c.values.code;
    const ex = code === undefined ? undefined : existing.get(code);
    if (ex && scope !== null && ex.owner_id !== scope) err(row, { field: 'code', code: 'code_taken', message: `code "${code}" belongs to another customer` });
    if (code !== undefined && !ex) {
      if (c.values.name === undefined && !c.errors.some((e) => e.field === 'name')) err(row, { field: 'name', code: 'required', message: 'a new customer needs a name' });
    }
    const plan: CustomerPlan = { row, existing: ex ? { id: ex.id, credit_limit: ex.credit_limit } : null, values: c.values };
    if (c.region !== undefined) {
      if (c.region === null) plan.regionId = null;
      else {
        const regionId = regions.get(c.region.toLowerCase());
        if (regionId === undefined) err(row, { field: 'region', code: 'unknown_region', message: `no region with code or name "${c.region}"` });
        else plan.regionId = regionId;
      }
    }
    if (c.owner !== undefined) {
      const ownerId = c.owner === null ? null : (owners.get(c.owner.toLowerCase()) ?? owners.get(c.owner));
      if (ownerId === undefined) err(row, { field: 'owner', code: 'unknown_owner', message: `no active user "${c.owner}"` });
      else if (scope !== null && ownerId !== scope) err(row, { field: 'owner', code: 'not_allowed', message: 'a rep may only own their customers' });
      else plan.ownerId = ownerId;
    }
    if (!ex && scope !== null) plan.ownerId = session.userId;
    if (!credit) {
      const limit = c.values.creditLimit;
      if (limit !== undefined && limit !== (ex ? ex.credit_limit : 0)) err(row, { field: 'creditLimit', code: 'not_allowed', message: 'changing a credit limit needs credit.manage' });
      const status = c.values.creditStatus;
      if (status !== undefined && status !== (ex ? ex.credit_status : 'normal')) err(row, { field: 'creditStatus', code: 'not_allowed', message: 'changing a credit status needs credit.manage' });
    }
    plans.push(plan);
  });
  return { errors: sortErrors(errors), bad, plans };
}

function report(total: number, errors: CellError[], bad: Set<number>, created: number, updated: number, written: boolean): UpsertReport {
  return {
    total,
    validRows: total - bad.size,
    invalidRows: bad.size,
    errors: errors.slice(0, MAX_REPORTED_ERRORS),
    created,
    updated,
    skipped: written ? bad.size : 0,
    written,
  };
}

function refuse(total: number, errors: CellError[], bad: Set<number>): AppError {
  return new AppError('VALIDATION', `${bad.size} of ${total} rows have errors (${errors.length} cells); nothing was saved.`, {
    report: report(total, errors, bad, 0, 0, false),
    issues: errors.slice(0, 20).map((e) => ({ path: ['rows', String(e.row), e.field], code: e.code, message: e.message })),
  });
}

// ─── Bulk upsert: products ──────────────────────────────────────────────────────────────

interface ProductPlan {
  row: number;
  existing: { id: number; list_price: number; standard_cost: number; floor_price: number | null } | null;
  values: Partial<ProductRowValues>;
  productLineId?: number | null;
}

async function planProducts(db: Kysely<DB>, rows: readonly ProductUpsertRow[]) {
  const checked = rows.map(checkProductRow);
  const { errors, bad, err, firstRowOf } = collectBatchErrors(checked, (c) => c.values.sku, 'sku', 'SKU');
  const existing = await productsBySku(db, [...firstRowOf.keys()]);
  const lines = checked.some((c) => c.productLine) ? await referenceIndex(db, 'product_lines') : new Map<string, number>();
  const plans: ProductPlan[] = [];
  checked.forEach((c, row) => {
    const ex = c.values.sku === undefined ? undefined : existing.get(c.values.sku);
    if (c.values.sku !== undefined && !ex) {
      for (const f of ['name', 'unit', 'listPrice'] as const) {
        if (c.values[f] === undefined && !c.errors.some((e) => e.field === f)) err(row, { field: f, code: 'required', message: `a new product needs ${f}` });
      }
    }
    const plan: ProductPlan = { row, existing: ex ?? null, values: c.values };
    if (c.productLine !== undefined) {
      if (c.productLine === null) plan.productLineId = null;
      else {
        const lineId = lines.get(c.productLine.toLowerCase());
        if (lineId === undefined) err(row, { field: 'productLine', code: 'unknown_product_line', message: `no product line with code or name "${c.productLine}"` });
        else plan.productLineId = lineId;
      }
    }
    plans.push(plan);
  });
  return { errors: sortErrors(errors), bad, plans };
}

interface Prices {
  listPrice: number;
  standardCost: number;
  floorPrice: number | null;
}
const pricesOf = (r: { list_price: number; standard_cost: number; floor_price: number | null }): Prices => ({
  listPrice: r.list_price,
  standardCost: r.standard_cost,
  floorPrice: r.floor_price,
});
const samePrices = (a: Prices, b: Prices) => a.listPrice === b.listPrice && a.standardCost === b.standardCost && a.floorPrice === b.floorPrice;

// ─── Handlers ───────────────────────────────────────────────────────────────────────────

export const masterdataHandlers: MasterdataHandlers = {
  async 'customers.create'(input, ctx) {
    const session = requireSession(ctx);
    const scope = customerScope(ctx);
    if (scope !== null && input.ownerId !== undefined && input.ownerId !== scope) {
      throw new AppError('FORBIDDEN', 'A rep creates customers they own.', { field: 'ownerId' });
    }
    if (!canManageCredit(ctx) && (input.creditLimit !== 0 || input.creditStatus !== 'normal')) {
      throw new AppError('FORBIDDEN', 'Setting a credit limit or status needs the credit.manage permission.', { field: 'creditLimit' });
    }
    const ownerId = scope !== null ? session.userId : (input.ownerId ?? null);
    const detail = await inTransaction(ctx.db, async (trx) => {
      if (await trx.selectFrom('customers').select('id').where('code', '=', input.code).executeTakeFirst()) throw conflict('Customer code', 'code', input.code);
      await requireRegion(trx, input.regionId);
      await requireUser(trx, ownerId);
      const at = nowIso(ctx);
      const r = await trx
        .insertInto('customers')
        .values({
          code: input.code,
          name: input.name,
          short_name: input.shortName ?? null,
          type: input.type,
          region_id: input.regionId ?? null,
          industry: input.industry ?? null,
          owner_id: ownerId,
          payment_terms_days: input.paymentTermsDays,
          credit_limit: input.creditLimit,
          credit_status: input.creditStatus,
          grade: 'C',
          grade_manual: 0,
          notes: input.notes ?? null,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (input.tags) await setCustomerTags(trx, r.id, input.tags);
      const created = await findCustomerDetail(trx, r.id);
      if (!created) throw new AppError('INTERNAL', 'Customer vanished after creation.');
      await audit(trx, ctx, { action: 'customer.create', entity: 'customer', entityId: r.id, after: created });
      if (input.creditLimit !== 0) {
        await audit(trx, ctx, { action: 'customer.credit_limit', entity: 'customer', entityId: r.id, before: { creditLimit: null }, after: { creditLimit: input.creditLimit }, reason: input.reason ?? null });
      }
      return created;
    });
    ctx.emit('customers.changed', { ids: [detail.id] });
    return toRow(detail);
  },

  async 'customers.update'(input, ctx) {
    const scope = customerScope(ctx);
    const detail = await inTransaction(ctx.db, async (trx) => {
      const before = await customerInScope(trx, ctx, input.id);
      if (input.expectedUpdatedAt !== undefined && input.expectedUpdatedAt !== before.updatedAt) {
        throw new AppError('CONFLICT', 'The customer was changed by someone else; reload and try again.', { updatedAt: before.updatedAt });
      }
      if (scope !== null && input.ownerId !== undefined && input.ownerId !== scope) {
        throw new AppError('FORBIDDEN', 'A rep cannot hand a customer over.', { field: 'ownerId' });
      }
      const creditChange =
        (input.creditLimit !== undefined && input.creditLimit !== before.creditLimit) || (input.creditStatus !== undefined && input.creditStatus !== before.creditStatus);
      if (creditChange && !canManageCredit(ctx)) {
        throw new AppError('FORBIDDEN', 'Changing a credit limit or status needs the credit.manage permission.', { field: 'creditLimit' });
      }
      if (input.code !== undefined && input.code !== before.code) {
        if (await trx.selectFrom('customers').select('id').where('code', '=', input.code).executeTakeFirst()) throw conflict('Customer code', 'code', input.code);
      }
      await requireRegion(trx, input.regionId);
      await requireUser(trx, input.ownerId);
      const set = {
        ...(input.code !== undefined && { code: input.code }),
        ...(input.name !== undefined && { name: input.name }),
        ...(input.shortName !== undefined && { short_name: input.shortName }),
        ...(input.type !== undefined && { type: input.type }),
        ...(input.regionId !== undefined && { region_id: input.regionId }),
        ...(input.industry !== undefined && { industry: input.industry }),
        ...(input.ownerId !== undefined && { owner_id: input.ownerId }),
        ...(input.paymentTermsDays !== undefined && { payment_terms_days: input.paymentTermsDays }),
        ...(input.creditLimit !== undefined && { credit_limit: input.creditLimit }),
        ...(input.creditStatus !== undefined && { credit_status: input.creditStatus }),
        ...(input.notes !== undefined && { notes: input.notes }),
      };
      await trx.updateTable('customers').set({ ...set, updated_at: nowIso(ctx) }).where('id', '=', input.id).execute();
      if (input.tags) await setCustomerTags(trx, input.id, input.tags);
      const after = await findCustomerDetail(trx, input.id);
      if (!after) throw new AppError('INTERNAL', 'Customer vanished after update.');
      const changed = Object.fromEntries(
        (Object.keys(after) as (keyof CustomerDetail)[])
          .filter((k) => k !== 'updatedAt' && JSON.stringify(after[k]) !== JSON.stringify(before[k]))
          .map((k) => [k, { before: before[k], after: after[k] }]),
      );
      if (Object.keys(changed).length) {
        await audit(trx, ctx, {
          action: 'customer.update',
          entity: 'customer',
          entityId: input.id,
          before: Object.fromEntries(Object.entries(changed).map(([k, v]) => [k, v.before])),
          after: Object.fromEntries(Object.entries(changed).map(([k, v]) => [k, v.after])),
        });
      }
      if (after.creditLimit !== before.creditLimit) {
        await audit(trx, ctx, {
          action: 'customer.credit_limit',
          entity: 'customer',
          entityId: input.id,
          before: { creditLimit: before.creditLimit },
          after: { creditLimit: after.creditLimit },
          reason: input.reason ?? null,
        });
      }
      return after;
    });
    ctx.emit('customers.changed', { ids: [detail.id] });
    return toRow(detail);
  },

  async 'customers.upsertMany'(input, ctx) {
    const total = input.rows.length;
    if (input.dryRun) {
      const { errors, bad } = await planCustomers(ctx.db, ctx, input.rows);
      return report(total, errors, bad, 0, 0, false);
    }
    const result = await inTransaction(ctx.db, async (trx) => {
      const { errors, bad, plans } = await planCustomers(trx, ctx, input.rows);
      if (bad.size && !input.skipInvalid) throw refuse(total, errors, bad);
      const at = nowIso(ctx);
      let created = 0;
      let updated = 0;
      const ids: number[] = [];
      for (const p of plans) {
        if (bad.has(p.row)) continue;
        const v = p.values;
        const set = {
          ...(v.name !== undefined && { name: v.name }),
          ...(v.shortName !== undefined && { short_name: v.shortName }),
          ...(v.type !== undefined && { type: v.type }),
          ...(p.regionId !== undefined && { region_id: p.regionId }),
          ...(v.industry !== undefined && { industry: v.industry }),
          ...(p.ownerId !== undefined && { owner_id: p.ownerId }),
          ...(v.paymentTermsDays !== undefined && { payment_terms_days: v.paymentTermsDays }),
          ...(v.creditLimit !== undefined && { credit_limit: v.creditLimit }),
          ...(v.creditStatus !== undefined && { credit_status: v.creditStatus }),
          ...(v.notes !== undefined && { notes: v.notes }),
        };
        let id: number;
        if (p.existing) {
          id = p.existing.id;
          if (Object.keys(set).length) {
            await trx.updateTable('customers').set({ ...set, updated_at: at }).where('id', '=', id).execute();
            updated++;
          }
        } else {
          const r = await trx
            .insertInto('customers')
            .values({
              type: 'direct',
              payment_terms_days: 30,
              credit_limit: 0,
              credit_status: 'normal',
              grade: 'C',
              grade_manual: 0,
              ...set,
              code: v.code as string,
              name: v.name as string,
              created_at: at,
              updated_at: at,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          id = r.id;
          created++;
        }
        ids.push(id);
        const before = p.existing ? p.existing.credit_limit : null;
        if (v.creditLimit !== undefined && v.creditLimit !== (before ?? 0)) {
          await audit(trx, ctx, {
            action: 'customer.credit_limit',
            entity: 'customer',
            entityId: id,
            before: { creditLimit: before },
            after: { creditLimit: v.creditLimit },
            reason: input.reason ?? 'bulk upsert',
          });
        }
      }
      await audit(trx, ctx, {
        action: 'customer.upsert_many',
        entity: 'customer',
        entityId: null,
        after: { rows: total, created, updated, skipped: bad.size },
        reason: input.reason ?? null,
      });
      return { rep: report(total, errors, bad, created, updated, true), ids };
    });
    if (result.ids.length) ctx.emit('customers.changed', { ids: result.ids.slice(0, 1000) });
    return result.rep;
  },

  async 'customers.card'(input, ctx) {
    const customer = await customerInScope(ctx.db, ctx, input.id);
    const asOf = input.asOf ?? ctx.clock.now().toISOString().slice(0, 10);
    const months = monthsEnding(asOf, input.months);
    const from = `${months[0]}-01`;
    const byPeriod = new Map((await salesByPeriod(ctx.db, customer.id, from, asOf)).map((r) => [Number(r.period), r]));
    const salesByMonth = months.map((m) => {
      const r = byPeriod.get(Number(m.replace('-', '')));
      return { month: m, amount: Number(r?.amount ?? 0), qtyMilli: Number(r?.qty ?? 0), lines: Number(r?.lines ?? 0) };
    });
    const t12From = addDays(addYears(asOf, -1), 1);
    const p12From = addDays(addYears(asOf, -2), 1);
    const trailing12 = await salesTotal(ctx.db, customer.id, t12From, asOf);
    const previous12 = await salesTotal(ctx.db, customer.id, p12From, addDays(t12From, -1));
    const top = await topProducts(ctx.db, customer.id, t12From, asOf, 10);
    return {
      customer,
      contacts: await listContacts(ctx.db, customer.id),
      addresses: await listAddresses(ctx.db, customer.id),
      salesByMonth,
      topProducts: top.map((p) => ({
        productId: p.id,
        sku: p.sku,
        name: p.name,
        amount: Number(p.amount),
        qtyMilli: Number(p.qty),
        share: trailing12 > 0 ? Math.round((Number(p.amount) * 10_000) / trailing12) : 0,
      })),
      totals: { trailing12, previous12, allTime: await salesTotal(ctx.db, customer.id, null, '9999-12-31'), lastSaleDate: await lastSaleDate(ctx.db, customer.id) },
      asOf,
    };
  },

  async 'contacts.save'(input, ctx) {
    const primaries = input.contacts.filter((c) => c.isPrimary).length;
    if (primaries > 1) throw invalid('Only one contact can be the primary one.', ['contacts']);
    const out = await inTransaction(ctx.db, async (trx) => {
      await customerInScope(trx, ctx, input.customerId);
      const before = await listContacts(trx, input.customerId);
      await trx.deleteFrom('customer_contacts').where('customer_id', '=', input.customerId).execute();
      if (input.contacts.length) {
        await trx
          .insertInto('customer_contacts')
          .values(
            input.contacts.map((c) => ({
              customer_id: input.customerId,
              name: c.name,
              title: c.title || null,
              phone: c.phone || null,
              email: c.email || null,
              is_primary: c.isPrimary ? 1 : 0,
            })),
          )
          .execute();
      }
      await trx.updateTable('customers').set({ updated_at: nowIso(ctx) }).where('id', '=', input.customerId).execute();
      const after = await listContacts(trx, input.customerId);
      await audit(trx, ctx, { action: 'customer.contacts', entity: 'customer', entityId: input.customerId, before, after });
      return after;
    });
    ctx.emit('customers.changed', { ids: [input.customerId] });
    return out;
  },

  async 'addresses.save'(input, ctx) {
    if (input.addresses.filter((a) => a.isDefault).length > 1) throw invalid('Only one address can be the default one.', ['addresses']);
    const out = await inTransaction(ctx.db, async (trx) => {
      await customerInScope(trx, ctx, input.customerId);
      const before = await listAddresses(trx, input.customerId);
      await trx.deleteFrom('customer_addresses').where('customer_id', '=', input.customerId).execute();
      if (input.addresses.length) {
        await trx
          .insertInto('customer_addresses')
          .values(
            input.addresses.map((a) => ({
              customer_id: input.customerId,
              kind: a.kind,
              province: a.province || null,
              city: a.city || null,
              address: a.address,
              postcode: a.postcode || null,
              is_default: a.isDefault ? 1 : 0,
            })),
          )
          .execute();
      }
      await trx.updateTable('customers').set({ updated_at: nowIso(ctx) }).where('id', '=', input.customerId).execute();
      const after = await listAddresses(trx, input.customerId);
      await audit(trx, ctx, { action: 'customer.addresses', entity: 'customer', entityId: input.customerId, before, after });
      return after;
    });
    ctx.emit('customers.changed', { ids: [input.customerId] });
    return out;
  },

  // ─── Products ─────────────────────────────────────────────────────────────────────────

  async 'products.list'(input, ctx) {
    return listProducts(ctx.db, input);
  },

  async 'products.get'(input, ctx) {
    const p = await findProduct(ctx.db, input.id);
    if (!p) throw new AppError('NOT_FOUND', 'Product not found.');
    return p;
  },

  async 'products.create'(input, ctx) {
    const product = await inTransaction(ctx.db, async (trx) => {
      if (await trx.selectFrom('products').select('id').where('sku', '=', input.sku).executeTakeFirst()) throw conflict('SKU', 'sku', input.sku);
      await requireProductLine(trx, input.productLineId);
      const at = nowIso(ctx);
      const r = await trx
        .insertInto('products')
        .values({
          sku: input.sku,
          name: input.name,
          product_line_id: input.productLineId ?? null,
          unit: input.unit,
          list_price: input.listPrice,
          standard_cost: input.standardCost,
          floor_price: input.floorPrice ?? null,
          active: input.active ? 1 : 0,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const created = await findProduct(trx, r.id);
      if (!created) throw new AppError('INTERNAL', 'Product vanished after creation.');
      await audit(trx, ctx, { action: 'product.create', entity: 'product', entityId: r.id, after: created });
      await audit(trx, ctx, {
        action: 'product.price',
        entity: 'product',
        entityId: r.id,
        before: null,
        after: { listPrice: created.listPrice, standardCost: created.standardCost, floorPrice: created.floorPrice },
        reason: input.reason ?? null,
      });
      return created;
    });
    ctx.emit('products.changed', { ids: [product.id] });
    return product;
  },

  async 'products.update'(input, ctx) {
    const product = await inTransaction(ctx.db, async (trx) => {
      const before = await findProduct(trx, input.id);
      if (!before) throw new AppError('NOT_FOUND', 'Product not found.');
      if (input.expectedUpdatedAt !== undefined && input.expectedUpdatedAt !== before.updatedAt) {
        throw new AppError('CONFLICT', 'The product was changed by someone else; reload and try again.', { updatedAt: before.updatedAt });
      }
      if (input.sku !== undefined && input.sku !== before.sku) {
        if (await trx.selectFrom('products').select('id').where('sku', '=', input.sku).executeTakeFirst()) throw conflict('SKU', 'sku', input.sku);
      }
      await requireProductLine(trx, input.productLineId);
      await trx
        .updateTable('products')
        .set({
          ...(input.sku !== undefined && { sku: input.sku }),
          ...(input.name !== undefined && { name: input.name }),
          ...(input.unit !== undefined && { unit: input.unit }),
          ...(input.listPrice !== undefined && { list_price: input.listPrice }),
          ...(input.standardCost !== undefined && { standard_cost: input.standardCost }),
          ...(input.floorPrice !== undefined && { floor_price: input.floorPrice }),
          ...(input.active !== undefined && { active: input.active ? 1 : 0 }),
          ...(input.productLineId !== undefined && { product_line_id: input.productLineId }),
          updated_at: nowIso(ctx),
        })
        .where('id', '=', input.id)
        .execute();
      const after = await findProduct(trx, input.id);
      if (!after) throw new AppError('INTERNAL', 'Product vanished after update.');
      const changed = (Object.keys(after) as (keyof ProductRow)[]).filter((k) => k !== 'updatedAt' && after[k] !== before[k]);
      if (changed.length) {
        await audit(trx, ctx, {
          action: 'product.update',
          entity: 'product',
          entityId: input.id,
          before: Object.fromEntries(changed.map((k) => [k, before[k]])),
          after: Object.fromEntries(changed.map((k) => [k, after[k]])),
        });
      }
      const pb = { listPrice: before.listPrice, standardCost: before.standardCost, floorPrice: before.floorPrice };
      const pa = { listPrice: after.listPrice, standardCost: after.standardCost, floorPrice: after.floorPrice };
      if (!samePrices(pb, pa)) await audit(trx, ctx, { action: 'product.price', entity: 'product', entityId: input.id, before: pb, after: pa, reason: input.reason ?? null });
      return after;
    });
    ctx.emit('products.changed', { ids: [product.id] });
    return product;
  },

  async 'products.upsertMany'(input, ctx) {
    const total = input.rows.length;
    if (input.dryRun) {
      const { errors, bad } = await planProducts(ctx.db, input.rows);
      return report(total, errors, bad, 0, 0, false);
    }
    const result = await inTransaction(ctx.db, async (trx) => {
      const { errors, bad, plans } = await planProducts(trx, input.rows);
      if (bad.size && !input.skipInvalid) throw refuse(total, errors, bad);
      const at = nowIso(ctx);
      let created = 0;
      let updated = 0;
      const ids: number[] = [];
      for (const p of plans) {
        if (bad.has(p.row)) continue;
        const v = p.values;
        const set = {
          ...(v.name !== undefined && { name: v.name }),
          ...(v.unit !== undefined && { unit: v.unit }),
          ...(v.listPrice !== undefined && { list_price: v.listPrice }),
          ...(v.standardCost !== undefined && { standard_cost: v.standardCost }),
          ...(v.floorPrice !== undefined && { floor_price: v.floorPrice }),
          ...(v.active !== undefined && { active: v.active ? 1 : 0 }),
          ...(p.productLineId !== undefined && { product_line_id: p.productLineId }),
        };
        let id: number;
        const before = p.existing ? pricesOf(p.existing) : null;
        if (p.existing) {
          id = p.existing.id;
          if (Object.keys(set).length) {
            await trx.updateTable('products').set({ ...set, updated_at: at }).where('id', '=', id).execute();
            updated++;
          }
        } else {
          const r = await trx
            .insertInto('products')
            .values({
              standard_cost: 0,
              active: 1,
              ...set,
              sku: v.sku as string,
              name: v.name as string,
              unit: v.unit as string,
              list_price: v.listPrice as number,
              created_at: at,
              updated_at: at,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          id = r.id;
          created++;
        }
        ids.push(id);
        const after: Prices = {
          listPrice: v.listPrice ?? before?.listPrice ?? 0,
          standardCost: v.standardCost ?? before?.standardCost ?? 0,
          floorPrice: v.floorPrice !== undefined ? v.floorPrice : (before?.floorPrice ?? null),
        };
        if (!before || !samePrices(before, after)) {
          await audit(trx, ctx, { action: 'product.price', entity: 'product', entityId: id, before, after, reason: input.reason ?? 'bulk upsert' });
        }
      }
      await audit(trx, ctx, { action: 'product.upsert_many', entity: 'product', entityId: null, after: { rows: total, created, updated, skipped: bad.size }, reason: input.reason ?? null });
      return { rep: report(total, errors, bad, created, updated, true), ids };
    });
    if (result.ids.length) ctx.emit('products.changed', { ids: result.ids.slice(0, 1000) });
    return result.rep;
  },

  // ─── Regions and product lines ────────────────────────────────────────────────────────

  async 'regions.list'(_input, ctx) {
    return listRegions(ctx.db, customerScope(ctx));
  },

  async 'regions.create'(input, ctx) {
    return inTransaction(ctx.db, async (trx) => {
      if (await trx.selectFrom('regions').select('id').where('code', '=', input.code).executeTakeFirst()) throw conflict('Region code', 'code', input.code);
      await requireRegion(trx, input.parentId, 'parentId');
      const r = await trx.insertInto('regions').values({ code: input.code, name: input.name, parent_id: input.parentId ?? null }).returning('id').executeTakeFirstOrThrow();
      const created = await findRegion(trx, r.id, customerScope(ctx));
      if (!created) throw new AppError('INTERNAL', 'Region vanished after creation.');
      await audit(trx, ctx, { action: 'region.create', entity: 'region', entityId: r.id, after: { code: created.code, name: created.name, parentId: created.parentId } });
      return created;
    });
  },

  async 'regions.update'(input, ctx) {
    return inTransaction(ctx.db, async (trx) => {
      const before = await findRegion(trx, input.id, customerScope(ctx));
      if (!before) throw new AppError('NOT_FOUND', 'Region not found.');
      if (input.code !== undefined && input.code !== before.code) {
        if (await trx.selectFrom('regions').select('id').where('code', '=', input.code).executeTakeFirst()) throw conflict('Region code', 'code', input.code);
      }
      if (input.parentId !== undefined && input.parentId !== null) {
        await requireRegion(trx, input.parentId, 'parentId');
        // Walk up from the new parent: reaching this region would make a cycle.
        let cursor: number | null = input.parentId;
        for (let guard = 0; cursor !== null && guard < 1000; guard++) {
          if (cursor === input.id) throw invalid('A region cannot be inside itself.', ['parentId']);
          const up: { parent_id: number | null } | undefined = await trx.selectFrom('regions').select('parent_id').where('id', '=', cursor).executeTakeFirst();
          cursor = up?.parent_id ?? null;
        }
      }
      const set = {
        ...(input.code !== undefined && { code: input.code }),
        ...(input.name !== undefined && { name: input.name }),
        ...(input.parentId !== undefined && { parent_id: input.parentId }),
      };
      if (Object.keys(set).length) await trx.updateTable('regions').set(set).where('id', '=', input.id).execute();
      const after = await findRegion(trx, input.id, customerScope(ctx));
      if (!after) throw new AppError('INTERNAL', 'Region vanished after update.');
      const pick = (r: typeof after) => ({ code: r.code, name: r.name, parentId: r.parentId });
      await audit(trx, ctx, { action: 'region.update', entity: 'region', entityId: input.id, before: pick(before), after: pick(after) });
      return after;
    });
  },

  async 'productLines.list'(_input, ctx) {
    return listProductLines(ctx.db);
  },

  async 'productLines.create'(input, ctx) {
    return inTransaction(ctx.db, async (trx) => {
      if (await trx.selectFrom('product_lines').select('id').where('code', '=', input.code).executeTakeFirst()) throw conflict('Product line code', 'code', input.code);
      const r = await trx.insertInto('product_lines').values({ code: input.code, name: input.name }).returning('id').executeTakeFirstOrThrow();
      await audit(trx, ctx, { action: 'product_line.create', entity: 'product_line', entityId: r.id, after: { code: input.code, name: input.name } });
      return { id: r.id, code: input.code, name: input.name, products: 0 };
    });
  },

  async 'productLines.update'(input, ctx) {
    return inTransaction(ctx.db, async (trx) => {
      const before = (await listProductLines(trx)).find((l) => l.id === input.id);
      if (!before) throw new AppError('NOT_FOUND', 'Product line not found.');
      if (input.code !== undefined && input.code !== before.code) {
        if (await trx.selectFrom('product_lines').select('id').where('code', '=', input.code).executeTakeFirst()) throw conflict('Product line code', 'code', input.code);
      }
      const set = { ...(input.code !== undefined && { code: input.code }), ...(input.name !== undefined && { name: input.name }) };
      if (Object.keys(set).length) await trx.updateTable('product_lines').set(set).where('id', '=', input.id).execute();
      const after = { ...before, ...(input.code !== undefined && { code: input.code }), ...(input.name !== undefined && { name: input.name }) };
      await audit(trx, ctx, { action: 'product_line.update', entity: 'product_line', entityId: input.id, before: { code: before.code, name: before.name }, after: { code: after.code, name: after.name } });
      return after;
    });
  },

  // ─── Grid state ───────────────────────────────────────────────────────────────────────

  async 'gridState.get'(input, ctx) {
    const s = requireSession(ctx);
    const r = await getGridState(ctx.db, s.userId, input.gridKey);
    // A state saved by an older version that no longer parses is treated as none.
    const parsed = r ? gridStateSchema.safeParse(JSON.parse(r.state)) : null;
    return { gridKey: input.gridKey, state: parsed?.success ? parsed.data : null, updatedAt: r?.updated_at ?? null };
  },

  async 'gridState.save'(input, ctx) {
    const s = requireSession(ctx);
    const at = nowIso(ctx);
    await saveGridState(ctx.db, s.userId, input.gridKey, input.state, at);
    return { gridKey: input.gridKey, state: input.state, updatedAt: at };
  },
};

type ProductRow = Output<'products.get'>;
