/**
 * The credit rules engine (DOMAIN.md §4). Pure: the caller loads the rules (customer limit,
 * temporary limit, hold, company settings) and the exposure components from indexes; the answer
 * carries a trace of the limit in force, every component and every rule evaluated with its numbers.
 *
 * Exposure = open receivables (balance of every open item) + open orders (unshipped amount,
 * amount − shipped_amount, of orders in `confirmed` / `partly_shipped`) + this order.
 * Closed and cancelled orders do not count; reopening a closed order must run the check again
 * (that is how the ERPNext hole erpnext#33967 — close, add, reopen — is shut: the reopen is a
 * confirmation like any other). Shipped parts are receivables, so nothing counts twice.
 */

export type CreditRuleCode = 'over_limit' | 'on_hold' | 'overdue_beyond_grace' | 'overdue_amount_over_threshold';
export const CREDIT_RULES: readonly CreditRuleCode[] = ['over_limit', 'on_hold', 'overdue_beyond_grace', 'overdue_amount_over_threshold'];

export type CreditRules = {
  /** Standing limit, 分. */
  limit: number;
  /** Temporary limit, 分; applies up to and including `tempExpires`. */
  tempLimit?: number | null;
  tempExpires?: string | null;
  graceDays: number;
  /** Overdue total above which the customer is blocked; null turns the rule off. */
  overdueAmountThreshold: number | null;
  hold: boolean;
};

export type OverdueItem = {
  id: number;
  number?: string;
  dueDate: string;
  balance: number;
};

export type CreditInput = {
  /** ISO date the check is judged on. */
  date: string;
  openReceivables: number;
  openOrders: number;
  thisOrder: number;
  /** Sum of balances past due (days past due ≥ 1). */
  overdueTotal: number;
  /** Items past due by more than the grace days (may be a capped sample; see overdueBeyondGraceCount). */
  overdueBeyondGrace: OverdueItem[];
  overdueBeyondGraceCount?: number;
  overdueBeyondGraceTotal?: number;
};

export type RuleTrace = {
  rule: CreditRuleCode;
  fired: boolean;
  /** The numbers the rule compared. */
  detail: Record<string, number | string | boolean | null>;
};

export type CreditTrace = {
  date: string;
  limit: { inForce: number; source: 'standing' | 'temporary'; standing: number; temporary: number | null; temporaryExpires: string | null; temporaryValid: boolean };
  exposure: { openReceivables: number; openOrders: number; thisOrder: number; total: number };
  available: number;
  overdue: { total: number; graceDays: number; beyondGraceCount: number; beyondGraceTotal: number; items: OverdueItem[] };
  hold: boolean;
  rules: RuleTrace[];
};

export type CreditDecision = {
  decision: 'pass' | 'block';
  fired: CreditRuleCode[];
  trace: CreditTrace;
};

/** The temporary limit applies on and before its expiry date; otherwise the standing limit. */
export function limitInForce(rules: CreditRules, date: string): CreditTrace['limit'] {
  const temporary = rules.tempLimit ?? null;
  const expires = rules.tempExpires ?? null;
  const temporaryValid = temporary !== null && expires !== null && date <= expires;
  return {
    inForce: temporaryValid ? temporary : rules.limit,
    source: temporaryValid ? 'temporary' : 'standing',
    standing: rules.limit,
    temporary,
    temporaryExpires: expires,
    temporaryValid,
  };
}

/** ISO date `days` before `date` (UTC calendar arithmetic). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from due date to date (positive when past due). */
export function daysPastDue(date: string, dueDate: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${dueDate}T00:00:00Z`)) / 86_400_000);
}

/**
 * An item is overdue beyond grace when days past due > graceDays, i.e. its due date is before
 * `date − graceDays`. The caller queries with this cutoff (due_date < cutoff).
 */
export function graceCutoff(date: string, graceDays: number): string {
  return addDays(date, -graceDays);
}

export function evaluateCreditRules(rules: CreditRules, input: CreditInput): CreditDecision {
  const limit = limitInForce(rules, input.date);
  const total = input.openReceivables + input.openOrders + input.thisOrder;
  const beyondCount = input.overdueBeyondGraceCount ?? input.overdueBeyondGrace.length;
  const beyondTotal = input.overdueBeyondGraceTotal ?? input.overdueBeyondGrace.reduce((a, i) => a + i.balance, 0);
  const oldest = input.overdueBeyondGrace.reduce<string | null>((a, i) => (a === null || i.dueDate < a ? i.dueDate : a), null);
  const rulesTrace: RuleTrace[] = [
    { rule: 'over_limit', fired: total > limit.inForce, detail: { exposure: total, limit: limit.inForce, excess: Math.max(0, total - limit.inForce) } },
    { rule: 'on_hold', fired: rules.hold, detail: { hold: rules.hold } },
    {
      rule: 'overdue_beyond_grace',
      fired: beyondCount > 0,
      detail: { graceDays: rules.graceDays, items: beyondCount, amount: beyondTotal, oldestDueDate: oldest, maxDaysPastDue: oldest === null ? null : daysPastDue(input.date, oldest) },
    },
    {
      rule: 'overdue_amount_over_threshold',
      fired: rules.overdueAmountThreshold !== null && input.overdueTotal > rules.overdueAmountThreshold,
      detail: { overdueTotal: input.overdueTotal, threshold: rules.overdueAmountThreshold },
    },
  ];
  const fired = rulesTrace.filter((r) => r.fired).map((r) => r.rule);
  return {
    decision: fired.length ? 'block' : 'pass',
    fired,
    trace: {
      date: input.date,
      limit,
      exposure: { openReceivables: input.openReceivables, openOrders: input.openOrders, thisOrder: input.thisOrder, total },
      available: limit.inForce - total,
      overdue: { total: input.overdueTotal, graceDays: rules.graceDays, beyondGraceCount: beyondCount, beyondGraceTotal: beyondTotal, items: input.overdueBeyondGrace },
      hold: rules.hold,
      rules: rulesTrace,
    },
  };
}
