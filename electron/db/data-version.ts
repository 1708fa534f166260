/**
 * A value that changes whenever the company file's rows may have changed: this connection's
 * writes (total_changes()) or a commit by another connection (PRAGMA data_version). Imports use
 * it to reuse a preview's validation at commit time only when nothing was written in between.
 * SQLite-specific, hence here; PostgreSQL would use txid_current_snapshot() or a change counter.
 */
import { type Kysely, sql } from 'kysely';

export async function dataVersion<DB>(db: Kysely<DB>): Promise<string> {
  const changes = await sql<{ c: number }>`SELECT total_changes() AS c`.execute(db);
  const version = await sql<{ data_version: number }>`PRAGMA data_version`.execute(db);
  return `${version.rows[0]?.data_version ?? '?'}:${changes.rows[0]?.c ?? '?'}`;
}
