/**
 * Master data (issue #3): customers (writes, card, contacts, addresses, tags), products, regions,
 * product lines and per-user grid state. Environment-free: the renderer imports the same field
 * schemas to mirror the server's per-cell validation of pasted rows before it calls.
 *
 * Money is integer 分 (`nonNegativeCents`), strings are bounded, inputs are strict objects.
 */
import { z } from 'zod';
import { CREDIT_STATUSES, CUSTOMER_TYPES, GRADES, customerRowSchema } from './customers';
import { id, isoDate, isoTimestamp, nonNegativeCents, page, requiredText, text } from './common';

// ─── Field schemas (one per editable column; used by create/update and by upsertMany's per-cell check) ──

/** Codes and SKUs: no spaces inside, so that a pasted "C 001" is caught rather than stored. */
const codeText = (max: number) => requiredText(max).regex(/^[^\s\p{Cc}]+$/u, 'no spaces or control characters');
const optionalText = (max: number) => text(max).nullable();

export const customerFields = {
  code: codeText(32),
  name: requiredText(200),
  shortName: optionalText(50),
  type: z.enum(CUSTOMER_TYPES),
  industry: optionalText(50),
  paymentTermsDays: z.number().int().min(0).max(3650),
  creditLimit: nonNegativeCents,
  creditStatus: z.enum(CREDIT_STATUSES),
  notes: optionalText(1000),
};

export const productFields = {
  sku: codeText(64),
  name: requiredText(200),
  unit: requiredText(16),
  listPrice: nonNegativeCents,
  standardCost: nonNegativeCents,
  floorPrice: nonNegativeCents.nullable(),
  active: z.boolean(),
};

export const tagsSchema = z.array(requiredText(30)).max(20);

// ─── Customers ──────────────────────────────────────────────────────────────────────────

export const customerCreateInput = z.strictObject({
  ...customerFields,
  shortName: customerFields.shortName.optional(),
  type: customerFields.type.default('direct'),
  industry: customerFields.industry.optional(),
  paymentTermsDays: customerFields.paymentTermsDays.default(30),
  creditLimit: customerFields.creditLimit.default(0),
  creditStatus: customerFields.creditStatus.default('normal'),
  notes: customerFields.notes.optional(),
  regionId: id.nullable().optional(),
  /** Ignored for a user without customers.read_all: a rep's new customer is always their own. */
  ownerId: id.nullable().optional(),
  tags: tagsSchema.optional(),
  /** Why the credit limit is set (kept in the audit log). */
  reason: text(500).optional(),
});

export const customerUpdateInput = z.strictObject({
  id,
  code: customerFields.code.optional(),
  name: customerFields.name.optional(),
  shortName: customerFields.shortName.optional(),
  type: customerFields.type.optional(),
  industry: customerFields.industry.optional(),
  paymentTermsDays: customerFields.paymentTermsDays.optional(),
  creditLimit: customerFields.creditLimit.optional(),
  creditStatus: customerFields.creditStatus.optional(),
  notes: customerFields.notes.optional(),
  regionId: id.nullable().optional(),
  ownerId: id.nullable().optional(),
  tags: tagsSchema.optional(),
  /** Optimistic concurrency: the updatedAt the editor saw; a newer row answers CONFLICT. */
  expectedUpdatedAt: isoTimestamp.optional(),
  reason: text(500).optional(),
});

/** A pasted / imported cell before validation: text, a number, a boolean or empty. */
export const cellValue = z.union([text(1000), z.number(), z.boolean(), z.null()]);
export type CellValue = z.infer<typeof cellValue>;

export const CUSTOMER_UPSERT_FIELDS = [
  'code', 'name', 'shortName', 'type', 'region', 'industry', 'owner', 'paymentTermsDays', 'creditLimit', 'creditStatus', 'notes',
] as const;
export const PRODUCT_UPSERT_FIELDS = ['sku', 'name', 'productLine', 'unit', 'listPrice', 'standardCost', 'floorPrice', 'active'] as const;

const cellsOf = <K extends string>(keys: readonly K[]) =>
  z.strictObject(Object.fromEntries(keys.map((k) => [k, cellValue.optional()])) as { [P in K]: z.ZodOptional<typeof cellValue> });

/**
 * Rows are matched by code (customers) / SKU (products): a known code is updated (only the
 * columns present; null clears an optional one), an unknown one is created. `region` and
 * `productLine` name a region / product line by code or name; `owner` is a username or a display
 * name that only one active user has.
 */
export const customerUpsertRow = cellsOf(CUSTOMER_UPSERT_FIELDS);
export const productUpsertRow = cellsOf(PRODUCT_UPSERT_FIELDS);
export type CustomerUpsertRow = z.infer<typeof customerUpsertRow>;
export type ProductUpsertRow = z.infer<typeof productUpsertRow>;

