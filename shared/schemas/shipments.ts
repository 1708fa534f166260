/**
 * Shipments, receivables created at shipment, returns and credit notes, contracts with their
 * collection plans and files, distributors' regions (issue #4, DOMAIN.md §4–5).
 * Money in 分 (tax-inclusive), quantities in thousandths (`qtyMilli`), dates ISO.
 */
import { z } from 'zod';
import { id, isoDate, nonNegativeCents, page, requiredText, text } from './common';

const qtyMilli = z.number().int().positive().max(1_000_000_000_000);
const reasonText = requiredText(500);

// ─── Credit evaluation as shipments report it ───────────────────────────────────────────
export const creditEvaluationSchema = z.object({
  decision: z.enum(['pass', 'block']),
  fired: z.array(z.string()),
  trace: z.record(z.string(), z.unknown()),
});

// ─── Receivables ────────────────────────────────────────────────────────────────────────
export const receivableRowSchema = z.object({
  id,
  number: z.string(),
  kind: z.enum(['invoice', 'credit_note', 'opening']),
  date: z.string(),
  dueDate: z.string(),
  amount: z.number().int(),
  balance: z.number().int(),
  status: z.enum(['open', 'partly_paid', 'paid', 'written_off', 'cancelled']),
  /** as-of date − due date when the item is open and past due, else 0. */
  daysOverdue: z.number().int(),
  orderNumber: z.string().nullable(),
  shipmentNumber: z.string().nullable(),
  /** For a credit note: the invoice it reduced. */
  creditsNumber: z.string().nullable(),
});
export type ReceivableRow = z.infer<typeof receivableRowSchema>;

export const receivablesByCustomerInput = z.strictObject({
  customerId: id,
  asOf: isoDate.optional(),
  /** Only items with a balance (default: open and settled). */
  openOnly: z.boolean().default(false),
  limit: z.number().int().min(1).max(1000).default(200),
});
export const receivablesByCustomerOutput = z.object({
  rows: z.array(receivableRowSchema),
  totals: z.object({
    /** Σ open invoice balances. */
    openInvoices: z.number().int(),
    /** Σ open credit-note balances (customer credit waiting for allocation). */
    openCredits: z.number().int(),
    /** openInvoices − openCredits. */
    net: z.number().int(),
    overdue: z.number().int(),
  }),
  asOf: z.string(),
});

// ─── Shipments ──────────────────────────────────────────────────────────────────────────
export const shipmentLineSchema = z.object({
  id,
  orderLineId: id,
  lineNo: z.number().int(),
  productId: id,
  sku: z.string(),
  productName: z.string(),
  unit: z.string(),
  qtyMilli: z.number().int(),
  returnedQtyMilli: z.number().int(),
  amount: z.number().int(),
  taxAmount: z.number().int(),
});
export const shipmentRowSchema = z.object({
  id,
  number: z.string(),
  orderId: id,
  orderNumber: z.string(),
  customerId: id,
  customerCode: z.string(),
  customerName: z.string(),
  date: z.string(),
  status: z.enum(['posted', 'cancelled']),
  shipToRegionId: id.nullable(),
  shipToRegionName: z.string().nullable(),
  crossRegion: z.boolean(),
  amount: z.number().int(),
  taxAmount: z.number().int(),
  receivableId: id.nullable(),
  receivableNumber: z.string().nullable(),
  receivableBalance: z.number().int().nullable(),
});
export type ShipmentRow = z.infer<typeof shipmentRowSchema>;
export const returnRowSchema = z.object({
  id,
  number: z.string(),
  shipmentId: id,
  date: z.string(),
  reason: z.string(),
  amount: z.number().int(),
  creditNoteId: id.nullable(),
  creditNoteNumber: z.string().nullable(),
});
export const shipmentDetailSchema = shipmentRowSchema.extend({
  lines: z.array(shipmentLineSchema),
  returns: z.array(returnRowSchema),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
});
export type ShipmentDetail = z.infer<typeof shipmentDetailSchema>;

