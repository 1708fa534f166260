import { z } from 'zod';

export const CUSTOMER_TYPES = ['direct', 'distributor'] as const;
export const GRADES = ['A', 'B', 'C'] as const;
export const CREDIT_STATUSES = ['normal', 'hold'] as const;

export const customerRowSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  type: z.enum(CUSTOMER_TYPES),
  regionName: z.string().nullable(),
  industry: z.string().nullable(),
  ownerName: z.string().nullable(),
  grade: z.enum(GRADES),
  gradeManual: z.boolean(),
  paymentTermsDays: z.number().int(),
  creditLimit: z.number().int(),
  creditStatus: z.enum(CREDIT_STATUSES),
  updatedAt: z.string(),
});
export type CustomerRow = z.infer<typeof customerRowSchema>;

/** Columns the customers grid may sort and filter on; the service maps each to SQL. */
export const CUSTOMER_SORTABLE = ['code', 'name', 'type', 'regionName', 'industry', 'ownerName', 'grade', 'paymentTermsDays', 'creditLimit', 'creditStatus', 'updatedAt'] as const;

export const dashboardSummarySchema = z.object({
  customers: z.number().int(),
  products: z.number().int(),
  users: z.number().int(),
  byRegion: z.array(z.object({ region: z.string(), customers: z.number().int() })),
  byGrade: z.array(z.object({ grade: z.string(), customers: z.number().int() })),
  /** Money owed, in scope, today (null without receivables.read): open and overdue debit balances, unapplied credit, receipts this month. */
  receivables: z
    .object({ open: z.number().int(), overdue: z.number().int(), unapplied: z.number().int(), collectedThisMonth: z.number().int() })
    .nullable(),
});
