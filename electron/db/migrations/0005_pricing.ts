/**
 * Frozen once released. Issue #3, pricing governance: a price below the product's floor or a
 * discount above the user's authority is approved by a user with `price.approve_below_floor`,
 * with a reason. The approval is stored here (who, when, why, for which customer, product,
 * quantity, date and net price) so that order entry (a later issue) can consume it; the
 * audit log keeps the before/after of the same event.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`CREATE TABLE price_approvals (
      id INTEGER PRIMARY KEY,
      customer_id INTEGER NOT NULL REFERENCES customers(id),
      product_id INTEGER NOT NULL REFERENCES products(id),
      qty_milli INTEGER NOT NULL CHECK (qty_milli > 0),
      price_date TEXT NOT NULL CHECK (length(price_date) = 10),
      resolved_price INTEGER NOT NULL,
      net_price INTEGER NOT NULL CHECK (net_price >= 0),
      floor_price INTEGER NOT NULL,
      discount_bp INTEGER NOT NULL,
      fired TEXT NOT NULL CHECK (json_valid(fired)),
      requested_by INTEGER REFERENCES users(id),
      approved_by INTEGER NOT NULL REFERENCES users(id),
      approved_at TEXT NOT NULL,
      reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
      consumed_at TEXT,
      consumed_ref TEXT
    ) STRICT`,
    sql`CREATE INDEX price_approvals_lookup ON price_approvals(customer_id, product_id, price_date)`,
  ];
  for (const s of statements) await s.execute(db);
}
