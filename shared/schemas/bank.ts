/**
 * Bank statement import and matching 银行对账 (issue #5, item 3): wire schemas. Files travel as
 * base64 (≤ 20 MB) on parse and again on import, so nothing stays in main between the steps.
 */
import { z } from 'zod';
import { centsSchema, id, requiredText, text } from './common';

export const MAX_BANK_FILE_BYTES = 20 * 1024 * 1024;

/** The columns of a statement the import understands, in the order the mapping step shows them. */
export const BANK_FIELDS = ['date', 'credit', 'debit', 'amount', 'payerName', 'payerAccount', 'memo', 'reference', 'serial', 'account'] as const;
export type BankField = (typeof BANK_FIELDS)[number];

/** Field → header text of the file ('' or absent = not mapped). */
export const bankMapping = z.strictObject(Object.fromEntries(BANK_FIELDS.map((f) => [f, text(100).optional()])) as Record<BankField, z.ZodOptional<ReturnType<typeof text>>>);
export type BankMapping = Partial<Record<BankField, string>>;

const base64 = z
  .string()
  .min(1)
  .max(Math.ceil(MAX_BANK_FILE_BYTES / 3) * 4 + 4)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64');

export const bankFileInput = z.strictObject({ fileName: requiredText(200), contentBase64: base64 });

export const bankParseOutput = z.object({
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx']),
  encoding: z.string().nullable(),
  sha256: z.string(),
  sheet: z.string(),
  headers: z.array(z.string()),
  rowCount: z.number().int(),
  firstRows: z.array(z.array(z.string())),
  mapping: bankMapping,
  /** The preset whose headers the file has, if any. */
  preset: z.string().nullable(),
  /** When this very file (same SHA-256) was imported before. */
  importedBefore: z.object({ importId: id, importedAt: z.string() }).nullable(),
});

export const bankPresetSchema = z.object({ id: id.nullable(), name: z.string(), builtin: z.boolean(), mapping: bankMapping });
export type BankPreset = z.infer<typeof bankPresetSchema>;
export const bankSavePresetInput = z.strictObject({ name: requiredText(50), mapping: bankMapping });

export const bankImportInput = bankFileInput.extend({
  mapping: bankMapping,
  /** Our own account number, used in fingerprints when the file has no account column. */
  account: text(60).optional(),
  /** The bank (preset name) the file came from, for the list of imports. */
  bank: text(50).optional(),
});

const rowIssue = z.object({ row: z.number().int(), field: z.string(), code: z.string(), message: z.string() });
export const bankImportSummary = z.object({
  /** null when nothing was new (nothing written). */
  importId: id.nullable(),
  fileName: z.string(),
  rows: z.number().int(),
  newLines: z.number().int(),
  proposed: z.number().int(),
  outgoing: z.number().int(),
  duplicateCount: z.number().int(),
  /** The first 200 duplicates: the file's row, and the stored line it repeats. */
  duplicates: z.array(z.object({ row: z.number().int(), ofImportId: id.nullable(), ofFileName: z.string(), ofLineNo: z.number().int() })),
  errorCount: z.number().int(),
  errors: z.array(rowIssue),
  notes: z.array(rowIssue),
  /** Identical lines (no serial) kept by the occurrence rule: line N is the same as line M of this file. */
  repeats: z.array(z.object({ row: z.number().int(), sameAsRow: z.number().int() })),
  importedBefore: z.object({ importId: id, importedAt: z.string() }).nullable(),
});
export type BankImportSummary = z.infer<typeof bankImportSummary>;

export const bankImportRow = z.object({
  id,
  fileName: z.string(),
  bank: z.string().nullable(),
  lineCount: z.number().int(),
  newLines: z.number().int(),
  duplicateLines: z.number().int(),
  importedAt: z.string(),
  importedBy: z.string().nullable(),
  unmatched: z.number().int(),
  proposed: z.number().int(),
  confirmed: z.number().int(),
  rejected: z.number().int(),
});

export const BANK_LINE_STATUSES = ['unmatched', 'proposed', 'confirmed', 'rejected'] as const;
export type BankLineStatus = (typeof BANK_LINE_STATUSES)[number];

export const reasonSchema = z.object({ code: z.string(), detail: z.union([z.string(), z.number()]).optional() });
export const proposalItemSchema = z.object({ receivableId: id, number: z.string(), amount: z.number().int() });

export const bankLineRow = z.object({
  id,
  importId: id,
  lineNo: z.number().int(),
  date: z.string(),
  amount: z.number().int(),
  payerName: z.string().nullable(),
  payerAccount: z.string().nullable(),
  reference: z.string().nullable(),
  memo: z.string().nullable(),
  serial: z.string().nullable(),
  status: z.enum(BANK_LINE_STATUSES),
  customerId: id.nullable(),
  customerName: z.string().nullable(),
  score: z.number().int().nullable(),
  reasons: z.array(reasonSchema),
  items: z.array(proposalItemSchema),
  prepayment: z.number().int(),
  /** Same date, amount, payer and reference as this earlier line of the same file (no serial). */
  sameAsLine: z.number().int().nullable(),
  receiptId: id.nullable(),
  receiptNumber: z.string().nullable(),
  rejectReason: z.string().nullable(),
});
export type BankLineRow = z.infer<typeof bankLineRow>;

export const bankLinesInput = z.strictObject({
  importId: id.optional(),
  status: z.enum(BANK_LINE_STATUSES).optional(),
  search: text(100).optional(),
  offset: z.number().int().min(0).max(100_000_000).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
});
export const bankLinesOutput = z.object({ rows: z.array(bankLineRow), total: z.number().int() });

export const bankConfirmInput = z.strictObject({
  lineId: id,
  customerId: id,
  /** Allocations to the customer's open items; what the line's amount leaves over stays 预收. */
  allocations: z.array(z.strictObject({ receivableId: id, amount: centsSchema.min(1) })).max(500),
});
export const bankConfirmOutput = z.object({
  lineId: id,
  receiptId: id,
  receiptNumber: z.string(),
  allocated: z.number().int(),
  unallocated: z.number().int(),
});

export const bankConfirmManyInput = z.strictObject({ minScore: z.number().int().min(0).max(100), importId: id.optional() });
export const bankConfirmManyOutput = z.object({
  confirmed: z.number().int(),
  receipts: z.array(z.object({ lineId: id, receiptNumber: z.string() })),
  /** Lines left alone because their proposal no longer fits (an item was paid meanwhile …). */
  skipped: z.array(z.object({ lineId: id, lineNo: z.number().int(), message: z.string() })),
});

export const bankRejectInput = z.strictObject({ lineId: id, reason: requiredText(200) });
export const bankLineIdInput = z.strictObject({ lineId: id });
