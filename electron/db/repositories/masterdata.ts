/**
 * Master-data repositories: plain functions over Kysely whose first argument is the database or
 * the transaction (services own transactions). Rows are mapped explicitly to domain objects.
 */
import { type Kysely, sql } from 'kysely';
import type { CustomerDetail, GridState, ProductLine, ProductRow, Region } from '../../../shared/schemas/masterdata';
import type { PRODUCT_SORTABLE } from '../../../shared/schemas/masterdata';
import type { PageRequest } from '../../../shared/schemas/common';
import { AppError } from '../../../shared/result';
import type { DB } from '../schema';
import { textMatch } from '../sql-helpers';

// ─── Customers ──────────────────────────────────────────────────────────────────────────

export async function findCustomerDetail(db: Kysely<DB>, id: number): Promise<CustomerDetail | null> {
  const r = await db
    .selectFrom('customers as c')
    .leftJoin('regions as r', 'r.id', 'c.region_id')
    .leftJoin('users as u', 'u.id', 'c.owner_id')
    .select([
      'c.id', 'c.code', 'c.name', 'c.short_name', 'c.type', 'c.region_id', 'r.name as region_name', 'c.industry', 'c.owner_id',
      'u.display_name as owner_name', 'c.grade', 'c.grade_manual', 'c.grade_computed', 'c.grade_basis', 'c.payment_terms_days',
      'c.credit_limit', 'c.credit_status', 'c.notes', 'c.created_at', 'c.updated_at',
    ])
    .where('c.id', '=', id)
    .executeTakeFirst();
  if (!r) return null;
  const tags = await db.selectFrom('customer_tags').select('tag').where('customer_id', '=', id).orderBy('tag').execute();
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    shortName: r.short_name,
    type: r.type,
    regionId: r.region_id,
    regionName: r.region_name,
    industry: r.industry,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    grade: r.grade,
    gradeManual: r.grade_manual === 1,
    gradeComputed: r.grade_computed,
    gradeBasis: r.grade_basis === null ? null : (JSON.parse(r.grade_basis) as unknown),
    paymentTermsDays: r.payment_terms_days,
    creditLimit: r.credit_limit,
    creditStatus: r.credit_status,
    notes: r.notes,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    tags: tags.map((t) => t.tag),
  };
}

export async function setCustomerTags(db: Kysely<DB>, customerId: number, tags: readonly string[]): Promise<void> {
  await db.deleteFrom('customer_tags').where('customer_id', '=', customerId).execute();
  const unique = [...new Set(tags)];
  if (unique.length) await db.insertInto('customer_tags').values(unique.map((tag) => ({ customer_id: customerId, tag }))).execute();
}

/** Stored customers with the given codes (chunked; SQLite allows ~32k parameters). */
export async function customersByCode(db: Kysely<DB>, codes: readonly string[]) {
  const out = new Map<string, { id: number; code: string; owner_id: number | null; credit_limit: number; credit_status: 'normal' | 'hold' }>();
  for (let i = 0; i < codes.length; i += 500) {
    const chunk = codes.slice(i, i + 500);
    const rows = await db.selectFrom('customers').select(['id', 'code', 'owner_id', 'credit_limit', 'credit_status']).where('code', 'in', chunk).execute();
    for (const r of rows) out.set(r.code, r);
  }
  return out;
}

export async function listContacts(db: Kysely<DB>, customerId: number) {
  const rows = await db.selectFrom('customer_contacts').selectAll().where('customer_id', '=', customerId).orderBy('is_primary', 'desc').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, title: r.title, phone: r.phone, email: r.email, isPrimary: r.is_primary === 1 }));
}

export async function listAddresses(db: Kysely<DB>, customerId: number) {
  const rows = await db.selectFrom('customer_addresses').selectAll().where('customer_id', '=', customerId).orderBy('is_default', 'desc').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, province: r.province, city: r.city, address: r.address, postcode: r.postcode, isDefault: r.is_default === 1 }));
}

// ─── Sales history for the card ─────────────────────────────────────────────────────────

