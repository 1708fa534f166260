/**
 * Property: after any sequence of ship / cancel / return / receipt allocation, for every
 * customer Σ invoices − Σ credit notes applied − Σ allocated = Σ open invoice balances, to the 分;
 * and shipped quantities, order shipped amounts, sales facts and pro-rata line amounts agree
 * with the documents. Refused steps (too much, already cancelled, allocated) change nothing.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inTransaction } from '../../electron/db/transaction';
import { insertReceipt, postAllocations } from '../../electron/services/receivables/ledger';
import { createTestApp, type TestApp } from '../helpers/app';
import { seedCustomer, seedOrder, seedProduct } from '../helpers/shipments-seed';

let app: TestApp;
let admin: string;
let sqlite: ReturnType<TestApp['workspace']['current']>['sqlite'];
let products: number[] = [];
let seq = 0;

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.setup();
  sqlite = app.workspace.current().sqlite;
  products = [seedProduct(sqlite, 'PP-1', 333, 100), seedProduct(sqlite, 'PP-2', 1, 0), seedProduct(sqlite, 'PP-3', 99_999, 50_000)];
});
afterAll(() => app.dispose());

type Cmd =
  | { k: 'ship'; pct: number[] }
  | { k: 'cancel'; s: number }
  | { k: 'return'; s: number; line: number; pct: number }
  | { k: 'allocate'; s: number; pct: number };

const cmd = fc.oneof(
  { weight: 4, arbitrary: fc.record({ k: fc.constant('ship' as const), pct: fc.array(fc.integer({ min: 0, max: 105 }), { minLength: 3, maxLength: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('cancel' as const), s: fc.nat(6) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('return' as const), s: fc.nat(6), line: fc.nat(2), pct: fc.integer({ min: 1, max: 105 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('allocate' as const), s: fc.nat(6), pct: fc.integer({ min: 1, max: 100 }) }) },
);
const orderShape = fc.array(fc.record({ qty: fc.integer({ min: 1, max: 5000 }), amount: fc.integer({ min: 0, max: 1_000_000 }) }), { minLength: 3, maxLength: 3 });

const one = <T>(sql: string, ...p: unknown[]) => sqlite.prepare(sql).get(...p) as T;
const all = <T>(sql: string, ...p: unknown[]) => sqlite.prepare(sql).all(...p) as T[];

it('keeps receivables, quantities, facts and amounts consistent over random ship/cancel/return sequences', async () => {
  await fc.assert(
    fc.asyncProperty(orderShape, fc.array(cmd as fc.Arbitrary<Cmd>, { minLength: 1, maxLength: 12 }), async (shape, cmds) => {
      const customerId = seedCustomer(sqlite, { code: `PC${++seq}` });
      const o = seedOrder(sqlite, { customerId, lines: shape.map((l, i) => ({ productId: products[i] as number, qtyMilli: l.qty, amount: l.amount })) });
      const shipments: number[] = [];
      let allocated = 0;
      for (const c of cmds) {
        if (c.k === 'ship') {
          // A share of what is left per line (over 100%: more than is left, refused).
          const left = all<{ id: number; left: number }>('SELECT id, qty_milli - shipped_qty_milli AS left FROM order_lines WHERE order_id = ? ORDER BY line_no', o.orderId);
          const lines = left.map((l, i) => ({ orderLineId: l.id, qtyMilli: Math.ceil((l.left * (c.pct[i] ?? 0)) / 100) })).filter((l) => l.qtyMilli > 0);
          if (!lines.length) continue;
          const r = await app.call('shipments.create', { orderId: o.orderId, customerId, date: '2026-11-20', lines }, admin);
          if (r.ok && r.data.status === 'posted') shipments.push(r.data.shipment.id);
          else if (!r.ok) expect(['VALIDATION', 'RULE_VIOLATION']).toContain(r.error.code);
        } else if (c.k === 'cancel' && shipments.length) {
          const r = await app.call('shipments.cancel', { id: shipments[c.s % shipments.length] as number, reason: 'p' }, admin);
          if (!r.ok) expect(r.error.code).toBe('RULE_VIOLATION');
        } else if (c.k === 'return' && shipments.length) {
          const id = shipments[c.s % shipments.length] as number;
          const lines = all<{ id: number; left: number }>(
            'SELECT sl.id, sl.qty_milli - coalesce((SELECT sum(qty_milli) FROM return_lines WHERE shipment_line_id = sl.id), 0) AS left FROM shipment_lines sl WHERE sl.shipment_id = ? ORDER BY sl.id',
            id,
          );
          const line = lines[c.line % lines.length];
          if (!line) continue;
          const r = await app.call('returns.create', { shipmentId: id, date: '2026-11-25', reason: 'p', lines: [{ shipmentLineId: line.id, qtyMilli: Math.max(1, Math.ceil((line.left * c.pct) / 100)) }] }, admin);
          if (!r.ok) expect(['VALIDATION', 'RULE_VIOLATION']).toContain(r.error.code);
        } else if (c.k === 'allocate' && shipments.length) {
          // A receipt allocated through the ledger (issue #5).
          const rec = one<{ id: number; balance: number } | undefined>(
            `SELECT r.id, r.balance FROM shipments s JOIN receivables r ON r.id = s.receivable_id WHERE s.id = ? AND r.status != 'cancelled'`,
            shipments[c.s % shipments.length],
          );
          if (!rec || rec.balance === 0) continue;
          const take = Math.max(1, Math.floor((rec.balance * c.pct) / 100));
          const now = '2026-11-20T00:00:00.000Z';
          await inTransaction(app.workspace.current().db, async (trx) => {
            const rc = await insertReceipt(trx, { customerId, date: '2026-11-20', amount: take, method: 'bank_transfer', userId: null, now });
            await postAllocations(trx, { customerId, source: { kind: 'receipt', id: rc.id }, lines: [{ receivableId: rec.id, amount: take }], userId: null, now, allowSourceBeforeItem: false });
          });
          allocated += take;
        }
      }

      // Σ invoices − Σ credit notes applied − Σ allocated = Σ open invoice balances.
      const inv = one<{ amount: number; balance: number }>(
        `SELECT coalesce(sum(amount), 0) AS amount, coalesce(sum(balance), 0) AS balance FROM receivables WHERE customer_id = ? AND kind = 'invoice' AND status != 'cancelled'`,
        customerId,
      );
      const cn = one<{ applied: number; amount: number }>(
        `SELECT coalesce(sum(amount - balance), 0) AS applied, coalesce(sum(amount), 0) AS amount FROM receivables WHERE customer_id = ? AND kind = 'credit_note'`,
        customerId,
      );
      expect(inv.amount - cn.applied - allocated).toBe(inv.balance);
      // Every invoice equals its posted shipment; credit notes equal their returns.
      expect(all(`SELECT s.id FROM shipments s JOIN receivables r ON r.id = s.receivable_id WHERE s.customer_id = ? AND s.status = 'posted' AND (r.amount != s.amount OR r.status = 'cancelled')`, customerId)).toEqual([]);
      expect(all(`SELECT t.id FROM returns t JOIN receivables r ON r.id = t.credit_note_id WHERE t.customer_id = ? AND r.amount != t.amount`, customerId)).toEqual([]);
      const posted = one<{ amount: number }>(`SELECT coalesce(sum(amount), 0) AS amount FROM shipments WHERE customer_id = ? AND status = 'posted'`, customerId);
      const returned = one<{ amount: number }>(`SELECT coalesce(sum(amount), 0) AS amount FROM returns WHERE customer_id = ?`, customerId);
      expect(cn.amount).toBe(returned.amount);
      // Order shipped amount and facts follow the documents.
      expect(one<{ shipped_amount: number }>('SELECT shipped_amount FROM orders WHERE id = ?', o.orderId).shipped_amount).toBe(posted.amount);
      const facts = one<{ net: number }>(`SELECT coalesce(sum(net_amount), 0) AS net FROM sales_facts WHERE customer_id = ?`, customerId);
      expect(facts.net).toBe(posted.amount - returned.amount);
      // Per line: shipped / returned quantities, and a fully shipped line's shipments sum to its amount exactly.
      for (const l of all<{ id: number; qty_milli: number; amount: number; shipped_qty_milli: number; returned_qty_milli: number }>('SELECT * FROM order_lines WHERE order_id = ?', o.orderId)) {
        const s = one<{ q: number; a: number }>(
          `SELECT coalesce(sum(sl.qty_milli), 0) AS q, coalesce(sum(sl.amount), 0) AS a FROM shipment_lines sl JOIN shipments s ON s.id = sl.shipment_id WHERE sl.order_line_id = ? AND s.status = 'posted'`,
          l.id,
        );
        const r = one<{ q: number }>(`SELECT coalesce(sum(rl.qty_milli), 0) AS q FROM return_lines rl JOIN shipment_lines sl ON sl.id = rl.shipment_line_id WHERE sl.order_line_id = ?`, l.id);
        expect(s.q).toBe(l.shipped_qty_milli);
        expect(r.q).toBe(l.returned_qty_milli);
        if (l.shipped_qty_milli === l.qty_milli) expect(s.a).toBe(l.amount);
        expect(s.a).toBeLessThanOrEqual(l.amount);
      }
      // Status follows the quantities.
      const st = one<{ status: string }>('SELECT status FROM orders WHERE id = ?', o.orderId).status;
      const lines = all<{ qty_milli: number; shipped_qty_milli: number }>('SELECT qty_milli, shipped_qty_milli FROM order_lines WHERE order_id = ?', o.orderId);
      const expected = lines.every((l) => l.shipped_qty_milli === l.qty_milli) ? 'shipped' : lines.some((l) => l.shipped_qty_milli > 0) ? 'partly_shipped' : 'confirmed';
      expect(st).toBe(expected);
    }),
    { numRuns: 300 },
  );
  // The sequences really exercised every path.
  const n = one<{ posted: number; cancelled: number; returns: number; credit: number }>(
    `SELECT (SELECT count(*) FROM shipments WHERE status = 'posted') AS posted, (SELECT count(*) FROM shipments WHERE status = 'cancelled') AS cancelled,
            (SELECT count(*) FROM returns) AS returns, (SELECT count(*) FROM receivables WHERE kind = 'credit_note' AND balance > 0) AS credit`,
  );
  console.log('property sequences:', n);
  expect(n.posted).toBeGreaterThan(100);
  expect(n.cancelled).toBeGreaterThan(20);
  expect(n.returns).toBeGreaterThan(20);
  expect(n.credit).toBeGreaterThan(0);
}, 120_000);
