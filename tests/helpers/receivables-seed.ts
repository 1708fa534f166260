/**
 * Seeds open receivables straight into SQLite for issue #5 tests (receipts, bank matching,
 * aging, statements, collections): an invoice is what a shipment leaves behind, so tests that
 * are about money need not go through orders and shipments. Balances start at the amount; move
 * them only through the ledger (electron/services/receivables/ledger.ts) or the IPC methods.
 */
import type Database from 'better-sqlite3';
export { seedCustomer, seedRegion } from './shipments-seed';

const T = '2026-11-01T00:00:00.000Z';
let n = 0;

export interface SeedReceivable {
  customerId: number;
  amount: number;
  date: string;
  dueDate: string;
  kind?: 'invoice' | 'opening' | 'credit_note';
  number?: string;
  externalRef?: string | null;
  orderId?: number | null;
}

/** One open receivable (balance = amount); returns its id and number. */
export function seedReceivable(sqlite: Database.Database, r: SeedReceivable): { id: number; number: string } {
  const number = r.number ?? `AR-T-${String(++n).padStart(6, '0')}-${process.pid}`;
  const id = Number(
    sqlite
      .prepare(
        `INSERT INTO receivables (number, customer_id, kind, order_id, date, due_date, amount, balance, status, external_ref, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)`,
      )
      .run(number, r.customerId, r.kind ?? 'invoice', r.orderId ?? null, r.date, r.dueDate, r.amount, r.amount, r.externalRef ?? null, T, T).lastInsertRowid,
  );
  return { id, number };
}

/** Many open invoices for one customer, dated `from` + i days, due `terms` days later. */
export function seedInvoices(sqlite: Database.Database, customerId: number, amounts: readonly number[], from = '2026-01-01', terms = 30): { id: number; number: string }[] {
  const day = (iso: string, add: number) => {
    const d = new Date(`${iso}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + add);
    return d.toISOString().slice(0, 10);
  };
  const tx = sqlite.transaction(() => amounts.map((amount, i) => seedReceivable(sqlite, { customerId, amount, date: day(from, i), dueDate: day(from, i + terms) })));
  return tx();
}
