/**
 * Property (issue #5 item 7): over random sequences of ship (real shipments through IPC),
 * receipt (with/without FIFO, with 尾差), manual allocate, unallocate, reverse receipt, credit
 * (returns.create → credit note, then allocate it), bad-debt write-off and its reversal:
 * - receivables.verify says ok;
 * - an independent recomputation (plain rows summed in JS, not the verify SQL) agrees with every
 *   identity of docs/receivables.md, and no balance is negative or above its amount;
 * - every refused step changed nothing.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';
import { seedCustomer, seedOrder, seedProduct } from '../helpers/shipments-seed';

let app: TestApp;
let admin: string;
let sqlite: ReturnType<TestApp['workspace']['current']>['sqlite'];
let products: number[] = [];
let seq = 0;
const stats: Record<string, { ok: number; refused: number }> = {};
const count = (k: string, ok: boolean) => {
  stats[k] ??= { ok: 0, refused: 0 };
  stats[k][ok ? 'ok' : 'refused']++;
};

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.setup();
  sqlite = app.workspace.current().sqlite;
  products = [seedProduct(sqlite, 'RP-1', 333, 100), seedProduct(sqlite, 'RP-2', 7, 0), seedProduct(sqlite, 'RP-3', 99_999, 50_000)];
});
afterAll(() => app.dispose());

const all = <T>(q: string, ...p: unknown[]) => sqlite.prepare(q).all(...p) as T[];
const day = (n: number) => {
  const d = new Date(Date.UTC(2026, 8, 1 + n));
  return d.toISOString().slice(0, 10);
};

/** Everything a step for this customer could touch (cheaper than a whole-file checksum per step). */
function snapshot(customerId: number): string {
  return JSON.stringify([
    all('SELECT * FROM receivables WHERE customer_id = ? ORDER BY id', customerId),
    all('SELECT * FROM receipts WHERE customer_id = ? ORDER BY id', customerId),
    all('SELECT * FROM allocations WHERE customer_id = ? ORDER BY id', customerId),
    all('SELECT * FROM write_offs WHERE customer_id = ? ORDER BY id', customerId),
    all('SELECT * FROM shipments WHERE customer_id = ? ORDER BY id', customerId),
    all('SELECT * FROM returns WHERE customer_id = ? ORDER BY id', customerId),
    all('SELECT * FROM sequences ORDER BY name'),
    all('SELECT count(*) FROM audit_log'),
  ]);
}

type Cmd =
  | { k: 'ship'; pct: number }
  | { k: 'receipt'; pct: number; fifo: boolean; diff: boolean; back: number }
  | { k: 'short'; short: number }
  | { k: 'allocate'; pick: number; pcts: number[] }
  | { k: 'unallocate'; pick: number }
  | { k: 'reverse'; pick: number; early: boolean }
  | { k: 'credit'; pick: number; pct: number }
  | { k: 'badDebt'; pick: number; pct: number }
  | { k: 'unWriteOff'; pick: number };

