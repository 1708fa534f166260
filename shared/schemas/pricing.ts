/**
 * Price lists, items, the quote with its trace, the price check and approvals, ABC grading.
 * Money is integer 分; quantities cross the boundary as decimal text (or a number) with at most
 * three decimals and are stored as integer thousandths (`*_milli`); rates are basis points.
 */
import { z } from 'zod';
import { basisPoints, centsSchema, id, isoDate, isoTimestamp, page, requiredText, text } from './common';
import { CUSTOMER_TYPES, GRADES } from './customers';

export const PRICE_LIST_KINDS = ['customer', 'grade', 'channel', 'base'] as const;
export type PriceListKind = (typeof PRICE_LIST_KINDS)[number];

/** Quantities up to 999 999 999.999. */
const MAX_QTY_MILLI = 999_999_999_999;

/** "12.5" / 12.5 → 12500 (thousandths), exactly; more than three decimals is refused, not rounded. */
export function decimalToMilli(v: string | number): number | null {
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v.trim();
  const m = /^(\d{1,9})(?:\.(\d{0,3}))?$/.exec(s);
  if (!m) return null;
  const milli = Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0'));
  return Number.isSafeInteger(milli) && milli <= MAX_QTY_MILLI ? milli : null;
}

/** 12500 → "12.5"; integer arithmetic only. */
export function milliToDecimal(milli: number): string {
  const whole = Math.trunc(milli / 1000);
  const frac = String(Math.abs(milli % 1000)).padStart(3, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}

/** A quantity as decimal text or a number, parsed to thousandths. */
export const quantityMilli = (opts: { positive: boolean }) =>
  z
    .union([z.string().max(20), z.number().min(0).max(999_999_999)])
    .transform((v, ctx) => {
      const milli = decimalToMilli(v);
      if (milli === null) {
        ctx.addIssue({ code: 'custom', message: 'expected a quantity with at most 3 decimals' });
        return z.NEVER;
      }
      if (opts.positive && milli === 0) {
        ctx.addIssue({ code: 'custom', message: 'the quantity must be above zero' });
        return z.NEVER;
      }
      return milli;
    });

// ─── Price lists ────────────────────────────────────────────────────────────────────────

export const priceListSchema = z.object({
  id,
  code: z.string(),
  name: z.string(),
  kind: z.enum(PRICE_LIST_KINDS),
  grade: z.enum(GRADES).nullable(),
  channel: z.enum(CUSTOMER_TYPES).nullable(),
  customerId: z.number().int().nullable(),
  customerCode: z.string().nullable(),
  customerName: z.string().nullable(),
  active: z.boolean(),
  notes: z.string().nullable(),
  itemCount: z.number().int().min(0),
  updatedAt: isoTimestamp,
});
export type PriceList = z.infer<typeof priceListSchema>;

export const priceListsListInput = z.strictObject({
  kind: z.enum(PRICE_LIST_KINDS).optional(),
  search: text(100).optional(),
  limit: z.number().int().min(1).max(5000).default(1000),
});

export const priceListCreateInput = z
  .strictObject({
    code: requiredText(32),
    name: requiredText(100),
    kind: z.enum(PRICE_LIST_KINDS),
    grade: z.enum(GRADES).nullable().default(null),
    channel: z.enum(CUSTOMER_TYPES).nullable().default(null),
    customerId: id.nullable().default(null),
    active: z.boolean().default(true),
    notes: text(500).nullable().default(null),
  })
  .superRefine((v, ctx) => {
    const need = { base: null, grade: 'grade', channel: 'channel', customer: 'customerId' } as const;
    for (const field of ['grade', 'channel', 'customerId'] as const) {
      const wanted = need[v.kind] === field;
      if (wanted && v[field] === null) ctx.addIssue({ code: 'custom', path: [field], message: `a ${v.kind} list needs ${field}` });
      if (!wanted && v[field] !== null) ctx.addIssue({ code: 'custom', path: [field], message: `a ${v.kind} list has no ${field}` });
    }
  });

export const priceListUpdateInput = z.strictObject({
  id,
  name: requiredText(100).optional(),
  active: z.boolean().optional(),
  notes: text(500).nullable().optional(),
  reason: text(500).optional(),
});

// ─── Items ──────────────────────────────────────────────────────────────────────────────

export const priceItemSchema = z.object({
  id,
  priceListId: id,
  productId: id,
  sku: z.string(),
  productName: z.string(),
  unit: z.string(),
  minQty: z.string(),
  minQtyMilli: z.number().int().min(0),
  price: centsSchema,
  validFrom: isoDate.nullable(),
  validTo: isoDate.nullable(),
  /** The product's floor (floor_price, else standard cost), for the grid's below-floor mark. */
  floorPrice: centsSchema,
  listPrice: centsSchema,
  updatedAt: isoTimestamp,
});
export type PriceItem = z.infer<typeof priceItemSchema>;

export const PRICE_ITEM_SORTABLE = ['sku', 'productName', 'minQty', 'price', 'validFrom', 'validTo', 'updatedAt'] as const;

export const priceItemsListInput = z.strictObject({
  priceListId: id,
  productId: id.optional(),
  /** SKU or product name, contains. */
  search: text(100).optional(),
  /** Only items valid on this day. */
  validOn: isoDate.optional(),
  sort: z.array(z.strictObject({ colId: z.enum(PRICE_ITEM_SORTABLE), sort: z.enum(['asc', 'desc']) })).max(3).default([]),
  offset: z.number().int().min(0).max(100_000_000).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
});
export const priceItemsPage = page(priceItemSchema);

const validity = <T extends { validFrom: string | null; validTo: string | null }>(v: T, ctx: z.RefinementCtx) => {
  if (v.validFrom !== null && v.validTo !== null && v.validFrom > v.validTo) {
    ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'the validity ends before it starts' });
  }
};

