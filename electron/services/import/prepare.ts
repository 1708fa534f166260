/**
 * Validation of a mapped table against the database, shared by preview and commit: every row
 * becomes either a record ready to write (insert or update by its key) or a list of issues
 * naming the row and column. Nothing here writes; the lookups are read with the handle given
 * (the open transaction during a commit).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { divRoundHalfUp } from '../../../shared/money';
import { IMPORT_FIELDS, IMPORT_ONE_OF, type ImportIssue, type ImportKind, type ImportMapping } from '../../../shared/schemas/imports';
import type { Table } from './table';
import { type Parsed, parseAmount, parseDate, parseDiscount, parseInteger, parseQuantity, periodOf, toHalfWidth } from './values';

export interface CustomerRecord {
  id: number | null;
  code: string;
  name?: string;
  shortName?: string;
  type?: 'direct' | 'distributor';
  regionId?: number;
  industry?: string;
  ownerId?: number;
  paymentTermsDays?: number;
  creditLimit?: number;
  notes?: string;
  before: { creditLimit: number } | null;
  /** Matched by key and every mapped value equals the stored one: nothing is written. */
  unchanged?: boolean;
}
export interface ProductRecord {
  id: number | null;
  sku: string;
  name?: string;
  productLineId?: number;
  unit?: string;
  listPrice?: number;
  standardCost?: number;
  floorPrice?: number;
  active?: boolean;
  before: { listPrice: number; standardCost: number; floorPrice: number | null } | null;
  unchanged?: boolean;
}
export interface PriceItemRecord {
  id: number | null;
  priceListId: number;
  listCode: string;
  productId: number;
  sku: string;
  minQtyMilli: number;
  price: number;
  validFrom: string | null;
  validTo: string | null;
  before: { price: number; validTo: string | null } | null;
  unchanged?: boolean;
}
export interface SalesRecord {
  update: boolean;
  date: string;
  period: number;
  customerId: number;
  productId: number;
  repId: number | null;
  regionId: number | null;
  qtyMilli: number;
  netAmount: number;
  discountAmount: number;
  costAmount: number | null;
  sourceRef: string;
  sourceLine: string;
}

/** An opening receivable 期初应收: one open document of the previous system. */
export interface OpeningRecord {
  customerId: number;
  customerCode: string;
  /** The previous system's document number (receivables.external_ref); with the customer, the re-import key. */
  externalRef: string;
  date: string;
  dueDate: string;
  /** Open amount (分), > 0; the item's amount and balance. */
  amount: number;
  note: string | null;
  /** Already imported with the same values: nothing is written. */
  unchanged: boolean;
  /** The existing item (an update that changes nothing), or null for a new one. */
  id: number | null;
}

export type PreparedRecords =
  | { kind: 'customers'; records: CustomerRecord[] }
  | { kind: 'products'; records: ProductRecord[] }
  | { kind: 'price_list_items'; records: PriceItemRecord[] }
  | { kind: 'sales_history'; records: SalesRecord[] }
  | { kind: 'opening_receivables'; records: OpeningRecord[] };

export interface Prepared {
  kind: ImportKind;
  total: number;
  /** Indexes (into table.rows) of the rows that are valid, parallel to `records`. */
  validRows: number[];
  data: PreparedRecords;
  errors: ImportIssue[];
  warnings: ImportIssue[];
  invalidRows: number;
  toInsert: number;
  toUpdate: number;
  /** Of the updates: rows whose values equal the stored ones (re-importing an export changes nothing). */
  unchanged: number;
  mappingErrors: { field: string; code: string; message: string }[];
}

/** Mapping problems: required fields unmapped, headers not in the sheet, unknown fields. */
export function checkMapping(kind: ImportKind, table: Table, mapping: ImportMapping) {
  const errors: { field: string; code: string; message: string }[] = [];
  const fields = IMPORT_FIELDS[kind];
  for (const [field, header] of Object.entries(mapping)) {
    if (!fields.some((d) => d.field === field)) errors.push({ field, code: 'unknown_field', message: `"${field}" is not a field of this import.` });
    else if (header !== '' && !table.headers.includes(header)) errors.push({ field, code: 'header_missing', message: `The file has no column "${header}".` });
  }
  for (const d of fields) {
    if (d.required && !mapping[d.field]) errors.push({ field: d.field, code: 'field_unmapped', message: `Map a column to the required field "${d.field}".` });
  }
  for (const [a, b] of IMPORT_ONE_OF[kind] ?? []) {
    if (!mapping[a] && !mapping[b]) errors.push({ field: a, code: 'field_unmapped_one_of', message: `Map a column to "${a}" or "${b}".` });
  }
  return errors;
}