export async function salesByPeriod(db: Kysely<DB>, customerId: number, fromDate: string, toDate: string) {
  return db
    .selectFrom('sales_facts')
    .select([
      'period',
      (eb) => eb.fn.sum<number>('net_amount').as('amount'),
      (eb) => eb.fn.sum<number>('qty_milli').as('qty'),
      (eb) => eb.fn.countAll<number>().as('lines'),
    ])
    .where('customer_id', '=', customerId)
    .where('date', '>=', fromDate)
    .where('date', '<=', toDate)
    .groupBy('period')
    .execute();
}

export async function salesTotal(db: Kysely<DB>, customerId: number, fromDate: string | null, toDate: string): Promise<number> {
  let q = db.selectFrom('sales_facts').select((eb) => eb.fn.coalesce(eb.fn.sum<number>('net_amount'), sql<number>`0`).as('n')).where('customer_id', '=', customerId);
  if (fromDate) q = q.where('date', '>=', fromDate);
  q = q.where('date', '<=', toDate);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export async function topProducts(db: Kysely<DB>, customerId: number, fromDate: string, toDate: string, limit: number) {
  return db
    .selectFrom('sales_facts as f')
    .innerJoin('products as p', 'p.id', 'f.product_id')
    .select(['p.id', 'p.sku', 'p.name', (eb) => eb.fn.sum<number>('f.net_amount').as('amount'), (eb) => eb.fn.sum<number>('f.qty_milli').as('qty')])
    .where('f.customer_id', '=', customerId)
    .where('f.date', '>=', fromDate)
    .where('f.date', '<=', toDate)
    .groupBy(['p.id', 'p.sku', 'p.name'])
    .orderBy('amount', 'desc')
    .orderBy('p.sku')
    .limit(limit)
    .execute();
}

export async function lastSaleDate(db: Kysely<DB>, customerId: number): Promise<string | null> {
  const r = await db.selectFrom('sales_facts').select((eb) => eb.fn.max('date').as('d')).where('customer_id', '=', customerId).executeTakeFirst();
  return (r?.d as string | null | undefined) ?? null;
}

// ─── Products ───────────────────────────────────────────────────────────────────────────

const PRODUCT_COLUMN_SQL: Record<(typeof PRODUCT_SORTABLE)[number], string> = {
  sku: 'p.sku',
  name: 'p.name',
  productLineName: 'l.name',
  unit: 'p.unit',
  listPrice: 'p.list_price',
  standardCost: 'p.standard_cost',
  floorPrice: 'p.floor_price',
  active: 'p.active',
  updatedAt: 'p.updated_at',
};
const isProductColumn = (c: string): c is keyof typeof PRODUCT_COLUMN_SQL => Object.hasOwn(PRODUCT_COLUMN_SQL, c);

const productColumns = [
  'p.id', 'p.sku', 'p.name', 'p.product_line_id', 'l.name as line_name', 'p.unit', 'p.list_price', 'p.standard_cost', 'p.floor_price', 'p.active', 'p.updated_at',
] as const;

function productQuery(db: Kysely<DB>) {
  return db.selectFrom('products as p').leftJoin('product_lines as l', 'l.id', 'p.product_line_id');
}

function toProduct(r: {
  id: number; sku: string; name: string; product_line_id: number | null; line_name: string | null; unit: string; list_price: number;
  standard_cost: number; floor_price: number | null; active: number; updated_at: string;
}): ProductRow {
  return {
    id: r.id, sku: r.sku, name: r.name, productLineId: r.product_line_id, productLineName: r.line_name, unit: r.unit, listPrice: r.list_price,
    standardCost: r.standard_cost, floorPrice: r.floor_price, active: r.active === 1, updatedAt: r.updated_at,
  };
}

export async function listProducts(db: Kysely<DB>, req: PageRequest) {
  let q = productQuery(db);
  for (const [col, f] of Object.entries(req.filter)) {
    if (!isProductColumn(col)) throw new AppError('VALIDATION', `Cannot filter on ${col}.`, { field: col, issues: [{ path: ['filter', col], code: 'custom', message: 'not a filterable column' }] });
    if (col === 'active') {
      const on = ['1', 'true', 'yes', '是', '启用'].includes(f.value.toLowerCase());
      q = q.where('p.active', '=', on ? 1 : 0);
    } else {
      q = q.where(textMatch(sql.ref(PRODUCT_COLUMN_SQL[col]), f.type, f.value));
    }
  }
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  let rows = q.select(productColumns);
  for (const s of req.sort) {
    if (!isProductColumn(s.colId)) throw new AppError('VALIDATION', `Cannot sort on ${s.colId}.`, { field: s.colId, issues: [{ path: ['sort'], code: 'custom', message: 'not a sortable column' }] });
    rows = rows.orderBy(sql.ref(PRODUCT_COLUMN_SQL[s.colId]), s.sort);
  }
  const data = await rows.orderBy('p.id').limit(req.limit).offset(req.offset).execute();
  return { total: Number(total.n), rows: data.map(toProduct) };
}

export async function findProduct(db: Kysely<DB>, id: number): Promise<ProductRow | null> {
  const r = await productQuery(db).select(productColumns).where('p.id', '=', id).executeTakeFirst();
  return r ? toProduct(r) : null;
}

export async function productsBySku(db: Kysely<DB>, skus: readonly string[]) {
  const out = new Map<string, { id: number; sku: string; list_price: number; standard_cost: number; floor_price: number | null }>();
  for (let i = 0; i < skus.length; i += 500) {
    const rows = await db
      .selectFrom('products')
      .select(['id', 'sku', 'list_price', 'standard_cost', 'floor_price'])
      .where('sku', 'in', skus.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.sku, r);
  }
  return out;
}

// ─── Regions and product lines ──────────────────────────────────────────────────────────

export async function listRegions(db: Kysely<DB>, ownerId: number | null): Promise<Region[]> {
  const counts = db
    .selectFrom('customers')
    .select(['region_id', (eb) => eb.fn.countAll<number>().as('n')])
    .$if(ownerId !== null, (q) => q.where('owner_id', '=', ownerId as number))
    .groupBy('region_id')
    .as('k');
  const rows = await db
    .selectFrom('regions as r')
    .leftJoin('regions as p', 'p.id', 'r.parent_id')
    .leftJoin(counts, 'k.region_id', 'r.id')
    .select(['r.id', 'r.code', 'r.name', 'r.parent_id', 'p.name as parent_name', 'k.n'])
    .orderBy('r.code')
    .execute();
  return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, parentId: r.parent_id, parentName: r.parent_name, customers: Number(r.n ?? 0) }));
}

