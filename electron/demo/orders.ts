/**
 * Sales orders of the demo company over the last 18 months, with the shipments and receivables
 * that shipped orders imply, so the order list, credit exposure and aging look real.
 *
 * - Statuses follow age: recent orders are drafts, confirmed or partly shipped; older ones are
 *   shipped, invoiced or closed (a few closed with an unshipped rest); about 3% are cancelled.
 * - Prices: the product's list price less the customer's grade/channel discount (as the price
 *   lists give it), sometimes a further line discount; tax-inclusive, 13% VAT, amounts and tax
 *   half-up once per line with the same arithmetic as orders.saveDraft (shared/order-math.ts).
 * - A shipped order was shipped in 1–4 shipments, each carrying whole lines; each shipment has
 *   one receivable (应收单) due after the customer's payment terms, written open at its full
 *   amount (balance = amount); the receipts module (receipts.ts) pays them through allocations,
 *   as the ledger model requires, and records them in `ctx.data.receivables` for it.
 * - Document numbers are yearly series (SO-/SH-/AR-YYYY-NNNNNN); the sequences table continues
 *   after the generated documents so the app's next order gets the next number.
 *
 * Demo orders do not write sales_facts: the sales-history module already covers the same period.
 * Bulk: prepared INSERTs with explicit ids inside the generator's transaction.
 */
import { discounted, lineAmountOf, taxOf } from '../../shared/order-math';
import { DEFAULT_SEQUENCES, formatNumber, type SequenceName } from '../db/repositories/sequences';
import { type DemoModule, type DemoScale, prepareInsert } from './context';
import { WeightedPicker } from './random';

/** Order lines per scale (about); orders average five lines. Large: ≈1,000,000 receivables. */
export const ORDER_LINES: Record<DemoScale, number> = { small: 10_000, medium: 200_000, large: 2_350_000 };
const MONTHS_BACK = 18;
const LINES_PER_ORDER = new WeightedPicker([1, 2, 3, 4, 5, 6, 8, 10, 12], [12, 14, 15, 14, 12, 10, 10, 8, 5]);
const SHIPMENTS_PER_ORDER = new WeightedPicker([1, 2, 3, 4], [20, 30, 30, 20]);
const CANCEL_REASONS = ['客户取消订单', '重复下单', '价格未谈妥', '客户改订其他型号', '交期不满足'];