/** Reads one row's cells by field name and collects its issues. */
class RowReader {
  issues: ImportIssue[] = [];
  warnings: ImportIssue[] = [];
  private cells: string[] = [];
  rowNo = 0;
  constructor(
    private readonly index: Map<string, { col: number; header: string }>,
    readonly fromXlsx: boolean,
  ) {}
  start(cells: string[], rowNo: number) {
    this.cells = cells;
    this.rowNo = rowNo;
    this.issues = [];
    this.warnings = [];
  }
  mapped(field: string): boolean {
    return this.index.has(field);
  }
  raw(field: string): string {
    const c = this.index.get(field);
    return c ? (this.cells[c.col] ?? '').trim() : '';
  }
  error(field: string | null, code: string, message: string, value?: string) {
    const c = field ? this.index.get(field) : undefined;
    this.issues.push({ row: this.rowNo, column: c?.header ?? null, field, code, message, value: value ?? (field ? this.raw(field) : null) });
  }
  warn(field: string, code: string, message: string) {
    const c = this.index.get(field);
    this.warnings.push({ row: this.rowNo, column: c?.header ?? null, field, code, message, value: this.raw(field) });
  }
  /** Text with a length limit; '' when empty (an error too when required). */
  text(field: string, max: number, required = false, code = false): string {
    const v = this.raw(field);
    if (v === '') {
      if (required) this.error(field, 'required', `"${field}" is required.`);
      return '';
    }
    if (v.length > max) {
      this.error(field, 'too_long', `At most ${max} characters.`);
      return '';
    }
    if (code && /\s/.test(v)) {
      this.error(field, 'code_spaces', 'A code may not contain spaces.');
      return '';
    }
    return v;
  }
  /** Applies a value parser to a non-empty cell; undefined when empty or invalid. */
  parse<T>(field: string, fn: (raw: string) => Parsed<T>, required = false): T | undefined {
    const v = this.raw(field);
    if (v === '') {
      if (required) this.error(field, 'required', `"${field}" is required.`);
      return undefined;
    }
    const r = fn(v);
    if (!r.ok) {
      this.error(field, r.code, r.message);
      return undefined;
    }
    if (r.note) this.warn(field, 'normalised', r.note);
    return r.value;
  }
}

function columnIndex(table: Table, mapping: ImportMapping) {
  const index = new Map<string, { col: number; header: string }>();
  for (const [field, header] of Object.entries(mapping)) {
    const col = table.headers.indexOf(header);
    if (header && col >= 0) index.set(field, { col, header });
  }
  return index;
}

/** A name → id map that remembers names used by more than one record (ambiguous). */
class NameIndex {
  private map = new Map<string, number>();
  private dup = new Set<string>();
  add(name: string | null | undefined, id: number) {
    if (!name) return;
    const k = name.trim().toLowerCase();
    if (this.map.has(k) && this.map.get(k) !== id) this.dup.add(k);
    else this.map.set(k, id);
  }
  get(name: string): number | 'ambiguous' | undefined {
    const k = name.trim().toLowerCase();
    if (this.dup.has(k)) return 'ambiguous';
    return this.map.get(k);
  }
}

async function regionIndex(db: Kysely<DB>) {
  const idx = new NameIndex();
  for (const r of await db.selectFrom('regions').select(['id', 'code', 'name']).execute()) {
    idx.add(r.code, r.id);
    idx.add(r.name, r.id);
  }
  return idx;
}

