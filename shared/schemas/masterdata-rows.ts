/**
 * Per-cell checks of pasted / bulk rows (customers.upsertMany, products.upsertMany), shared by
 * main (the authority) and the renderer (which mirrors them to mark cells before it calls).
 * Only what a row can tell by itself is checked here; main adds what needs the database
 * (duplicates against stored codes, unknown regions, product lines and owners, scope).
 */
import type { z } from 'zod';
import type { CREDIT_STATUSES, CUSTOMER_TYPES } from './customers';
import {
  type CellError,
  type CellValue,
  type CustomerUpsertRow,
  type ProductUpsertRow,
  asText,
  checkCell,
  customerFields,
  productFields,
} from './masterdata';

type FieldError = Omit<CellError, 'row'>;

/** Words a clerk types or pastes for an enum value, in both languages (compared lower-case). */
const CUSTOMER_TYPE_WORDS: Record<string, (typeof CUSTOMER_TYPES)[number]> = {
  direct: 'direct',
  直销: 'direct',
  直销客户: 'direct',
  'direct customer': 'direct',
  distributor: 'distributor',
  经销: 'distributor',
  经销商: 'distributor',
};
const CREDIT_STATUS_WORDS: Record<string, (typeof CREDIT_STATUSES)[number]> = { normal: 'normal', 正常: 'normal', hold: 'hold', 冻结: 'hold', 'on hold': 'hold' };
const BOOLEAN_WORDS: Record<string, boolean> = {
  true: true, yes: true, y: true, '1': true, 是: true, 启用: true, active: true,
  false: false, no: false, n: false, '0': false, 否: false, 停用: false, inactive: false,
};

function word<T>(v: CellValue | undefined, words: Record<string, T>): unknown {
  if (typeof v !== 'string') return v;
  const k = v.trim().toLowerCase();
  return k === '' ? null : (words[k] ?? v);
}

/** An integer cell: numbers pass, numeric text ("30", "1,000") is read, anything else is left for the schema to refuse. */
function integerCell(v: CellValue | undefined): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trim().replace(/,/g, '');
  if (t === '') return null;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : v;
}

interface Checked<V> {
  values: V;
  errors: FieldError[];
}

function run<V extends Record<string, unknown>>(checks: [field: string, present: boolean, schema: z.ZodType, value: unknown][]): Checked<Partial<V>> {
  const values: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  for (const [field, present, schema, value] of checks) {
    if (!present) continue;
    const r = checkCell(schema, value, field);
    if (r.ok) values[field] = r.value;
    else errors.push(r.error);
  }
  return { values: values as Partial<V>, errors };
}

export interface CustomerRowValues {
  code: string;
  name: string;
  shortName: string | null;
  type: (typeof CUSTOMER_TYPES)[number];
  industry: string | null;
  paymentTermsDays: number;
  creditLimit: number;
  creditStatus: (typeof CREDIT_STATUSES)[number];
  notes: string | null;
}

/** Checks the cells of one customer row; `region` and `owner` are returned as text to resolve. */
export function checkCustomerRow(row: CustomerUpsertRow): Checked<Partial<CustomerRowValues>> & { region?: string | null; owner?: string | null } {
  const has = (k: keyof CustomerUpsertRow) => row[k] !== undefined;
  const r = run<CustomerRowValues & Record<string, unknown>>([
    ['code', true, customerFields.code, asText(row.code) ?? undefined],
    ['name', has('name'), customerFields.name, asText(row.name) ?? undefined],
    ['shortName', has('shortName'), customerFields.shortName, asText(row.shortName)],
    ['type', has('type'), customerFields.type, word(row.type, CUSTOMER_TYPE_WORDS)],
    ['industry', has('industry'), customerFields.industry, asText(row.industry)],
    ['paymentTermsDays', has('paymentTermsDays'), customerFields.paymentTermsDays, integerCell(row.paymentTermsDays) ?? undefined],
    ['creditLimit', has('creditLimit'), customerFields.creditLimit, row.creditLimit === null || row.creditLimit === '' ? undefined : row.creditLimit],
    ['creditStatus', has('creditStatus'), customerFields.creditStatus, word(row.creditStatus, CREDIT_STATUS_WORDS) ?? undefined],
    ['notes', has('notes'), customerFields.notes, asText(row.notes)],
  ]);
  const out: Checked<Partial<CustomerRowValues>> & { region?: string | null; owner?: string | null } = r;
  if (has('region')) {
    const region = asText(row.region);
    if (region && region.length > 50) r.errors.push({ field: 'region', code: 'too_long', message: 'at most 50 characters' });
    else out.region = region ?? null;
  }
  if (has('owner')) {
    const owner = asText(row.owner);
    if (owner && owner.length > 50) r.errors.push({ field: 'owner', code: 'too_long', message: 'at most 50 characters' });
    else out.owner = owner ?? null;
  }
  return out;
}

export interface ProductRowValues {
  sku: string;
  name: string;
  unit: string;
  listPrice: number;
  standardCost: number;
  floorPrice: number | null;
  active: boolean;
}

export function checkProductRow(row: ProductUpsertRow): Checked<Partial<ProductRowValues>> & { productLine?: string | null } {
  const has = (k: keyof ProductUpsertRow) => row[k] !== undefined;
  const money = (v: CellValue | undefined) => (v === null || v === '' ? undefined : v);
  const r = run<ProductRowValues & Record<string, unknown>>([
    ['sku', true, productFields.sku, asText(row.sku) ?? undefined],
    ['name', has('name'), productFields.name, asText(row.name) ?? undefined],
    ['unit', has('unit'), productFields.unit, asText(row.unit) ?? undefined],
    ['listPrice', has('listPrice'), productFields.listPrice, money(row.listPrice)],
    ['standardCost', has('standardCost'), productFields.standardCost, money(row.standardCost)],
    ['floorPrice', has('floorPrice'), productFields.floorPrice, row.floorPrice === '' ? null : row.floorPrice],
    ['active', has('active'), productFields.active, word(row.active, BOOLEAN_WORDS) ?? undefined],
  ]);
  const out: Checked<Partial<ProductRowValues>> & { productLine?: string | null } = r;
  if (has('productLine')) {
    const line = asText(row.productLine);
    if (line && line.length > 50) r.errors.push({ field: 'productLine', code: 'too_long', message: 'at most 50 characters' });
    else out.productLine = line ?? null;
  }
  return out;
}
