/**
 * Aging 账龄分析 as of any date (issue #5 item 4, DOMAIN.md §5). Money in 分, dates ISO.
 * Buckets come from settings.agingBuckets (upper bounds in days past due): bounds [30,60,90,180]
 * give 6 buckets — 0 = not yet due (≤ 0 days), 1 = 1–30, …, 5 = >180. The renderer builds the
 * labels from the bounds. Σ buckets = total open balance, always.
 */
import { z } from 'zod';
import { centsSchema, id, isoDate, text } from './common';

export const agingGroupBy = z.enum(['customer', 'rep', 'region']);
export type AgingGroupBy = z.infer<typeof agingGroupBy>;

/** Which customers count (all optional; a rep is always limited to their own customers). */
const agingFilters = {
  /** This region and its sub-regions. */
  regionId: id.optional(),
  /** Customers owned by this user (customers.owner_id). */
  repId: id.optional(),
  customerId: id.optional(),
  /** Part of the customer's code or name. */
  search: text(100).optional(),
};

export const agingSortKey = z
  .string()
  .max(16)
  .regex(/^(name|code|total|overdue|unapplied|net|b\d{1,2})$/, 'name, code, total, overdue, unapplied, net or b0…b11');

export const agingReportInput = z.strictObject({
  /** Default: today. */
  asOf: isoDate.optional(),
  groupBy: agingGroupBy.default('customer'),
  ...agingFilters,
  sortBy: agingSortKey.default('total'),
  sortDir: z.enum(['asc', 'desc']).default('desc'),
  offset: z.number().int().min(0).max(1_000_000).default(0),
  /** Top N rows (after sorting); the grand totals always cover every row. */
  limit: z.number().int().min(1).max(20_000).default(500),
});
export type AgingReportInput = z.infer<typeof agingReportInput>;

const amounts = {
  /** One amount per bucket, bucket 0 = not yet due; Σ = total. */
  buckets: z.array(centsSchema),
  /** Open balance of the debit items (invoices, opening balances) as of the date. */
  total: centsSchema,
  /** The part of total past due (every bucket but 0). */
  overdue: centsSchema,
  /** Receipts and credit notes not yet allocated as of the date (预收 / 红字余额). */
  unapplied: centsSchema,
  /** total − unapplied. */
  net: centsSchema,
};

export const agingRowSchema = z.object({
  /** Customer, rep (user) or region id; null = 未分配 (no rep / no region). */
  key: id.nullable(),
  code: z.string().nullable(),
  name: z.string().nullable(),
  /** Customers in the row (1 when grouped by customer). */
  customers: z.number().int().min(0),
  ...amounts,
});
export type AgingRow = z.infer<typeof agingRowSchema>;

export const agingReportOutput = z.object({
  asOf: z.string(),
  groupBy: agingGroupBy,
  /** settings.agingBuckets at the time of the call. */
  bounds: z.array(z.number().int()),
  /** 'current' when nothing is dated after the as-of date (current balances are the answer), else 'replay'. */
  method: z.enum(['current', 'replay']),
  rows: z.array(agingRowSchema),
  /** Rows before paging. */
  rowCount: z.number().int().min(0),
  totals: z.object({ customers: z.number().int().min(0), ...amounts }),
});
export type AgingReport = z.infer<typeof agingReportOutput>;

export const agingItemsInput = z.strictObject({
  asOf: isoDate.optional(),
  groupBy: agingGroupBy.default('customer'),
  /** The row clicked (its key; null = 未分配); omitted = every row (the totals row). */
  key: id.nullable().optional(),
  /** The bucket clicked; omitted = every bucket. */
  bucket: z.number().int().min(0).max(11).optional(),
  /** Only past-due items (the overdue column). */
  overdueOnly: z.boolean().default(false),
  ...agingFilters,
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(5_000).default(1_000),
});
export type AgingItemsInput = z.infer<typeof agingItemsInput>;

export const agingItemSchema = z.object({
  id,
  number: z.string(),
  kind: z.enum(['invoice', 'opening']),
  customerId: id,
  customerCode: z.string(),
  customerName: z.string(),
  date: z.string(),
  dueDate: z.string(),
  /** as-of − due date; ≤ 0 = not yet due. */
  daysPastDue: z.number().int(),
  amount: centsSchema,
  /** Balance as of the date. */
  balance: centsSchema,
  bucket: z.number().int().min(0),
});
export type AgingItem = z.infer<typeof agingItemSchema>;

export const agingItemsOutput = z.object({
  asOf: z.string(),
  bounds: z.array(z.number().int()),
  rows: z.array(agingItemSchema),
  /** Items before paging and their balance. */
  total: z.number().int().min(0),
  sum: centsSchema,
});
