import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/db/connection';
import { MIGRATIONS } from '../../electron/db/migrations';
import { tempDir } from '../helpers/app';

describe('0005 receivables_open_kind', () => {
  it('upgrades a 0004 database; the credit exposure query reads only the new covering index', async () => {
    const d = tempDir();
    const file = path.join(d, 'c.sqlite');
    const v4 = MIGRATIONS.findIndex((m) => m.version === 4);
    const old = await openDatabase(file, { appVersion: 'old', migrations: MIGRATIONS.slice(0, v4 + 1) });
    const t = '2026-01-01T00:00:00Z';
    old.sqlite.prepare(`INSERT INTO customers (id, code, name, type, created_at, updated_at) VALUES (1, 'C1', 'c', 'direct', ?, ?)`).run(t, t);
    const r = old.sqlite.prepare(`INSERT INTO receivables (number, customer_id, kind, date, due_date, amount, balance, created_at, updated_at) VALUES (?, 1, ?, '2026-01-01', '2026-02-01', ?, ?, ?, ?)`);
    r.run('AR-1', 'invoice', 1000, 1000, t, t);
    r.run('AR-2', 'invoice', 500, 0, t, t);
    r.run('CN-1', 'credit_note', 300, 300, t, t);
    await old.close();
    const db = await openDatabase(file, { appVersion: 'new' });
    const q = `SELECT sum(CASE WHEN kind = 'credit_note' THEN -balance ELSE balance END) FROM receivables INDEXED BY receivables_open_kind WHERE customer_id = 1 AND balance > 0`;
    expect(db.sqlite.prepare(q).pluck().get()).toBe(700);
    const plan = (db.sqlite.prepare(`EXPLAIN QUERY PLAN ${q}`).all() as { detail: string }[]).map((p) => p.detail).join(' ');
    expect(plan).toMatch(/COVERING INDEX receivables_open_kind/);
    await db.close();
    fs.rmSync(d, { recursive: true, force: true });
  });
});
