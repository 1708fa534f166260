import fs from 'node:fs';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseOpenError, openDatabase, backupDirFor } from '../../electron/db/connection';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from '../../electron/db/migrations';
import { tempDir } from '../helpers/app';

const dirs: string[] = [];
const fresh = () => {
  const d = tempDir();
  dirs.push(d);
  return path.join(d, 'company.sqlite');
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const open = (file: string, migrations?: readonly Migration[]) => openDatabase(file, { appVersion: 'test', migrations });

describe('migrations', () => {
  it('bring a new file to the latest schema, with WAL and foreign keys on', async () => {
    const db = await open(fresh());
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    const v = db.sqlite.prepare('SELECT max(version) FROM schema_migrations').pluck().get();
    expect(v).toBe(LATEST_SCHEMA_VERSION);
    await db.close();
  });

  it('0001 creates STRICT tables that refuse wrong types and broken rules', async () => {
    const db = await open(fresh());
    const now = '2026-01-01T00:00:00Z';
    expect(() =>
      db.sqlite.prepare(`INSERT INTO products (sku, name, unit, list_price, standard_cost, created_at, updated_at) VALUES ('P1','x','箱','12.5',1,?,?)`).run(now, now),
    ).toThrow(/cannot store REAL value in INTEGER column products.list_price/);
    expect(() =>
      db.sqlite.prepare(`INSERT INTO products (sku, name, unit, list_price, standard_cost, created_at, updated_at) VALUES ('P1','x','箱',-1,1,?,?)`).run(now, now),
    ).toThrow(/CHECK constraint failed/);
    expect(() =>
      db.sqlite.prepare(`INSERT INTO customers (code, name, type, owner_id, created_at, updated_at) VALUES ('C1','x','direct',999,?,?)`).run(now, now),
    ).toThrow(/FOREIGN KEY/);
    await db.close();
  });

  it('0001 makes the audit log append-only', async () => {
    const db = await open(fresh());
    db.sqlite
      .prepare(`INSERT INTO audit_log (at, actor_name, action, entity, prev_hash, hash) VALUES ('t','a','x','e','0','h1')`)
      .run();
    expect(() => db.sqlite.prepare(`UPDATE audit_log SET action = 'y'`).run()).toThrow(/append-only/);
    expect(() => db.sqlite.prepare(`DELETE FROM audit_log`).run()).toThrow(/append-only/);
    await db.close();
  });

  it('run each migration in a transaction: a failing one leaves nothing behind', async () => {
    const file = fresh();
    const failing: Migration = {
      version: LATEST_SCHEMA_VERSION + 1,
      name: 'broken',
      async up(db: Kysely<unknown>) {
        await sql`CREATE TABLE half_done (id INTEGER PRIMARY KEY) STRICT`.execute(db);
        await sql`THIS IS NOT SQL`.execute(db);
      },
    };
    await expect(open(file, [...MIGRATIONS, failing])).rejects.toThrow();
    const db = await open(file);
    expect(db.sqlite.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'half_done'`).pluck().get()).toBe(0);
    expect(db.sqlite.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(LATEST_SCHEMA_VERSION);
    await db.close();
  });

  it('back up the file before running pending migrations on an existing database', async () => {
    const file = fresh();
    await (await open(file)).close();
    const next: Migration = {
      version: LATEST_SCHEMA_VERSION + 1,
      name: 'next',
      async up(db) {
        await sql`CREATE TABLE next_table (id INTEGER PRIMARY KEY) STRICT`.execute(db);
      },
    };
    const db = await open(file, [...MIGRATIONS, next]);
    await db.close();
    const backups = fs.readdirSync(backupDirFor(file));
    expect(backups).toHaveLength(1);
    const backup = await open(path.join(backupDirFor(file), backups[0] as string));
    expect(backup.sqlite.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'next_table'`).pluck().get()).toBe(0);
    await backup.close();
  });

  it('refuse a database written by a newer version, without changing it', async () => {
    const file = fresh();
    const db = await open(file);
    db.sqlite.prepare(`INSERT INTO schema_migrations VALUES (999, 'future', 't', '9.9.9')`).run();
    await db.close();
    const before = fs.readFileSync(file);
    const err = await open(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseOpenError);
    expect((err as DatabaseOpenError).reason).toBe('newer_version');
    expect((err as Error).message).toMatch(/newer version of SalesDesk \(schema 999/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuse a file that is not a database with a clear message', async () => {
    const file = fresh();
    fs.writeFileSync(file, Buffer.alloc(8192, 7));
    const err = await open(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseOpenError);
    expect((err as DatabaseOpenError).reason).toBe('not_a_database');
  });

  it('report a damaged database found by quick_check', async () => {
    const file = fresh();
    const db = await open(file);
    db.sqlite.exec(`CREATE TABLE filler (id INTEGER PRIMARY KEY, t TEXT) STRICT`);
    const ins = db.sqlite.prepare(`INSERT INTO filler (t) VALUES (?)`);
    db.sqlite.transaction(() => {
      for (let i = 0; i < 3000; i++) ins.run(`row ${i} ${'x'.repeat(100)}`);
    })();
    db.sqlite.exec(`CREATE INDEX filler_t ON filler(t)`);
    db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    db.sqlite.pragma('journal_mode = DELETE');
    await db.close();
    // Overwrite a few pages in the middle of the file with garbage.
    const fd = fs.openSync(file, 'r+');
    const size = fs.fstatSync(fd).size;
    fs.writeSync(fd, Buffer.alloc(4096 * 3, 0xab), 0, 4096 * 3, Math.floor(size / 2 / 4096) * 4096);
    fs.closeSync(fd);
    const err = await open(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseOpenError);
    expect(['integrity', 'not_a_database']).toContain((err as DatabaseOpenError).reason);
    expect((err as Error).message).toMatch(/damaged|not a SalesDesk company file/);
  });
});
