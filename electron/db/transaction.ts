import { type Kysely, sql } from 'kysely';

/**
 * Runs `fn` in one write transaction taken with BEGIN IMMEDIATE, so the write lock is held from
 * the first statement: two connections that read-then-write (credit checks, sequence numbers)
 * serialise instead of both reading the old state. Kysely's own transaction() issues a
 * deferred BEGIN, which would let them race. `fn` must use the handle it is given.
 */
export async function inTransaction<DB, T>(db: Kysely<DB>, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`BEGIN IMMEDIATE`.execute(conn);
    let result: T;
    try {
      result = await fn(conn);
    } catch (e) {
      try {
        await sql`ROLLBACK`.execute(conn);
      } catch {
        // SQLite already rolled back (e.g. SQLITE_FULL); the original error is what matters.
      }
      throw e;
    }
    await sql`COMMIT`.execute(conn);
    return result;
  });
}