export const priceItemSaveInput = z
  .strictObject({
    /** Absent: a new item. */
    id: id.optional(),
    priceListId: id,
    productId: id,
    minQty: quantityMilli({ positive: false }),
    price: centsSchema.min(1, 'the price must be above zero'),
    validFrom: isoDate.nullable().default(null),
    validTo: isoDate.nullable().default(null),
    /** Required when the price is below the product's floor (and the user holds price.approve_below_floor). */
    reason: text(500).optional(),
  })
  .superRefine(validity);

export const priceItemDeleteInput = z.strictObject({ id, reason: text(500).optional() });

// ─── Quote, check, approval ─────────────────────────────────────────────────────────────

export const ITEM_OUTCOMES = ['taken', 'quantity_below_minimum', 'not_yet_valid', 'expired', 'lower_break'] as const;
export const LIST_OUTCOMES = ['used', 'inactive', 'no_valid_item', 'not_needed'] as const;

export const listTraceSchema = z.object({
  listId: z.number().int(),
  listCode: z.string(),
  listName: z.string(),
  kind: z.enum(PRICE_LIST_KINDS),
  outcome: z.enum(LIST_OUTCOMES),
  items: z.array(
    z.object({
      itemId: z.number().int(),
      minQty: z.string(),
      price: centsSchema,
      validFrom: z.string().nullable(),
      validTo: z.string().nullable(),
      outcome: z.enum(ITEM_OUTCOMES),
    }),
  ),
});
export type ListTrace = z.infer<typeof listTraceSchema>;

export const quoteInput = z.strictObject({
  customerId: id,
  productId: id,
  quantity: quantityMilli({ positive: true }),
  date: isoDate,
});

export const quoteOutput = z.object({
  customer: z.object({ id, code: z.string(), name: z.string(), grade: z.enum(GRADES), type: z.enum(CUSTOMER_TYPES) }),
  product: z.object({ id, sku: z.string(), name: z.string(), unit: z.string(), listPrice: centsSchema, floorPrice: centsSchema }),
  quantity: z.string(),
  date: isoDate,
  found: z.boolean(),
  /** 分 per unit; null when no list has a valid item. */
  price: centsSchema.nullable(),
  /** price × quantity, rounded half-up once. */
  amount: centsSchema.nullable(),
  list: z.object({ id, code: z.string(), name: z.string(), kind: z.enum(PRICE_LIST_KINDS) }).nullable(),
  item: z.object({ id, minQty: z.string(), validFrom: z.string().nullable(), validTo: z.string().nullable() }).nullable(),
  /** Every candidate list, most specific first, and what happened to each of its items. */
  trace: z.array(listTraceSchema),
});
export type Quote = z.infer<typeof quoteOutput>;

export const PRICE_RULES = ['discount_above_authority', 'below_floor'] as const;

export const checkInput = z.strictObject({
  customerId: id,
  productId: id,
  quantity: quantityMilli({ positive: true }),
  date: isoDate,
  /** The net price the user wants to charge, 分 per unit. */
  netPrice: centsSchema.min(0),
});

