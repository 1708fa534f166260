import { type Kysely, sql } from 'kysely';
import { MIGRATIONS, type Migration } from './migrations';
import { inTransaction } from './transaction';

export class SchemaTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `This company file was written by a newer version of SalesDesk (schema ${found}; this version understands up to ${supported}). ` +
        'Install the newer SalesDesk to open it; the file has not been changed.',
    );
    this.name = 'SchemaTooNewError';
  }
}

export interface MigrateOptions {
  appVersion: string;
  now: () => Date;
  /** Called once, before the first pending migration, when the database already has a schema. */
  backup?: (fromVersion: number) => Promise<void>;
  migrations?: readonly Migration[];
}

export async function currentSchemaVersion(db: Kysely<unknown>): Promise<number> {
  await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL, app_version TEXT NOT NULL
  ) STRICT`.execute(db);
  const row = await sql<{ v: number | null }>`SELECT max(version) AS v FROM schema_migrations`.execute(db);
  return row.rows[0]?.v ?? 0;
}

/**
 * Forward-only migrator. Each migration and its bookkeeping row commit together (Kysely's
 * Migrator runs SQLite migrations outside a transaction, so a failed one could leave half a
 * schema behind); a database from a newer version is refused before anything is touched.
 */
export async function migrate(db: Kysely<unknown>, opts: MigrateOptions): Promise<{ from: number; to: number; applied: string[] }> {
  const migrations = opts.migrations ?? MIGRATIONS;
  const latest = migrations.at(-1)?.version ?? 0;
  const from = await currentSchemaVersion(db);
  if (from > latest) throw new SchemaTooNewError(from, latest);
  const pending = migrations.filter((m) => m.version > from);
  if (pending.length === 0) return { from, to: from, applied: [] };
  if (from > 0 && opts.backup) await opts.backup(from);
  const applied: string[] = [];
  for (const m of pending) {
    await inTransaction(db, async (trx) => {
      await m.up(trx);
      await sql`INSERT INTO schema_migrations (version, name, applied_at, app_version)
        VALUES (${m.version}, ${m.name}, ${opts.now().toISOString()}, ${opts.appVersion})`.execute(trx);
    });
    applied.push(m.name);
  }
  return { from, to: latest, applied };
}
