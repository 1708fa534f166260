/** The demo company generator: reproducible, realistic in shape, consistent, and usable by the real app. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DemoFileExistsError, type DemoScale, type DemoStats, generateDemo } from '../../electron/demo/generate';
import { openDatabase } from '../../electron/db/connection';
import { verifyAuditChain } from '../../electron/db/repositories/audit';
import { createApp } from '../../electron/main/create-app';
import { APP_VERSION } from '../../shared/version';

const dirs: string[] = [];
function tempFile(name = 'demo.sqlite'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesdesk-demo-'));
  dirs.push(dir);
  return path.join(dir, name);
}
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function generate(seed: number, scale: DemoScale = 'small', file = tempFile()): Promise<DemoStats> {
  return generateDemo({ file, scale, seed, appVersion: APP_VERSION, scryptN: 1024 });
}

function withDb<T>(file: string, fn: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** SHA-256 over every row of every table in rowid order; password hashes are salted, so left out. */
function checksum(file: string): string {
  return withDb(file, (db) => {
    const h = createHash('sha256');
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
    for (const t of tables) {
      const cols = (db.prepare(`PRAGMA table_info("${t}")`).all() as { name: string }[])
        .map((c) => c.name)
        .filter((c) => !(t === 'users' && c === 'password_hash'));
      h.update(`\n#${t}:${cols.join(',')}\n`);
      for (const row of db.prepare(`SELECT ${cols.map((c) => `"${c}"`).join(', ')} FROM "${t}" ORDER BY rowid`).raw().iterate()) {
        h.update(JSON.stringify(row));
        h.update('\n');
      }
    }
    return h.digest('hex');
  });
}

const one = <T = number>(db: Database.Database, sql: string, ...params: unknown[]) => db.prepare(sql).pluck().get(...params) as T;

