/**
 * Frozen once released. Issue #4: sales orders, credit control, shipments, receivables created
 * at shipment, returns and credit notes, contracts with collection plans, distributors' regions.
 *
 * Conventions of this schema:
 * - Prices and line amounts are tax-inclusive (含税), as Chinese trading companies quote them;
 *   each line stores its tax amount (amount × rate / (1 + rate), half-up once per line).
 * - Quantities are INTEGER thousandths (`*_milli`); money INTEGER 分; rates INTEGER basis points.
 * - A receivable's `balance` is maintained with every posting so the credit check never scans
 *   history; issue #5 adds receipts and allocations that move it.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    // Numbering sequences (SO-2026-000001 …), configurable prefix and padding.
    sql`CREATE TABLE sequences (
      name TEXT PRIMARY KEY,
      prefix TEXT NOT NULL,
      padding INTEGER NOT NULL DEFAULT 6 CHECK (padding BETWEEN 1 AND 12),
      next_value INTEGER NOT NULL DEFAULT 1 CHECK (next_value >= 1),
      yearly INTEGER NOT NULL DEFAULT 1 CHECK (yearly IN (0, 1)),
      year INTEGER
    ) STRICT`,

    // Temporary credit limit with an expiry date (inclusive) beside the standing limit.
    sql`ALTER TABLE customers ADD COLUMN temp_credit_limit INTEGER CHECK (temp_credit_limit IS NULL OR temp_credit_limit >= 0)`,
    sql`ALTER TABLE customers ADD COLUMN temp_credit_expires TEXT`,

    sql`CREATE TABLE contracts (
      id INTEGER PRIMARY KEY,
      number TEXT NOT NULL UNIQUE CHECK (length(number) BETWEEN 1 AND 40),
      customer_id INTEGER NOT NULL REFERENCES customers(id),
      title TEXT,
      signed_on TEXT NOT NULL,
      starts_on TEXT NOT NULL,
      ends_on TEXT,
      amount INTEGER NOT NULL CHECK (amount >= 0),
      payment_terms_days INTEGER NOT NULL CHECK (payment_terms_days BETWEEN 0 AND 3650),
      status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('draft', 'active', 'completed', 'terminated')),
      notes TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      CHECK (ends_on IS NULL OR starts_on <= ends_on)
    ) STRICT`,
    sql`CREATE INDEX contracts_customer ON contracts(customer_id)`,
    sql`CREATE TABLE contract_files (
      id INTEGER PRIMARY KEY,
      contract_id INTEGER NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
      file_name TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
      mime TEXT NOT NULL,
      size INTEGER NOT NULL CHECK (size BETWEEN 0 AND 52428800),
      sha256 TEXT NOT NULL,
      content BLOB NOT NULL,
      uploaded_by INTEGER REFERENCES users(id),
      uploaded_at TEXT NOT NULL
    ) STRICT`,
    sql`CREATE TABLE contract_instalments (
      id INTEGER PRIMARY KEY,
      contract_id INTEGER NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
      seq INTEGER NOT NULL CHECK (seq >= 1),
      due_date TEXT NOT NULL,
      amount INTEGER NOT NULL CHECK (amount > 0),
      note TEXT,
      UNIQUE (contract_id, seq)
    ) STRICT`,
    sql`CREATE TABLE distributor_regions (
      customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
      region_id INTEGER NOT NULL REFERENCES regions(id),
      PRIMARY KEY (customer_id, region_id)
    ) STRICT`,

    sql`CREATE TABLE orders (
      id INTEGER PRIMARY KEY,
      number TEXT NOT NULL UNIQUE,
      customer_id INTEGER NOT NULL REFERENCES customers(id),
      contract_id INTEGER REFERENCES contracts(id),
      status TEXT NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'confirmed', 'partly_shipped', 'shipped', 'invoiced', 'closed', 'cancelled')),
      order_date TEXT NOT NULL CHECK (length(order_date) = 10),
      ship_to_region_id INTEGER REFERENCES regions(id),
      ship_to_address TEXT,
      notes TEXT,
      amount INTEGER NOT NULL DEFAULT 0,
      tax_amount INTEGER NOT NULL DEFAULT 0,
      shipped_amount INTEGER NOT NULL DEFAULT 0,
      rep_id INTEGER REFERENCES users(id),
      created_by INTEGER REFERENCES users(id),
      confirmed_by INTEGER REFERENCES users(id),
      confirmed_at TEXT,
      closed_at TEXT,
      cancelled_at TEXT,
      cancel_reason TEXT,
      version INTEGER NOT NULL DEFAULT 1,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      CHECK (shipped_amount <= amount OR status = 'cancelled')
    ) STRICT`,
    sql`CREATE INDEX orders_customer_status ON orders(customer_id, status, amount, shipped_amount)`,
    sql`CREATE INDEX orders_status_date ON orders(status, order_date)`,
    sql`CREATE INDEX orders_date ON orders(order_date)`,
    sql`CREATE TABLE order_lines (
      id INTEGER PRIMARY KEY,
      order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
      line_no INTEGER NOT NULL CHECK (line_no >= 1),
      product_id INTEGER NOT NULL REFERENCES products(id),
      qty_milli INTEGER NOT NULL CHECK (qty_milli > 0),
      list_price INTEGER NOT NULL CHECK (list_price >= 0),
      resolved_price INTEGER NOT NULL CHECK (resolved_price >= 0),
      price_list_id INTEGER REFERENCES price_lists(id),
      price_item_id INTEGER,
      discount_bp INTEGER NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN -100000 AND 10000),
      net_price INTEGER NOT NULL CHECK (net_price >= 0),
      tax_rate_bp INTEGER NOT NULL DEFAULT 1300 CHECK (tax_rate_bp BETWEEN 0 AND 10000),
      amount INTEGER NOT NULL CHECK (amount >= 0),
      tax_amount INTEGER NOT NULL CHECK (tax_amount >= 0),
      shipped_qty_milli INTEGER NOT NULL DEFAULT 0 CHECK (shipped_qty_milli >= 0),
      returned_qty_milli INTEGER NOT NULL DEFAULT 0 CHECK (returned_qty_milli >= 0),
      price_approval_id INTEGER REFERENCES price_approvals(id),
      UNIQUE (order_id, line_no),
      CHECK (shipped_qty_milli <= qty_milli),
      CHECK (returned_qty_milli <= shipped_qty_milli)
    ) STRICT`,
    sql`CREATE INDEX order_lines_product ON order_lines(product_id)`,

    // Every credit decision that released a blocked order (who, why, and the exposure at that moment).
    sql`CREATE TABLE credit_overrides (
      id INTEGER PRIMARY KEY,
      customer_id INTEGER NOT NULL REFERENCES customers(id),
      order_id INTEGER REFERENCES orders(id),
      stage TEXT NOT NULL CHECK (stage IN ('confirm', 'ship')),
      user_id INTEGER NOT NULL REFERENCES users(id),
      reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
      trace TEXT NOT NULL CHECK (json_valid(trace)),
      at TEXT NOT NULL
    ) STRICT`,
    sql`CREATE INDEX credit_overrides_customer ON credit_overrides(customer_id)`,

    sql`CREATE TABLE receivables (
      id INTEGER PRIMARY KEY,
      number TEXT NOT NULL UNIQUE,
      customer_id INTEGER NOT NULL REFERENCES customers(id),
      kind TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note', 'opening')),
      order_id INTEGER REFERENCES orders(id),
      shipment_id INTEGER,
      return_id INTEGER,
      credits_receivable_id INTEGER REFERENCES receivables(id),
      date TEXT NOT NULL CHECK (length(date) = 10),
      due_date TEXT NOT NULL CHECK (length(due_date) = 10),
      amount INTEGER NOT NULL CHECK (amount >= 0),
      balance INTEGER NOT NULL CHECK (balance >= 0 AND balance <= amount),
      status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'partly_paid', 'paid', 'written_off', 'cancelled')),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT`,
    // Open items per customer by due date: exposure and overdue read only this index.
    sql`CREATE INDEX receivables_open ON receivables(customer_id, due_date, balance) WHERE balance > 0`,
    sql`CREATE INDEX receivables_customer_date ON receivables(customer_id, date)`,
    sql`CREATE INDEX receivables_due ON receivables(due_date) WHERE balance > 0`,

    sql`CREATE TABLE shipments (
      id INTEGER PRIMARY KEY,
      number TEXT NOT NULL UNIQUE,
      order_id INTEGER NOT NULL REFERENCES orders(id),
      customer_id INTEGER NOT NULL REFERENCES customers(id),
      date TEXT NOT NULL CHECK (length(date) = 10),
      status TEXT NOT NULL DEFAULT 'posted' CHECK (status IN ('posted', 'cancelled')),
      ship_to_region_id INTEGER REFERENCES regions(id),
      cross_region INTEGER NOT NULL DEFAULT 0 CHECK (cross_region IN (0, 1)),
      receivable_id INTEGER REFERENCES receivables(id),
      amount INTEGER NOT NULL CHECK (amount >= 0),
      tax_amount INTEGER NOT NULL CHECK (tax_amount >= 0),
      created_by INTEGER REFERENCES users(id),
      created_at TEXT NOT NULL,
      cancelled_at TEXT,
      cancel_reason TEXT
    ) STRICT`,
    sql`CREATE INDEX shipments_order ON shipments(order_id)`,
    sql`CREATE INDEX shipments_cross_region ON shipments(cross_region, date) WHERE cross_region = 1`,
    sql`CREATE TABLE shipment_lines (
      id INTEGER PRIMARY KEY,
      shipment_id INTEGER NOT NULL REFERENCES shipments(id) ON DELETE CASCADE,
      order_line_id INTEGER NOT NULL REFERENCES order_lines(id),
      qty_milli INTEGER NOT NULL CHECK (qty_milli > 0),
      amount INTEGER NOT NULL CHECK (amount >= 0),
      tax_amount INTEGER NOT NULL CHECK (tax_amount >= 0)
    ) STRICT`,
    sql`CREATE INDEX shipment_lines_shipment ON shipment_lines(shipment_id)`,
    sql`CREATE INDEX shipment_lines_order_line ON shipment_lines(order_line_id)`,

    sql`CREATE TABLE returns (
      id INTEGER PRIMARY KEY,
      number TEXT NOT NULL UNIQUE,
      shipment_id INTEGER NOT NULL REFERENCES shipments(id),
      customer_id INTEGER NOT NULL REFERENCES customers(id),
      date TEXT NOT NULL CHECK (length(date) = 10),
      reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
      credit_note_id INTEGER REFERENCES receivables(id),
      amount INTEGER NOT NULL CHECK (amount >= 0),
      created_by INTEGER REFERENCES users(id),
      created_at TEXT NOT NULL
    ) STRICT`,
    sql`CREATE TABLE return_lines (
      id INTEGER PRIMARY KEY,
      return_id INTEGER NOT NULL REFERENCES returns(id) ON DELETE CASCADE,
      shipment_line_id INTEGER NOT NULL REFERENCES shipment_lines(id),
      qty_milli INTEGER NOT NULL CHECK (qty_milli > 0),
      amount INTEGER NOT NULL CHECK (amount >= 0),
      tax_amount INTEGER NOT NULL CHECK (tax_amount >= 0)
    ) STRICT`,
  ];
  for (const s of statements) await s.execute(db);
}