function resolve(r: RowReader, field: string, idx: NameIndex, what: string): number | undefined {
  const v = r.raw(field);
  if (v === '') return undefined;
  const id = idx.get(v);
  if (id === 'ambiguous') {
    r.error(field, `ambiguous_${what}`, `More than one ${what} is called "${v}"; use the code.`);
    return undefined;
  }
  if (id === undefined) {
    r.error(field, `unknown_${what}`, `Unknown ${what} "${v}".`);
    return undefined;
  }
  return id;
}

const TYPE_WORDS: Record<string, 'direct' | 'distributor'> = {
  direct: 'direct', 直销: 'direct', 直销客户: 'direct', 终端: 'direct', 终端客户: 'direct',
  distributor: 'distributor', 经销: 'distributor', 经销商: 'distributor', 代理商: 'distributor', 分销商: 'distributor',
};
const BOOL_WORDS: Record<string, boolean> = {
  '1': true, true: true, yes: true, y: true, 是: true, 启用: true, 有效: true, 在售: true, active: true,
  '0': false, false: false, no: false, n: false, 否: false, 停用: false, 禁用: false, 无效: false, 停售: false, inactive: false,
};

export interface PrepareOptions {
  /** Called every few thousand rows; may throw to abort (cancel). */
  tick?: (done: number) => Promise<void>;
  /**
   * The rep's record scope for customer imports: when set (a user without customers.read_all),
   * only that user's customers may be updated and new customers are theirs.
   */
  ownerScope?: number | null;
}

const TICK_EVERY = 5000;

