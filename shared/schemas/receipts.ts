/**
 * Issue #5 receipts 收款, allocation 核销, write-offs 坏账/尾差核销 and the ledger check
 * (docs/receivables.md, docs/receivables-receipts.md). Money in integer 分, dates ISO.
 */
import { z } from 'zod';
import { id, isoDate, requiredText, text } from './common';

/** A positive amount of 分: floats, zero and negatives are refused before any handler runs. */
export const positiveCents = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const reason = requiredText(500);

export const RECEIPT_METHODS = ['bank_transfer', 'cash', 'acceptance_bill', 'other'] as const;
export const receiptMethod = z.enum(RECEIPT_METHODS);
export type ReceiptMethodName = z.infer<typeof receiptMethod>;

// ─── Allocation requests ────────────────────────────────────────────────────────────────
export const allocationLineInput = z.strictObject({ receivableId: id, amount: positiveCents });
export const allocationRequest = z.strictObject({
  /** fifo: oldest due first over the customer's open items; manual: exactly `lines`. */
  mode: z.enum(['fifo', 'manual']),
  lines: z.array(allocationLineInput).max(10_000).optional(),
  /** Close each touched item's remainder ≤ settings.writeOffTolerance with a 尾差 write-off. */
  writeOffDifference: z.boolean().default(false),
});
export type AllocationRequest = z.infer<typeof allocationRequest>;

export const sourceRef = z.strictObject({ kind: z.enum(['receipt', 'credit_note']), id });

// ─── Rows ───────────────────────────────────────────────────────────────────────────────
export const receiptRowSchema = z.object({
  id,
  number: z.string(),
  customerId: id,
  customerCode: z.string(),
  customerName: z.string(),
  date: z.string(),
  amount: z.number().int(),
  unallocated: z.number().int(),
  method: receiptMethod,
  billNumber: z.string().nullable(),
  billMaturityDate: z.string().nullable(),
  reference: z.string().nullable(),
  payerName: z.string().nullable(),
  notes: z.string().nullable(),
  status: z.enum(['posted', 'reversed']),
  reversedOn: z.string().nullable(),
  reverseReason: z.string().nullable(),
  bankLineId: id.nullable(),
});
export type ReceiptRow = z.infer<typeof receiptRowSchema>;

export const allocationRowSchema = z.object({
  id,
  date: z.string(),
  amount: z.number().int(),
  reversedOn: z.string().nullable(),
  source: z.enum(['receipt', 'credit_note', 'write_off']),
  sourceId: id,
  sourceNumber: z.string(),
  receivableId: id,
  receivableNumber: z.string(),
});
export type AllocationRow = z.infer<typeof allocationRowSchema>;

export const writeOffRowSchema = z.object({
  id,
  number: z.string(),
  customerId: id,
  customerCode: z.string(),
  customerName: z.string(),
  receivableId: id,
  receivableNumber: z.string(),
  kind: z.enum(['bad_debt', 'small_difference']),
  date: z.string(),
  amount: z.number().int(),
  reason: z.string(),
  receiptId: id.nullable(),
  receiptNumber: z.string().nullable(),
  reversedOn: z.string().nullable(),
  reverseReason: z.string().nullable(),
});
export type WriteOffRow = z.infer<typeof writeOffRowSchema>;

export const receiptDetailSchema = receiptRowSchema.extend({
  allocations: z.array(allocationRowSchema),
  writeOffs: z.array(writeOffRowSchema),
});
export type ReceiptDetail = z.infer<typeof receiptDetailSchema>;

export const allocationResultSchema = z.object({
  allocated: z.number().int(),
  allocations: z.array(allocationRowSchema),
  writeOffs: z.array(writeOffRowSchema),
  /** What is left on the source after this allocation (customer credit 预收). */
  sourceRemaining: z.number().int(),
});

// ─── Inputs ─────────────────────────────────────────────────────────────────────────────
export const receiptCreateInput = z.strictObject({
  customerId: id,
  date: isoDate,
  amount: positiveCents,
  method: receiptMethod,
  /** Acceptance bill 承兑汇票: its number and maturity date (≥ the receipt date, required). */
  billNumber: text(60).optional(),
  billMaturityDate: isoDate.optional(),
  reference: text(200).optional(),
  payerName: text(200).optional(),
  notes: text(500).optional(),
  /** Allocate at once; omitted = later (the whole amount stays as customer credit 预收). */
  allocate: allocationRequest.optional(),
});
export const receiptCreateOutput = z.object({ receipt: receiptDetailSchema, allocation: allocationResultSchema.nullable() });