export const MAX_UPSERT_ROWS = 5000;
const upsertInput = <R extends z.ZodType>(row: R) =>
  z.strictObject({
    rows: z.array(row).min(1).max(MAX_UPSERT_ROWS),
    /** Validate only; write nothing (the grid's paste preview). */
    dryRun: z.boolean().default(false),
    /** Write the valid rows and skip the invalid ones; otherwise any error writes nothing. */
    skipInvalid: z.boolean().default(false),
    reason: text(500).optional(),
  });
export const customerUpsertInput = upsertInput(customerUpsertRow);
export const productUpsertInput = upsertInput(productUpsertRow);

/** Stable codes the renderer translates; `message` is the English fallback. */
export const CELL_ERROR_CODES = [
  'required',
  'too_long',
  'not_a_number',
  'not_integer',
  'out_of_range',
  'not_allowed',
  'invalid',
  'duplicate_in_batch',
  'code_taken',
  'unknown_region',
  'unknown_owner',
  'unknown_product_line',
] as const;
export type CellErrorCode = (typeof CELL_ERROR_CODES)[number];

/** One invalid cell: `row` is the 0-based index of the row in the request. */
export const cellErrorSchema = z.object({ row: z.number().int().min(0), field: z.string(), code: z.enum(CELL_ERROR_CODES), message: z.string() });
export type CellError = z.infer<typeof cellErrorSchema>;

export const upsertReportSchema = z.object({
  total: z.number().int(),
  validRows: z.number().int(),
  invalidRows: z.number().int(),
  /** At most 1000 errors, in row order. */
  errors: z.array(cellErrorSchema),
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  written: z.boolean(),
});
export type UpsertReport = z.infer<typeof upsertReportSchema>;

/** Zod issues of one field → a cell error code. */
export function cellErrorCode(issue: z.core.$ZodIssue, value: unknown): CellErrorCode {
  const empty = value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
  switch (issue.code) {
    case 'invalid_type':
      if (empty) return 'required';
      if (issue.expected === 'int') return 'not_integer';
      if (issue.expected === 'number') return 'not_a_number';
      return issue.expected === 'boolean' ? 'not_allowed' : 'invalid';
    case 'too_small':
      return issue.origin === 'string' ? 'required' : 'out_of_range';
    case 'too_big':
      return issue.origin === 'string' ? 'too_long' : 'out_of_range';
    case 'invalid_value':
      return empty ? 'required' : 'not_allowed';
    default:
      return 'invalid';
  }
}

/** Checks one value against one field schema: the parsed value, or a cell error (without row). */
export function checkCell<T>(schema: z.ZodType<T>, value: unknown, field: string): { ok: true; value: T } | { ok: false; error: Omit<CellError, 'row'> } {
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0];
  return { ok: false, error: { field, code: issue ? cellErrorCode(issue, value) : 'invalid', message: issue?.message ?? 'invalid' } };
}

/** Text cells: numbers pasted from Excel become text ("1001" for a code). Empty text → null. */
export const asText = (v: CellValue | undefined): string | null | undefined =>
  v === undefined ? undefined : v === null ? null : typeof v === 'string' ? (v.trim() === '' ? null : v.trim()) : String(v);

// ─── Customer card ──────────────────────────────────────────────────────────────────────

export const contactSchema = z.object({ id, name: z.string(), title: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable(), isPrimary: z.boolean() });
export const addressSchema = z.object({
  id,
  kind: z.enum(['billing', 'shipping']),
  province: z.string().nullable(),
  city: z.string().nullable(),
  address: z.string(),
  postcode: z.string().nullable(),
  isDefault: z.boolean(),
});

