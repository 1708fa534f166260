/**
 * The demo's receipts, allocations and write-offs follow the ledger model of docs/receivables.md:
 * every identity is recomputed here with independent SQL, per document and per customer, and the
 * payment profiles show (fully paid customers, long overdue ones, prepaid credit, bills, bad
 * debts, small differences, reversed receipts, collection notes).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DEMO_TODAY, generateDemo } from '../../electron/demo/generate';
import { APP_VERSION } from '../../shared/version';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesdesk-demo-receipts-'));
let db: Database.Database;
const one = (q: string) => db.prepare(q).pluck().get() as number;
const TODAY = DEFAULT_DEMO_TODAY;

beforeAll(async () => {
  const file = path.join(dir, 'demo.sqlite');
  await generateDemo({ file, scale: 'small', seed: 7, appVersion: APP_VERSION, scryptN: 1024 });
  db = new Database(file, { readonly: true });
}, 120_000);
afterAll(() => {
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Active (not reversed) allocations. */
const ACTIVE = 'reversed_on IS NULL';

describe('demo receipts follow the ledger model', () => {
  it('has about one receipt per invoice, allocations, write-offs and collection notes', () => {
    const receivables = one(`SELECT count(*) FROM receivables WHERE kind = 'invoice'`);
    const receipts = one('SELECT count(*) FROM receipts');
    expect(receipts / receivables).toBeGreaterThan(0.85);
    expect(receipts / receivables).toBeLessThan(1.25);
    expect(one('SELECT count(*) FROM allocations')).toBeGreaterThan(receipts);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('item identity: amount − Σ active allocations = balance, within [0, amount]', () => {
    expect(one(`SELECT count(*) FROM receivables WHERE balance < 0 OR balance > amount`)).toBe(0);
    expect(
      one(`SELECT count(*) FROM receivables r WHERE kind != 'credit_note'
        AND r.amount - coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.receivable_id = r.id AND a.${ACTIVE}), 0) != r.balance`),
    ).toBe(0);
  });

  it('receipt identity: posted → amount − Σ active allocations = unallocated; reversed → 0 and nothing active', () => {
    expect(one('SELECT count(*) FROM receipts WHERE unallocated < 0 OR unallocated > amount')).toBe(0);
    expect(
      one(`SELECT count(*) FROM receipts r WHERE status = 'posted'
        AND r.amount - coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.receipt_id = r.id AND a.${ACTIVE}), 0) != r.unallocated`),
    ).toBe(0);
    expect(one(`SELECT count(*) FROM receipts r WHERE status = 'reversed' AND (unallocated != 0 OR reversed_on IS NULL
      OR EXISTS (SELECT 1 FROM allocations a WHERE a.receipt_id = r.id AND (a.reversed_on IS NULL OR a.reversed_on != r.reversed_on)))`)).toBe(0);
  });

  it('credit note identity and write-off identity (one allocation of the whole amount)', () => {
    expect(
      one(`SELECT count(*) FROM receivables r WHERE kind = 'credit_note'
        AND r.amount - coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.credit_note_id = r.id AND a.${ACTIVE}), 0) != r.balance`),
    ).toBe(0);
    expect(one(`SELECT count(*) FROM write_offs w WHERE (SELECT count(*) FROM allocations a WHERE a.write_off_id = w.id) != 1
      OR w.amount != (SELECT sum(a.amount) FROM allocations a WHERE a.write_off_id = w.id AND a.${ACTIVE})
      OR w.receivable_id != (SELECT a.receivable_id FROM allocations a WHERE a.write_off_id = w.id)`)).toBe(0);
    // A small difference stays within the default tolerance (¥1.00) and belongs to its receipt's customer.
    expect(one(`SELECT count(*) FROM write_offs WHERE kind = 'small_difference' AND (amount > 100 OR receipt_id IS NULL)`)).toBe(0);
    expect(one(`SELECT count(*) FROM write_offs w JOIN receipts r ON r.id = w.receipt_id WHERE r.customer_id != w.customer_id OR r.date != w.date`)).toBe(0);
  });

  it('customer identity: Σ invoiced − Σ received − Σ credited − Σ written off = Σ open balances; Σ receipts − Σ allocated = Σ unallocated', () => {
    const rows = db
      .prepare(`SELECT c.id,
          coalesce((SELECT sum(amount) FROM receivables WHERE customer_id = c.id AND kind != 'credit_note'), 0) AS invoiced,
          coalesce((SELECT sum(amount) FROM allocations WHERE customer_id = c.id AND source = 'receipt' AND ${ACTIVE}), 0) AS received,
          coalesce((SELECT sum(amount) FROM allocations WHERE customer_id = c.id AND source = 'credit_note' AND ${ACTIVE}), 0) AS credited,
          coalesce((SELECT sum(amount) FROM allocations WHERE customer_id = c.id AND source = 'write_off' AND ${ACTIVE}), 0) AS written,
          coalesce((SELECT sum(balance) FROM receivables WHERE customer_id = c.id AND kind != 'credit_note'), 0) AS open,
          coalesce((SELECT sum(amount) FROM receipts WHERE customer_id = c.id AND status = 'posted'), 0) AS paid,
          coalesce((SELECT sum(unallocated) FROM receipts WHERE customer_id = c.id), 0) AS unapplied
        FROM customers c`)
      .all() as { id: number; invoiced: number; received: number; credited: number; written: number; open: number; paid: number; unapplied: number }[];
    expect(rows.length).toBe(300);
    expect(rows.filter((r) => r.invoiced - r.received - r.credited - r.written !== r.open)).toEqual([]);
    expect(rows.filter((r) => r.paid - r.received !== r.unapplied)).toEqual([]);
    // Allocations never cross customers.
    expect(one('SELECT count(*) FROM allocations a JOIN receivables r ON r.id = a.receivable_id WHERE r.customer_id != a.customer_id')).toBe(0);
    expect(one('SELECT count(*) FROM allocations a JOIN receipts r ON r.id = a.receipt_id WHERE r.customer_id != a.customer_id')).toBe(0);
  });

  it('dates: allocations on max(source date, item date), reversals after them, closed_on the last active allocation, nothing in the future', () => {
    expect(one('SELECT count(*) FROM allocations a JOIN receipts r ON r.id = a.receipt_id JOIN receivables i ON i.id = a.receivable_id WHERE a.date != max(r.date, i.date)')).toBe(0);
    expect(one('SELECT count(*) FROM allocations a JOIN write_offs w ON w.id = a.write_off_id JOIN receivables i ON i.id = a.receivable_id WHERE a.date != max(w.date, i.date)')).toBe(0);
    // Receipts never pay an invoice issued after them (allowReceiptBeforeInvoice is off).
    expect(one('SELECT count(*) FROM allocations a JOIN receipts r ON r.id = a.receipt_id JOIN receivables i ON i.id = a.receivable_id WHERE r.date < i.date')).toBe(0);
    expect(one('SELECT count(*) FROM allocations WHERE reversed_on < date')).toBe(0);
    expect(one(`SELECT count(*) FROM receivables r WHERE kind != 'credit_note' AND (
      (balance = 0) != (closed_on IS NOT NULL)
      OR closed_on != (SELECT max(a.date) FROM allocations a WHERE a.receivable_id = r.id AND a.${ACTIVE}))`)).toBe(0);
    const future = [
      `SELECT count(*) FROM receipts WHERE date > '${TODAY}' OR reversed_on > '${TODAY}' OR substr(created_at, 1, 10) > '${TODAY}'`,
      `SELECT count(*) FROM allocations WHERE date > '${TODAY}' OR reversed_on > '${TODAY}'`,
      `SELECT count(*) FROM write_offs WHERE date > '${TODAY}'`,
      `SELECT count(*) FROM collection_notes WHERE date > '${TODAY}'`,
      `SELECT count(*) FROM receivables WHERE closed_on > '${TODAY}' OR updated_at > '${TODAY}T16:00:00.000Z'`,
    ];
    for (const q of future) expect(one(q), q).toBe(0);
  });

  it('statuses follow balances (written off when an active bad-debt write-off closed it)', () => {
    expect(one(`SELECT count(*) FROM receivables r WHERE kind = 'invoice' AND status != CASE
      WHEN balance = 0 THEN CASE WHEN EXISTS (SELECT 1 FROM allocations a JOIN write_offs w ON w.id = a.write_off_id
        WHERE a.receivable_id = r.id AND a.${ACTIVE} AND w.kind = 'bad_debt') THEN 'written_off' ELSE 'paid' END
      WHEN balance = amount THEN 'open' ELSE 'partly_paid' END`)).toBe(0);
    const statuses = db.prepare(`SELECT status FROM receivables GROUP BY status`).pluck().all();
    expect(statuses).toEqual(expect.arrayContaining(['open', 'partly_paid', 'paid', 'written_off']));
  });

  it('shows the payment profiles', () => {
    const withItems = 'EXISTS (SELECT 1 FROM receivables WHERE customer_id = c.id)';
    const fullyPaid = one(`SELECT count(*) FROM customers c WHERE ${withItems} AND NOT EXISTS (SELECT 1 FROM receivables WHERE customer_id = c.id AND balance > 0)`);
    const overdue90 = one(`SELECT count(DISTINCT customer_id) FROM receivables WHERE balance > 0 AND due_date < date('${TODAY}', '-90 days')`);
    const prepaid = one(`SELECT count(DISTINCT customer_id) FROM receipts WHERE unallocated > 0 AND status = 'posted'`);
    expect(fullyPaid).toBeGreaterThan(30);
    expect(overdue90).toBeGreaterThanOrEqual(5);
    expect(prepaid).toBeGreaterThanOrEqual(3);
    // Most invoices are paid; most receipts paid on time (within 10 days of the due date).
    expect(one(`SELECT count(*) FROM receivables WHERE status = 'paid'`) / one('SELECT count(*) FROM receivables')).toBeGreaterThan(0.7);
    // Acceptance bills mature 3–6 months after receipt.
    expect(one(`SELECT count(*) FROM receipts WHERE method = 'acceptance_bill'`)).toBeGreaterThan(20);
    expect(one(`SELECT count(*) FROM receipts WHERE method = 'acceptance_bill' AND (julianday(bill_maturity_date) - julianday(date) NOT BETWEEN 90 AND 180 OR length(bill_number) != 30)`)).toBe(0);
    expect(one(`SELECT count(*) FROM receipts WHERE method != 'acceptance_bill' AND bill_maturity_date IS NOT NULL`)).toBe(0);
    expect(one(`SELECT count(*) FROM write_offs WHERE kind = 'bad_debt'`)).toBeGreaterThanOrEqual(1);
    expect(one(`SELECT count(*) FROM write_offs WHERE kind = 'small_difference'`)).toBeGreaterThanOrEqual(5);
    expect(one(`SELECT count(*) FROM receipts WHERE status = 'reversed'`)).toBeGreaterThanOrEqual(1);
    // Collection notes only for customers with an overdue item, about one of them.
    expect(one('SELECT count(DISTINCT customer_id) FROM collection_notes')).toBeGreaterThanOrEqual(10);
    expect(one(`SELECT count(*) FROM collection_notes n JOIN receivables r ON r.id = n.receivable_id WHERE r.customer_id != n.customer_id OR r.due_date >= n.date`)).toBe(0);
  });

  it('numbers receipts and write-offs in date order per year, and the app continues the series', () => {
    for (const t of ['receipts', 'write_offs']) {
      const rows = db.prepare(`SELECT number, date FROM ${t} ORDER BY id`).all() as { number: string; date: string }[];
      const sorted = [...rows].sort((a, b) => (a.number < b.number ? -1 : 1));
      expect(sorted.every((r, i) => i === 0 || (sorted[i - 1] as { date: string }).date <= r.date || r.number.slice(3, 7) !== (sorted[i - 1] as { number: string }).number.slice(3, 7))).toBe(true);
      expect(rows.every((r) => r.number.slice(3, 7) === r.date.slice(0, 4))).toBe(true);
    }
    const last = db.prepare(`SELECT max(number) FROM receipts WHERE number LIKE 'RC-2026-%'`).pluck().get() as string;
    expect(one(`SELECT next_value FROM sequences WHERE name = 'receipt'`)).toBe(Number(last.slice(-6)) + 1);
  });
});