export const receiptAllocateInput = z.strictObject({
  source: sourceRef,
  mode: z.enum(['fifo', 'manual']),
  lines: z.array(allocationLineInput).max(10_000).optional(),
  writeOffDifference: z.boolean().default(false),
});

export const receiptReverseInput = z.strictObject({ id, date: isoDate.optional(), reason });
export const allocationsReverseInput = z.strictObject({ ids: z.array(id).min(1).max(10_000), date: isoDate.optional(), reason });
export const allocationsReverseOutput = z.object({ count: z.number().int(), reversed: z.number().int(), customerId: id });

export const writeOffCreateInput = z.strictObject({ receivableId: id, amount: positiveCents, date: isoDate, reason });
export const writeOffReverseInput = z.strictObject({ id, date: isoDate.optional(), reason });
export const writeOffsListInput = z.strictObject({
  customerId: id.optional(),
  kind: z.enum(['bad_debt', 'small_difference']).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  includeReversed: z.boolean().default(true),
  offset: z.number().int().min(0).max(100_000_000).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
});
export const writeOffsPage = z.object({ rows: z.array(writeOffRowSchema), total: z.number().int().min(0) });

export const RECEIPT_SORTABLE = ['number', 'date', 'customerName', 'method', 'amount', 'unallocated', 'status'] as const;
export const receiptsListInput = z.strictObject({
  customerId: id.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  method: receiptMethod.optional(),
  status: z.enum(['posted', 'reversed']).optional(),
  unallocatedOnly: z.boolean().default(false),
  /** Receipt number, reference, payer name, customer code or name. */
  search: text(60).optional(),
  sort: z.strictObject({ colId: z.enum(RECEIPT_SORTABLE), sort: z.enum(['asc', 'desc']) }).optional(),
  offset: z.number().int().min(0).max(100_000_000).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
});
export const receiptsPage = z.object({ rows: z.array(receiptRowSchema), total: z.number().int().min(0) });

// ─── Allocation workbench ───────────────────────────────────────────────────────────────
export const openItemsInput = z.strictObject({ customerId: id, asOf: isoDate.optional() });
export const openDebitSchema = z.object({
  id,
  number: z.string(),
  kind: z.enum(['invoice', 'opening']),
  date: z.string(),
  dueDate: z.string(),
  amount: z.number().int(),
  balance: z.number().int(),
  /** as-of − due date when positive, else 0. */
  daysOverdue: z.number().int(),
});
export type OpenDebit = z.infer<typeof openDebitSchema>;
export const openCreditSchema = z.object({
  kind: z.enum(['receipt', 'credit_note']),
  id,
  number: z.string(),
  date: z.string(),
  amount: z.number().int(),
  available: z.number().int(),
  method: receiptMethod.nullable(),
  reference: z.string().nullable(),
});
export type OpenCredit = z.infer<typeof openCreditSchema>;
export const openItemsOutput = z.object({
  customer: z.object({ id, code: z.string(), name: z.string() }),
  asOf: z.string(),
  items: z.array(openDebitSchema),
  credits: z.array(openCreditSchema),
  totals: z.object({ open: z.number().int(), overdue: z.number().int(), available: z.number().int() }),
  /** settings.writeOffTolerance (分), shown next to the 尾差核销 checkbox. */
  tolerance: z.number().int(),
});

// ─── Verify ─────────────────────────────────────────────────────────────────────────────
export const VERIFY_IDENTITIES = ['item', 'item_range', 'receipt', 'reversed_receipt', 'credit_note', 'write_off', 'customer'] as const;
export const verifyInput = z.strictObject({ customerId: id.optional() });
export const verifyFailureSchema = z.object({
  identity: z.enum(VERIFY_IDENTITIES),
  customerId: id,
  customerCode: z.string(),
  customerName: z.string(),
  /** The document's number, null for the customer-level identity. */
  document: z.string().nullable(),
  expected: z.number().int(),
  actual: z.number().int(),
});
export type VerifyFailure = z.infer<typeof verifyFailureSchema>;
export const verifyOutput = z.object({
  ok: z.boolean(),
  customers: z.number().int(),
  failures: z.array(verifyFailureSchema),
  /** More failures existed than are listed (the list is capped). */
  truncated: z.boolean(),
  elapsedMs: z.number().int(),
});
