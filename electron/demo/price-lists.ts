/**
 * Price lists of the demo company (DOMAIN.md §2): a base list for every product with quantity
 * breaks, A and B grade lists, a distributor channel list, and customer lists for part of the A
 * customers (contract prices with a one-year validity, some already expired). About a third of
 * the products had a price change: the old item ends the day before the new one starts, so the
 * validity ranges never overlap (the triggers would refuse it).
 *
 * Prices never go below the product's floor (its standard cost). Sizes: small ≈ 7k items,
 * large ≈ 1M items (the pricing.quote bench).
 */
import type { DemoModule, ProductInfo } from './context';

/** Customer lists: how many A customers get one, and how many products each covers. */
const CUSTOMER_LISTS = { small: { lists: 15, products: 40 }, medium: { lists: 150, products: 120 }, large: { lists: 1_000, products: 380 } } as const;

/** Quantity breaks (minimum quantity in whole units → price factor in bp of the list's first price). */
const BREAKS: readonly (readonly [number, number])[] = [
  [10, 9_700],
  [50, 9_400],
  [100, 9_200],
];

export const priceListsModule: DemoModule = {
  name: 'price-lists',
  tables: ['price_lists', 'price_list_items'],
  run(ctx) {
    const { data, rng, time, scale } = ctx;
    if (data.products.length === 0) throw new Error('the price-lists module needs products (run the products module first)');
    const at = time.setupAt;
    const insertList = ctx.sqlite.prepare(
      `INSERT INTO price_lists (code, name, kind, grade, channel, customer_id, active, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
    );
    const insertItem = ctx.sqlite.prepare(
      `INSERT INTO price_list_items (price_list_id, product_id, min_qty_milli, price, valid_from, valid_to, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const list = (code: string, name: string, kind: string, grade: string | null, channel: string | null, customerId: number | null, notes: string | null) =>
      Number(insertList.run(code, name, kind, grade, channel, customerId, notes, at, at).lastInsertRowid);
    const item = (listId: number, productId: number, minQty: number, price: number, from: string | null, to: string | null) =>
      insertItem.run(listId, productId, minQty * 1000, price, from, to, at, at);

    const priceAt = (p: ProductInfo, bp: number) => Math.max(p.standardCost, Math.round((p.listPrice * bp) / 10_000));
    // A third of the products changed price once in the last two years (up about 5%).
    const changeDay = new Map<number, string>();
    for (const p of data.products) {
      if (rng.chance(0.33)) changeDay.set(p.id, time.dayToIso(rng.int(Math.max(time.startDay + 30, time.todayDay - 730), time.todayDay - 7)));
    }
    const dayBefore = (iso: string) => time.dayToIso(Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000) - 1);

    /** One price (with its breaks) for a product, split at its price change when it has one. */
    const writeProduct = (listId: number, p: ProductInfo, factorBp: number, breaks: readonly (readonly [number, number])[]) => {
      const change = changeDay.get(p.id);
      const periods: [string | null, string | null, number][] = change
        ? [
            [null, dayBefore(change), 9_500],
            [change, null, 10_000],
          ]
        : [[null, null, 10_000]];
      for (const [from, to, periodBp] of periods) {
        const first = Math.round((factorBp * periodBp) / 10_000);
        item(listId, p.id, 0, priceAt(p, first), from, to);
        for (const [minQty, bp] of breaks) item(listId, p.id, minQty, priceAt(p, Math.round((first * bp) / 10_000)), from, to);
      }
    };

    const active = data.products.filter((p) => p.active);
    const base = list('BASE', '基础价格表', 'base', null, null, null, '全部产品的标准价，含数量阶梯价');
    for (const p of data.products) writeProduct(base, p, 10_000, rng.chance(0.6) ? BREAKS : BREAKS.slice(0, 1));

    const gradeA = list('GRADE-A', 'A 类客户价格表', 'grade', 'A', null, null, '重点客户统一折扣');
    const gradeB = list('GRADE-B', 'B 类客户价格表', 'grade', 'B', null, null, null);
    for (const p of active) {
      writeProduct(gradeA, p, 9_200, [[50, 9_600]]);
      writeProduct(gradeB, p, 9_600, [[50, 9_700]]);
    }

    const channel = list('CH-DIST', '经销商渠道价格表', 'channel', null, 'distributor', null, '经销商出厂价');
    for (const p of active) writeProduct(channel, p, 8_500, [[100, 9_650]]);

    // Contract prices for part of the A customers (largest first): one year from a signing day,
    // a quarter of them already expired.
    const cfg = CUSTOMER_LISTS[scale.scale];
    const aCustomers = data.customers
      .filter((c) => c.grade === 'A')
      .sort((x, y) => y.size - x.size || x.id - y.id)
      .slice(0, cfg.lists);
    for (const c of aCustomers) {
      const listId = list(`CU-${c.code}`, `${c.code} 客户专属价`, 'customer', null, null, c.id, '年度合同价');
      const start = rng.int(Math.max(time.startDay, time.todayDay - 480), time.todayDay - 10);
      const from = time.dayToIso(start);
      const to = time.dayToIso(start + 364);
      const picked = new Set<number>();
      const wanted = Math.min(cfg.products, active.length);
      while (picked.size < wanted) picked.add(rng.int(0, active.length - 1));
      for (const i of [...picked].sort((a, b) => a - b)) {
        const p = active[i] as ProductInfo;
        const first = priceAt(p, rng.int(8_600, 9_100));
        item(listId, p.id, 0, first, from, to);
        item(listId, p.id, 100, Math.max(p.standardCost, Math.round(first * 0.97)), from, to);
      }
    }
  },
};
