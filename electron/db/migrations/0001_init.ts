/**
 * Frozen: never edit after release, never import app code. Later changes go in 0002_… .
 * Written as portable SQL where possible; STRICT and the triggers are SQLite's and would be
 * rewritten for a PostgreSQL migration set.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL CHECK (json_valid(value)),
      updated_at TEXT NOT NULL
    ) STRICT`,
    sql`CREATE TABLE users (
      id INTEGER PRIMARY KEY,
      username TEXT NOT NULL UNIQUE CHECK (username = lower(username) AND length(username) BETWEEN 2 AND 32),
      display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 50),
      password_hash TEXT NOT NULL,
      active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
      last_login_at TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT`,
    sql`CREATE TABLE user_roles (
      user_id INTEGER NOT NULL REFERENCES users(id),
      role TEXT NOT NULL CHECK (role IN ('admin','sales_admin','finance','sales_manager','sales_rep')),
      PRIMARY KEY (user_id, role)
    ) STRICT`,
    sql`CREATE TABLE sessions (
      token_hash TEXT PRIMARY KEY,
      user_id INTEGER NOT NULL REFERENCES users(id),
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      last_seen_at TEXT NOT NULL
    ) STRICT`,
    sql`CREATE INDEX sessions_user ON sessions(user_id)`,
    sql`CREATE TABLE login_throttle (
      username TEXT PRIMARY KEY,
      failures INTEGER NOT NULL CHECK (failures >= 0),
      locked_until TEXT
    ) STRICT`,
    sql`CREATE TABLE audit_log (
      id INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      actor_id INTEGER,
      actor_name TEXT NOT NULL,
      action TEXT NOT NULL,
      entity TEXT NOT NULL,
      entity_id TEXT,
      before_json TEXT CHECK (before_json IS NULL OR json_valid(before_json)),
      after_json TEXT CHECK (after_json IS NULL OR json_valid(after_json)),
      reason TEXT,
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL UNIQUE
    ) STRICT`,
    sql`CREATE INDEX audit_log_entity ON audit_log(entity, entity_id)`,
    sql`CREATE INDEX audit_log_at ON audit_log(at)`,
    sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
    sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
    sql`CREATE TABLE regions (
      id INTEGER PRIMARY KEY,
      code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),
      name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
      parent_id INTEGER REFERENCES regions(id)
    ) STRICT`,
    sql`CREATE TABLE product_lines (
      id INTEGER PRIMARY KEY,
      code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),
      name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50)
    ) STRICT`,
    sql`CREATE TABLE products (
      id INTEGER PRIMARY KEY,
      sku TEXT NOT NULL UNIQUE CHECK (length(sku) BETWEEN 1 AND 64),
      name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      product_line_id INTEGER REFERENCES product_lines(id),
      unit TEXT NOT NULL CHECK (length(unit) BETWEEN 1 AND 16),
      list_price INTEGER NOT NULL CHECK (list_price >= 0),
      standard_cost INTEGER NOT NULL CHECK (standard_cost >= 0),
      floor_price INTEGER CHECK (floor_price IS NULL OR floor_price >= 0),
      active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT`,
    sql`CREATE INDEX products_line ON products(product_line_id)`,
    sql`CREATE TABLE customers (
      id INTEGER PRIMARY KEY,
      code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),
      name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      type TEXT NOT NULL CHECK (type IN ('direct', 'distributor')),
      region_id INTEGER REFERENCES regions(id),
      industry TEXT,
      owner_id INTEGER REFERENCES users(id),
      grade TEXT NOT NULL DEFAULT 'C' CHECK (grade IN ('A', 'B', 'C')),
      grade_manual INTEGER NOT NULL DEFAULT 0 CHECK (grade_manual IN (0, 1)),
      payment_terms_days INTEGER NOT NULL DEFAULT 30 CHECK (payment_terms_days BETWEEN 0 AND 3650),
      credit_limit INTEGER NOT NULL DEFAULT 0 CHECK (credit_limit >= 0),
      credit_status TEXT NOT NULL DEFAULT 'normal' CHECK (credit_status IN ('normal', 'hold')),
      notes TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT`,
    sql`CREATE INDEX customers_owner ON customers(owner_id)`,
    sql`CREATE INDEX customers_region ON customers(region_id)`,
    sql`CREATE INDEX customers_name ON customers(name)`,
    sql`CREATE TABLE customer_contacts (
      id INTEGER PRIMARY KEY,
      customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
      name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
      title TEXT,
      phone TEXT,
      email TEXT,
      is_primary INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1))
    ) STRICT`,
    sql`CREATE INDEX customer_contacts_customer ON customer_contacts(customer_id)`,
  ];
  for (const s of statements) await s.execute(db);
}
