/**
 * Sales analysis over the one sales fact (sales_facts): every figure is a sum of net_amount (分)
 * over fact lines, grouped by a dimension; every chart cell has a filter that `analysis.rows`
 * pages through (the drill-down).
 */
import { z } from 'zod';
import { centsSchema, id, isoDate, page } from './common';

const year = z.number().int().min(1900).max(2999);
const month = z.number().int().min(1).max(12);

/** The filter of a chart cell; every field narrows. regionId is a top-level region (its sub-regions included); 0 = no region. */
export const factFilterSchema = z.strictObject({
  from: isoDate.optional(),
  to: isoDate.optional(),
  year: year.optional(),
  month: month.optional(),
  regionId: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  customerId: id.optional(),
  productId: id.optional(),
  productLineId: id.optional(),
});
export type FactFilter = z.infer<typeof factFilterSchema>;

export const regionYearInput = z.strictObject({ fromYear: year.optional(), toYear: year.optional() });
export const regionYearOutput = z.object({
  years: z.array(z.number().int()),
  regions: z.array(z.object({ regionId: z.number().int(), name: z.string() })),
  /** One cell per region and year that has sales. regionId 0 = facts without a region. */
  cells: z.array(z.object({ regionId: z.number().int(), year: z.number().int(), netAmount: centsSchema, lines: z.number().int() })),
  total: centsSchema,
});

export const monthlyInput = z.strictObject({ year, regionId: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional() });
export const monthlyOutput = z.object({
  year: z.number().int(),
  months: z.array(z.object({ month: z.number().int(), netAmount: centsSchema, lines: z.number().int() })),
  total: centsSchema,
});

export const topInput = z.strictObject({
  from: isoDate,
  to: isoDate,
  limit: z.number().int().min(1).max(500).default(20),
});
export const topCustomersOutput = z.object({
  total: centsSchema,
  rows: z.array(
    z.object({ customerId: id, code: z.string(), name: z.string(), regionName: z.string().nullable(), grade: z.string(), netAmount: centsSchema, lines: z.number().int(), shareBp: z.number().int() }),
  ),
});
export const topProductsOutput = z.object({
  total: centsSchema,
  rows: z.array(
    z.object({ productId: id, sku: z.string(), name: z.string(), productLine: z.string().nullable(), qty: z.string(), netAmount: centsSchema, lines: z.number().int(), shareBp: z.number().int() }),
  ),
});

export const YOY_DIMENSIONS = ['month', 'region', 'productLine'] as const;
export const yoyInput = z.strictObject({ year, dimension: z.enum(YOY_DIMENSIONS).default('month') });
export const yoyOutput = z.object({
  year: z.number().int(),
  dimension: z.enum(YOY_DIMENSIONS),
  rows: z.array(
    z.object({
      /** Month number, region id or product line id (0 = none). */
      key: z.number().int(),
      label: z.string(),
      current: centsSchema,
      previous: centsSchema,
      /** (current − previous) / previous in basis points, rounded half-up; null when previous is 0. */
      changeBp: z.number().int().nullable(),
    }),
  ),
  current: centsSchema,
  previous: centsSchema,
  changeBp: z.number().int().nullable(),
});

export const factRowsInput = z.strictObject({
  filter: factFilterSchema.default({}),
  offset: z.number().int().min(0).max(100_000_000).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
});
export const factRowSchema = z.object({
  id,
  date: isoDate,
  customerId: id,
  customerCode: z.string(),
  customerName: z.string(),
  sku: z.string(),
  productName: z.string(),
  regionName: z.string().nullable(),
  repName: z.string().nullable(),
  qty: z.string(),
  netAmount: centsSchema,
  discountAmount: centsSchema,
  sourceType: z.string(),
  sourceRef: z.string(),
});
export const factRowsOutput = page(factRowSchema).extend({ netAmount: centsSchema });