const pct = fc.integer({ min: 1, max: 110 });
const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ k: fc.constant('ship' as const), pct: fc.integer({ min: 10, max: 60 }) }) },
  { weight: 4, arbitrary: fc.record({ k: fc.constant('receipt' as const), pct, fifo: fc.boolean(), diff: fc.boolean(), back: fc.integer({ min: 0, max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('short' as const), short: fc.integer({ min: 1, max: 150 }) }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('allocate' as const), pick: fc.nat(), pcts: fc.array(pct, { minLength: 1, maxLength: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('unallocate' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('reverse' as const), pick: fc.nat(), early: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('credit' as const), pick: fc.nat(), pct: fc.integer({ min: 5, max: 100 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('badDebt' as const), pick: fc.nat(), pct }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('unWriteOff' as const), pick: fc.nat() }) },
);

const at = <T>(xs: readonly T[], i: number): T | undefined => (xs.length ? xs[i % xs.length] : undefined);

async function step(c: Cmd, customerId: number, orderId: number, n: number): Promise<{ ok: boolean; code?: string } | null> {
  const date = day(n);
  const open = () => all<{ id: number; balance: number }>(`SELECT id, balance FROM receivables WHERE customer_id = ? AND kind != 'credit_note' AND status != 'cancelled' AND balance > 0 ORDER BY id`, customerId);
  const openOn = (d: string) =>
    all<{ id: number; balance: number }>(`SELECT id, balance FROM receivables WHERE customer_id = ? AND kind != 'credit_note' AND status != 'cancelled' AND balance > 0 AND date <= ? ORDER BY id`, customerId, d);
  const res = (r: { ok: boolean; error?: { code: string } }) => ({ ok: r.ok, code: r.ok ? undefined : r.error?.code });
  switch (c.k) {
    case 'ship': {
      const left = all<{ id: number; left: number }>('SELECT id, qty_milli - shipped_qty_milli AS left FROM order_lines WHERE order_id = ? ORDER BY line_no', orderId);
      const lines = left.map((l) => ({ orderLineId: l.id, qtyMilli: Math.ceil((l.left * c.pct) / 100) })).filter((l) => l.qtyMilli > 0);
      if (!lines.length) return null;
      return res(await app.call('shipments.create', { orderId, customerId, date, lines }, admin));
    }
    case 'receipt': {
      const total = open().reduce((a, o) => a + o.balance, 0);
      const amount = Math.max(1, Math.floor(((total || 10_000) * c.pct) / 100));
      return res(
        await app.call(
          'receipts.create',
          { customerId, date: day(n - c.back * 10), amount, method: 'bank_transfer', allocate: c.fifo ? { mode: 'fifo', writeOffDifference: c.diff } : undefined },
          admin,
        ),
      );
    }
    case 'short': {
      const total = open().reduce((a, o) => a + o.balance, 0);
      if (total <= c.short) return null;
      return res(await app.call('receipts.create', { customerId, date, amount: total - c.short, method: 'cash', allocate: { mode: 'fifo', writeOffDifference: true } }, admin));
    }
    case 'allocate': {
      const receipts = all<{ id: number; unallocated: number; date: string }>(`SELECT id, unallocated, date FROM receipts WHERE customer_id = ? AND unallocated > 0 ORDER BY id`, customerId);
      const r = at(receipts, c.pick);
      // Mostly items the receipt may pay (dated on or before it); every 4th pick any item, so early payment is refused too.
      const items = c.pick % 4 === 0 ? open() : openOn(r?.date ?? '');
      if (!r || !items.length) return null;
      // A share of what the item owes, capped by an even split of the receipt (over 100%: too much, refused).
      const lines = c.pcts.map((p, i) => {
        const it = items[(c.pick + i) % items.length] as { id: number; balance: number };
        const base = Math.min(it.balance, Math.floor(r.unallocated / c.pcts.length) || 1);
        return { receivableId: it.id, amount: Math.max(1, Math.ceil((base * p) / 100)) };
      });
      const unique = lines.filter((l, i) => lines.findIndex((x) => x.receivableId === l.receivableId) === i);
      return res(await app.call('receipts.allocate', { source: { kind: 'receipt', id: r.id }, mode: 'manual', lines: unique }, admin));
    }
    case 'unallocate': {
      const allocs = all<{ id: number }>(`SELECT id FROM allocations WHERE customer_id = ? AND source != 'write_off' ORDER BY id`, customerId);
      const a = at(allocs, c.pick);
      if (!a) return null;
      return res(await app.call('allocations.reverse', { ids: [a.id], reason: 'p' }, admin));
    }
    case 'reverse': {
      const receipts = all<{ id: number; date: string }>(`SELECT id, date FROM receipts WHERE customer_id = ? ORDER BY id`, customerId);
      const r = at(receipts, c.pick);
      if (!r) return null;
      return res(await app.call('receipts.reverse', { id: r.id, reason: 'p', date: c.early ? day(-1) : undefined }, admin));
    }
    case 'credit': {
      const lines = all<{ sid: number; id: number; left: number }>(
        `SELECT s.id AS sid, sl.id, sl.qty_milli - coalesce((SELECT sum(qty_milli) FROM return_lines WHERE shipment_line_id = sl.id), 0) AS left
         FROM shipment_lines sl JOIN shipments s ON s.id = sl.shipment_id WHERE s.customer_id = ? AND s.status = 'posted' ORDER BY sl.id`,
        customerId,
      );
      const l = at(lines, c.pick);
      if (!l || l.left <= 0) return null;
      const r = await app.call('returns.create', { shipmentId: l.sid, date, reason: 'p', lines: [{ shipmentLineId: l.id, qtyMilli: Math.max(1, Math.ceil((l.left * c.pct) / 100)) }] }, admin);
      if (r.ok && r.data.creditNote.balance > 0) {
        // What the invoice could not absorb: allocate the credit note to the other open items.
        const a = await app.call('receipts.allocate', { source: { kind: 'credit_note', id: r.data.creditNote.id }, mode: 'fifo' }, admin);
        count('creditAllocate', a.ok);
      }
      return res(r);
    }
    case 'badDebt': {
      const it = at(open(), c.pick);
      if (!it) return null;
      return res(await app.call('writeoffs.create', { receivableId: it.id, amount: Math.max(1, Math.ceil((it.balance * c.pct) / 100)), date: day(60), reason: '坏账' }, admin));
    }
    case 'unWriteOff': {
      const ws = all<{ id: number }>(`SELECT id FROM write_offs WHERE customer_id = ? ORDER BY id`, customerId);
      const w = at(ws, c.pick);
      if (!w) return null;
      return res(await app.call('writeoffs.reverse', { id: w.id, reason: 'p' }, admin));
    }
  }
}

/** The identities recomputed from plain rows in JS, independent of receivables.verify's SQL. */
function recompute(customerId: number): string[] {
  const bad: string[] = [];
  const items = all<{ id: number; number: string; kind: string; status: string; amount: number; balance: number }>('SELECT * FROM receivables WHERE customer_id = ?', customerId);
  const receipts = all<{ id: number; number: string; amount: number; unallocated: number; status: string }>('SELECT * FROM receipts WHERE customer_id = ?', customerId);
  const wos = all<{ id: number; number: string; amount: number; reversed_on: string | null }>('SELECT * FROM write_offs WHERE customer_id = ?', customerId);
  const allocs = all<{ receivable_id: number; receipt_id: number | null; credit_note_id: number | null; write_off_id: number | null; amount: number; reversed_on: string | null }>(
    'SELECT * FROM allocations WHERE customer_id = ?',
    customerId,
  ).filter((a) => a.reversed_on === null);
  const sum = (f: (a: (typeof allocs)[number]) => boolean) => allocs.filter(f).reduce((s, a) => s + a.amount, 0);
  let flow = 0;
  let open = 0;
  for (const it of items) {
    if (it.balance < 0 || it.balance > it.amount) bad.push(`range ${it.number}`);
    if (it.status === 'cancelled') continue;
    if (it.kind === 'credit_note') {
      if (it.amount - sum((a) => a.credit_note_id === it.id) !== it.balance) bad.push(`credit note ${it.number}`);
      flow -= it.amount;
      open -= it.balance;
    } else {
      if (it.amount - sum((a) => a.receivable_id === it.id) !== it.balance) bad.push(`item ${it.number}`);
      if ((it.balance === 0) !== (it.status === 'paid' || it.status === 'written_off')) bad.push(`status ${it.number} ${it.status}`);
      flow += it.amount;
      open += it.balance;
    }
  }
  for (const r of receipts) {
    const used = sum((a) => a.receipt_id === r.id);
    if (r.status === 'posted') {
      if (r.amount - used !== r.unallocated) bad.push(`receipt ${r.number}`);
      flow -= r.amount;
      open -= r.unallocated;
    } else if (used !== 0 || r.unallocated !== 0) bad.push(`reversed receipt ${r.number}`);
  }
  for (const w of wos) {
    const used = sum((a) => a.write_off_id === w.id);
    if (used !== (w.reversed_on === null ? w.amount : 0)) bad.push(`write-off ${w.number}`);
    if (w.reversed_on === null) flow -= w.amount;
  }
  if (flow !== open) bad.push(`customer ${flow} != ${open}`);
  return bad;
}

it('keeps every ledger identity over thousands of random receivables operations', async () => {
  let steps = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(cmd, { minLength: 8, maxLength: 24 }), async (cmds) => {
      const customerId = seedCustomer(sqlite, { code: `RP${++seq}` });
      const o = seedOrder(sqlite, {
        customerId, date: '2026-08-01',
        lines: [0, 1, 2].map((i) => ({ productId: products[i] as number, qtyMilli: 10_000 * (i + 1), amount: [1_000_003, 77_777, 3_333_333][i] as number })),
      });
      // Ship something first so most sequences have money to move.
      await step({ k: 'ship', pct: 30 }, customerId, o.orderId, 0);
      for (const [i, c] of cmds.entries()) {
        const before = snapshot(customerId);
        const r = await step(c, customerId, o.orderId, i + 1);
        if (r === null) continue;
        steps++;
        count(c.k, r.ok);
        if (!r.ok) {
          expect(['VALIDATION', 'RULE_VIOLATION'], `${c.k} answered ${r.code}`).toContain(r.code);
          expect(snapshot(customerId), `refused ${c.k} changed something`).toBe(before);
        }
      }
      const v = await app.ok('receivables.verify', { customerId }, admin);
      expect(v.failures).toEqual([]);
      expect(recompute(customerId)).toEqual([]);
    }),
    { numRuns: Number(process.env.RUNS ?? 1000) },
  );
  const global = await app.ok('receivables.verify', {}, admin);
  expect(global.ok).toBe(true);
  console.log('receivables property:', steps, 'steps', JSON.stringify(stats));
  expect(steps).toBeGreaterThan(Number(process.env.RUNS ?? 1000) * 8);
  // Every kind of step both happened and was sometimes refused (the refusal paths are exercised).
  for (const k of ['ship', 'receipt', 'short', 'allocate', 'unallocate', 'reverse', 'credit', 'badDebt', 'unWriteOff']) expect(stats[k]?.ok, k).toBeGreaterThan(10);
  for (const k of ['receipt', 'short', 'allocate', 'reverse', 'badDebt']) expect(stats[k]?.refused, k).toBeGreaterThan(0);
  const smalls = sqlite.prepare(`SELECT count(*) FROM write_offs WHERE kind = 'small_difference'`).pluck().get() as number;
  expect(smalls).toBeGreaterThan(10);
}, 120_000);

it('verify names a corrupted balance, receipt and write-off; the independent check agrees', async () => {
  const customerId = seedCustomer(sqlite, { code: 'RP-CORRUPT', name: '被改坏的客户' });
  const o = seedOrder(sqlite, { customerId, date: '2026-08-01', lines: [{ productId: products[0] as number, qtyMilli: 1000, amount: 100_000 }] });
  const lineId = o.lineIds[0] as number;
  const s = await app.ok('shipments.create', { orderId: o.orderId, customerId, date: '2026-09-01', lines: [{ orderLineId: lineId, qtyMilli: 1000 }] }, admin);
  if (s.status !== 'posted') throw new Error('blocked');
  const rc = await app.ok('receipts.create', { customerId, date: '2026-09-02', amount: 60_000, method: 'cash', allocate: { mode: 'fifo' } }, admin);
  const w = await app.ok('writeoffs.create', { receivableId: s.receivable.id, amount: 1_000, date: '2026-09-03', reason: '坏账' }, admin);
  expect((await app.ok('receivables.verify', { customerId }, admin)).ok).toBe(true);

  sqlite.prepare('UPDATE receivables SET balance = balance + 7 WHERE id = ?').run(s.receivable.id);
  sqlite.prepare('UPDATE receipts SET unallocated = unallocated + 5 WHERE id = ?').run(rc.receipt.id);
  sqlite.prepare('UPDATE write_offs SET amount = amount + 3 WHERE id = ?').run(w.id);
  const v = await app.ok('receivables.verify', {}, admin);
  expect(v.ok).toBe(false);
  const mine = v.failures.filter((f) => f.customerId === customerId).map((f) => [f.identity, f.document, f.expected, f.actual]);
  expect(mine).toEqual(
    expect.arrayContaining([
      ['item', s.receivable.number, 39_000, 39_007],
      ['receipt', rc.receipt.number, 0, 5],
      ['write_off', w.number, 1_003, 1_000],
    ]),
  );
  expect(v.failures.find((f) => f.identity === 'customer' && f.customerId === customerId)).toMatchObject({ customerCode: 'RP-CORRUPT', customerName: '被改坏的客户' });
  expect(v.failures.every((f) => f.customerId === customerId)).toBe(true);
  expect(recompute(customerId)).toEqual(expect.arrayContaining([`item ${s.receivable.number}`, `receipt ${rc.receipt.number}`, `write-off ${w.number}`]));
});
