import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../electron/db/connection';
import { MIGRATIONS } from '../../electron/db/migrations';
import { tempDir } from '../helpers/app';

let db: Db;
let dir: string;
const t = '2026-01-01T00:00:00Z';
beforeAll(async () => {
  dir = tempDir();
  db = await openDatabase(path.join(dir, 'c.sqlite'), { appVersion: 'test' });
  db.sqlite.prepare(`INSERT INTO products (sku, name, unit, list_price, standard_cost, created_at, updated_at) VALUES ('P1', '抽纸', '箱', 5000, 3000, ?, ?)`).run(t, t);
  db.sqlite.prepare(`INSERT INTO customers (code, name, type, created_at, updated_at) VALUES ('C1', '客户', 'direct', ?, ?)`).run(t, t);
});
afterAll(async () => {
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const list = (db0: Db) => db0.sqlite.prepare(`INSERT INTO price_lists (code, name, kind, grade, channel, customer_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, '${t}', '${t}')`);
const item = (db0: Db) =>
  db0.sqlite.prepare(`INSERT INTO price_list_items (price_list_id, product_id, min_qty_milli, price, valid_from, valid_to, created_at, updated_at) VALUES (?, 1, ?, ?, ?, ?, '${t}', '${t}')`);

describe('0002 master data, pricing and sales', () => {
  it('upgrades a 0001 database in place', async () => {
    const d = tempDir();
    const file = path.join(d, 'old.sqlite');
    (await openDatabase(file, { appVersion: 'old', migrations: MIGRATIONS.slice(0, 1) })).close();
    const upgraded = await openDatabase(file, { appVersion: 'new' });
    expect(upgraded.sqlite.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(MIGRATIONS.at(-1)?.version);
    expect(fs.readdirSync(path.join(d, 'backups'))).toHaveLength(1);
    await upgraded.close();
    fs.rmSync(d, { recursive: true, force: true });
  });

  it('keeps each price list kind to its own target, one list per target', () => {
    const ins = list(db);
    ins.run('BASE', '基础价', 'base', null, null, null);
    expect(() => ins.run('BASE2', '基础价2', 'base', null, null, null)).toThrow(/UNIQUE/);
    expect(() => ins.run('G?', '等级价', 'grade', null, null, null)).toThrow(/CHECK/);
    expect(() => ins.run('G?', '等级价', 'grade', 'A', 'direct', null)).toThrow(/CHECK/);
    ins.run('GA', 'A级价', 'grade', 'A', null, null);
    ins.run('CH', '经销价', 'channel', null, 'distributor', null);
    ins.run('CU', '客户价', 'customer', null, null, 1);
    expect(() => ins.run('CU2', '客户价2', 'customer', null, null, 1)).toThrow(/UNIQUE/);
  });

  it('refuses overlapping validity for the same list, product and minimum quantity', () => {
    const ins = item(db);
    ins.run(1, 1000, 4800, '2026-01-01', '2026-06-30');
    ins.run(1, 1000, 4700, '2026-07-01', null);
    ins.run(1, 10_000, 4500, '2026-01-01', '2026-06-30'); // another break may overlap
    expect(() => ins.run(1, 1000, 4600, '2026-06-30', '2026-07-31')).toThrow(/overlapping validity/);
    expect(() => ins.run(1, 1000, 4600, null, null)).toThrow(/overlapping validity/);
    expect(() => ins.run(1, 1000, 4600, '2025-08-01', '2025-07-01')).toThrow(/CHECK/);
    expect(() => ins.run(1, 1000, 0, '2025-01-01', '2025-01-31')).toThrow(/CHECK/);
    expect(() => db.sqlite.prepare(`UPDATE price_list_items SET valid_to = '2026-07-15' WHERE id = 1`).run()).toThrow(/overlapping validity/);
  });

  it('makes sales facts unique per source line', () => {
    const ins = db.sqlite.prepare(
      `INSERT INTO sales_facts (date, period, customer_id, product_id, qty_milli, net_amount, source_type, source_ref, source_line, created_at) VALUES ('2026-03-01', 202603, 1, 1, 2000, 9600, 'import', 'SO-1', '1', '${t}')`,
    );
    ins.run();
    expect(() => ins.run()).toThrow(/UNIQUE/);
  });
});