export const ordersModule: DemoModule = {
  name: 'orders',
  tables: ['orders', 'order_lines', 'shipments', 'shipment_lines', 'receivables', 'sequences'],
  run(ctx) {
    const { data, rng, time } = ctx;
    const target = ORDER_LINES[ctx.scale.scale];
    const firstDay = Math.max(time.startDay, time.todayDay - Math.round(MONTHS_BACK * 30.4));
    const lastDay = time.todayDay;
    const active = data.products.filter((p) => p.active);
    if (active.length === 0 || data.customers.length === 0) throw new Error('orders need customers and active products');
    const products = new WeightedPicker(active, active.map((_, i) => 1 / (i + 1) ** 0.8));
    const customers = new WeightedPicker(data.customers, data.customers.map((c) => c.size ** 0.9));

    const insOrder = prepareInsert(ctx.sqlite, 'orders', [
      'id', 'number', 'customer_id', 'status', 'order_date', 'ship_to_region_id', 'amount', 'tax_amount', 'shipped_amount', 'rep_id', 'created_by',
      'confirmed_by', 'confirmed_at', 'closed_at', 'cancelled_at', 'cancel_reason', 'version', 'created_at', 'updated_at',
    ]);
    const insLine = prepareInsert(ctx.sqlite, 'order_lines', [
      'id', 'order_id', 'line_no', 'product_id', 'qty_milli', 'list_price', 'resolved_price', 'discount_bp', 'net_price', 'tax_rate_bp', 'amount',
      'tax_amount', 'shipped_qty_milli',
    ]);
    const insShipment = prepareInsert(ctx.sqlite, 'shipments', [
      'id', 'number', 'order_id', 'customer_id', 'date', 'status', 'ship_to_region_id', 'receivable_id', 'amount', 'tax_amount', 'created_by', 'created_at',
    ]);
    const insShipLine = prepareInsert(ctx.sqlite, 'shipment_lines', ['shipment_id', 'order_line_id', 'qty_milli', 'amount', 'tax_amount']);
    const insReceivable = prepareInsert(ctx.sqlite, 'receivables', [
      'id', 'number', 'customer_id', 'kind', 'order_id', 'shipment_id', 'date', 'due_date', 'amount', 'balance', 'status', 'created_at', 'updated_at',
    ]);

    const counters: Record<SequenceName, Map<number, number>> = {
      order: new Map(), shipment: new Map(), receivable: new Map(), credit_note: new Map(), return: new Map(), contract: new Map(),
      receipt: new Map(), write_off: new Map(), opening: new Map(),
    };
    const nextNo = (name: SequenceName, date: string) => {
      const y = Number(date.slice(0, 4));
      const v = (counters[name].get(y) ?? 0) + 1;
      counters[name].set(y, v);
      const d = DEFAULT_SEQUENCES[name];
      return formatNumber(d.prefix, d.padding, v, y);
    };
    const max = (table: string) => Number(ctx.sqlite.prepare(`SELECT coalesce(max(id), 0) FROM ${table}`).pluck().get());
    let orderId = max('orders');
    let lineId = max('order_lines');
    let shipmentId = max('shipments');
    let receivableId = max('receivables');

    // Orders per day in proportion to the remaining budget: chronological, so numbers follow dates.
    const perDay = target / (lastDay - firstDay + 1);
    let lines = 0;
    for (let day = firstDay; day <= lastDay && lines < target; day++) {
      // About the same every day (± 40% around the running target), so the series reaches today.
      const upTo = day === lastDay ? target : Math.min(target, Math.round(perDay * (day - firstDay + 1 + (rng.next() - 0.5) * 0.8)));
      const date = time.dayToIso(day);
      const age = lastDay - day;
      while (lines < upTo) {
        const c = customers.pick(rng);
        const n = Math.min(LINES_PER_ORDER.pick(rng), target - lines);
        orderId++;
        const number = nextNo('order', date);
        const createdAt = time.at(day, rng.int(9 * 3600, 17 * 3600));
        const gradeBp = (c.grade === 'A' ? 800 : c.grade === 'B' ? 500 : 200) + (c.type === 'distributor' ? 500 : 0);
        const sizeFactor = Math.min(20, Math.max(0.3, c.size ** 0.35));

        // Status by age.
        let status: 'draft' | 'confirmed' | 'partly_shipped' | 'shipped' | 'invoiced' | 'closed' | 'cancelled';
        const r = rng.next();
        if (rng.chance(0.03)) status = 'cancelled';
        else if (age < 7) status = r < 0.3 ? 'draft' : r < 0.8 ? 'confirmed' : 'partly_shipped';
        else if (age < 30) status = r < 0.15 ? 'confirmed' : r < 0.5 ? 'partly_shipped' : 'shipped';
        else status = r < 0.55 ? 'closed' : r < 0.8 ? 'invoiced' : r < 0.97 ? 'shipped' : 'partly_shipped';
        const k = Math.min(n, SHIPMENTS_PER_ORDER.pick(rng));
        if (status === 'partly_shipped' && k < 2) status = age < 7 ? 'confirmed' : 'shipped';
        // A few old partly shipped orders were closed with their rest released.
        const closedRest = status === 'partly_shipped' && age >= 30 && rng.chance(0.5);

        const ls: { id: number; productId: number; qty: number; list: number; resolved: number; bp: number; net: number; amount: number; tax: number; ship: number }[] = [];
        for (let i = 0; i < n; i++) {
          const p = products.pick(rng);
          const qty = Math.max(1, Math.round((150_000 / Math.max(100, p.listPrice)) * sizeFactor * Math.exp(rng.normal() * 0.6)));
          const resolved = discounted(p.listPrice, gradeBp);
          const extra = rng.chance(0.12) ? rng.int(1, 3) * 100 : 0;
          const net = extra ? discounted(resolved, extra) : resolved;
          const amount = lineAmountOf(net, qty * 1000);
          lineId++;
          // Whole lines go to shipments round-robin.
          ls.push({ id: lineId, productId: p.id, qty: qty * 1000, list: p.listPrice, resolved, bp: extra, net, amount, tax: taxOf(amount, 1300), ship: i % k });
        }
        const shipments = status === 'shipped' || status === 'invoiced' || status === 'closed' ? k : status === 'partly_shipped' ? rng.int(1, k - 1) : 0;
        const shippedLine = (l: (typeof ls)[number]) => l.ship < shipments;
        const amount = ls.reduce((a, l) => a + l.amount, 0);
        const tax = ls.reduce((a, l) => a + l.tax, 0);
        const shippedAmount = ls.reduce((a, l) => a + (shippedLine(l) ? l.amount : 0), 0);
        const finalStatus = closedRest ? 'closed' : status;
        const confirmed = status !== 'draft' && status !== 'cancelled';
        const lastTouch = Math.min(lastDay, day + 2 + shipments * 4);
        insOrder([
          orderId, number, c.id, finalStatus, date, c.regionId, amount, tax, shippedAmount, c.ownerId, c.ownerId,
          confirmed ? data.salesAdminId : null, confirmed ? time.at(Math.min(lastDay, day + rng.int(0, 1)), rng.int(9 * 3600, 18 * 3600)) : null,
          finalStatus === 'closed' ? time.at(lastTouch, 17 * 3600) : null,
          status === 'cancelled' ? time.at(Math.min(lastDay, day + rng.int(0, 3)), 11 * 3600) : null,
          status === 'cancelled' ? rng.pick(CANCEL_REASONS) : null,
          1 + (confirmed ? 1 : 0) + (finalStatus === 'closed' ? 1 : 0) + (status === 'cancelled' ? 1 : 0),
          createdAt, time.at(lastTouch, 17 * 3600),
        ]);
        for (const [i, l] of ls.entries()) {
          insLine([l.id, orderId, i + 1, l.productId, l.qty, l.list, l.resolved, l.bp, l.net, 1300, l.amount, l.tax, shippedLine(l) ? l.qty : 0]);
        }
        // Shipments and their receivables.
        let shipDay = day;
        for (let s = 0; s < shipments; s++) {
          shipDay = Math.min(lastDay, shipDay + rng.int(1, 5));
          const sDate = time.dayToIso(shipDay);
          const sl = ls.filter((l) => l.ship === s);
          const sAmount = sl.reduce((a, l) => a + l.amount, 0);
          const sTax = sl.reduce((a, l) => a + l.tax, 0);
          shipmentId++;
          receivableId++;
          const at = time.at(shipDay, rng.int(9 * 3600, 18 * 3600));
          const dueDay = shipDay + c.paymentTermsDays;
          // Every invoice starts open at its full amount: the receipts module pays it through allocations.
          insReceivable([
            receivableId, nextNo('receivable', sDate), c.id, 'invoice', orderId, shipmentId, sDate, time.dayToIso(dueDay), sAmount, sAmount, 'open', at, at,
          ]);
          const rs = data.receivables;
          rs.id.push(receivableId);
          rs.customerId.push(c.id);
          rs.day.push(shipDay);
          rs.dueDay.push(dueDay);
          rs.amount.push(sAmount);
          // The receivable first: the shipment references it.
          insShipment([shipmentId, nextNo('shipment', sDate), orderId, c.id, sDate, 'posted', c.regionId, receivableId, sAmount, sTax, data.salesAdminId, at]);
          for (const l of sl) insShipLine([shipmentId, l.id, l.qty, l.amount, l.tax]);
        }
        lines += n;
      }
    }
    // The app continues each yearly series after the generated documents.
    const year = Number(time.today.slice(0, 4));
    const seq = ctx.sqlite.prepare(
      'INSERT INTO sequences (name, prefix, padding, next_value, yearly, year) VALUES (?, ?, ?, ?, 1, ?) ON CONFLICT(name) DO UPDATE SET next_value = excluded.next_value, year = excluded.year',
    );
    for (const name of ['order', 'shipment', 'receivable'] as const) {
      const d = DEFAULT_SEQUENCES[name];
      seq.run(name, d.prefix, d.padding, (counters[name].get(year) ?? 0) + 1, year);
    }
  },
};
