/**
 * Append-only audit log with a hash chain: each row's hash covers its content and the previous
 * row's hash, so editing or deleting a row in the file (bypassing the triggers) is detectable.
 * Truncating the newest rows is not detectable from the chain alone (documented in docs/security.md).
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../schema';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditInput {
  at: string;
  actorId: number | null;
  actorName: string;
  action: string;
  entity: string;
  entityId: string | number | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

interface AuditRowContent {
  at: string;
  actor_id: number | null;
  actor_name: string;
  action: string;
  entity: string;
  entity_id: string | null;
  before_json: string | null;
  after_json: string | null;
  reason: string | null;
}

export function auditHash(prevHash: string, r: AuditRowContent): string {
  const canonical = JSON.stringify([prevHash, r.at, r.actor_id, r.actor_name, r.action, r.entity, r.entity_id, r.before_json, r.after_json, r.reason]);
  return createHash('sha256').update(canonical).digest('hex');
}

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

/** Must run inside the caller's write transaction, so the chain head cannot move underneath. */
export async function appendAudit(trx: Kysely<DB>, input: AuditInput): Promise<number> {
  const head = await trx.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const prevHash = head?.hash ?? GENESIS_HASH;
  const content: AuditRowContent = {
    at: input.at,
    actor_id: input.actorId,
    actor_name: input.actorName,
    action: input.action,
    entity: input.entity,
    entity_id: input.entityId === null ? null : String(input.entityId),
    before_json: json(input.before),
    after_json: json(input.after),
    reason: input.reason ?? null,
  };
  const row = await trx
    .insertInto('audit_log')
    .values({ ...content, prev_hash: prevHash, hash: auditHash(prevHash, content) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface ChainCheck {
  ok: boolean;
  checked: number;
  firstBrokenId: number | null;
  reason: string | null;
}

export async function verifyAuditChain(db: Kysely<DB>, batch = 5000): Promise<ChainCheck> {
  let prev = GENESIS_HASH;
  let lastId = 0;
  let checked = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('id', '>', lastId).orderBy('id').limit(batch).execute();
    if (rows.length === 0) return { ok: true, checked, firstBrokenId: null, reason: null };
    for (const r of rows) {
      if (r.prev_hash !== prev) return { ok: false, checked, firstBrokenId: r.id, reason: 'previous-hash link broken (a row was removed or reordered)' };
      if (auditHash(r.prev_hash, r) !== r.hash) return { ok: false, checked, firstBrokenId: r.id, reason: 'row content does not match its hash (the row was edited)' };
      prev = r.hash;
      lastId = r.id;
      checked++;
    }
  }
}
