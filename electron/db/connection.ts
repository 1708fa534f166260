/**
 * Opens a company file: pragmas, integrity check, schema version check, backup, migrations.
 * Everything SQLite-specific about opening lives here.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { DB } from './schema';
import { type IntegrityResult, quickCheckInWorker, SYNC_CHECK_MAX_BYTES } from './integrity';
import { migrate } from './migrator';
import type { Migration } from './migrations';

export interface Db {
  kysely: Kysely<DB>;
  /** The raw handle, for bulk loaders and benchmarks; services use `kysely`. */
  sqlite: Database.Database;
  file: string;
  /** Resolves when the integrity check is done: at once for small files, later for large ones. */
  integrity: Promise<IntegrityResult>;
  close(): Promise<void>;
}

export class DatabaseOpenError extends Error {
  constructor(
    readonly reason: 'not_a_database' | 'integrity' | 'newer_version' | 'io',
    message: string,
  ) {
    super(message);
    this.name = 'DatabaseOpenError';
  }
}

export interface OpenOptions {
  appVersion: string;
  now?: () => Date;
  /** Path of a better_sqlite3.node built for the running runtime (Electron's ABI differs from Node's). */
  nativeBinding?: string;
  /** Skip PRAGMA quick_check (benchmarks measure with and without). */
  skipIntegrityCheck?: boolean;
  /** Files larger than this are checked in a worker after opening (default SYNC_CHECK_MAX_BYTES). */
  syncCheckMaxBytes?: number;
  readonly?: boolean;
  /** Tests substitute their own list; the app always uses the registered MIGRATIONS. */
  migrations?: readonly Migration[];
}

/**
 * Kysely's SQLite driver prepares every query anew (~20 µs each here); the same few hundred SQL
 * texts recur, so prepared statements are kept in a small LRU. Safe because Kysely runs one
 * query at a time per connection.
 */
export function withStatementCache(sqlite: Database.Database, capacity = 500) {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string): Database.Statement {
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql);
      } else {
        stmt = sqlite.prepare(sql);
        if (cache.size >= capacity) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, stmt);
      return stmt;
    },
  };
}

export function backupDirFor(file: string): string {
  return path.join(path.dirname(file), 'backups');
}

export async function openDatabase(file: string, opts: OpenOptions): Promise<Db> {
  const now = opts.now ?? (() => new Date());
  const memory = file === ':memory:';
  if (!memory) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const size = memory || !fs.existsSync(file) ? 0 : fs.statSync(file).size;
  const deferCheck = !memory && size > (opts.syncCheckMaxBytes ?? SYNC_CHECK_MAX_BYTES);
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file, { nativeBinding: opts.nativeBinding, readonly: opts.readonly ?? false });
  } catch (e) {
    throw new DatabaseOpenError('io', `Cannot open ${file}: ${(e as Error).message}`);
  }
  try {
    if (!memory) sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    // Reading the schema fails at once on a file that is not a database, whatever its size.
    sqlite.prepare('SELECT count(*) FROM sqlite_master').pluck().get();
    if (!opts.skipIntegrityCheck && !deferCheck) {
      const result = sqlite.pragma('quick_check', { simple: true });
      if (result !== 'ok') {
        throw new DatabaseOpenError(
          'integrity',
          `The company file ${file} is damaged (SQLite quick_check: ${String(result)}). Restore it from a backup in ${backupDirFor(file)}.`,
        );
      }
    }
  } catch (e) {
    sqlite.close();
    if (e instanceof DatabaseOpenError) throw e;
    const msg = (e as Error).message;
    if (/not a database|malformed/i.test(msg)) {
      throw new DatabaseOpenError('not_a_database', `${file} is not a SalesDesk company file (${msg}).`);
    }
    throw e;
  }
  const kysely = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  const db: Db = {
    kysely,
    sqlite,
    file,
    integrity:
      opts.skipIntegrityCheck || !deferCheck
        ? Promise.resolve({ ok: true, detail: opts.skipIntegrityCheck ? 'skipped' : 'ok' })
        : quickCheckInWorker(file, opts.nativeBinding),
    close: async () => {
      await kysely.destroy(); // closes the sqlite handle too
    },
  };
  try {
    await migrate(kysely as unknown as Kysely<unknown>, {
      appVersion: opts.appVersion,
      now,
      migrations: opts.migrations,
      backup: memory
        ? undefined
        : async (fromVersion) => {
            const dir = backupDirFor(file);
            fs.mkdirSync(dir, { recursive: true });
            const stamp = now().toISOString().replace(/[:.]/g, '-');
            await sqlite.backup(path.join(dir, `${path.basename(file, '.sqlite')}-schema${fromVersion}-${stamp}.sqlite`));
          },
    });
  } catch (e) {
    await db.close();
    if (e instanceof Error && e.name === 'SchemaTooNewError') throw new DatabaseOpenError('newer_version', e.message);
    throw e;
  }
  return db;
}
