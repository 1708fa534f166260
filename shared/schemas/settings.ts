import { z } from 'zod';
import { ROLES } from '../permissions';
import { basisPoints, nonNegativeCents, requiredText } from './common';

/**
 * Company settings: the keys later modules read. Stored one row per key; any key missing in the
 * database takes its default here, so a new setting needs no migration.
 */
export const CURRENCIES = ['CNY', 'HKD', 'USD', 'EUR', 'JPY', 'TWD', 'SGD'] as const;

const strictlyIncreasing = (xs: number[]) => xs.every((x, i) => i === 0 || x > (xs[i - 1] ?? 0));

export const settingsSchema = z.object({
  companyName: requiredText(100),
  currency: z.enum(CURRENCIES),
  timeZone: requiredText(64),
  fiscalYearStartMonth: z.number().int().min(1).max(12),
  /** Upper bounds in days past due: [30,60,90,180] gives 未到期, 1–30, 31–60, 61–90, 91–180, >180. */
  agingBuckets: z
    .array(z.number().int().min(1).max(3650))
    .min(1)
    .max(10)
    .refine(strictlyIncreasing, 'bucket bounds must be strictly increasing'),
  creditGraceDays: z.number().int().min(0).max(3650),
  /** Overdue total above which a customer is blocked; null turns the rule off. */
  overdueAmountThreshold: nonNegativeCents.nullable(),
  /** Maximum line discount per role, in basis points. */
  discountAuthorityBp: z.object(Object.fromEntries(ROLES.map((r) => [r, basisPoints])) as Record<(typeof ROLES)[number], typeof basisPoints>),
  followUpDays: z.object({ A: z.number().int().min(1).max(3650), B: z.number().int().min(1).max(3650), C: z.number().int().min(1).max(3650) }),
  lostCustomerDays: z.number().int().min(1).max(3650),
  abcThresholdsBp: z
    .object({ a: basisPoints, b: basisPoints })
    .refine((t) => t.a < t.b, 'the A threshold must be below the B threshold'),
  sessionIdleMinutes: z.number().int().min(5).max(7 * 24 * 60),
  /** Largest short payment an allocation may write off in the same step (small-difference write-off), in minor units; 0 turns it off. */
  writeOffTolerance: nonNegativeCents.refine((n) => n <= 100_000, 'at most 1,000.00'),
  /** Whether a receipt (or credit note) may pay a receivable issued after the receipt's date (prepayment later allocated). */
  allowReceiptBeforeInvoice: z.boolean(),
  /** Dunning 催收 levels: level k applies from dunningLevelDays[k-1] days overdue; [1,31,61,91] gives levels 1–4. */
  dunningLevelDays: z
    .array(z.number().int().min(1).max(3650))
    .min(1)
    .max(6)
    .refine(strictlyIncreasing, 'level thresholds must be strictly increasing'),
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  companyName: 'SalesDesk',
  currency: 'CNY',
  timeZone: 'Asia/Shanghai',
  fiscalYearStartMonth: 1,
  agingBuckets: [30, 60, 90, 180],
  creditGraceDays: 30,
  overdueAmountThreshold: null,
  discountAuthorityBp: { admin: 10_000, sales_admin: 1_000, finance: 0, sales_manager: 2_000, sales_rep: 500 },
  followUpDays: { A: 7, B: 14, C: 30 },
  lostCustomerDays: 180,
  abcThresholdsBp: { a: 7_000, b: 9_000 },
  sessionIdleMinutes: 480,
  writeOffTolerance: 100,
  allowReceiptBeforeInvoice: false,
  dunningLevelDays: [1, 31, 61, 91],
};

/** What settings.update accepts: any subset; currency is fixed at creation. */
export const settingsPatchSchema = settingsSchema.omit({ currency: true }).partial().strict();
