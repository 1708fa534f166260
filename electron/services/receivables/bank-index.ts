/**
 * Loads what the matcher needs (electron/rules/bank-match.ts) in a handful of set reads: all
 * customers, every open debit item with its order number, and the payer names and accounts
 * confirmed before (receipts.payer_name, confirmed bank lines' payer_account).
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema';
import { type MatchIndex, buildIndex } from '../../rules/bank-match';

export async function loadMatchIndex(db: Kysely<DB>): Promise<MatchIndex> {
  const customers = await sql<{ id: number; name: string; shortName: string | null }>`
    SELECT id, name, short_name AS shortName FROM customers`.execute(db);
  const items = await sql<{ id: number; customerId: number; number: string; externalRef: string | null; orderNumber: string | null; date: string; balance: number }>`
    SELECT r.id, r.customer_id AS customerId, r.number, r.external_ref AS externalRef, o.number AS orderNumber, r.date, r.balance
    FROM receivables r LEFT JOIN orders o ON o.id = r.order_id
    WHERE r.balance > 0 AND r.kind IN ('invoice', 'opening') AND r.status NOT IN ('cancelled', 'paid', 'written_off')`.execute(db);
  const payers = await sql<{ name: string; customerId: number }>`
    SELECT DISTINCT payer_name AS name, customer_id AS customerId FROM receipts WHERE payer_name IS NOT NULL AND status = 'posted'`.execute(db);
  const accounts = await sql<{ account: string; customerId: number }>`
    SELECT DISTINCT b.payer_account AS account, b.customer_id AS customerId FROM bank_lines b
    WHERE b.status = 'confirmed' AND b.payer_account IS NOT NULL AND b.customer_id IS NOT NULL`.execute(db);
  return buildIndex({ customers: customers.rows, items: items.rows, knownPayers: payers.rows, knownAccounts: accounts.rows });
}
