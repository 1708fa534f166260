import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';

let app: TestApp;
let admin: string;
let rep1: { token: string; id: number };
let rep2: { token: string; id: number };

beforeEach(async () => {
  app = await createTestApp();
  admin = await app.setup();
  rep1 = await app.userToken(admin, 'rep1', ['sales_rep']);
  rep2 = await app.userToken(admin, 'rep2', ['sales_rep']);
  const sqlite = app.workspace.current().sqlite;
  sqlite.prepare(`INSERT INTO regions (code, name) VALUES ('EC', '华东'), ('SC', '华南')`).run();
  const ins = sqlite.prepare(
    `INSERT INTO customers (code, name, type, region_id, owner_id, grade, credit_limit, created_at, updated_at) VALUES (?, ?, 'direct', ?, ?, ?, ?, 't', 't')`,
  );
  ins.run('C001', '杭州联华超市有限公司', 1, rep1.id, 'A', 5_000_000);
  ins.run('C002', '宁波三江购物有限公司', 1, rep1.id, 'B', 2_000_000);
  ins.run('C003', '广州友谊商店', 2, rep2.id, 'C', 100_000);
  ins.run('C004', '深圳天虹商场_100%', 2, null, 'C', 0);
});
afterEach(() => app.dispose());

describe("a rep's record scope", () => {
  it('lists only the customers the rep owns', async () => {
    const mine = await app.ok('customers.list', {}, rep1.token);
    expect(mine.total).toBe(2);
    expect(mine.rows.map((r) => r.code)).toEqual(['C001', 'C002']);
    expect((await app.ok('customers.list', {}, rep2.token)).rows.map((r) => r.code)).toEqual(['C003']);
  });

  it('answers NOT_FOUND for another rep’s customer', async () => {
    const other = (await app.ok('customers.list', {}, admin)).rows.find((r) => r.code === 'C003');
    expect(await app.call('customers.get', { id: other?.id ?? 0 }, rep1.token)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await app.ok('customers.get', { id: other?.id ?? 0 }, rep2.token)).name).toBe('广州友谊商店');
  });

  it('lets roles with customers.read_all see everyone, and scopes the dashboard', async () => {
    const neiqin = await app.userToken(admin, 'neiqin', ['sales_admin']);
    expect((await app.ok('customers.list', {}, neiqin.token)).total).toBe(4);
    expect((await app.ok('dashboard.summary', {}, rep1.token)).customers).toBe(2);
    expect((await app.ok('dashboard.summary', {}, admin)).byRegion).toEqual([
      { region: '华东', customers: 2 },
      { region: '华南', customers: 2 },
    ]);
  });

  it('sorts, filters (escaping LIKE wildcards) and pages in SQL', async () => {
    const byLimit = await app.ok('customers.list', { sort: [{ colId: 'creditLimit', sort: 'desc' }], limit: 2 }, admin);
    expect(byLimit.rows.map((r) => r.code)).toEqual(['C001', 'C002']);
    expect(byLimit.total).toBe(4);
    const page2 = await app.ok('customers.list', { sort: [{ colId: 'creditLimit', sort: 'desc' }], limit: 2, offset: 2 }, admin);
    expect(page2.rows.map((r) => r.code)).toEqual(['C003', 'C004']);
    expect((await app.ok('customers.list', { filter: { name: { type: 'contains', value: '超市' } } }, admin)).rows.map((r) => r.code)).toEqual(['C001']);
    expect((await app.ok('customers.list', { filter: { name: { type: 'contains', value: '_100%' } } }, admin)).rows.map((r) => r.code)).toEqual(['C004']);
    expect((await app.ok('customers.list', { filter: { name: { type: 'contains', value: '%' } } }, admin)).total).toBe(1);
    expect((await app.ok('customers.list', { filter: { regionName: { type: 'equals', value: '华南' } } }, rep1.token)).total).toBe(0);
  });

  it('refuses sorting or filtering on unknown columns', async () => {
    expect(await app.call('customers.list', { sort: [{ colId: 'password_hash', sort: 'asc' }] }, admin)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await app.call('customers.list', { filter: { 'c.id; DROP TABLE users': { type: 'equals', value: '1' } } }, admin)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
  });
});
