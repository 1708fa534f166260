/**
 * Dunning 催收, collection plans 回款计划, collection rate 回款率 and DSO (issue #5 item 6,
 * DOMAIN.md §5 and §8). Money in 分, dates ISO, rates in basis points.
 */
import { z } from 'zod';
import { id, isoDate, page, requiredText, text } from './common';

const positiveCents = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const cents = z.number().int();

export const COLLECTION_CHANNELS = ['phone', 'visit', 'message', 'email', 'letter', 'other'] as const;
export type CollectionChannel = (typeof COLLECTION_CHANNELS)[number];

// ─── Overdue list 逾期催收 ─────────────────────────────────────────────────────────────────
export const overdueInput = z.strictObject({
  /** Default: today. */
  asOf: isoDate.optional(),
  repId: id.optional(),
  /** Dunning level (0 = overdue but below the first threshold). */
  level: z.number().int().min(0).max(6).optional(),
  /** A top-level region or any region below it. */
  regionId: id.optional(),
  /** Customer code or name contains. */
  search: text(60).optional(),
  limit: z.number().int().min(1).max(20_000).default(5_000),
});

export const contactSchema = z.object({
  date: z.string(),
  channel: z.enum(COLLECTION_CHANNELS),
  note: z.string(),
  by: z.string().nullable(),
});
export const promiseSchema = z.object({
  date: z.string(),
  amount: cents.nullable(),
  /** The date of the note that holds the promise. */
  madeOn: z.string(),
  /** Receipts dated from the note through the promise date (not reversed). */
  paid: cents,
  status: z.enum(['pending', 'kept', 'broken']),
});
export const overdueRowSchema = z.object({
  customerId: id,
  customerCode: z.string(),
  customerName: z.string(),
  repId: id.nullable(),
  repName: z.string().nullable(),
  regionId: id.nullable(),
  regionName: z.string().nullable(),
  /** Σ balances past due as of the date. */
  overdueAmount: cents,
  /** Σ all open balances (due or not). */
  openAmount: cents,
  overdueItems: z.number().int(),
  oldestDaysOverdue: z.number().int(),
  level: z.number().int(),
  /** Receipts and credit notes not yet allocated: allocate before chasing. */
  unappliedCredit: cents,
  lastContact: contactSchema.nullable(),
  promise: promiseSchema.nullable(),
});
export type OverdueRow = z.infer<typeof overdueRowSchema>;
export const overdueOutput = z.object({
  asOf: z.string(),
  levelDays: z.array(z.number().int()),
  rows: z.array(overdueRowSchema),
  /** Rows matching before the limit. */
  total: z.number().int(),
  totals: z.object({ overdueAmount: cents, customers: z.number().int(), brokenPromises: z.number().int() }),
  byRep: z.array(z.object({ repId: id.nullable(), repName: z.string().nullable(), customers: z.number().int(), overdueAmount: cents })),
});

// ─── Contact notes 催收记录 ────────────────────────────────────────────────────────────────
export const addNoteInput = z
  .strictObject({
    customerId: id,
    receivableId: id.optional(),
    date: isoDate,
    channel: z.enum(COLLECTION_CHANNELS),
    note: requiredText(1000),
    promiseDate: isoDate.optional(),
    promiseAmount: positiveCents.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.promiseDate !== undefined && v.promiseDate < v.date) {
      ctx.addIssue({ code: 'custom', path: ['promiseDate'], message: 'the promise date cannot be before the contact date' });
    }
    if (v.promiseAmount !== undefined && v.promiseDate === undefined) {
      ctx.addIssue({ code: 'custom', path: ['promiseDate'], message: 'a promised amount needs a promise date' });
    }
  });
export const noteRowSchema = z.object({
  id,
  customerId: id,
  receivableId: id.nullable(),
  receivableNumber: z.string().nullable(),
  date: z.string(),
  channel: z.enum(COLLECTION_CHANNELS),
  note: z.string(),
  promiseDate: z.string().nullable(),
  promiseAmount: cents.nullable(),
  by: z.string().nullable(),
  createdAt: z.string(),
});
export type NoteRow = z.infer<typeof noteRowSchema>;
export const notesInput = z.strictObject({ customerId: id, limit: z.number().int().min(1).max(1000).default(200) });
export const notesOutput = z.object({ customerId: id, customerName: z.string(), rows: z.array(noteRowSchema) });

