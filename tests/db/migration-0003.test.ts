import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/db/connection';
import { MIGRATIONS } from '../../electron/db/migrations';
import { tempDir } from '../helpers/app';

describe('0003 pricing approvals', () => {
  it('upgrades a 0002 database and keeps approvals to valid rows', async () => {
    const d = tempDir();
    const file = path.join(d, 'c.sqlite');
    const v2 = MIGRATIONS.findIndex((m) => m.version === 2);
    (await openDatabase(file, { appVersion: 'old', migrations: MIGRATIONS.slice(0, v2 + 1) })).close();
    const db = await openDatabase(file, { appVersion: 'new' });
    const t = '2026-01-01T00:00:00Z';
    db.sqlite.prepare(`INSERT INTO users (id, username, display_name, password_hash, active, created_at, updated_at) VALUES (1, 'mgr', 'mgr', 'x', 1, ?, ?)`).run(t, t);
    db.sqlite.prepare(`INSERT INTO products (id, sku, name, unit, list_price, standard_cost, created_at, updated_at) VALUES (1, 'P1', 'p', '箱', 5000, 3000, ?, ?)`).run(t, t);
    db.sqlite.prepare(`INSERT INTO customers (id, code, name, type, created_at, updated_at) VALUES (1, 'C1', 'c', 'direct', ?, ?)`).run(t, t);
    const ins = db.sqlite.prepare(
      `INSERT INTO price_approvals (customer_id, product_id, qty_milli, price_date, resolved_price, net_price, floor_price, discount_bp, fired, approved_by, approved_at, reason)
       VALUES (1, 1, ?, '2026-05-01', 4500, 2900, 3000, 3556, ?, 1, ?, ?)`,
    );
    ins.run(1000, '["below_floor"]', t, '特价');
    expect(() => ins.run(0, '["below_floor"]', t, '特价')).toThrow(/CHECK/);
    expect(() => ins.run(1000, 'not json', t, '特价')).toThrow(/CHECK/);
    expect(() => ins.run(1000, '[]', t, '')).toThrow(/CHECK/);
    expect(() => db.sqlite.prepare(`UPDATE price_approvals SET approved_by = 99`).run()).toThrow(/FOREIGN KEY/);
    await db.close();
    fs.rmSync(d, { recursive: true, force: true });
  });
});
