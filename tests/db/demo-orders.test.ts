/** The demo's orders, shipments and receivables: consistent with each other and usable by the app. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../electron/demo/generate';
import { APP_VERSION } from '../../shared/version';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesdesk-demo-orders-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('demo orders', () => {
  it('adds about 2k orders with realistic statuses, and the shipments and receivables they imply, all consistent', async () => {
    const file = path.join(dir, 'demo.sqlite');
    await generateDemo({ file, scale: 'small', seed: 7, appVersion: APP_VERSION, scryptN: 1024 });
    const db = new Database(file, { readonly: true });
    const one = (q: string) => db.prepare(q).pluck().get() as number;
    try {
      expect(one('SELECT count(*) FROM order_lines')).toBe(10_000);
      expect(one('SELECT count(*) FROM orders')).toBeGreaterThan(1500);
      const statuses = db.prepare('SELECT status FROM orders GROUP BY status').pluck().all();
      expect(statuses).toEqual(expect.arrayContaining(['draft', 'confirmed', 'partly_shipped', 'shipped', 'invoiced', 'closed', 'cancelled']));
      // Header totals are sums of the rounded lines; shipped amounts are what the shipments carry.
      expect(one('SELECT count(*) FROM orders o WHERE amount <> (SELECT sum(amount) FROM order_lines WHERE order_id = o.id) OR tax_amount <> (SELECT sum(tax_amount) FROM order_lines WHERE order_id = o.id)')).toBe(0);
      expect(one(`SELECT count(*) FROM orders o WHERE shipped_amount <> coalesce((SELECT sum(amount) FROM shipments WHERE order_id = o.id AND status = 'posted'), 0)`)).toBe(0);
      expect(one('SELECT count(*) FROM order_lines l WHERE shipped_qty_milli <> coalesce((SELECT sum(qty_milli) FROM shipment_lines WHERE order_line_id = l.id), 0)')).toBe(0);
      expect(one(`SELECT count(*) FROM orders WHERE status IN ('draft', 'confirmed', 'cancelled') AND shipped_amount <> 0`)).toBe(0);
      // One receivable per shipment, same amount, due after the customer's terms.
      expect(one('SELECT count(*) FROM shipments s JOIN receivables r ON r.id = s.receivable_id AND r.shipment_id = s.id AND r.amount = s.amount')).toBe(one('SELECT count(*) FROM shipments'));
      expect(one(`SELECT count(*) FROM receivables r JOIN customers c ON c.id = r.customer_id WHERE r.due_date <> date(r.date, '+' || c.payment_terms_days || ' days')`)).toBe(0);
      // Most paid, some open, some overdue.
      const paid = one(`SELECT count(*) FROM receivables WHERE status = 'paid'`) / one('SELECT count(*) FROM receivables');
      expect(paid).toBeGreaterThan(0.7);
      expect(one(`SELECT count(*) FROM receivables WHERE balance > 0 AND due_date < '2026-10-01'`)).toBeGreaterThan(10);
      // The app's next numbers continue the series.
      const maxNo = db.prepare(`SELECT max(number) FROM orders WHERE number LIKE 'SO-2026-%'`).pluck().get() as string;
      expect(one(`SELECT next_value FROM sequences WHERE name = 'order'`)).toBe(Number(maxNo.slice(-6)) + 1);
      expect(db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      db.close();
    }
  }, 60_000);
});
