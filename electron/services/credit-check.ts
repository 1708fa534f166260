/**
 * The credit check that order confirmation and shipment call (DOMAIN.md §4), inside their own
 * write transaction. Owned by the credit work of issue #4; this file fixes the interface so
 * orders and shipments can be built against it in parallel.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { CallContext } from './context';

export interface CreditCheckRequest {
  customerId: number;
  /** The order being confirmed or shipped (its own unshipped amount is "this order", not counted twice). */
  orderId: number | null;
  /** Tax-inclusive amount (分) this operation adds to the customer's exposure. */
  amount: number;
  stage: 'confirm' | 'ship';
  /** ISO date of the operation (temporary limits and overdue days are judged on it). */
  date: string;
}

export type CreditRuleCode = 'over_limit' | 'on_hold' | 'overdue_beyond_grace' | 'overdue_amount_over_threshold';

export interface CreditEvaluation {
  decision: 'pass' | 'block';
  fired: CreditRuleCode[];
  /** Limit in force, each exposure component, overdue items beyond grace, every rule evaluated. */
  trace: Record<string, unknown>;
}

export type CreditOutcome =
  | { released: true; evaluation: CreditEvaluation; overrideId: number | null }
  | { released: false; evaluation: CreditEvaluation };

/**
 * Evaluates the customer's credit and, when blocked, releases it only for a caller holding
 * `credit.override` who gave a reason (logged in credit_overrides and the audit log).
 */
export async function enforceCredit(
  _trx: Kysely<DB>,
  _ctx: CallContext,
  _req: CreditCheckRequest,
  _override?: { reason: string },
): Promise<CreditOutcome> {
  throw new Error('enforceCredit: not implemented yet (issue #4 credit work)');
}
