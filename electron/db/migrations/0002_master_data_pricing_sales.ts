/**
 * Frozen once released. Issue #3: customer details, price lists with quantity breaks, the sales
 * fact that all analysis reads, import presets and per-user grid state.
 *
 * Quantities are decimals with up to 3 places stored as INTEGER thousandths (`*_milli`), so that
 * amount = qty × price is exact integer arithmetic (one half-up rounding per line).
 * The "channel" of a channel price list is the customer type (direct 直销 / distributor 经销).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    // How the computed ABC grade was reached (shown on the customer card); `grade` stays the effective one.
    sql`ALTER TABLE customers ADD COLUMN grade_computed TEXT CHECK (grade_computed IS NULL OR grade_computed IN ('A', 'B', 'C'))`,
    sql`ALTER TABLE customers ADD COLUMN grade_basis TEXT CHECK (grade_basis IS NULL OR json_valid(grade_basis))`,
    sql`ALTER TABLE customers ADD COLUMN short_name TEXT`,
    sql`CREATE TABLE customer_addresses (
      id INTEGER PRIMARY KEY,
      customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
      kind TEXT NOT NULL DEFAULT 'shipping' CHECK (kind IN ('billing', 'shipping')),
      province TEXT,
      city TEXT,
      address TEXT NOT NULL CHECK (length(address) BETWEEN 1 AND 300),
      postcode TEXT,
      is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1))
    ) STRICT`,
    sql`CREATE INDEX customer_addresses_customer ON customer_addresses(customer_id)`,
    sql`CREATE TABLE customer_tags (
      customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
      tag TEXT NOT NULL CHECK (length(tag) BETWEEN 1 AND 30),
      PRIMARY KEY (customer_id, tag)
    ) STRICT`,
    sql`CREATE INDEX customer_tags_tag ON customer_tags(tag)`,

    sql`CREATE TABLE price_lists (
      id INTEGER PRIMARY KEY,
      code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),
      name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      kind TEXT NOT NULL CHECK (kind IN ('base', 'grade', 'channel', 'customer')),
      grade TEXT CHECK (grade IS NULL OR grade IN ('A', 'B', 'C')),
      channel TEXT CHECK (channel IS NULL OR channel IN ('direct', 'distributor')),
      customer_id INTEGER REFERENCES customers(id),
      active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
      notes TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      CHECK (
        (kind = 'base' AND grade IS NULL AND channel IS NULL AND customer_id IS NULL) OR
        (kind = 'grade' AND grade IS NOT NULL AND channel IS NULL AND customer_id IS NULL) OR
        (kind = 'channel' AND channel IS NOT NULL AND grade IS NULL AND customer_id IS NULL) OR
        (kind = 'customer' AND customer_id IS NOT NULL AND grade IS NULL AND channel IS NULL)
      )
    ) STRICT`,
    // One list per target: the resolution order is then unambiguous.
    sql`CREATE UNIQUE INDEX price_lists_target ON price_lists(kind, coalesce(grade, ''), coalesce(channel, ''), coalesce(customer_id, 0))`,
    sql`CREATE TABLE price_list_items (
      id INTEGER PRIMARY KEY,
      price_list_id INTEGER NOT NULL REFERENCES price_lists(id) ON DELETE CASCADE,
      product_id INTEGER NOT NULL REFERENCES products(id),
      min_qty_milli INTEGER NOT NULL DEFAULT 0 CHECK (min_qty_milli >= 0),
      price INTEGER NOT NULL CHECK (price > 0),
      valid_from TEXT,
      valid_to TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_from <= valid_to)
    ) STRICT`,
    sql`CREATE INDEX price_list_items_lookup ON price_list_items(product_id, price_list_id, min_qty_milli)`,
    sql`CREATE INDEX price_list_items_list ON price_list_items(price_list_id)`,
    // Defence in depth for the service's overlap check: same list, product and minimum quantity
    // may not be valid on the same day twice.
    sql`CREATE TRIGGER price_list_items_no_overlap_insert BEFORE INSERT ON price_list_items
      WHEN EXISTS (SELECT 1 FROM price_list_items o
        WHERE o.price_list_id = NEW.price_list_id AND o.product_id = NEW.product_id AND o.min_qty_milli = NEW.min_qty_milli
          AND coalesce(o.valid_from, '0000-01-01') <= coalesce(NEW.valid_to, '9999-12-31')
          AND coalesce(NEW.valid_from, '0000-01-01') <= coalesce(o.valid_to, '9999-12-31'))
      BEGIN SELECT RAISE(ABORT, 'overlapping validity for the same product and minimum quantity'); END`,
    sql`CREATE TRIGGER price_list_items_no_overlap_update BEFORE UPDATE ON price_list_items
      WHEN EXISTS (SELECT 1 FROM price_list_items o
        WHERE o.id <> NEW.id AND o.price_list_id = NEW.price_list_id AND o.product_id = NEW.product_id AND o.min_qty_milli = NEW.min_qty_milli
          AND coalesce(o.valid_from, '0000-01-01') <= coalesce(NEW.valid_to, '9999-12-31')
          AND coalesce(NEW.valid_from, '0000-01-01') <= coalesce(o.valid_to, '9999-12-31'))
      BEGIN SELECT RAISE(ABORT, 'overlapping validity for the same product and minimum quantity'); END`,

    // The one sales fact: a line per sold item, from imports now and shipments/returns later.
    sql`CREATE TABLE sales_facts (
      id INTEGER PRIMARY KEY,
      date TEXT NOT NULL CHECK (length(date) = 10),
      period INTEGER NOT NULL CHECK (period BETWEEN 190001 AND 299912),
      customer_id INTEGER NOT NULL REFERENCES customers(id),
      product_id INTEGER NOT NULL REFERENCES products(id),
      rep_id INTEGER REFERENCES users(id),
      region_id INTEGER REFERENCES regions(id),
      qty_milli INTEGER NOT NULL,
      net_amount INTEGER NOT NULL,
      discount_amount INTEGER NOT NULL DEFAULT 0,
      cost_amount INTEGER,
      source_type TEXT NOT NULL CHECK (source_type IN ('import', 'shipment', 'return')),
      source_ref TEXT NOT NULL,
      source_line TEXT NOT NULL,
      import_batch_id INTEGER,
      created_at TEXT NOT NULL
    ) STRICT`,
    sql`CREATE UNIQUE INDEX sales_facts_source ON sales_facts(source_type, source_ref, source_line)`,
    sql`CREATE INDEX sales_facts_date_customer ON sales_facts(date, customer_id, net_amount)`,
    sql`CREATE INDEX sales_facts_customer_date ON sales_facts(customer_id, date)`,
    sql`CREATE INDEX sales_facts_product_date ON sales_facts(product_id, date)`,
    sql`CREATE INDEX sales_facts_period_region ON sales_facts(period, region_id, net_amount)`,

    sql`CREATE TABLE import_batches (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('customers', 'products', 'price_list_items', 'sales_history')),
      file_name TEXT NOT NULL,
      file_sha256 TEXT NOT NULL,
      rows_total INTEGER NOT NULL,
      rows_written INTEGER NOT NULL,
      rows_skipped INTEGER NOT NULL,
      user_id INTEGER REFERENCES users(id),
      created_at TEXT NOT NULL
    ) STRICT`,
    sql`CREATE TABLE import_presets (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('customers', 'products', 'price_list_items', 'sales_history', 'bank_lines', 'opening_receivables')),
      name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
      mapping TEXT NOT NULL CHECK (json_valid(mapping)),
      created_by INTEGER REFERENCES users(id),
      updated_at TEXT NOT NULL,
      UNIQUE (kind, name)
    ) STRICT`,
    sql`CREATE TABLE user_grid_state (
      user_id INTEGER NOT NULL REFERENCES users(id),
      grid_key TEXT NOT NULL CHECK (length(grid_key) BETWEEN 1 AND 64),
      state TEXT NOT NULL CHECK (json_valid(state)),
      updated_at TEXT NOT NULL,
      PRIMARY KEY (user_id, grid_key)
    ) STRICT`,
  ];
  for (const s of statements) await s.execute(db);
}