export async function prepareImport(db: Kysely<DB>, kind: ImportKind, table: Table, mapping: ImportMapping, fromXlsx: boolean, opts: PrepareOptions = {}): Promise<Prepared> {
  const mappingErrors = checkMapping(kind, table, mapping);
  const base: Prepared = {
    kind, total: table.rows.length, validRows: [], data: { kind: 'customers', records: [] }, errors: [], warnings: [], invalidRows: 0,
    toInsert: 0, toUpdate: 0, unchanged: 0, mappingErrors,
  };
  if (mappingErrors.length > 0) return base;
  const r = new RowReader(columnIndex(table, mapping), fromXlsx);
  const tick = async (i: number) => {
    if (opts.tick && i % TICK_EVERY === 0 && i > 0) await opts.tick(i);
  };
  /** Runs `row` over every row; a row with issues is invalid, else its record is kept. */
  async function each<T>(row: (i: number) => T | undefined | Promise<T | undefined>): Promise<T[]> {
    const out: T[] = [];
    for (let i = 0; i < table.rows.length; i++) {
      await tick(i);
      r.start(table.rows[i] as string[], table.rowNumbers[i] as number);
      const rec = await row(i);
      base.warnings.push(...r.warnings);
      if (r.issues.length > 0 || rec === undefined) {
        base.errors.push(...r.issues);
        base.invalidRows++;
      } else {
        out.push(rec);
        base.validRows.push(i);
      }
    }
    return out;
  }

  if (kind === 'customers') {
    const existing = new Map(
      (
        await db
          .selectFrom('customers')
          .select(['id', 'code', 'name', 'short_name', 'type', 'region_id', 'industry', 'owner_id', 'payment_terms_days', 'credit_limit', 'notes'])
          .execute()
      ).map((c) => [c.code.toLowerCase(), c]),
    );
    const regions = await regionIndex(db);
    const owners = new NameIndex();
    /** Every user's names (inactive ones too): an export names a customer's current owner, who may have left. */
    const userNames = new Map<number, string[]>();
    for (const u of await db.selectFrom('users').select(['id', 'username', 'display_name', 'active']).execute()) {
      userNames.set(u.id, [u.username.toLowerCase(), u.display_name.trim().toLowerCase()]);
      if (!u.active) continue;
      owners.add(u.username, u.id);
      owners.add(u.display_name, u.id);
    }
    const seen = new Map<string, number>();
    const records = await each<CustomerRecord>(() => {
      const code = r.text('code', 32, true, true);
      const name = r.text('name', 200, !existing.has(code.toLowerCase()));
      const rec: CustomerRecord = { id: null, code, before: null };
      if (name) rec.name = name;
      const shortName = r.text('shortName', 50);
      if (shortName) rec.shortName = shortName;
      const typeText = r.raw('type');
      if (typeText) {
        const t = TYPE_WORDS[toHalfWidth(typeText).text.toLowerCase()];
        if (t) rec.type = t;
        else r.error('type', 'unknown_type', `"${typeText}" is not a customer type (直销 / 经销 or direct / distributor).`);
      }
      const regionId = resolve(r, 'region', regions, 'region');
      if (regionId !== undefined) rec.regionId = regionId;
      const industry = r.text('industry', 50);
      if (industry) rec.industry = industry;
      const current = existing.get(code.toLowerCase());
      const ownerText = r.raw('owner').toLowerCase();
      // The customer's current owner, named as an export names them, is no change (even if that user is inactive).
      const keepsOwner = current?.owner_id != null && ownerText !== '' && (userNames.get(current.owner_id) ?? []).includes(ownerText);
      const ownerId = keepsOwner ? (current?.owner_id ?? undefined) : resolve(r, 'owner', owners, 'user');
      const scope = opts.ownerScope ?? null;
      if (scope !== null && ownerId !== undefined && ownerId !== scope) r.error('owner', 'owner_not_allowed', 'You may import only customers you own.');
      else if (ownerId !== undefined) rec.ownerId = ownerId;
      else if (scope !== null && !existing.has(code.toLowerCase())) rec.ownerId = scope;
      const terms = r.parse('paymentTermsDays', (v) => parseInteger(v.replace(/天$/, ''), 0, 3650));
      if (terms !== undefined) rec.paymentTermsDays = terms;
      const credit = r.parse('creditLimit', (v) => parseAmount(v, false));
      if (credit !== undefined) rec.creditLimit = credit;
      const notes = r.text('notes', 1000);
      if (notes) rec.notes = notes;
      if (code) {
        const first = seen.get(code.toLowerCase());
        if (first !== undefined) r.error('code', 'duplicate_in_file', `The code "${code}" already appears in row ${first}.`);
        else seen.set(code.toLowerCase(), r.rowNo);
      }
      const ex = existing.get(code.toLowerCase());
      if (ex && opts.ownerScope != null && ex.owner_id !== opts.ownerScope) r.error('code', 'customer_not_yours', `The customer "${code}" belongs to another rep.`);
      if (ex) {
        rec.id = ex.id;
        rec.code = ex.code;
        rec.before = { creditLimit: ex.credit_limit };
        rec.unchanged =
          same(rec.name, ex.name) && same(rec.shortName, ex.short_name) && same(rec.type, ex.type) && same(rec.regionId, ex.region_id) &&
          same(rec.industry, ex.industry) && same(rec.ownerId, ex.owner_id) && same(rec.paymentTermsDays, ex.payment_terms_days) &&
          same(rec.creditLimit, ex.credit_limit) && same(rec.notes, ex.notes);
      }
      return rec;
    });
    base.data = { kind, records };
  } else if (kind === 'products') {
    const existing = new Map(
      (
        await db.selectFrom('products').select(['id', 'sku', 'name', 'product_line_id', 'unit', 'list_price', 'standard_cost', 'floor_price', 'active']).execute()
      ).map((p) => [p.sku.toLowerCase(), p]),
    );
    const lines = new NameIndex();
    for (const l of await db.selectFrom('product_lines').select(['id', 'code', 'name']).execute()) {
      lines.add(l.code, l.id);
      lines.add(l.name, l.id);
    }
    const seen = new Map<string, number>();
    const records = await each<ProductRecord>(() => {
      const sku = r.text('sku', 64, true, true);
      const ex = existing.get(sku.toLowerCase());
      const rec: ProductRecord = { id: ex?.id ?? null, sku: ex?.sku ?? sku, before: ex ? { listPrice: ex.list_price, standardCost: ex.standard_cost, floorPrice: ex.floor_price } : null };
      const name = r.text('name', 200, !ex);
      if (name) rec.name = name;
      const lineId = resolve(r, 'productLine', lines, 'product_line');
      if (lineId !== undefined) rec.productLineId = lineId;
      const unit = r.text('unit', 16);
      if (unit) rec.unit = unit;
      const listPrice = r.parse('listPrice', (v) => parseAmount(v, false), !ex);
      if (listPrice === 0) r.error('listPrice', 'not_positive', 'The list price must be above zero.');
      else if (listPrice !== undefined) rec.listPrice = listPrice;
      const cost = r.parse('standardCost', (v) => parseAmount(v, false));
      if (cost !== undefined) rec.standardCost = cost;
      const floor = r.parse('floorPrice', (v) => parseAmount(v, false));
      if (floor !== undefined) rec.floorPrice = floor;
      const activeText = r.raw('active');
      if (activeText) {
        const a = BOOL_WORDS[toHalfWidth(activeText).text.toLowerCase()];
        if (a === undefined) r.error('active', 'unknown_flag', `"${activeText}" is not yes/no (是/否, 启用/停用, 1/0).`);
        else rec.active = a;
      }
      if (sku) {
        const first = seen.get(sku.toLowerCase());
        if (first !== undefined) r.error('sku', 'duplicate_in_file', `The SKU "${sku}" already appears in row ${first}.`);
        else seen.set(sku.toLowerCase(), r.rowNo);
      }
      if (ex) {
        rec.unchanged =
          same(rec.name, ex.name) && same(rec.productLineId, ex.product_line_id) && same(rec.unit, ex.unit) && same(rec.listPrice, ex.list_price) &&
          same(rec.standardCost, ex.standard_cost) && same(rec.floorPrice, ex.floor_price) && same(rec.active, ex.active === 1);
      }
      return rec;
    });
    base.data = { kind, records };
  } else if (kind === 'price_list_items') {
    const lists = new Map((await db.selectFrom('price_lists').select(['id', 'code']).execute()).map((l) => [l.code.toLowerCase(), l]));
    const products = new Map((await db.selectFrom('products').select(['id', 'sku']).execute()).map((p) => [p.sku.toLowerCase(), p]));
    const drafts: (PriceItemRecord & { rowNo: number })[] = [];
    const records = await each<PriceItemRecord>(() => {
      const listCode = r.text('priceList', 32, true);
      const list = listCode ? lists.get(listCode.toLowerCase()) : undefined;
      if (listCode && !list) r.error('priceList', 'unknown_price_list', `Unknown price list "${listCode}".`);
      const sku = r.text('product', 64, true);
      const product = sku ? products.get(sku.toLowerCase()) : undefined;
      if (sku && !product) r.error('product', 'unknown_product', `Unknown product "${sku}".`);
      const price = r.parse('price', (v) => parseAmount(v, false), true);
      if (price === 0) r.error('price', 'not_positive', 'The price must be above zero.');
      const minQty = r.parse('minQty', (v) => parseQuantity(v, false)) ?? 0;
      const validFrom = r.parse('validFrom', (v) => parseDate(v, r.fromXlsx)) ?? null;
      const validTo = r.parse('validTo', (v) => parseDate(v, r.fromXlsx)) ?? null;
      if (validFrom && validTo && validFrom > validTo) r.error('validTo', 'inverted_range', `Valid to (${validTo}) is before valid from (${validFrom}).`);
      if (!list || !product || !price) return undefined;
      const rec: PriceItemRecord = { id: null, priceListId: list.id, listCode: list.code, productId: product.id, sku: product.sku, minQtyMilli: minQty, price, validFrom, validTo, before: null };
      drafts.push({ ...rec, rowNo: r.rowNo });
      return rec;
    });
    // Existing items of the same (list, product) pairs: match by key, then check overlaps.
    const listIds = [...new Set(records.map((x) => x.priceListId))];
    const existing = new Map<string, { id: number; min_qty_milli: number; valid_from: string | null; valid_to: string | null; price: number }[]>();
    for (const lid of listIds) {
      const rows = await db
        .selectFrom('price_list_items')
        .select(['id', 'product_id', 'min_qty_milli', 'valid_from', 'valid_to', 'price'])
        .where('price_list_id', '=', lid)
        .execute();
      for (const it of rows) {
        const k = `${lid}|${it.product_id}|${it.min_qty_milli}`;
        const g = existing.get(k);
        if (g) g.push(it);
        else existing.set(k, [it]);
      }
    }
    const groups = new Map<string, number[]>();
    records.forEach((rec, i) => {
      const k = `${rec.priceListId}|${rec.productId}|${rec.minQtyMilli}`;
      const g = groups.get(k);
      if (g) g.push(i);
      else groups.set(k, [i]);
    });
    const bad = new Set<number>();
    const overlaps = (a: { valid_from: string | null; valid_to: string | null }, b: { valid_from: string | null; valid_to: string | null }) =>
      (a.valid_from ?? '0000-01-01') <= (b.valid_to ?? '9999-12-31') && (b.valid_from ?? '0000-01-01') <= (a.valid_to ?? '9999-12-31');
    for (const [k, idxs] of groups) {
      const olds = existing.get(k) ?? [];
      const replaced = new Set<number>();
      const seenFrom = new Map<string, number>();
      for (const i of idxs) {
        const rec = records[i] as PriceItemRecord;
        const d = drafts[i] as PriceItemRecord & { rowNo: number };
        const fromKey = rec.validFrom ?? '';
        const dupOf = seenFrom.get(fromKey);
        if (dupOf !== undefined) {
          base.errors.push(issue(d.rowNo, mapping, 'validFrom', 'duplicate_in_file', `The same list, product, minimum quantity and valid-from already appear in row ${dupOf}.`, rec.validFrom));
          bad.add(i);
          continue;
        }
        seenFrom.set(fromKey, d.rowNo);
        const match = olds.find((o) => (o.valid_from ?? '') === fromKey);
        if (match) {
          rec.id = match.id;
          rec.before = { price: match.price, validTo: match.valid_to };
          rec.unchanged = match.price === rec.price && match.valid_to === rec.validTo;
          replaced.add(match.id);
        }
      }
      const view = (rec: PriceItemRecord) => ({ valid_from: rec.validFrom, valid_to: rec.validTo });
      for (const i of idxs) {
        if (bad.has(i)) continue;
        const rec = records[i] as PriceItemRecord;
        const d = drafts[i] as PriceItemRecord & { rowNo: number };
        const clashOld = olds.find((o) => !replaced.has(o.id) && o.id !== rec.id && overlaps(o, view(rec)));
        const clashNew = idxs.find((j) => j !== i && j < i && !bad.has(j) && overlaps(view(records[j] as PriceItemRecord), view(rec)));
        if (clashOld || clashNew !== undefined) {
          const where = clashOld ? `an existing item valid ${clashOld.valid_from ?? '…'} to ${clashOld.valid_to ?? '…'}` : `row ${(drafts[clashNew as number] as { rowNo: number }).rowNo}`;
          base.errors.push(issue(d.rowNo, mapping, 'validFrom', 'overlapping_validity', `The validity overlaps ${where} for the same product and minimum quantity.`, rec.validFrom));
          bad.add(i);
        }
      }
    }
    if (bad.size > 0) {
      const keep = records.filter((_, i) => !bad.has(i));
      base.validRows = base.validRows.filter((_, i) => !bad.has(i));
      base.invalidRows += bad.size;
      base.data = { kind, records: keep };
    } else base.data = { kind, records };
  } else if (kind === 'opening_receivables') {
    base.data = { kind, records: await each<OpeningRecord>(await openingRow(db, r)) };
  } else {
    const customers = new Map<string, { id: number; owner_id: number | null; region_id: number | null }>();
    const customerNames = new NameIndex();
    const customerById = new Map<number, { id: number; owner_id: number | null; region_id: number | null }>();
    for (const c of await db.selectFrom('customers').select(['id', 'code', 'name', 'owner_id', 'region_id']).execute()) {
      customers.set(c.code.toLowerCase(), c);
      customerById.set(c.id, c);
      customerNames.add(c.name, c.id);
    }
    const products = new Map<string, { id: number; standard_cost: number }>();
    const productNames = new NameIndex();
    const productById = new Map<number, { id: number; standard_cost: number }>();
    for (const p of await db.selectFrom('products').select(['id', 'sku', 'name', 'standard_cost']).execute()) {
      products.set(p.sku.toLowerCase(), p);
      productById.set(p.id, p);
      productNames.add(p.name, p.id);
    }
    const regions = await regionIndex(db);
    // Line index within each order, counted over every row of the file (valid or not), so that
    // fixing one bad row and importing again never renumbers the others.
    const lineOf = new Array<number>(table.rows.length);
    const orderCol = columnIndex(table, mapping).get('orderNo')?.col ?? -1;
    const counters = new Map<string, number>();
    table.rows.forEach((cells, i) => {
      const o = (cells[orderCol] ?? '').trim();
      const n = (counters.get(o) ?? 0) + 1;
      counters.set(o, n);
      lineOf[i] = n;
    });
    const existingKeys = new Set<string>();
    const orders = [...counters.keys()].filter((o) => o !== '' && o.length <= 64);
    for (let k = 0; k < orders.length; k += 500) {
      const chunk = orders.slice(k, k + 500);
      const rows = await db
        .selectFrom('sales_facts')
        .select(['source_ref', 'source_line'])
        .where('source_type', '=', 'import')
        .where('source_ref', 'in', chunk)
        .execute();
      for (const x of rows) existingKeys.add(`${x.source_ref}\u0000${x.source_line}`);
    }
    const records = await each<SalesRecord>((i) => {
      const orderNo = r.text('orderNo', 64, true);
      const date = r.parse('date', (v) => parseDate(v, r.fromXlsx), true);
      let customer: { id: number; owner_id: number | null; region_id: number | null } | undefined;
      const cc = r.raw('customerCode');
      if (cc) {
        customer = customers.get(cc.toLowerCase());
        if (!customer) r.error('customerCode', 'unknown_customer', `Unknown customer code "${cc}".`);
      } else if (r.raw('customerName')) {
        const id = resolve(r, 'customerName', customerNames, 'customer');
        customer = id === undefined ? undefined : customerById.get(id);
      } else r.error(r.mapped('customerCode') ? 'customerCode' : 'customerName', 'required', 'The customer (code or name) is required.');
      let product: { id: number; standard_cost: number } | undefined;
      const pc = r.raw('productCode');
      if (pc) {
        product = products.get(pc.toLowerCase());
        if (!product) r.error('productCode', 'unknown_product', `Unknown product code "${pc}".`);
      } else if (r.raw('productName')) {
        const id = resolve(r, 'productName', productNames, 'product');
        product = id === undefined ? undefined : productById.get(id);
      } else r.error(r.mapped('productCode') ? 'productCode' : 'productName', 'required', 'The product (code or name) is required.');
      const regionId = resolve(r, 'region', regions, 'region');
      const qty = r.parse('quantity', (v) => parseQuantity(v, true), true);
      if (qty === 0) r.error('quantity', 'zero_quantity', 'The quantity may not be zero.');
      const amount = r.parse('amount', (v) => parseAmount(v, true), true);
      if (qty !== undefined && qty !== 0 && amount !== undefined && amount !== 0 && Math.sign(qty) !== Math.sign(amount)) {
        r.error('amount', 'sign_mismatch', 'The amount and the quantity must have the same sign (a return has both negative).');
      }
      let discount = 0;
      if (amount !== undefined) discount = r.parse('discount', (v) => parseDiscount(v, Math.abs(amount))) ?? 0;
      if (!orderNo || !date || !customer || !product || qty === undefined || qty === 0 || amount === undefined || r.issues.length > 0) return undefined;
      const sourceLine = String(lineOf[i]);
      const cost = product.standard_cost * qty;
      return {
        update: existingKeys.has(`${orderNo}\u0000${sourceLine}`),
        date,
        period: periodOf(date),
        customerId: customer.id,
        productId: product.id,
        repId: customer.owner_id,
        regionId: regionId ?? customer.region_id,
        qtyMilli: qty,
        netAmount: amount,
        discountAmount: discount,
        costAmount: Number.isSafeInteger(cost) ? divRoundHalfUp(cost, 1000) : null,
        sourceRef: orderNo,
        sourceLine,
      };
    });
    base.data = { kind: 'sales_history', records };
  }
  const recs = base.data.records as { id?: number | null; update?: boolean }[];
  base.toUpdate = recs.filter((x) => x.update === true || (x.id !== undefined && x.id !== null)).length;
  base.toInsert = recs.length - base.toUpdate;
  base.unchanged = (base.data.records as { unchanged?: boolean }[]).filter((x) => x.unchanged === true).length;
  if (base.data.kind !== kind) base.data = { kind, records: [] } as PreparedRecords;
  return base;
}