describe('demo generator', () => {
  it('is reproducible: the same seed gives the same rows, another seed other rows', async () => {
    const a = await generate(1);
    const b = await generate(1);
    const c = await generate(2);
    expect(a.counts).toEqual(b.counts);
    expect(checksum(a.file)).toBe(checksum(b.file));
    expect(checksum(c.file)).not.toBe(checksum(a.file));
    // The password is hashed once (with a random salt) and the hash reused for every user.
    withDb(a.file, (db) => expect(one(db, 'SELECT count(DISTINCT password_hash) FROM users')).toBe(1));
  });

  // Its time (the click-to-open budget) is measured by `npm run bench`, never asserted here.
  it('builds the small company with the expected counts and shapes', async () => {
    const s = await generate(3);
    expect(s.counts).toMatchObject({
      settings: 4,
      regions: 7,
      users: 12, // admin, neiqin, caiwu, jingli + 8 reps
      user_roles: 12,
      product_lines: 6,
      products: 500,
      customers: 300,
      audit_log: 1,
      sessions: 0,
    });
    expect(s.counts.customer_contacts).toBeGreaterThanOrEqual(300);
    expect(s.counts.customer_contacts).toBeLessThanOrEqual(900);

    withDb(s.file, (db) => {
      const roles = db.prepare('SELECT u.username, r.role FROM users u JOIN user_roles r ON r.user_id = u.id ORDER BY u.id').all();
      expect(roles.slice(0, 5)).toEqual([
        { username: 'admin', role: 'admin' },
        { username: 'neiqin', role: 'sales_admin' },
        { username: 'caiwu', role: 'finance' },
        { username: 'jingli', role: 'sales_manager' },
        { username: 'rep01', role: 'sales_rep' },
      ]);
      const settings = Object.fromEntries((db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[]).map((r) => [r.key, JSON.parse(r.value)]));
      expect(settings.currency).toBe('CNY');
      expect(settings.fiscalYearStartMonth).toBe(1);
      expect(settings.companyName).toMatch(/有限公司$/);

      // Customers: ~20% distributors, A/B/C 10/20/70, ~2% on hold, the usual payment terms, round credit limits.
      expect(one(db, "SELECT count(*) FROM customers WHERE type = 'distributor'")).toBe(60);
      expect(db.prepare('SELECT grade, count(*) AS n FROM customers GROUP BY grade ORDER BY grade').all()).toEqual([
        { grade: 'A', n: 30 },
        { grade: 'B', n: 60 },
        { grade: 'C', n: 210 },
      ]);
      expect(one(db, "SELECT count(*) FROM customers WHERE credit_status = 'hold'")).toBe(6);
      expect(one(db, 'SELECT count(*) FROM customers WHERE payment_terms_days NOT IN (0, 15, 30, 45, 60)')).toBe(0);
      expect(one(db, 'SELECT count(*) FROM customers WHERE credit_limit % 1000000 <> 0')).toBe(0); // whole 万元
      expect(one(db, "SELECT count(*) FROM customers WHERE grade = 'A' AND credit_limit > 0 AND credit_limit < 50000000")).toBe(0);
      expect(one(db, 'SELECT count(DISTINCT name) FROM customers')).toBe(300);
      expect(one(db, "SELECT count(*) FROM customers WHERE industry NOT IN ('商超', '便利店', '餐饮', '批发', '电商', '企业团购')")).toBe(0);
      expect(one(db, "SELECT count(*) FROM customers WHERE name NOT GLOB '*[公司行市店锁楼府部]*'")).toBe(0);

      // Every customer has 1–3 contacts, exactly one of them primary, with a mobile number.
      const perCustomer = db
        .prepare('SELECT count(*) AS n, sum(is_primary) AS p FROM customer_contacts GROUP BY customer_id')
        .all() as { n: number; p: number }[];
      expect(perCustomer).toHaveLength(300);
      expect(perCustomer.every((r) => r.n >= 1 && r.n <= 3 && r.p === 1)).toBe(true);
      expect(one(db, "SELECT count(*) FROM customer_contacts WHERE phone NOT GLOB '1[3-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'")).toBe(0);

      // Products: unique SKUs, cost 55–80% of list, floor = standard cost, prices in whole 角.
      expect(one(db, 'SELECT count(DISTINCT sku) FROM products')).toBe(500);
      expect(one(db, 'SELECT count(*) FROM products WHERE standard_cost < list_price * 0.549 OR standard_cost > list_price * 0.801')).toBe(0);
      expect(one(db, 'SELECT count(*) FROM products WHERE floor_price IS NOT standard_cost')).toBe(0);
      expect(one(db, 'SELECT count(*) FROM products WHERE list_price % 10 <> 0 OR list_price < 100')).toBe(0);

      // Timestamps derive from "today" (2026-11-20): nothing after it, nothing before the start of history.
      for (const [t, c] of [['customers', 'created_at'], ['customers', 'updated_at'], ['products', 'updated_at'], ['users', 'created_at']] as const) {
        expect(one(db, `SELECT count(*) FROM ${t} WHERE ${c} > '2026-11-20T16:00:00.000Z' OR ${c} < '2023-10-31T16:00:00.000Z'`)).toBe(0);
      }
    });
  });

  it('gives every customer one owner who is a sales rep, and every rep some customers', async () => {
    const s = await generate(4);
    withDb(s.file, (db) => {
      expect(one(db, "SELECT count(*) FROM customers c WHERE NOT EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = c.owner_id AND r.role = 'sales_rep')")).toBe(0);
      expect(one(db, "SELECT count(*) FROM user_roles r WHERE r.role = 'sales_rep' AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.owner_id = r.user_id)")).toBe(0);
    });
  });

  it('keeps referential integrity and a valid audit chain', async () => {
    const s = await generate(5);
    withDb(s.file, (db) => {
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare('SELECT action, entity, actor_name FROM audit_log').all()).toEqual([{ action: 'system.setup', entity: 'company', actor_name: 'admin' }]);
    });
    const db = await openDatabase(s.file, { appVersion: APP_VERSION });
    try {
      expect(await verifyAuditChain(db.kysely)).toMatchObject({ ok: true, checked: 1 });
    } finally {
      await db.close();
    }
  });

  it('builds a medium company whose customers sit in provinces under the seven regions', async () => {
    const s = await generate(6, 'medium');
    expect(s.counts).toMatchObject({ users: 34, customers: 2000, products: 5000, product_lines: 10, regions: 38 });
    withDb(s.file, (db) => {
      expect(one(db, 'SELECT count(*) FROM regions WHERE parent_id IS NULL')).toBe(7);
      expect(one(db, 'SELECT count(*) FROM customers c JOIN regions r ON r.id = c.region_id WHERE r.parent_id IS NULL')).toBe(0);
      expect(db.pragma('foreign_key_check')).toEqual([]);
    });
    // Medium now also pays its ~85k invoices (receipts module): more than the default 20 s on a busy machine.
  }, 120_000);

  it('never overwrites an existing file and leaves nothing behind when it refuses', async () => {
    const file = tempFile();
    fs.writeFileSync(file, 'not a database');
    await expect(generate(1, 'small', file)).rejects.toBeInstanceOf(DemoFileExistsError);
    expect(fs.readFileSync(file, 'utf8')).toBe('not a database');

    const other = tempFile();
    await expect(generateDemo({ file: other, scale: 'small', seed: 1, appVersion: APP_VERSION, today: '2026-02-30', scryptN: 1024 })).rejects.toThrow(/not a real date/);
    expect(fs.readdirSync(path.dirname(other))).toEqual([]);
  });

  it('produces a company the real app opens and signs in to', async () => {
    const s = await generate(1);
    const app = await createApp({ mainFile: s.file, scryptN: 1024, validateOutput: true, log: () => {} });
    try {
      // Sign-in is the very first call on the freshly opened file (cold settings cache).
      const login = await app.router.call({ method: 'auth.login', input: { username: 'admin', password: DEMO_PASSWORD } });
      expect(login).toMatchObject({ ok: true, data: { user: { username: 'admin', roles: ['admin'] } } });

      const status = await app.router.call({ method: 'system.status', input: {} });
      expect(status).toMatchObject({ ok: true, data: { initialized: true } });
      const companyName = withDb(s.file, (db) => JSON.parse(one<string>(db, "SELECT value FROM settings WHERE key = 'companyName'")));
      expect(status.ok && (status.data as { companyName: string }).companyName).toBe(companyName);

      // A rep sees exactly their own customers.
      const rep = await app.router.call({ method: 'auth.login', input: { username: 'rep01', password: 'demo1234' } });
      if (!rep.ok) throw new Error(JSON.stringify(rep.error));
      const { token, user } = rep.data as { token: string; user: { id: number } };
      const owned = withDb(s.file, (db) => one(db, 'SELECT count(*) FROM customers WHERE owner_id = ?', user.id));
      const list = await app.router.call({ method: 'customers.list', input: { limit: 1000 }, token });
      expect(list).toMatchObject({ ok: true, data: { total: owned } });
      expect(owned).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  });
});
