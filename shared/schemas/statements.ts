/**
 * Statements of account 对账单 (issue #5 item 5, DOMAIN.md §5): one customer's account over a
 * period — opening balance, every dated debit and credit document with a running balance,
 * closing balance and the aging of what is open at the end. Money in 分, dates ISO.
 */
import { z } from 'zod';
import { centsSchema, id, isoDate, nonNegativeCents } from './common';

export const statementLanguage = z.enum(['zh-CN', 'en']);
export type StatementLanguage = z.infer<typeof statementLanguage>;

const period = { from: isoDate, to: isoDate };

export const statementGetInput = z.strictObject({ customerId: id, ...period });
export const statementPdfInput = z.strictObject({ customerId: id, ...period, language: statementLanguage.default('zh-CN') });
export const statementBatchInput = z.strictObject({
  ...period,
  language: statementLanguage.default('zh-CN'),
  /** Only customers whose closing balance is at least this (分); omitted = every customer with a balance or activity. */
  minBalance: nonNegativeCents.optional(),
});

/**
 * What a line is. Debits raise what the customer owes: invoice, opening (an opening receivable),
 * receipt_reversal, write_off_reversal. Credits lower it: receipt, credit_note, write_off.
 */
export const STATEMENT_LINE_KINDS = ['opening', 'invoice', 'credit_note', 'receipt', 'write_off', 'receipt_reversal', 'write_off_reversal'] as const;
export type StatementLineKind = (typeof STATEMENT_LINE_KINDS)[number];

export const statementLineSchema = z.object({
  date: z.string(),
  kind: z.enum(STATEMENT_LINE_KINDS),
  number: z.string(),
  /** Due date of a debit item; null for credits. */
  dueDate: z.string().nullable(),
  /** Free text from the document (receipt reference, write-off reason, small difference). */
  memo: z.string().nullable(),
  debit: nonNegativeCents,
  credit: nonNegativeCents,
  /** Balance after this line. */
  balance: centsSchema,
});
export type StatementLine = z.infer<typeof statementLineSchema>;

export const statementAgingSchema = z.object({
  asOf: z.string(),
  /** Bucket upper bounds in days (settings.agingBuckets); buckets has bounds.length + 2 entries: not yet due, 1–b1, …, > last. */
  bounds: z.array(z.number().int()),
  buckets: z.array(nonNegativeCents),
  /** Σ open debit items as of `to` (= Σ buckets). */
  openItems: nonNegativeCents,
  /** Σ receipts and credit notes not yet applied as of `to` (预收). */
  unappliedCredits: nonNegativeCents,
});

export const statementSchema = z.object({
  company: z.object({ name: z.string() }),
  customer: z.object({ id, code: z.string(), name: z.string(), address: z.string().nullable(), contact: z.string().nullable(), phone: z.string().nullable() }),
  from: z.string(),
  to: z.string(),
  currency: z.string(),
  openingBalance: centsSchema,
  lines: z.array(statementLineSchema),
  totals: z.object({
    debit: nonNegativeCents,
    credit: nonNegativeCents,
    /** Invoices and opening items 本期应收. */
    invoiced: nonNegativeCents,
    /** Receipts less receipt reversals 本期收款. */
    received: centsSchema,
    /** Credit notes 红字冲销. */
    credited: nonNegativeCents,
    /** Write-offs less their reversals 坏账核销. */
    writtenOff: centsSchema,
  }),
  closingBalance: centsSchema,
  aging: statementAgingSchema,
  /** When the statement was produced (UTC). */
  generatedAt: z.string(),
});
export type Statement = z.infer<typeof statementSchema>;

export const statementPdfOutput = z.object({
  fileName: z.string(),
  pdfBase64: z.string(),
  pages: z.number().int().min(0).optional(),
});

export const statementBatchOutput = z.object({
  folder: z.string(),
  files: z.array(z.object({ customerCode: z.string(), fileName: z.string() })),
  count: z.number().int().min(0),
});