// ─── Collection plans 回款计划 ─────────────────────────────────────────────────────────────
export const INSTALMENT_STATUSES = ['received', 'overdue', 'due_this_week', 'partial', 'not_due'] as const;
export const plansInput = z.strictObject({
  asOf: isoDate.optional(),
  customerId: id.optional(),
  contractId: id.optional(),
  /** Quick filters: contracts with an instalment in this status. */
  status: z.enum(['due_this_week', 'overdue']).optional(),
  /** Contract number or customer code / name contains. */
  search: text(60).optional(),
  offset: z.number().int().min(0).max(100_000_000).default(0),
  limit: z.number().int().min(1).max(1000).default(200),
});
export const instalmentPlanSchema = z.object({
  seq: z.number().int(),
  dueDate: z.string(),
  amount: cents,
  /** What of the contract's receipts and credit notes fills this instalment (FIFO by due date). */
  received: cents,
  status: z.enum(INSTALMENT_STATUSES),
  note: z.string().nullable(),
});
export const contractPlanSchema = z.object({
  contractId: id,
  number: z.string(),
  title: z.string().nullable(),
  contractStatus: z.string(),
  customerId: id,
  customerCode: z.string(),
  customerName: z.string(),
  amount: cents,
  planned: cents,
  /** Receipts allocated to the contract's receivables (as of the date). */
  receipts: cents,
  /** Credit notes (returns) allocated to them. */
  credits: cents,
  /** receipts + credits beyond the plan. */
  excess: cents,
  /** Σ the contract's invoices. */
  invoiced: cents,
  instalments: z.array(instalmentPlanSchema),
});
export type ContractPlan = z.infer<typeof contractPlanSchema>;
export const plansOutput = page(contractPlanSchema).extend({
  asOf: z.string(),
  week: z.object({ start: z.string(), end: z.string() }),
  totals: z.object({ planned: cents, received: cents, dueThisWeek: cents, overdue: cents }),
});

// ─── Collection rate and DSO ───────────────────────────────────────────────────────────────
const month = z.string().max(7).regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM');
export const kpiInput = z
  .strictObject({
    granularity: z.enum(['month', 'quarter', 'year']).default('month'),
    from: month,
    to: month,
    groupBy: z.enum(['company', 'rep', 'region']).default('company'),
    repId: id.optional(),
    regionId: id.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.from > v.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'the range ends before it starts' });
    const months = (Number(v.to.slice(0, 4)) - Number(v.from.slice(0, 4))) * 12 + Number(v.to.slice(5)) - Number(v.from.slice(5));
    if (months >= 60) ctx.addIssue({ code: 'custom', path: ['to'], message: 'at most 60 months at a time' });
  });
export const kpiRowSchema = z.object({
  period: z.string(),
  start: z.string(),
  /** The period's end, or the as-of date for the current period. */
  end: z.string(),
  days: z.number().int(),
  /** company: null; rep: user id; region: top-level region id (null = none). */
  groupId: z.number().int().nullable(),
  groupName: z.string().nullable(),
  /** Receipts dated in the period allocated to receivables due by its end. */
  numerator: cents,
  /** Balance due by the period end, as of the day before the period starts. */
  openingDue: cents,
  /** Receivables issued in the period and due by its end. */
  issuedDue: cents,
  denominator: cents,
  rateBp: z.number().int().nullable(),
  /** Open receivables at the period end. */
  closing: cents,
  /** Invoices of the period minus its credit notes. */
  creditSales: cents,
  dso: z.number().nullable(),
});
export type KpiRow = z.infer<typeof kpiRowSchema>;
export const kpiOutput = z.object({
  asOf: z.string(),
  rows: z.array(kpiRowSchema),
  /** Monthly, for the chart: the whole scope (after the rep / region filter). */
  trend: z.array(kpiRowSchema),
});