export async function findRegion(db: Kysely<DB>, id: number, ownerId: number | null): Promise<Region | null> {
  return (await listRegions(db, ownerId)).find((r) => r.id === id) ?? null;
}

export async function listProductLines(db: Kysely<DB>): Promise<ProductLine[]> {
  const counts = db.selectFrom('products').select(['product_line_id', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('product_line_id').as('k');
  const rows = await db
    .selectFrom('product_lines as l')
    .leftJoin(counts, 'k.product_line_id', 'l.id')
    .select(['l.id', 'l.code', 'l.name', 'k.n'])
    .orderBy('l.code')
    .execute();
  return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, products: Number(r.n ?? 0) }));
}

/** Lookup by code or name (codes first), for pasted text. */
export async function referenceIndex(db: Kysely<DB>, table: 'regions' | 'product_lines'): Promise<Map<string, number>> {
  const rows = await db.selectFrom(table).select(['id', 'code', 'name']).execute();
  const m = new Map<string, number>();
  for (const r of rows) if (!m.has(r.name.toLowerCase())) m.set(r.name.toLowerCase(), r.id);
  for (const r of rows) m.set(r.code.toLowerCase(), r.id);
  return m;
}

// ─── Grid state ─────────────────────────────────────────────────────────────────────────

export async function getGridState(db: Kysely<DB>, userId: number, gridKey: string) {
  return db.selectFrom('user_grid_state').select(['state', 'updated_at']).where('user_id', '=', userId).where('grid_key', '=', gridKey).executeTakeFirst();
}

export async function saveGridState(db: Kysely<DB>, userId: number, gridKey: string, state: GridState, at: string) {
  const json = JSON.stringify(state);
  await db
    .insertInto('user_grid_state')
    .values({ user_id: userId, grid_key: gridKey, state: json, updated_at: at })
    .onConflict((oc) => oc.columns(['user_id', 'grid_key']).doUpdateSet({ state: json, updated_at: at }))
    .execute();
}
