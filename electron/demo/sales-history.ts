/**
 * Sales history of the demo company: order lines from January 2023 up to the demo's today, as
 * if brought over from the previous system (source_type 'import'), feeding every analysis.
 *
 * Shape: a Chinese trading year (January stocking before the Spring Festival, a February trough,
 * 618 in June, Mid-Autumn and National Day in September–October, Double 11 and year-end in
 * November–December), about 8% growth a year, and Pareto-distributed customers (a customer's
 * weight is its size to the power 0.9, so roughly a fifth of the customers make most of the
 * sales) and products (Zipf). Customers won after the start buy only from their creation date;
 * about 8% stop buying at some point (lost customers); 0.5% of lines are returns.
 *
 * Bulk: one prepared INSERT inside the generator's transaction (2M lines for `large`).
 */
import { divRoundHalfUp } from '../../shared/money';
import { type CustomerInfo, type DemoModule, type DemoScale, prepareInsert } from './context';
import { type Rng, WeightedPicker, parseIsoDay } from './random';

/** Lines per scale (about). */
export const SALES_LINES: Record<DemoScale, number> = { small: 20_000, medium: 200_000, large: 2_000_000 };
export const SALES_HISTORY_START = '2023-01-01';

/** Relative volume per calendar month (Jan … Dec). */
const SEASON = [1.25, 0.6, 0.9, 0.95, 1.0, 1.15, 0.9, 0.9, 1.1, 1.15, 1.25, 1.3];
const GROWTH_PER_YEAR = 1.08;
const LINES_PER_ORDER = new WeightedPicker([1, 2, 3, 4, 5, 6, 8, 10], [22, 20, 17, 13, 10, 8, 6, 4]);

interface Month {
  y: number;
  m: number;
  firstDay: number;
  lastDay: number;
  weight: number;
}

const DAY_MS = 86_400_000;
const dayOf = (y: number, m: number, d: number) => Math.round(Date.UTC(y, m - 1, d) / DAY_MS);

function months(fromDay: number, toDay: number): Month[] {
  const out: Month[] = [];
  const from = new Date(fromDay * DAY_MS);
  let y = from.getUTCFullYear();
  let m = from.getUTCMonth() + 1;
  for (;;) {
    const first = dayOf(y, m, 1);
    if (first > toDay) break;
    const last = Math.min(dayOf(y, m + 1, 1) - 1, toDay);
    const fullDays = dayOf(y, m + 1, 1) - first;
    const share = (last - first + 1) / fullDays;
    out.push({ y, m, firstDay: first, lastDay: last, weight: (SEASON[m - 1] as number) * GROWTH_PER_YEAR ** (y - 2023) * share });
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** Discount off list in basis points by grade and channel. */
function discountBp(rng: Rng, c: CustomerInfo): number {
  const base = c.grade === 'A' ? rng.int(500, 1200) : c.grade === 'B' ? rng.int(300, 800) : rng.int(0, 500);
  return base + (c.type === 'distributor' ? 500 : 0);
}

export const salesHistoryModule: DemoModule = {
  name: 'sales-history',
  tables: ['sales_facts'],
  run(ctx) {
    const { data, rng, time } = ctx;
    if (data.customers.length === 0 || data.products.length === 0) throw new Error('sales history needs customers and products (run the master-data modules first)');
    const target = SALES_LINES[ctx.scale.scale];
    const startDay = parseIsoDay(SALES_HISTORY_START);
    const lastDay = time.todayDay - 1;
    const cal = months(startDay, lastDay);
    const totalWeight = cal.reduce((a, x) => a + x.weight, 0);

    // Customers: who buys, from when, until when, and how much.
    const customers = data.customers.map((c) => {
      const from = c.createdDay <= time.startDay ? startDay : c.createdDay;
      const lost = rng.chance(0.08) ? rng.int(from + 60, Math.max(from + 61, lastDay)) : Number.POSITIVE_INFINITY;
      return { c, from, until: Math.min(lost, lastDay), weight: c.size ** 0.9 };
    });
    // Products: Zipf popularity over a shuffled catalogue; inactive ones sold only in the first half.
    const order = rng.shuffle(data.products.map((_, i) => i));
    const popularity = new Array<number>(data.products.length);
    order.forEach((idx, rank) => {
      popularity[idx] = 1 / (rank + 1) ** 0.9;
    });
    const midDay = Math.floor((startDay + lastDay) / 2);
    const allProducts = new WeightedPicker(data.products, popularity);
    const activeIdx = data.products.map((p, i) => (p.active ? i : -1)).filter((i) => i >= 0);
    const activeProducts = activeIdx.length > 0 ? new WeightedPicker(activeIdx.map((i) => data.products[i] as (typeof data.products)[number]), activeIdx.map((i) => popularity[i] as number)) : allProducts;

    const insert = prepareInsert(ctx.sqlite, 'sales_facts', [
      'date', 'period', 'customer_id', 'product_id', 'rep_id', 'region_id', 'qty_milli', 'net_amount', 'discount_amount', 'cost_amount',
      'source_type', 'source_ref', 'source_line', 'import_batch_id', 'created_at',
    ]);
    const isoDays = new Map<number, string>();
    const iso = (day: number) => {
      let s = isoDays.get(day);
      if (!s) {
        s = time.dayToIso(day);
        isoDays.set(day, s);
      }
      return s;
    };
    // Lines dated before the company started using SalesDesk were imported on the setup day.
    const importedAt = time.setupAt;

    let written = 0;
    for (const [mi, month] of cal.entries()) {
      const budget = mi === cal.length - 1 ? target - written : Math.round((target * month.weight) / totalWeight);
      const eligible = customers.filter((x) => x.from <= month.lastDay && x.until >= month.firstDay);
      if (eligible.length === 0 || budget <= 0) continue;
      const picker = new WeightedPicker(eligible, eligible.map((x) => x.weight));
      const period = month.y * 100 + month.m;
      let seq = 0;
      let lines = 0;
      while (lines < budget) {
        const cust = picker.pick(rng);
        const c = cust.c;
        const day = rng.int(Math.max(month.firstDay, cust.from), Math.min(month.lastDay, cust.until));
        const date = iso(day);
        seq++;
        const isReturn = rng.chance(0.005);
        const ref = `${isReturn ? 'TH' : 'XS'}${period}${String(seq).padStart(5, '0')}`;
        const createdAt = day < time.startDay ? importedAt : time.at(day, rng.int(9 * 3600, 18 * 3600));
        const n = Math.min(isReturn ? 1 : LINES_PER_ORDER.pick(rng), budget - lines);
        const products = day < midDay ? allProducts : activeProducts;
        const bp = discountBp(rng, c);
        const sizeFactor = Math.min(20, Math.max(0.3, c.size ** 0.35));
        for (let k = 1; k <= n; k++) {
          const p = products.pick(rng);
          // Cheaper items sell in larger quantities; whole units (cases, boxes).
          const perLine = (200_000 / Math.max(100, p.listPrice)) * sizeFactor * Math.exp(rng.normal() * 0.6);
          let qty = Math.max(1, Math.round(perLine));
          if (isReturn) qty = -Math.max(1, Math.round(qty / 4));
          const gross = p.listPrice * qty;
          const net = divRoundHalfUp(gross * (10_000 - bp), 10_000);
          insert([date, period, c.id, p.id, c.ownerId, c.regionId, qty * 1000, net, gross - net, p.standardCost * qty, 'import', ref, String(k), null, createdAt]);
        }
        lines += n;
      }
      written += lines;
    }
  },
};
