/**
 * Frozen once released. Issue #5: receipts 收款, allocations 核销, write-offs 坏账核销, bank
 * statement lines 银行对账, collection notes 催收记录.
 *
 * The ledger model (DOMAIN.md §5):
 * - Every movement of a debit item's balance (an invoice or an opening receivable) is one dated
 *   `allocations` row whose source is a receipt, a credit note or a write-off. Nothing else moves
 *   `receivables.balance` after the item is created. So, always:
 *     receivable.amount − Σ active allocations to it            = receivable.balance
 *     receipt.amount − Σ active allocations from it              = receipt.unallocated (posted)
 *     credit note.amount − Σ active allocations from it          = credit note.balance
 *     write-off.amount = Σ its allocations (one per write-off)
 *   and per customer Σ invoiced − Σ credited − Σ allocated − Σ written off = Σ open balances.
 * - Reversal never deletes: the allocation gets `reversed_on` (the reversal's date), and the
 *   balances move back. An allocation counts as of date D when date ≤ D and (not reversed or
 *   reversed_on > D): aging as of a past date is reconstructed from these rows alone.
 * - `receivables.closed_on` is the date a debit item's balance reached 0 (the latest active
 *   allocation's date); NULL while open. Aging as of D reads only items with balance > 0 or
 *   closed_on > D, through the partial indexes below.
 * - A trigger refuses an allocation whose receivable, receipt or credit note belongs to another
 *   customer: the service checks first with a clear message; the trigger is the last guard.
 * - Existing credit-note applications (issue #4 returns) become allocation rows, dated on the
 *   credit note's date, so the identities hold on upgraded files.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`ALTER TABLE receivables ADD COLUMN closed_on TEXT`,
    // The previous system's document number (opening balances) or the VAT invoice number 发票号码:
    // bank references quote either, so the matcher looks here as well as at `number`.
    sql`ALTER TABLE receivables ADD COLUMN external_ref TEXT CHECK (external_ref IS NULL OR length(external_ref) <= 60)`,
    sql`CREATE INDEX receivables_closed_on ON receivables(closed_on, date) WHERE closed_on IS NOT NULL`,
    sql`CREATE INDEX receivables_external_ref ON receivables(external_ref) WHERE external_ref IS NOT NULL`,

    sql`CREATE TABLE receipts (
      id INTEGER PRIMARY KEY,
      number TEXT NOT NULL UNIQUE,
      customer_id INTEGER NOT NULL REFERENCES customers(id),
      date TEXT NOT NULL CHECK (length(date) = 10),
      amount INTEGER NOT NULL CHECK (amount > 0),
      unallocated INTEGER NOT NULL CHECK (unallocated >= 0 AND unallocated <= amount),
      method TEXT NOT NULL CHECK (method IN ('bank_transfer', 'cash', 'acceptance_bill', 'other')),
      bill_number TEXT CHECK (bill_number IS NULL OR length(bill_number) <= 60),
      bill_maturity_date TEXT CHECK (bill_maturity_date IS NULL OR length(bill_maturity_date) = 10),
      reference TEXT CHECK (reference IS NULL OR length(reference) <= 200),
      payer_name TEXT CHECK (payer_name IS NULL OR length(payer_name) <= 200),
      notes TEXT CHECK (notes IS NULL OR length(notes) <= 500),
      bank_line_id INTEGER UNIQUE,
      status TEXT NOT NULL DEFAULT 'posted' CHECK (status IN ('posted', 'reversed')),
      reversed_on TEXT,
      reverse_reason TEXT,
      reversed_by INTEGER REFERENCES users(id),
      created_by INTEGER REFERENCES users(id),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      CHECK (method != 'acceptance_bill' OR bill_maturity_date IS NOT NULL),
      CHECK (status = 'posted' OR (reversed_on IS NOT NULL AND unallocated = 0)),
      CHECK (reversed_on IS NULL OR reversed_on >= date)
    ) STRICT`,
    sql`CREATE INDEX receipts_customer_date ON receipts(customer_id, date)`,
    sql`CREATE INDEX receipts_date ON receipts(date)`,
    // Prepayments 预收 per customer: the credit check nets them from exposure reading this index alone.
    sql`CREATE INDEX receipts_unallocated ON receipts(customer_id, unallocated, date) WHERE unallocated > 0`,

    sql`CREATE TABLE write_offs (
      id INTEGER PRIMARY KEY,
      number TEXT NOT NULL UNIQUE,
      customer_id INTEGER NOT NULL REFERENCES customers(id),
      receivable_id INTEGER NOT NULL REFERENCES receivables(id),
      kind TEXT NOT NULL CHECK (kind IN ('bad_debt', 'small_difference')),
      date TEXT NOT NULL CHECK (length(date) = 10),
      amount INTEGER NOT NULL CHECK (amount > 0),
      reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
      receipt_id INTEGER REFERENCES receipts(id),
      reversed_on TEXT,
      reverse_reason TEXT,
      created_by INTEGER REFERENCES users(id),
      created_at TEXT NOT NULL
    ) STRICT`,
    sql`CREATE INDEX write_offs_customer ON write_offs(customer_id, date)`,
    sql`CREATE INDEX write_offs_receipt ON write_offs(receipt_id) WHERE receipt_id IS NOT NULL`,

    sql`CREATE TABLE allocations (
      id INTEGER PRIMARY KEY,
      customer_id INTEGER NOT NULL REFERENCES customers(id),
      receivable_id INTEGER NOT NULL REFERENCES receivables(id),
      source TEXT NOT NULL CHECK (source IN ('receipt', 'credit_note', 'write_off')),
      receipt_id INTEGER REFERENCES receipts(id),
      credit_note_id INTEGER REFERENCES receivables(id),
      write_off_id INTEGER REFERENCES write_offs(id),
      date TEXT NOT NULL CHECK (length(date) = 10),
      amount INTEGER NOT NULL CHECK (amount > 0),
      reversed_on TEXT,
      created_by INTEGER REFERENCES users(id),
      created_at TEXT NOT NULL,
      CHECK ((source = 'receipt') = (receipt_id IS NOT NULL)),
      CHECK ((source = 'credit_note') = (credit_note_id IS NOT NULL)),
      CHECK ((source = 'write_off') = (write_off_id IS NOT NULL)),
      CHECK (reversed_on IS NULL OR reversed_on >= date)
    ) STRICT`,
    // As-of sums per item read this covering index only.
    sql`CREATE INDEX allocations_receivable ON allocations(receivable_id, date, amount, reversed_on, source)`,
    sql`CREATE INDEX allocations_receipt ON allocations(receipt_id) WHERE receipt_id IS NOT NULL`,
    sql`CREATE INDEX allocations_credit_note ON allocations(credit_note_id) WHERE credit_note_id IS NOT NULL`,
    sql`CREATE INDEX allocations_write_off ON allocations(write_off_id) WHERE write_off_id IS NOT NULL`,
    sql`CREATE INDEX allocations_customer_date ON allocations(customer_id, date)`,
    sql`CREATE INDEX allocations_date ON allocations(date, source)`,
    sql`CREATE TRIGGER allocations_same_customer BEFORE INSERT ON allocations
      WHEN (SELECT customer_id FROM receivables WHERE id = NEW.receivable_id) IS NOT NEW.customer_id
        OR (NEW.receipt_id IS NOT NULL AND (SELECT customer_id FROM receipts WHERE id = NEW.receipt_id) IS NOT NEW.customer_id)
        OR (NEW.credit_note_id IS NOT NULL AND (SELECT customer_id FROM receivables WHERE id = NEW.credit_note_id) IS NOT NEW.customer_id)
      BEGIN SELECT RAISE(ABORT, 'allocation across customers'); END`,

    // Bank statements 银行对账单: one row per imported file, one per line. `fingerprint` is
    // unique: the bank's serial number 流水号 when the file has one, else a hash of date, amount,
    // payer, account and reference plus the occurrence of that tuple within its file, so the
    // same line in the same or an overlapping file is recognised and never booked twice.
    sql`CREATE TABLE bank_imports (
      id INTEGER PRIMARY KEY,
      file_name TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
      sha256 TEXT NOT NULL,
      bank TEXT,
      line_count INTEGER NOT NULL DEFAULT 0,
      new_lines INTEGER NOT NULL DEFAULT 0,
      duplicate_lines INTEGER NOT NULL DEFAULT 0,
      imported_by INTEGER REFERENCES users(id),
      imported_at TEXT NOT NULL
    ) STRICT`,
    // Column mappings per bank (工行, 建行, 招行 … built in; the clerk's own saved by name).
    sql`CREATE TABLE bank_presets (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 50),
      mapping TEXT NOT NULL CHECK (json_valid(mapping)),
      created_by INTEGER REFERENCES users(id),
      updated_at TEXT NOT NULL
    ) STRICT`,
    sql`CREATE TABLE bank_lines (
      id INTEGER PRIMARY KEY,
      import_id INTEGER NOT NULL REFERENCES bank_imports(id),
      line_no INTEGER NOT NULL CHECK (line_no >= 1),
      fingerprint TEXT NOT NULL UNIQUE,
      date TEXT NOT NULL CHECK (length(date) = 10),
      amount INTEGER NOT NULL CHECK (amount > 0),
      payer_name TEXT,
      payer_account TEXT,
      reference TEXT,
      memo TEXT,
      serial TEXT,
      status TEXT NOT NULL DEFAULT 'unmatched' CHECK (status IN ('unmatched', 'proposed', 'confirmed', 'rejected')),
      customer_id INTEGER REFERENCES customers(id),
      proposal TEXT CHECK (proposal IS NULL OR json_valid(proposal)),
      score INTEGER,
      receipt_id INTEGER REFERENCES receipts(id),
      decided_by INTEGER REFERENCES users(id),
      decided_at TEXT
    ) STRICT`,
    sql`CREATE INDEX bank_lines_import ON bank_lines(import_id, line_no)`,
    sql`CREATE INDEX bank_lines_status ON bank_lines(status, date)`,

    // Dunning 催收: each contact with a customer about money owed, with a promise to pay.
    sql`CREATE TABLE collection_notes (
      id INTEGER PRIMARY KEY,
      customer_id INTEGER NOT NULL REFERENCES customers(id),
      receivable_id INTEGER REFERENCES receivables(id),
      date TEXT NOT NULL CHECK (length(date) = 10),
      channel TEXT NOT NULL CHECK (channel IN ('phone', 'visit', 'message', 'email', 'letter', 'other')),
      note TEXT NOT NULL CHECK (length(note) BETWEEN 1 AND 1000),
      promise_date TEXT CHECK (promise_date IS NULL OR length(promise_date) = 10),
      promise_amount INTEGER CHECK (promise_amount IS NULL OR promise_amount > 0),
      created_by INTEGER REFERENCES users(id),
      created_at TEXT NOT NULL
    ) STRICT`,
    sql`CREATE INDEX collection_notes_customer ON collection_notes(customer_id, date)`,

    // ── collections ──
    // Collection plans 回款计划 sum what was allocated to a contract's receivables:
    // contract → its orders → their receivables.
    sql`CREATE INDEX orders_contract ON orders(contract_id) WHERE contract_id IS NOT NULL`,
    sql`CREATE INDEX receivables_order ON receivables(order_id) WHERE order_id IS NOT NULL`,
    // ── aging ──
    // "Is anything dated after D?" must be a few index probes: then the current balances ARE
    // the balances as of D (the fast path of as-of.ts). Reversals and open items' dates are the
    // only such dates not already indexed; the partial indexes stay small.
    sql`CREATE INDEX allocations_reversed ON allocations(reversed_on) WHERE reversed_on IS NOT NULL`,
    sql`CREATE INDEX receipts_reversed ON receipts(reversed_on) WHERE reversed_on IS NOT NULL`,
    sql`CREATE INDEX receivables_open_date ON receivables(date) WHERE balance > 0`,
    // Aging reads open items and unapplied receipts from these alone (no table lookups): as of
    // today the balances, as of a past date also the item's date and amount.
    // Every posting rewrites each partial index on balance, so open items get ONE wide index:
    // it replaces receivables_open (0004) and receivables_open_kind (0005, whose name it keeps
    // for the credit check's INDEXED BY), and serves credit exposure, aging and FIFO alike.
    // Unapplied receipts are read from receipts_unallocated (customer_id, unallocated, date).
    sql`DROP INDEX receivables_open`,
    sql`DROP INDEX receivables_open_kind`,
    sql`CREATE INDEX receivables_open_kind ON receivables(customer_id, kind, due_date, date, balance, amount) WHERE balance > 0`,
    // ── opening ──
    // Opening balances 期初应收 come through the import wizard: the import log accepts the kind
    // (rebuilt: SQLite cannot change a CHECK; nothing references import_batches by foreign key),
    // an opening item keeps the previous system's note, and a customer's document number from
    // the previous system is imported once (the re-import key).
    sql`CREATE TABLE import_batches_v6 (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('customers', 'products', 'price_list_items', 'sales_history', 'bank_lines', 'opening_receivables')),
      file_name TEXT NOT NULL,
      file_sha256 TEXT NOT NULL,
      rows_total INTEGER NOT NULL,
      rows_written INTEGER NOT NULL,
      rows_skipped INTEGER NOT NULL,
      user_id INTEGER REFERENCES users(id),
      created_at TEXT NOT NULL
    ) STRICT`,
    sql`INSERT INTO import_batches_v6 (id, kind, file_name, file_sha256, rows_total, rows_written, rows_skipped, user_id, created_at)
      SELECT id, kind, file_name, file_sha256, rows_total, rows_written, rows_skipped, user_id, created_at FROM import_batches`,
    sql`DROP TABLE import_batches`,
    sql`ALTER TABLE import_batches_v6 RENAME TO import_batches`,
    sql`ALTER TABLE receivables ADD COLUMN notes TEXT CHECK (notes IS NULL OR length(notes) <= 500)`,
    sql`CREATE UNIQUE INDEX receivables_opening_ref ON receivables(customer_id, external_ref) WHERE kind = 'opening'`,

    // Credit notes applied to invoices by issue #4 returns become allocation rows.
    sql`INSERT INTO allocations (customer_id, receivable_id, source, credit_note_id, date, amount, created_at)
      SELECT cn.customer_id, cn.credits_receivable_id, 'credit_note', cn.id, max(cn.date, inv.date), cn.amount - cn.balance, cn.created_at
      FROM receivables cn JOIN receivables inv ON inv.id = cn.credits_receivable_id
      WHERE cn.kind = 'credit_note' AND cn.amount > cn.balance`,
    sql`UPDATE receivables SET closed_on = coalesce(
        (SELECT max(a.date) FROM allocations a WHERE a.receivable_id = receivables.id AND a.reversed_on IS NULL), date)
      WHERE balance = 0 AND kind != 'credit_note'`,
  ];
  for (const s of statements) await s.execute(db);
}
