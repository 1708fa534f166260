/**
 * Shipments, receivables at shipment, cancel, returns and credit notes, contracts, distributors'
 * regions and the card's activity, through the real router on a real SQLite file.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestApp, databaseChecksum, type TestApp } from '../helpers/app';
import { seedCustomer, seedOrder, seedProduct, seedRegion } from '../helpers/shipments-seed';

// The credit engine is built in parallel: use it when it is there, else pass; `creditBlock`
// forces a block so the "blocked changes nothing" path is tested either way.
const creditControl = vi.hoisted(() => ({ block: false }));
vi.mock('../../electron/services/credit-check', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../electron/services/credit-check')>();
  return {
    ...real,
    enforceCredit: async (...args: Parameters<typeof real.enforceCredit>) => {
      if (creditControl.block && !args[3]) return { released: false, evaluation: { decision: 'block', fired: ['over_limit'], trace: { forced: true } } };
      try {
        return await real.enforceCredit(...args);
      } catch (e) {
        if (String(e).includes('not implemented')) return { released: true, overrideId: null, evaluation: { decision: 'pass', fired: [], trace: {} } };
        throw e;
      }
    },
  };
});

let app: TestApp;
let admin: string;
let sqlite: ReturnType<TestApp['workspace']['current']>['sqlite'];
let regionEast: number;
let regionNorth: number;
let regionHz: number;
let p1: number;
let p2: number;

const BOOKKEEPING = ['sessions', 'login_throttle'];
const unchanged = async (fn: () => Promise<unknown>) => {
  const before = databaseChecksum(app, BOOKKEEPING);
  await fn();
  expect(databaseChecksum(app, BOOKKEEPING)).toBe(before);
};

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.setup();
  sqlite = app.workspace.current().sqlite;
  regionEast = seedRegion(sqlite, 'EC', '华东');
  regionNorth = seedRegion(sqlite, 'NC', '华北');
  regionHz = seedRegion(sqlite, 'HZ', '杭州', regionEast);
  p1 = seedProduct(sqlite, 'P-1', 400, 200);
  p2 = seedProduct(sqlite, 'P-2', 1500, 900);
});
afterAll(() => app.dispose());
beforeEach(() => {
  creditControl.block = false;
});

const facts = (ref: string) =>
  sqlite.prepare(`SELECT source_line, qty_milli, net_amount, rep_id, region_id, period, source_type FROM sales_facts WHERE source_ref = ? ORDER BY source_line`).all(ref) as {
    source_line: string; qty_milli: number; net_amount: number; rep_id: number | null; region_id: number | null; period: number; source_type: string;
  }[];

describe('shipments.create', () => {
  it('ships partly, then the rest: pro-rata amounts, remainder on the last, receivable by terms, numbering, facts, order status', async () => {
    const owner = await app.userToken(admin, 'rep_a', ['sales_rep']);
    const cust = seedCustomer(sqlite, { code: 'S1', terms: 45, regionId: regionEast, ownerId: owner.id });
    const o = seedOrder(sqlite, { customerId: cust, lines: [{ productId: p1, qtyMilli: 3000, amount: 1000 }, { productId: p2, qtyMilli: 10_000, amount: 12_345 }] });

    const r1 = await app.ok('shipments.create', { orderId: o.orderId, customerId: cust, date: '2026-11-20', lines: [{ orderLineId: o.lineIds[0] as number, qtyMilli: 1000 }, { orderLineId: o.lineIds[1] as number, qtyMilli: 4000 }] }, admin);
    expect(r1.status).toBe('posted');
    if (r1.status !== 'posted') return;
    expect(r1.shipment.number).toBe('SH-2026-000001');
    expect(r1.shipment.lines.map((l) => l.amount)).toEqual([333, 4938]);
    expect(r1.shipment.amount).toBe(5271);
    expect(r1.receivable).toMatchObject({ number: 'AR-2026-000001', kind: 'invoice', amount: 5271, balance: 5271, dueDate: '2027-01-04', status: 'open' });
    expect(sqlite.prepare('SELECT status, shipped_amount FROM orders WHERE id = ?').get(o.orderId)).toEqual({ status: 'partly_shipped', shipped_amount: 5271 });
    const f1 = facts(r1.shipment.number);
    expect(f1).toEqual([
      { source_line: '1', qty_milli: 1000, net_amount: 333, rep_id: owner.id, region_id: regionEast, period: 202611, source_type: 'shipment' },
      { source_line: '2', qty_milli: 4000, net_amount: 4938, rep_id: owner.id, region_id: regionEast, period: 202611, source_type: 'shipment' },
    ]);

    const left = await app.ok('shipments.shippable', { orderId: o.orderId }, admin);
    expect(left.lines.map((l) => l.leftQtyMilli)).toEqual([2000, 6000]);

    const r2 = await app.ok('shipments.create', { orderId: o.orderId, customerId: cust, date: '2026-12-02', shipToRegionId: regionNorth, lines: [{ orderLineId: o.lineIds[0] as number, qtyMilli: 2000 }, { orderLineId: o.lineIds[1] as number, qtyMilli: 6000 }] }, admin);
    if (r2.status !== 'posted') throw new Error('blocked');
    expect(r2.shipment.number).toBe('SH-2026-000002');
    expect(r2.shipment.lines.map((l) => l.amount)).toEqual([667, 7407]);
    expect(r2.receivable).toMatchObject({ number: 'AR-2026-000002', amount: 8074, dueDate: '2027-01-16' });
    expect(facts(r2.shipment.number).map((f) => [f.region_id, f.period])).toEqual([[regionNorth, 202612], [regionNorth, 202612]]);
    expect(sqlite.prepare('SELECT status, shipped_amount, amount FROM orders WHERE id = ?').get(o.orderId)).toEqual({ status: 'shipped', shipped_amount: 13_345, amount: 13_345 });
    // A customer on a direct customer never gets the cross-region flag.
    expect(r2.shipment.crossRegion).toBe(false);
    // Nothing is left: one more shipment is refused.
    const r3 = await app.call('shipments.create', { orderId: o.orderId, customerId: cust, date: '2026-12-03', lines: [{ orderLineId: o.lineIds[0] as number, qtyMilli: 1 }] }, admin);
    expect(r3).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION' } });
  });

  it('uses the order rep for facts and the contract payment terms for the due date', async () => {
    const rep = await app.userToken(admin, 'rep_b', ['sales_rep']);
    const cust = seedCustomer(sqlite, { code: 'S2', terms: 30 });
    const k = await app.ok('contracts.save', { customerId: cust, signedOn: '2026-10-01', startsOn: '2026-10-01', amount: 1_000_000, paymentTermsDays: 90 }, admin);
    const o = seedOrder(sqlite, { customerId: cust, contractId: k.id, repId: rep.id, lines: [{ productId: p1, qtyMilli: 1000, amount: 10_000 }] });
    const r = await app.ok('shipments.create', { orderId: o.orderId, customerId: cust, date: '2026-11-20', lines: [{ orderLineId: o.lineIds[0] as number, qtyMilli: 1000 }] }, admin);
    if (r.status !== 'posted') throw new Error('blocked');
    expect(r.receivable.dueDate).toBe('2027-02-18');
    expect(facts(r.shipment.number)[0]).toMatchObject({ rep_id: rep.id, region_id: null });
  });

  it('refuses a quantity above what is left, naming the line; nothing changes', async () => {
    const cust = seedCustomer(sqlite, { code: 'S3' });
    const o = seedOrder(sqlite, { customerId: cust, lines: [{ productId: p1, qtyMilli: 1000, amount: 100 }, { productId: p2, qtyMilli: 2000, amount: 300 }] });
    await unchanged(async () => {
      const r = await app.call('shipments.create', { orderId: o.orderId, customerId: cust, date: '2026-11-20', lines: [{ orderLineId: o.lineIds[0] as number, qtyMilli: 1000 }, { orderLineId: o.lineIds[1] as number, qtyMilli: 2001 }] }, admin);
      expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { lineNo: 2, leftQtyMilli: 2000 } } });
      if (!r.ok) expect(r.error.message).toContain('Line 2');
    });
    await unchanged(async () => {
      const r = await app.call('shipments.create', { orderId: o.orderId, customerId: cust, date: '2026-11-20', lines: [{ orderLineId: 999_999, qtyMilli: 1 }] }, admin);
      expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    });
  });

  it("refuses a shipment for another customer's order, and an order that is not confirmed; nothing changes", async () => {
    const a = seedCustomer(sqlite, { code: 'S4A' });
    const b = seedCustomer(sqlite, { code: 'S4B' });
    const o = seedOrder(sqlite, { customerId: a, lines: [{ productId: p1, qtyMilli: 1000, amount: 100 }] });
    await unchanged(async () => {
      const r = await app.call('shipments.create', { orderId: o.orderId, customerId: b, date: '2026-11-20', lines: [{ orderLineId: o.lineIds[0] as number, qtyMilli: 1000 }] }, admin);
      expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { issues: [{ path: ['customerId'] }] } } });
    });
    const draft = seedOrder(sqlite, { customerId: a, status: 'draft', lines: [{ productId: p1, qtyMilli: 1000, amount: 100 }] });
    await unchanged(async () => {
      const r = await app.call('shipments.create', { orderId: draft.orderId, customerId: a, date: '2026-11-20', lines: [{ orderLineId: draft.lineIds[0] as number, qtyMilli: 1000 }] }, admin);
      expect(r).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION' } });
    });
  });

  it('a credit block answers blocked with the evaluation and changes nothing', async () => {
    const cust = seedCustomer(sqlite, { code: 'S5' });
    const o = seedOrder(sqlite, { customerId: cust, lines: [{ productId: p1, qtyMilli: 1000, amount: 100 }] });
    creditControl.block = true;
    await unchanged(async () => {
      const r = await app.ok('shipments.create', { orderId: o.orderId, customerId: cust, date: '2026-11-20', lines: [{ orderLineId: o.lineIds[0] as number, qtyMilli: 1000 }] }, admin);
      expect(r).toEqual({ status: 'blocked', credit: { decision: 'block', fired: ['over_limit'], trace: { forced: true } } });
    });
  });

  it('with the real credit engine: over the limit is blocked (nothing changes), released with a reason by credit.override', async () => {
    const cust = seedCustomer(sqlite, { code: 'S6', limit: 5_000 });
    const o = seedOrder(sqlite, { customerId: cust, lines: [{ productId: p1, qtyMilli: 1000, amount: 10_000 }] });
    const input = { orderId: o.orderId, customerId: cust, date: '2026-11-20', lines: [{ orderLineId: o.lineIds[0] as number, qtyMilli: 1000 }] };
    await unchanged(async () => {
      const r = await app.ok('shipments.create', input, admin);
      expect(r.status).toBe('blocked');
      if (r.status === 'blocked') expect(r.credit.fired).toContain('over_limit');
    });
    const rep = await app.userToken(admin, 'rep_override', ['sales_rep']);
    sqlite.prepare('UPDATE customers SET owner_id = ? WHERE id = ?').run(rep.id, cust);
    // A rep without credit.override cannot release.
    await unchanged(async () => {
      const r = await app.call('shipments.create', { ...input, override: { reason: '老客户' } }, rep.token);
      expect(r.ok ? r.data.status : r.error.code).not.toBe('posted');
    });
    const released = await app.ok('shipments.create', { ...input, override: { reason: '总经理特批' } }, admin);
    expect(released.status).toBe('posted');
    expect(sqlite.prepare(`SELECT stage, reason FROM credit_overrides WHERE customer_id = ?`).all(cust)).toEqual([{ stage: 'ship', reason: '总经理特批' }]);
  });

  it('flags a distributor shipping outside its regions (a child region counts as inside) and lists it', async () => {
    const d = seedCustomer(sqlite, { code: 'D1', type: 'distributor', regionId: regionEast });
    const set = await app.ok('distributors.setRegions', { customerId: d, regionIds: [regionEast] }, admin);
    expect(set.regions.map((r) => r.code)).toEqual(['EC']);
    const o = seedOrder(sqlite, { customerId: d, lines: [{ productId: p1, qtyMilli: 3000, amount: 3000 }] });
    const ship = (region: number) =>
      app.ok('shipments.create', { orderId: o.orderId, customerId: d, date: '2026-11-21', shipToRegionId: region, lines: [{ orderLineId: o.lineIds[0] as number, qtyMilli: 1000 }] }, admin);
    const inside = await ship(regionHz);
    const outside = await ship(regionNorth);
    if (inside.status !== 'posted' || outside.status !== 'posted') throw new Error('blocked');
    expect(inside.shipment.crossRegion).toBe(false);
    expect(outside.shipment.crossRegion).toBe(true);
    const list = await app.ok('distributors.crossRegionList', {}, admin);
    expect(list.rows.map((r) => r.number)).toEqual([outside.shipment.number]);
    expect(list.rows[0]).toMatchObject({ assignedRegions: ['华东'], shipToRegionName: '华北' });
    // Not a distributor: refused.
    const direct = seedCustomer(sqlite, { code: 'D2' });
    await unchanged(async () => expect(await app.call('distributors.setRegions', { customerId: direct, regionIds: [regionEast] }, admin)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } }));
  });
});

describe('shipments.cancel', () => {
  it('reverses receivable, facts and shipped quantities while nothing is allocated', async () => {
    const cust = seedCustomer(sqlite, { code: 'C1' });
    const o = seedOrder(sqlite, { customerId: cust, lines: [{ productId: p1, qtyMilli: 2000, amount: 999 }] });
    const r = await app.ok('shipments.create', { orderId: o.orderId, customerId: cust, date: '2026-11-20', lines: [{ orderLineId: o.lineIds[0] as number, qtyMilli: 1000 }] }, admin);
    if (r.status !== 'posted') throw new Error('blocked');
    const c = await app.ok('shipments.cancel', { id: r.shipment.id, reason: '录错' }, admin);
    expect(c).toMatchObject({ status: 'cancelled', cancelReason: '录错' });
    expect(facts(r.shipment.number)).toEqual([]);
    expect(sqlite.prepare('SELECT status, balance FROM receivables WHERE id = ?').get(r.receivable.id)).toEqual({ status: 'cancelled', balance: 0 });
    expect(sqlite.prepare('SELECT shipped_qty_milli FROM order_lines WHERE id = ?').pluck().get(o.lineIds[0])).toBe(0);
    expect(sqlite.prepare('SELECT status, shipped_amount FROM orders WHERE id = ?').get(o.orderId)).toEqual({ status: 'confirmed', shipped_amount: 0 });
    const list = await app.ok('receivables.listByCustomer', { customerId: cust }, admin);
    expect(list.rows).toEqual([]);
    // Twice: refused.
    expect(await app.call('shipments.cancel', { id: r.shipment.id, reason: 'x' }, admin)).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION' } });
  });

  it('is refused with a clear reason once something is allocated; nothing changes', async () => {
    const cust = seedCustomer(sqlite, { code: 'C2' });
    const o = seedOrder(sqlite, { customerId: cust, lines: [{ productId: p1, qtyMilli: 1000, amount: 50_000 }] });
    const r = await app.ok('shipments.create', { orderId: o.orderId, customerId: cust, date: '2026-11-20', lines: [{ orderLineId: o.lineIds[0] as number, qtyMilli: 1000 }] }, admin);
    if (r.status !== 'posted') throw new Error('blocked');
    sqlite.prepare(`UPDATE receivables SET balance = balance - 10000, status = 'partly_paid' WHERE id = ?`).run(r.receivable.id);
    await unchanged(async () => {
      const c = await app.call('shipments.cancel', { id: r.shipment.id, reason: '录错' }, admin);
      expect(c).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION', details: { allocated: 10_000, receivableNumber: r.receivable.number } } });
      if (!c.ok) expect(c.error.message).toContain('allocated');
    });
  });
});

describe('returns.create', () => {
  it('posts a credit note that reduces the invoice; what it cannot absorb stays open as customer credit', async () => {
    const cust = seedCustomer(sqlite, { code: 'R1' });
    const o = seedOrder(sqlite, { customerId: cust, lines: [{ productId: p1, qtyMilli: 3000, amount: 30_000 }] });
    const r = await app.ok('shipments.create', { orderId: o.orderId, customerId: cust, date: '2026-11-20', lines: [{ orderLineId: o.lineIds[0] as number, qtyMilli: 3000 }] }, admin);
    if (r.status !== 'posted') throw new Error('blocked');
    const lineId = r.shipment.lines[0]?.id as number;
    const ret = await app.ok('returns.create', { shipmentId: r.shipment.id, date: '2026-11-25', reason: '破损', lines: [{ shipmentLineId: lineId, qtyMilli: 1000 }] }, admin);
    expect(ret.return.number).toBe('RT-2026-000001');
    expect(ret.creditNote).toMatchObject({ number: 'CN-2026-000001', kind: 'credit_note', amount: 10_000, balance: 0, creditsNumber: r.receivable.number });
    expect(ret.appliedToInvoice).toBe(10_000);
    expect(sqlite.prepare('SELECT balance, status FROM receivables WHERE id = ?').get(r.receivable.id)).toEqual({ balance: 20_000, status: 'partly_paid' });
    expect(facts(ret.return.number)).toEqual([expect.objectContaining({ qty_milli: -1000, net_amount: -10_000, source_type: 'return' })]);
    expect(sqlite.prepare('SELECT returned_qty_milli FROM order_lines WHERE id = ?').pluck().get(o.lineIds[0])).toBe(1000);

    // Simulate a receipt of 15 000 allocated: balance 5 000; returning the remaining 2 units (20 000) leaves 15 000 of credit.
    sqlite.prepare('UPDATE receivables SET balance = 5000 WHERE id = ?').run(r.receivable.id);
    const ret2 = await app.ok('returns.create', { shipmentId: r.shipment.id, date: '2026-11-26', reason: '退货', lines: [{ shipmentLineId: lineId, qtyMilli: 2000 }] }, admin);
    expect(ret2.appliedToInvoice).toBe(5000);
    expect(ret2.creditNote).toMatchObject({ amount: 20_000, balance: 15_000, status: 'partly_paid' });
    expect(sqlite.prepare('SELECT balance, status FROM receivables WHERE id = ?').get(r.receivable.id)).toEqual({ balance: 0, status: 'paid' });
    const list = await app.ok('receivables.listByCustomer', { customerId: cust }, admin);
    expect(list.totals).toMatchObject({ openInvoices: 0, openCredits: 15_000, net: -15_000 });

    // Nothing left to return; and cancel is refused because returns exist.
    await unchanged(async () => {
      expect(await app.call('returns.create', { shipmentId: r.shipment.id, date: '2026-11-27', reason: 'x', lines: [{ shipmentLineId: lineId, qtyMilli: 1 }] }, admin)).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', details: { lineNo: 1, leftQtyMilli: 0 } },
      });
      expect(await app.call('shipments.cancel', { id: r.shipment.id, reason: 'x' }, admin)).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION' } });
    });
  });
});

describe('receivables.listByCustomer and customers.cardActivity', () => {
  it('shows days overdue as of a date and the credit position on the card', async () => {
    const cust = seedCustomer(sqlite, { code: 'K1', terms: 10, limit: 100_000 });
    const o = seedOrder(sqlite, { customerId: cust, lines: [{ productId: p1, qtyMilli: 2000, amount: 40_000 }] });
    const r = await app.ok('shipments.create', { orderId: o.orderId, customerId: cust, date: '2026-10-01', lines: [{ orderLineId: o.lineIds[0] as number, qtyMilli: 1000 }] }, admin);
    if (r.status !== 'posted') throw new Error('blocked');
    const list = await app.ok('receivables.listByCustomer', { customerId: cust, asOf: '2026-11-01' }, admin);
    expect(list.rows).toEqual([expect.objectContaining({ dueDate: '2026-10-11', daysOverdue: 21, balance: 20_000 })]);
    expect(list.totals).toMatchObject({ openInvoices: 20_000, overdue: 20_000 });
    const card = await app.ok('customers.cardActivity', { id: cust, asOf: '2026-11-01' }, admin);
    expect(card.orders).toEqual([expect.objectContaining({ id: o.orderId, status: 'partly_shipped', shippedAmount: 20_000 })]);
    expect(card.openShipments.map((s) => s.number)).toEqual([r.shipment.number]);
    expect(card.credit).toMatchObject({ limitInForce: 100_000, openReceivables: 20_000, unshippedOrders: 20_000, exposure: 40_000, available: 60_000 });
  });

  it("a rep sees only their own customers' shipments and receivables", async () => {
    const rep = await app.userToken(admin, 'rep_c', ['sales_rep']);
    const other = seedCustomer(sqlite, { code: 'K2' });
    const o = seedOrder(sqlite, { customerId: other, lines: [{ productId: p1, qtyMilli: 1000, amount: 100 }] });
    const r = await app.ok('shipments.create', { orderId: o.orderId, customerId: other, date: '2026-11-20', lines: [{ orderLineId: o.lineIds[0] as number, qtyMilli: 1000 }] }, admin);
    if (r.status !== 'posted') throw new Error('blocked');
    expect(await app.call('shipments.get', { id: r.shipment.id }, rep.token)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await app.call('customers.cardActivity', { id: other }, rep.token)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await unchanged(async () =>
      expect(await app.call('shipments.cancel', { id: r.shipment.id, reason: 'x' }, rep.token)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } }),
    );
    expect((await app.ok('shipments.list', {}, rep.token)).rows).toEqual([]);
  });
});

describe('contracts', () => {
  it('numbers by sequence, validates the plan against the amount and the dates, keeps files byte for byte', async () => {
    const cust = seedCustomer(sqlite, { code: 'H1' });
    await unchanged(async () => {
      const r = await app.call('contracts.save', { customerId: cust, signedOn: '2026-11-01', startsOn: '2026-11-01', amount: 100_000, paymentTermsDays: 30, instalments: [{ dueDate: '2026-12-01', amount: 60_000 }, { dueDate: '2027-01-01', amount: 40_001 }] }, admin);
      expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { planned: 100_001, amount: 100_000 } } });
      expect(await app.call('contracts.save', { customerId: cust, signedOn: '2026-11-01', startsOn: '2026-11-01', endsOn: '2026-10-01', amount: 1, paymentTermsDays: 30 }, admin)).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION' },
      });
    });
    const k = await app.ok('contracts.save', { customerId: cust, title: '框架协议', signedOn: '2026-11-01', startsOn: '2026-11-01', amount: 100_000, paymentTermsDays: 60, instalments: [{ dueDate: '2026-12-01', amount: 60_000 }, { dueDate: '2027-01-01', amount: 40_000 }] }, admin);
    expect(k.number).toMatch(/^HT-2026-\d{5}$/);
    expect(k.instalments.map((i) => [i.seq, i.amount])).toEqual([[1, 60_000], [2, 40_000]]);
    expect(k.plannedTotal).toBe(100_000);
    const edited = await app.ok('contracts.save', { id: k.id, customerId: cust, signedOn: '2026-11-01', startsOn: '2026-11-01', amount: 120_000, paymentTermsDays: 60, status: 'active', instalments: [{ dueDate: '2026-12-15', amount: 120_000 }] }, admin);
    expect(edited).toMatchObject({ number: k.number, amount: 120_000, plannedTotal: 120_000, title: null });
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255]);
    const meta = await app.ok('contracts.attach', { contractId: k.id, fileName: '扫描件.pdf', mime: 'application/pdf', size: bytes.length, contentBase64: bytes.toString('base64') }, admin);
    const back = await app.ok('contracts.file', { fileId: meta.id }, admin);
    expect(Buffer.from(back.contentBase64, 'base64').equals(bytes)).toBe(true);
    expect(back.sha256).toBe(meta.sha256);
    await unchanged(async () =>
      expect(await app.call('contracts.attach', { contractId: k.id, fileName: 'x.pdf', size: 5, contentBase64: 'YWJj' }, admin)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } }),
    );
    const listed = await app.ok('contracts.list', { customerId: cust }, admin);
    expect(listed.rows).toEqual([expect.objectContaining({ id: k.id, files: 1 })]);
  });
});