/** A mapped value (undefined: the column was empty or not mapped, so it leaves the stored value) equals the stored one. */
function same(v: unknown, stored: unknown): boolean {
  return v === undefined || v === stored;
}

function issue(row: number, mapping: ImportMapping, field: string, code: string, message: string, value: string | null): ImportIssue {
  return { row, column: mapping[field] || null, field, code, message, value };
}

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const fmt = (cents: number) => (cents / 100).toFixed(2);

/**
 * Opening receivables: the customer must exist; the due date defaults to the document date plus
 * the customer's payment terms; the open amount is parsed like every amount (never guessed) and
 * must be above zero. A document already imported for the customer (same external_ref) is
 * unchanged when its values are the same, and an error when they differ: once money may have
 * moved against an opening item it is never rewritten by an import.
 */
async function openingRow(db: Kysely<DB>, r: RowReader): Promise<() => OpeningRecord | undefined> {
  const customers = new Map<string, { id: number; code: string; payment_terms_days: number }>();
  for (const c of await db.selectFrom('customers').select(['id', 'code', 'payment_terms_days']).execute()) customers.set(c.code.toLowerCase(), c);
  const existing = new Map<string, { id: number; date: string; due_date: string; amount: number }>();
  for (const x of await db
    .selectFrom('receivables')
    .select(['id', 'customer_id', 'external_ref', 'date', 'due_date', 'amount'])
    .where('kind', '=', 'opening')
    .where('external_ref', 'is not', null)
    .execute()) {
    existing.set(`${x.customer_id}\u0000${x.external_ref}`, x);
  }
  const seen = new Map<string, number>();
  return () => {
    const code = r.text('customerCode', 32, true);
    const customer = code ? customers.get(code.toLowerCase()) : undefined;
    if (code && !customer) r.error('customerCode', 'unknown_customer', `Unknown customer code "${code}".`);
    const ref = r.text('documentNo', 60, true);
    const date = r.parse('date', (v) => parseDate(v, r.fromXlsx), true);
    const due = r.parse('dueDate', (v) => parseDate(v, r.fromXlsx));
    if (date && due && due < date) r.error('dueDate', 'due_before_date', `The due date ${due} is before the document date ${date}.`);
    const amount = r.parse('amount', (v) => parseAmount(v, false), true);
    if (amount === 0) r.error('amount', 'not_positive', 'The open amount must be above zero.');
    const note = r.text('note', 500);
    if (!customer || !ref || !date || amount === undefined || amount === 0 || r.issues.length > 0) return undefined;
    const key = `${customer.id}\u0000${ref}`;
    const first = seen.get(key);
    if (first !== undefined) {
      r.error('documentNo', 'duplicate_in_file', `Document "${ref}" of customer ${customer.code} already appears in row ${first}.`);
      return undefined;
    }
    seen.set(key, r.rowNo);
    const dueDate = due ?? addDays(date, customer.payment_terms_days);
    const ex = existing.get(key);
    if (ex && (ex.amount !== amount || ex.date !== date || ex.due_date !== dueDate)) {
      const [field, what] =
        ex.amount !== amount
          ? ['amount', `amount ${fmt(ex.amount)} (this file: ${fmt(amount)})`]
          : ex.date !== date
            ? ['date', `date ${ex.date} (this file: ${date})`]
            : ['dueDate', `due date ${ex.due_date} (this file: ${dueDate})`];
      r.error(field, 'opening_changed', `Document "${ref}" of customer ${customer.code} was already imported with ${what}; an imported opening balance is never changed by a re-import.`);
      return undefined;
    }
    return { customerId: customer.id, customerCode: customer.code, externalRef: ref, date, dueDate, amount, note: note || null, unchanged: ex !== undefined, id: ex?.id ?? null };
  };
}
