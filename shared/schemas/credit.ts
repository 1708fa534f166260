import { z } from 'zod';
import { CREDIT_STATUSES } from './customers';
import { auditEntrySchema } from './audit';
import { id, isoDate, nonNegativeCents, pageRequest, page, text, requiredText } from './common';

export const CREDIT_RULE_CODES = ['over_limit', 'on_hold', 'overdue_beyond_grace', 'overdue_amount_over_threshold'] as const;

const cents = z.number().int();

/** The credit engine's trace (electron/rules/credit.ts), as it crosses the boundary. */
export const creditTraceSchema = z.object({
  date: z.string(),
  limit: z.object({
    inForce: cents,
    source: z.enum(['standing', 'temporary']),
    standing: cents,
    temporary: cents.nullable(),
    temporaryExpires: z.string().nullable(),
    temporaryValid: z.boolean(),
  }),
  exposure: z.object({ openReceivables: cents, openOrders: cents, thisOrder: cents, total: cents }),
  available: cents,
  overdue: z.object({
    total: cents,
    graceDays: z.number().int(),
    beyondGraceCount: z.number().int(),
    beyondGraceTotal: cents,
    items: z.array(z.object({ id: z.number().int(), number: z.string().optional(), dueDate: z.string(), balance: cents })),
  }),
  hold: z.boolean(),
  rules: z.array(
    z.object({
      rule: z.enum(CREDIT_RULE_CODES),
      fired: z.boolean(),
      detail: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])),
    }),
  ),
});
export type CreditTraceData = z.infer<typeof creditTraceSchema>;

export const creditEvaluationSchema = z.object({
  decision: z.enum(['pass', 'block']),
  fired: z.array(z.enum(CREDIT_RULE_CODES)),
  trace: creditTraceSchema,
});
export type CreditEvaluationData = z.infer<typeof creditEvaluationSchema>;

export const creditPositionInput = z.strictObject({
  customerId: id,
  /** Judged on this date (default: today). */
  date: isoDate.optional(),
  /** The order being entered (its amount is "this order"; 0 shows the standing position). */
  amount: nonNegativeCents.default(0),
  orderId: id.nullable().default(null),
});
export const creditPositionOutput = z.object({
  customer: z.object({ id: z.number().int(), code: z.string(), name: z.string(), creditStatus: z.enum(CREDIT_STATUSES) }),
  evaluation: creditEvaluationSchema,
});
export type CreditPosition = z.infer<typeof creditPositionOutput>;

export const creditRowSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  ownerName: z.string().nullable(),
  creditLimit: cents,
  tempCreditLimit: cents.nullable(),
  tempCreditExpires: z.string().nullable(),
  limitInForce: cents,
  openReceivables: cents,
  openOrders: cents,
  exposure: cents,
  available: cents,
  overdue: cents,
  creditStatus: z.enum(CREDIT_STATUSES),
});
export type CreditRow = z.infer<typeof creditRowSchema>;
export const CREDIT_SORTABLE = [
  'code', 'name', 'ownerName', 'creditLimit', 'tempCreditLimit', 'tempCreditExpires', 'limitInForce', 'openReceivables', 'openOrders', 'exposure', 'available', 'overdue', 'creditStatus',
] as const;
/** Text filters of the credit grid; `search` matches code or name. */
export const CREDIT_TEXT_FILTERABLE = ['search', 'code', 'name', 'ownerName', 'creditStatus'] as const;

export const creditListInput = pageRequest.extend({ date: isoDate.optional() });
export const creditListOutput = page(creditRowSchema);

const reason = text(500);

export const setLimitInput = z.strictObject({
  customerId: id,
  creditLimit: nonNegativeCents,
  /** Needed to set a limit below the current exposure, together with a reason. */
  force: z.boolean().default(false),
  reason: reason.optional(),
});
export const setTemporaryLimitInput = z
  .strictObject({
    customerId: id,
    /** null clears the temporary limit (with its expiry). */
    amount: nonNegativeCents.nullable(),
    /** Inclusive last day the temporary limit applies. */
    expires: isoDate.nullable(),
    reason: reason.optional(),
  })
  .refine((v) => (v.amount === null) === (v.expires === null), { message: 'give both an amount and an expiry date, or neither to clear', path: ['expires'] });
export const holdInput = z.strictObject({ customerId: id, reason: requiredText(500) });

export const creditHistoryInput = z.strictObject({
  customerId: id,
  limit: z.number().int().min(1).max(500).default(100),
});
export const creditOverrideSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  orderId: z.number().int().nullable(),
  orderNumber: z.string().nullable(),
  stage: z.enum(['confirm', 'ship']),
  userName: z.string().nullable(),
  reason: z.string(),
  exposure: cents.nullable(),
  limit: cents.nullable(),
  fired: z.array(z.string()),
});
export const creditHistoryOutput = z.object({
  audit: z.array(auditEntrySchema),
  overrides: z.array(creditOverrideSchema),
});
export type CreditHistory = z.infer<typeof creditHistoryOutput>;
