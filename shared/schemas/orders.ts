/**
 * Sales orders (DOMAIN.md §4): drafts with their lines, the lifecycle transitions and the
 * product search of the line editor. Prices and amounts are tax-inclusive integer 分; quantities
 * cross the boundary as decimal text and are stored as thousandths; rates are basis points.
 */
import { z } from 'zod';
import { basisPoints, centsSchema, id, isoDate, isoTimestamp, page, pageRequest, requiredText, text } from './common';
import { type CreditEvaluationData, creditEvaluationSchema } from './credit';
import { quantityMilli } from './pricing';

export const ORDER_STATUSES = ['draft', 'confirmed', 'partly_shipped', 'shipped', 'invoiced', 'closed', 'cancelled'] as const;
export type OrderStatusCode = (typeof ORDER_STATUSES)[number];

export const ORDER_SORTABLE = ['number', 'orderDate', 'customerCode', 'customerName', 'status', 'amount', 'shippedAmount', 'repName', 'updatedAt'] as const;
export const ORDER_FILTERABLE = ['number', 'customerCode', 'customerName', 'status', 'orderDate', 'repName'] as const;

export const ordersListInput = pageRequest;

export const orderRowSchema = z.object({
  id,
  number: z.string(),
  customerId: id,
  customerCode: z.string(),
  customerName: z.string(),
  status: z.enum(ORDER_STATUSES),
  orderDate: isoDate,
  amount: centsSchema,
  taxAmount: centsSchema,
  shippedAmount: centsSchema,
  lineCount: z.number().int().min(0),
  repName: z.string().nullable(),
  version: z.number().int(),
  updatedAt: isoTimestamp,
});
export type OrderRow = z.infer<typeof orderRowSchema>;
export const ordersPage = page(orderRowSchema);

/** One line as the editor sends it. Without netPrice/discountBp the resolved price applies. */
export const orderLineInput = z
  .strictObject({
    productId: id,
    quantity: quantityMilli({ positive: true }),
    /** A net price the user typed (分 per unit, tax-inclusive); wins over discountBp. */
    netPrice: centsSchema.min(0).nullable().default(null),
    /** A discount off the resolved price in basis points. */
    discountBp: basisPoints.nullable().default(null),
    taxRateBp: basisPoints.default(1300),
    /** A price approval (pricing.approve) for a line beyond the user's authority or below floor. */
    priceApprovalId: id.nullable().default(null),
  });

export const saveDraftInput = z.strictObject({
  /** Absent: a new draft. */
  id: id.optional(),
  /** The version read; a stale one is refused with CONFLICT. Required with id. */
  version: z.number().int().min(1).max(1_000_000_000).optional(),
  customerId: id,
  orderDate: isoDate,
  contractId: id.nullable().default(null),
  shipToRegionId: id.nullable().default(null),
  shipToAddress: text(300).nullable().default(null),
  notes: text(1000).nullable().default(null),
  lines: z.array(orderLineInput).max(1000).default([]),
});

export const PRICE_SOURCES = ['price_list', 'list_price', 'manual'] as const;

export const orderLineSchema = z.object({
  id,
  lineNo: z.number().int(),
  productId: id,
  sku: z.string(),
  productName: z.string(),
  unit: z.string(),
  productActive: z.boolean(),
  quantity: z.string(),
  qtyMilli: z.number().int(),
  listPrice: centsSchema,
  resolvedPrice: centsSchema,
  priceListId: z.number().int().nullable(),
  priceListCode: z.string().nullable(),
  discountBp: z.number().int(),
  netPrice: centsSchema,
  taxRateBp: basisPoints,
  amount: centsSchema,
  taxAmount: centsSchema,
  shippedQuantity: z.string(),
  priceApprovalId: z.number().int().nullable(),
});
export type OrderLine = z.infer<typeof orderLineSchema>;

/** A credit decision with its trace, as the credit engine returns it (schema owned by the credit work). */
export { creditEvaluationSchema };
export type { CreditEvaluationData };

export const orderDetailSchema = orderRowSchema.extend({
  contractId: z.number().int().nullable(),
  shipToRegionId: z.number().int().nullable(),
  shipToAddress: z.string().nullable(),
  notes: z.string().nullable(),
  customerOwnerId: z.number().int().nullable(),
  confirmedAt: isoTimestamp.nullable(),
  confirmedByName: z.string().nullable(),
  closedAt: isoTimestamp.nullable(),
  cancelledAt: isoTimestamp.nullable(),
  cancelReason: z.string().nullable(),
  createdAt: isoTimestamp,
  lines: z.array(orderLineSchema),
  shipments: z.array(z.object({ id, number: z.string(), date: isoDate, status: z.string(), amount: centsSchema })),
  /** The live credit position for what is still open of this order (orders.get only; null once closed or cancelled). */
  credit: creditEvaluationSchema.nullable(),
});
export type OrderDetail = z.infer<typeof orderDetailSchema>;

export const orderGetInput = z.strictObject({ id });

const override = z.strictObject({ reason: requiredText(500) });

export const confirmInput = z.strictObject({
  id,
  version: z.number().int().min(1).max(1_000_000_000).optional(),
  /** Release a credit block (needs credit.override); the reason is logged. */
  override: override.optional(),
});
export const reopenInput = confirmInput;

/** A rule outcome is data: a blocked confirmation succeeds as a call and changes nothing. */
export const transitionOutput = z.discriminatedUnion('status', [
  z.object({ status: z.literal('done'), order: orderDetailSchema, credit: creditEvaluationSchema.nullable(), overrideId: z.number().int().nullable() }),
  z.object({ status: z.literal('blocked'), credit: creditEvaluationSchema }),
]);
export type TransitionOutput = z.infer<typeof transitionOutput>;

export const cancelInput = z.strictObject({
  id,
  version: z.number().int().min(1).max(1_000_000_000).optional(),
  reason: requiredText(500),
});
export const closeInput = z.strictObject({
  id,
  version: z.number().int().min(1).max(1_000_000_000).optional(),
  reason: text(500).optional(),
});

export const searchProductsInput = z.strictObject({
  /** SKU, name or pinyin initials (e.g. "kkkl" finds 可口可乐). */
  search: text(50),
  limit: z.number().int().min(1).max(100).default(20),
  includeInactive: z.boolean().default(false),
});
export const productHitSchema = z.object({
  id,
  sku: z.string(),
  name: z.string(),
  unit: z.string(),
  listPrice: centsSchema,
  active: z.boolean(),
  initials: z.string(),
});
export type ProductHit = z.infer<typeof productHitSchema>;