export const shipmentCreateInput = z.strictObject({
  orderId: id,
  /** The customer the caller believes the order belongs to (a shipment for another customer's order is refused). */
  customerId: id,
  date: isoDate,
  /** Defaults to the order's ship-to region. */
  shipToRegionId: id.nullable().optional(),
  lines: z.array(z.strictObject({ orderLineId: id, qtyMilli })).min(1).max(1000),
  /** Release a credit block (needs credit.override). */
  override: z.strictObject({ reason: reasonText }).optional(),
});
export const shipmentCreateOutput = z.discriminatedUnion('status', [
  z.object({ status: z.literal('posted'), shipment: shipmentDetailSchema, receivable: receivableRowSchema, credit: creditEvaluationSchema }),
  z.object({ status: z.literal('blocked'), credit: creditEvaluationSchema }),
]);
export const shipmentCancelInput = z.strictObject({ id, reason: reasonText });
export const shipmentsListInput = z.strictObject({
  customerId: id.optional(),
  orderId: id.optional(),
  status: z.enum(['posted', 'cancelled']).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  search: text(60).optional(),
  offset: z.number().int().min(0).max(100_000_000).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
});
export const shipmentsPage = page(shipmentRowSchema);

/** What is left to ship per line of an order (the ship dialog's source). */
export const shippableInput = z.strictObject({ orderId: id });
export const shippableOutput = z.object({
  orderId: id,
  orderNumber: z.string(),
  customerId: id,
  customerName: z.string(),
  status: z.string(),
  shipToRegionId: id.nullable(),
  amount: z.number().int(),
  shippedAmount: z.number().int(),
  lines: z.array(
    z.object({
      orderLineId: id,
      lineNo: z.number().int(),
      sku: z.string(),
      productName: z.string(),
      unit: z.string(),
      qtyMilli: z.number().int(),
      shippedQtyMilli: z.number().int(),
      leftQtyMilli: z.number().int(),
      amount: z.number().int(),
    }),
  ),
});

/** Orders that can be shipped (confirmed or partly shipped), for the ship dialog's picker. */
export const openOrdersInput = z.strictObject({ customerId: id.optional(), search: text(60).optional(), limit: z.number().int().min(1).max(200).default(50) });
export const openOrdersOutput = z.array(
  z.object({
    id,
    number: z.string(),
    customerId: id,
    customerName: z.string(),
    orderDate: z.string(),
    status: z.string(),
    amount: z.number().int(),
    shippedAmount: z.number().int(),
  }),
);

// ─── Returns ────────────────────────────────────────────────────────────────────────────
export const returnCreateInput = z.strictObject({
  shipmentId: id,
  date: isoDate,
  reason: reasonText,
  lines: z.array(z.strictObject({ shipmentLineId: id, qtyMilli })).min(1).max(1000),
});
export const returnCreateOutput = z.object({
  return: returnRowSchema,
  creditNote: receivableRowSchema,
  /** How much of the credit note reduced the shipment's invoice; the rest stays open as customer credit. */
  appliedToInvoice: nonNegativeCents,
});

// ─── Contracts ──────────────────────────────────────────────────────────────────────────
export const CONTRACT_STATUSES = ['draft', 'active', 'completed', 'terminated'] as const;
export const MAX_CONTRACT_FILE_BYTES = 20 * 1024 * 1024;