export const contactInput = z.strictObject({
  name: requiredText(50),
  title: text(50).nullable().optional(),
  phone: text(40).regex(/^[0-9+\-() #]*$/, 'digits, + - ( ) # and spaces only').nullable().optional(),
  email: z.union([z.email().max(120), z.literal('')]).nullable().optional(),
  isPrimary: z.boolean().default(false),
});
export const addressInput = z.strictObject({
  kind: z.enum(['billing', 'shipping']).default('shipping'),
  province: text(30).nullable().optional(),
  city: text(30).nullable().optional(),
  address: requiredText(300),
  postcode: text(12).nullable().optional(),
  isDefault: z.boolean().default(false),
});
export const contactsSaveInput = z.strictObject({ customerId: id, contacts: z.array(contactInput).max(50) });
export const addressesSaveInput = z.strictObject({ customerId: id, addresses: z.array(addressInput).max(50) });

export const customerDetailSchema = customerRowSchema.extend({
  shortName: z.string().nullable(),
  regionId: z.number().int().nullable(),
  ownerId: z.number().int().nullable(),
  notes: z.string().nullable(),
  createdAt: z.string(),
  gradeComputed: z.enum(GRADES).nullable(),
  /** How the computed grade was reached (written by the ABC grading run), as stored. */
  gradeBasis: z.unknown().nullable(),
  tags: z.array(z.string()),
});
export type CustomerDetail = z.infer<typeof customerDetailSchema>;

export const customerCardSchema = z.object({
  customer: customerDetailSchema,
  contacts: z.array(contactSchema),
  addresses: z.array(addressSchema),
  /** Net sales per month (YYYY-MM), the `months` months ending with the as-of month, zeros included. */
  salesByMonth: z.array(z.object({ month: z.string(), amount: z.number().int(), qtyMilli: z.number().int(), lines: z.number().int() })),
  /** Top products by net sales over the trailing 12 months. */
  topProducts: z.array(
    z.object({ productId: z.number().int(), sku: z.string(), name: z.string(), amount: z.number().int(), qtyMilli: z.number().int(), share: z.number().int() }),
  ),
  totals: z.object({ trailing12: z.number().int(), previous12: z.number().int(), allTime: z.number().int(), lastSaleDate: z.string().nullable() }),
  asOf: z.string(),
});
export type CustomerCard = z.infer<typeof customerCardSchema>;

export const customerCardInput = z.strictObject({ id, asOf: isoDate.optional(), months: z.number().int().min(1).max(60).default(24) });

// ─── Products ───────────────────────────────────────────────────────────────────────────

export const productRowSchema = z.object({
  id: z.number().int(),
  sku: z.string(),
  name: z.string(),
  productLineId: z.number().int().nullable(),
  productLineName: z.string().nullable(),
  unit: z.string(),
  listPrice: z.number().int(),
  standardCost: z.number().int(),
  floorPrice: z.number().int().nullable(),
  active: z.boolean(),
  updatedAt: z.string(),
});
export type ProductRow = z.infer<typeof productRowSchema>;
export const PRODUCT_SORTABLE = ['sku', 'name', 'productLineName', 'unit', 'listPrice', 'standardCost', 'floorPrice', 'active', 'updatedAt'] as const;

export const productCreateInput = z.strictObject({
  ...productFields,
  floorPrice: productFields.floorPrice.optional(),
  active: productFields.active.default(true),
  standardCost: productFields.standardCost.default(0),
  productLineId: id.nullable().optional(),
  reason: text(500).optional(),
});
export const productUpdateInput = z.strictObject({
  id,
  sku: productFields.sku.optional(),
  name: productFields.name.optional(),
  unit: productFields.unit.optional(),
  listPrice: productFields.listPrice.optional(),
  standardCost: productFields.standardCost.optional(),
  floorPrice: productFields.floorPrice.optional(),
  active: productFields.active.optional(),
  productLineId: id.nullable().optional(),
  expectedUpdatedAt: isoTimestamp.optional(),
  reason: text(500).optional(),
});

// ─── Regions, product lines ─────────────────────────────────────────────────────────────

export const regionSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  parentId: z.number().int().nullable(),
  parentName: z.string().nullable(),
  customers: z.number().int(),
});
export type Region = z.infer<typeof regionSchema>;
export const regionCreateInput = z.strictObject({ code: codeText(32), name: requiredText(50), parentId: id.nullable().optional() });
export const regionUpdateInput = z.strictObject({ id, code: codeText(32).optional(), name: requiredText(50).optional(), parentId: id.nullable().optional() });

export const productLineSchema = z.object({ id: z.number().int(), code: z.string(), name: z.string(), products: z.number().int() });
export type ProductLine = z.infer<typeof productLineSchema>;
export const productLineCreateInput = z.strictObject({ code: codeText(32), name: requiredText(50) });
export const productLineUpdateInput = z.strictObject({ id, code: codeText(32).optional(), name: requiredText(50).optional() });

// ─── Grid state (per user, per grid) ────────────────────────────────────────────────────

export const gridKey = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, . _ - only');
export const gridColumnState = z.strictObject({
  colId: text(64, 1),
  width: z.number().int().min(20).max(2000).optional(),
  hide: z.boolean().optional(),
  pinned: z.enum(['left', 'right']).nullable().optional(),
  sort: z.enum(['asc', 'desc']).nullable().optional(),
  sortIndex: z.number().int().min(0).max(100).nullable().optional(),
});
export const gridStateSchema = z.strictObject({
  /** In display order. */
  columns: z.array(gridColumnState).max(100),
  filter: z.record(text(64, 1), z.strictObject({ type: z.enum(['contains', 'equals', 'startsWith']), value: text(200) })).default({}),
});
export type GridState = z.infer<typeof gridStateSchema>;
export const gridStateGetInput = z.strictObject({ gridKey });
export const gridStateSaveInput = z.strictObject({ gridKey, state: gridStateSchema });
export const gridStateOutput = z.object({ gridKey: z.string(), state: gridStateSchema.nullable(), updatedAt: z.string().nullable() });

export const productsPage = page(productRowSchema);