export const checkOutput = z.object({
  decision: z.enum(['allowed', 'needs_approval']),
  fired: z.array(z.enum(PRICE_RULES)),
  /** Where the resolved price came from: a price list, or the product's list price when no list has one. */
  resolvedFrom: z.enum(['price_list', 'list_price']),
  trace: z.object({
    resolvedPrice: centsSchema,
    netPrice: centsSchema,
    floorPrice: centsSchema,
    discountBp: z.number().int(),
    authorityBp: basisPoints,
    /** The role whose authority applied (the highest of the user's roles). */
    authorityRole: z.string(),
  }),
  quote: quoteOutput,
});

export const approveInput = z.strictObject({
  customerId: id,
  productId: id,
  quantity: quantityMilli({ positive: true }),
  date: isoDate,
  netPrice: centsSchema.min(0),
  /** The user whose line it is (their discount authority is checked); absent: any discount counts. */
  requestedBy: id.optional(),
  reason: requiredText(500),
});

export const approvalSchema = z.object({
  id,
  customerId: id,
  productId: id,
  quantity: z.string(),
  date: isoDate,
  resolvedPrice: centsSchema,
  netPrice: centsSchema,
  floorPrice: centsSchema,
  discountBp: z.number().int(),
  fired: z.array(z.enum(PRICE_RULES)),
  requestedBy: z.number().int().nullable(),
  approvedBy: id,
  approvedByName: z.string(),
  approvedAt: isoTimestamp,
  reason: z.string(),
  consumedAt: isoTimestamp.nullable(),
});
export type Approval = z.infer<typeof approvalSchema>;

// ─── ABC grading ────────────────────────────────────────────────────────────────────────

export const gradeBasisSchema = z.object({
  asOf: isoDate,
  /** Net sales of the customer in the trailing 12 months, 分. */
  sales: centsSchema,
  rank: z.number().int().min(1),
  /** Share of the total held by the customers ranked above, basis points (floored). */
  shareAboveBp: z.number().int().min(0).max(10_000),
  total: centsSchema,
});
export type GradeBasis = z.infer<typeof gradeBasisSchema>;

export const gradingRunInput = z.strictObject({ asOf: isoDate });
export const gradingRunOutput = z.object({
  asOf: isoDate,
  from: isoDate,
  to: isoDate,
  total: centsSchema,
  thresholds: z.object({ a: basisPoints, b: basisPoints }),
  customers: z.number().int(),
  /** Customers whose effective or computed grade changed (each audited). */
  changed: z.number().int(),
  counts: z.object({ A: z.number().int(), B: z.number().int(), C: z.number().int() }),
  manual: z.number().int(),
});

export const setManualInput = z.strictObject({
  customerId: id,
  /** null clears the manual grade: the computed one applies again. */
  grade: z.enum(GRADES).nullable(),
  reason: requiredText(500),
});
export const customerGradeSchema = z.object({
  customerId: id,
  code: z.string(),
  name: z.string(),
  grade: z.enum(GRADES),
  manual: z.boolean(),
  computed: z.enum(GRADES).nullable(),
  basis: gradeBasisSchema.nullable(),
});

export const paretoInput = z.strictObject({
  asOf: isoDate,
  /** How many customers (by rank) to return; the rest are summarised. */
  limit: z.number().int().min(1).max(20_000).default(2000),
});
export const paretoOutput = z.object({
  asOf: isoDate,
  from: isoDate,
  to: isoDate,
  total: centsSchema,
  thresholds: z.object({ a: basisPoints, b: basisPoints }),
  customers: z.number().int(),
  withSales: z.number().int(),
  counts: z.object({ A: z.number().int(), B: z.number().int(), C: z.number().int() }),
  rows: z.array(
    z.object({
      customerId: id,
      code: z.string(),
      name: z.string(),
      sales: centsSchema,
      rank: z.number().int(),
      shareAboveBp: z.number().int(),
      /** Cumulative share including this customer, basis points (floored). */
      cumulativeBp: z.number().int(),
      computed: z.enum(GRADES),
      grade: z.enum(GRADES),
      manual: z.boolean(),
      /** What the last stored run computed (null before the first run). */
      storedComputed: z.enum(GRADES).nullable(),
    }),
  ),
});
export type Pareto = z.infer<typeof paretoOutput>;