export const instalmentSchema = z.object({ seq: z.number().int(), dueDate: z.string(), amount: z.number().int(), note: z.string().nullable() });
export const contractFileMetaSchema = z.object({
  id,
  fileName: z.string(),
  mime: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  uploadedAt: z.string(),
});
export const contractRowSchema = z.object({
  id,
  number: z.string(),
  customerId: id,
  customerCode: z.string(),
  customerName: z.string(),
  title: z.string().nullable(),
  signedOn: z.string(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  amount: z.number().int(),
  paymentTermsDays: z.number().int(),
  status: z.enum(CONTRACT_STATUSES),
  plannedTotal: z.number().int(),
  files: z.number().int(),
});
export const contractDetailSchema = contractRowSchema.extend({
  notes: z.string().nullable(),
  instalments: z.array(instalmentSchema),
  fileList: z.array(contractFileMetaSchema),
  updatedAt: z.string(),
});
export const contractsListInput = z.strictObject({
  customerId: id.optional(),
  status: z.enum(CONTRACT_STATUSES).optional(),
  search: text(60).optional(),
  offset: z.number().int().min(0).max(100_000_000).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
});
export const contractsPage = page(contractRowSchema);
export const contractSaveInput = z.strictObject({
  /** Absent: a new contract. */
  id: id.optional(),
  customerId: id,
  /** Absent on a new contract: numbered by the 'contract' sequence (HT-2026-00001). */
  number: text(40, 1).optional(),
  title: text(200).nullable().optional(),
  signedOn: isoDate,
  startsOn: isoDate,
  endsOn: isoDate.nullable().optional(),
  amount: nonNegativeCents,
  paymentTermsDays: z.number().int().min(0).max(3650),
  status: z.enum(CONTRACT_STATUSES).default('active'),
  notes: text(2000).nullable().optional(),
  instalments: z
    .array(z.strictObject({ dueDate: isoDate, amount: z.number().int().positive().max(Number.MAX_SAFE_INTEGER), note: text(200).nullable().optional() }))
    .max(120)
    .default([]),
});
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
export const contractAttachInput = z
  .strictObject({
    contractId: id,
    fileName: requiredText(200),
    mime: text(100).default('application/octet-stream'),
    /** Byte length of the file; must match the decoded content. */
    size: z.number().int().min(0).max(MAX_CONTRACT_FILE_BYTES),
    contentBase64: z.string().max(Math.ceil(MAX_CONTRACT_FILE_BYTES / 3) * 4 + 4).regex(BASE64, 'not base64'),
  })
  .superRefine((v, ctx) => {
    const s = v.contentBase64;
    const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
    const bytes = s.length % 4 === 0 ? (s.length / 4) * 3 - pad : -1;
    if (bytes !== v.size) ctx.addIssue({ code: 'custom', path: ['contentBase64'], message: 'content does not match the declared size' });
  });
export const contractFileInput = z.strictObject({ fileId: id });
export const contractFileOutput = contractFileMetaSchema.extend({ contractId: id, contentBase64: z.string() });

// ─── Distributors ───────────────────────────────────────────────────────────────────────
export const distributorRegionsInput = z.strictObject({ customerId: id, regionIds: z.array(id).max(500) });
export const distributorRegionsOutput = z.object({
  customerId: id,
  regions: z.array(z.object({ id, code: z.string(), name: z.string() })),
});
export const crossRegionListInput = z.strictObject({
  from: isoDate.optional(),
  to: isoDate.optional(),
  offset: z.number().int().min(0).max(100_000_000).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
});
export const crossRegionRowSchema = shipmentRowSchema.extend({ assignedRegions: z.array(z.string()), ownerName: z.string().nullable() });
export const crossRegionPage = page(crossRegionRowSchema);

// ─── Customer card: activity ────────────────────────────────────────────────────────────
export const cardActivityInput = z.strictObject({ id, asOf: isoDate.optional() });
export const cardActivityOutput = z.object({
  asOf: z.string(),
  orders: z.array(
    z.object({
      id,
      number: z.string(),
      orderDate: z.string(),
      status: z.string(),
      amount: z.number().int(),
      shippedAmount: z.number().int(),
    }),
  ),
  openShipments: z.array(shipmentRowSchema),
  receivables: z.array(receivableRowSchema),
  totals: receivablesByCustomerOutput.shape.totals,
  credit: z.object({
    limit: z.number().int(),
    tempLimit: z.number().int().nullable(),
    tempExpires: z.string().nullable(),
    limitInForce: z.number().int(),
    openReceivables: z.number().int(),
    unshippedOrders: z.number().int(),
    exposure: z.number().int(),
    available: z.number().int(),
    status: z.enum(['normal', 'hold']),
    /** The standing decision of the credit rules as of the date (no new order), and the rules that fire. */
    decision: z.enum(['pass', 'block']),
    fired: z.array(z.string()),
  }),
  contracts: z.array(contractRowSchema),
  distributorRegions: z.array(z.string()),
});
