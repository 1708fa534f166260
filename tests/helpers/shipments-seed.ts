/**
 * Seeds confirmed orders straight into SQLite for shipment tests (the orders work of issue #4
 * lands separately; shipments only need an order with lines in status confirmed).
 */
import type Database from 'better-sqlite3';

const T = '2026-11-01T00:00:00.000Z';
let n = 0;

export function seedRegion(sqlite: Database.Database, code: string, name: string, parentId: number | null = null): number {
  return Number(sqlite.prepare('INSERT INTO regions (code, name, parent_id) VALUES (?, ?, ?)').run(code, name, parentId).lastInsertRowid);
}

export function seedProduct(sqlite: Database.Database, sku: string, listPrice: number, cost = 0, name = `产品 ${sku}`): number {
  return Number(
    sqlite
      .prepare(`INSERT INTO products (sku, name, unit, list_price, standard_cost, created_at, updated_at) VALUES (?, ?, '箱', ?, ?, ?, ?)`)
      .run(sku, name, listPrice, cost, T, T).lastInsertRowid,
  );
}

export function seedCustomer(
  sqlite: Database.Database,
  c: { code: string; name?: string; type?: 'direct' | 'distributor'; terms?: number; limit?: number; regionId?: number | null; ownerId?: number | null },
): number {
  return Number(
    sqlite
      .prepare(
        `INSERT INTO customers (code, name, type, payment_terms_days, credit_limit, region_id, owner_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(c.code, c.name ?? `客户 ${c.code}`, c.type ?? 'direct', c.terms ?? 30, c.limit ?? 1_000_000_000, c.regionId ?? null, c.ownerId ?? null, T, T)
      .lastInsertRowid,
  );
}

export interface SeedLine {
  productId: number;
  qtyMilli: number;
  /** Tax-inclusive line amount (分). */
  amount: number;
  listPrice?: number;
  taxRateBp?: number;
}

/** A confirmed order with its lines; returns ids. */
export function seedOrder(
  sqlite: Database.Database,
  o: { customerId: number; lines: SeedLine[]; status?: string; contractId?: number | null; shipToRegionId?: number | null; repId?: number | null; date?: string },
): { orderId: number; number: string; lineIds: number[] } {
  const number = `SO-T-${String(++n).padStart(5, '0')}-${process.pid}`;
  const amount = o.lines.reduce((a, l) => a + l.amount, 0);
  const tax = (l: SeedLine) => Math.round((l.amount * (l.taxRateBp ?? 1300)) / (10_000 + (l.taxRateBp ?? 1300)));
  const orderId = Number(
    sqlite
      .prepare(
        `INSERT INTO orders (number, customer_id, contract_id, status, order_date, ship_to_region_id, amount, tax_amount, rep_id, confirmed_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        number, o.customerId, o.contractId ?? null, o.status ?? 'confirmed', o.date ?? '2026-11-01', o.shipToRegionId ?? null, amount,
        o.lines.reduce((a, l) => a + tax(l), 0), o.repId ?? null, T, T, T,
      ).lastInsertRowid,
  );
  const ins = sqlite.prepare(
    `INSERT INTO order_lines (order_id, line_no, product_id, qty_milli, list_price, resolved_price, net_price, tax_rate_bp, amount, tax_amount)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const lineIds = o.lines.map((l, i) => {
    const price = Math.round((l.amount * 1000) / l.qtyMilli);
    return Number(ins.run(orderId, i + 1, l.productId, l.qtyMilli, l.listPrice ?? price, price, price, l.taxRateBp ?? 1300, l.amount, tax(l)).lastInsertRowid);
  });
  return { orderId, number, lineIds };
}
