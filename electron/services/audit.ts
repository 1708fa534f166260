import { type Kysely, sql } from 'kysely';
import { textMatch } from '../db/sql-helpers';
import type { DB } from '../db/schema';
import { appendAudit, verifyAuditChain } from '../db/repositories/audit';
import type { AuditEntry } from '../../shared/schemas/audit';
import type { CallContext, DomainHandlers } from './context';

export interface AuditEvent {
  action: string;
  entity: string;
  entityId: string | number | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

/** Records an audit row inside the caller's transaction, attributed to the caller's session. */
export function audit(trx: Kysely<DB>, ctx: CallContext, e: AuditEvent, actor?: { id: number; name: string }) {
  return appendAudit(trx, {
    at: ctx.clock.now().toISOString(),
    actorId: actor?.id ?? ctx.session?.userId ?? null,
    actorName: actor?.name ?? ctx.session?.username ?? 'system',
    ...e,
  });
}

const parseJson = (s: string | null): unknown => (s === null ? null : JSON.parse(s));

export const auditHandlers: DomainHandlers<'audit'> = {
  async 'audit.list'(input, ctx) {
    let q = ctx.db.selectFrom('audit_log');
    if (input.from) q = q.where('at', '>=', input.from);
    if (input.to) q = q.where('at', '<', nextDay(input.to));
    if (input.action) q = q.where('action', '=', input.action);
    if (input.entity) q = q.where('entity', '=', input.entity);
    if (input.actor) q = q.where('actor_name', '=', input.actor.toLowerCase());
    if (input.search) {
      const term = input.search;
      q = q.where((eb) =>
        eb.or(['entity_id', 'reason', 'before_json', 'after_json'].map((c) => textMatch(sql.ref(c), 'contains', term))),
      );
    }
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await q.selectAll().orderBy('id', 'desc').limit(input.limit).offset(input.offset).execute();
    return {
      total: Number(total.n),
      rows: rows.map(
        (r): AuditEntry => ({
          id: r.id,
          at: r.at,
          actorId: r.actor_id,
          actorName: r.actor_name,
          action: r.action,
          entity: r.entity,
          entityId: r.entity_id,
          before: parseJson(r.before_json),
          after: parseJson(r.after_json),
          reason: r.reason,
        }),
      ),
    };
  },
  async 'audit.verify'(_input, ctx) {
    return verifyAuditChain(ctx.db);
  },
};

export function nextDay(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
