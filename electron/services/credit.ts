/**
 * Credit management (issue #4, DOMAIN.md §4): one customer's position, the credit grid over
 * every customer (paged, sorted and filtered in SQL), standing and temporary limits, hold and
 * release, history. Changes are audited with before/after inside the same transaction.
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema';
import { textMatch } from '../db/sql-helpers';
import { inTransaction } from '../db/transaction';
import { AppError } from '../../shared/result';
import { type CREDIT_SORTABLE, CREDIT_TEXT_FILTERABLE, type CreditRow } from '../../shared/schemas/credit';
import type { AuditEntry } from '../../shared/schemas/audit';
import { audit } from './audit';
import type { CallContext, DomainHandlers } from './context';
import { customerScope } from './customers';
import { evaluateCredit } from './credit-check';

/** Today in the company's time zone (limits and overdue are judged on calendar days). */
export function today(ctx: CallContext, timeZone = 'Asia/Shanghai'): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ctx.clock.now());
}
async function todayIn(db: Kysely<DB>, ctx: CallContext): Promise<string> {
  const s = await ctx.settings.get(db);
  try {
    return today(ctx, s.timeZone);
  } catch {
    return today(ctx);
  }
}

const COLUMN_SQL: Record<(typeof CREDIT_SORTABLE)[number], string> = {
  code: 'code',
  name: 'name',
  ownerName: 'owner_name',
  creditLimit: 'credit_limit',
  tempCreditLimit: 'temp_credit_limit',
  tempCreditExpires: 'temp_credit_expires',
  limitInForce: 'limit_in_force',
  openReceivables: 'open_receivables',
  openOrders: 'open_orders',
  exposure: '(open_receivables + open_orders)',
  available: '(limit_in_force - open_receivables - open_orders)',
  overdue: 'overdue',
  creditStatus: 'credit_status',
};
const isSortable = (c: string): c is keyof typeof COLUMN_SQL => Object.hasOwn(COLUMN_SQL, c);
const isFilterable = (c: string) => (CREDIT_TEXT_FILTERABLE as readonly string[]).includes(c);

interface RawRow {
  id: number;
  code: string;
  name: string;
  owner_name: string | null;
  credit_limit: number;
  temp_credit_limit: number | null;
  temp_credit_expires: string | null;
  limit_in_force: number;
  open_receivables: number;
  open_orders: number;
  overdue: number;
  credit_status: 'normal' | 'hold';
}

/**
 * Per customer: the limit in force and three correlated sums, each a range over an index (open
 * credit notes and unallocated receipts count negative, see credit-check.ts)
 * (receivables_open_kind, receipts_unallocated, orders_customer_status). Sorting on a computed column evaluates them for
 * every customer in scope; a page without such a sort evaluates them for its rows only.
 */
function creditRows(date: string, where: ReturnType<typeof sql>) {
  return sql`
    SELECT * FROM (
      SELECT c.id, c.code, c.name, u.display_name AS owner_name, c.credit_limit, c.temp_credit_limit, c.temp_credit_expires, c.credit_status,
        CASE WHEN c.temp_credit_limit IS NOT NULL AND c.temp_credit_expires >= ${date} THEN c.temp_credit_limit ELSE c.credit_limit END AS limit_in_force,
        coalesce((SELECT sum(CASE WHEN r.kind = 'credit_note' THEN -r.balance ELSE r.balance END) FROM receivables r INDEXED BY receivables_open_kind
                  WHERE r.customer_id = c.id AND r.balance > 0), 0)
          - coalesce((SELECT sum(p.unallocated) FROM receipts p INDEXED BY receipts_unallocated
                  WHERE p.customer_id = c.id AND p.unallocated > 0), 0) AS open_receivables,
        coalesce((SELECT sum(o.amount - o.shipped_amount) FROM orders o INDEXED BY orders_customer_status
                  WHERE o.customer_id = c.id AND o.status IN ('confirmed', 'partly_shipped')), 0) AS open_orders,
        coalesce((SELECT sum(r.balance) FROM receivables r INDEXED BY receivables_open_kind
                  WHERE r.customer_id = c.id AND r.balance > 0 AND r.due_date < ${date} AND r.kind <> 'credit_note'), 0) AS overdue
      FROM customers c LEFT JOIN users u ON u.id = c.owner_id
      ${where}
    ) t`;
}

function toRow(r: RawRow): CreditRow {
  const exposure = Number(r.open_receivables) + Number(r.open_orders);
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    ownerName: r.owner_name,
    creditLimit: r.credit_limit,
    tempCreditLimit: r.temp_credit_limit,
    tempCreditExpires: r.temp_credit_expires,
    limitInForce: Number(r.limit_in_force),
    openReceivables: Number(r.open_receivables),
    openOrders: Number(r.open_orders),
    exposure,
    available: Number(r.limit_in_force) - exposure,
    overdue: Number(r.overdue),
    creditStatus: r.credit_status,
  };
}

export async function listCredit(
  db: Kysely<DB>,
  ownerId: number | null,
  req: { offset: number; limit: number; sort: { colId: string; sort: 'asc' | 'desc' }[]; filter: Record<string, { type: 'contains' | 'equals' | 'startsWith'; value: string }> },
  date: string,
) {
  for (const col of Object.keys(req.filter)) if (!isFilterable(col)) throw new AppError('VALIDATION', `Cannot filter on ${col}.`, { field: col });
  for (const s of req.sort) if (!isSortable(s.colId)) throw new AppError('VALIDATION', `Cannot sort on ${s.colId}.`, { field: s.colId });
  const FILTER_SQL: Record<string, string> = { code: 'c.code', name: 'c.name', ownerName: 'u.display_name', creditStatus: 'c.credit_status' };
  const conds = [
    ...(ownerId !== null ? [sql`c.owner_id = ${ownerId}`] : []),
    ...Object.entries(req.filter).map(([col, f]) =>
      col === 'search' ? sql`(${textMatch(sql.raw('c.code'), f.type, f.value)} OR ${textMatch(sql.raw('c.name'), f.type, f.value)})` : textMatch(sql.raw(FILTER_SQL[col] ?? 'c.id'), f.type, f.value),
    ),
  ];
  const where = conds.length ? sql`WHERE ${sql.join(conds, sql` AND `)}` : sql``;
  const needsUser = 'ownerName' in req.filter;
  const total = await sql<{ n: number }>`SELECT count(*) AS n FROM customers c ${needsUser ? sql`LEFT JOIN users u ON u.id = c.owner_id` : sql``} ${where}`.execute(db);
  const order = [...req.sort.map((s) => sql.raw(`${COLUMN_SQL[s.colId as keyof typeof COLUMN_SQL]} ${s.sort === 'desc' ? 'DESC' : 'ASC'}`)), sql.raw('id')];
  const rows = await sql<RawRow>`${creditRows(date, where)} ORDER BY ${sql.join(order)} LIMIT ${req.limit} OFFSET ${req.offset}`.execute(db);
  return { total: Number(total.rows[0]?.n ?? 0), rows: rows.rows.map(toRow) };
}

async function creditRow(db: Kysely<DB>, customerId: number, date: string): Promise<CreditRow> {
  const r = await sql<RawRow>`${creditRows(date, sql`WHERE c.id = ${customerId}`)}`.execute(db);
  const row = r.rows[0];
  if (!row) throw new AppError('NOT_FOUND', 'Customer not found.');
  return toRow(row);
}

/** The customer, or NOT_FOUND when it does not exist or is outside the caller's record scope. */
async function customerInScope(db: Kysely<DB>, ctx: CallContext, customerId: number) {
  const c = await db
    .selectFrom('customers')
    .select(['id', 'code', 'name', 'owner_id', 'credit_limit', 'temp_credit_limit', 'temp_credit_expires', 'credit_status'])
    .where('id', '=', customerId)
    .executeTakeFirst();
  const scope = customerScope(ctx);
  if (!c || (scope !== null && c.owner_id !== scope)) throw new AppError('NOT_FOUND', 'Customer not found.', { field: 'customerId' });
  return c;
}

const nowIso = (ctx: CallContext) => ctx.clock.now().toISOString();
const AUDIT_ACTIONS = ['customer.credit_limit', 'customer.temp_credit_limit', 'customer.credit_status', 'credit.override'];
const parseJson = (s: string | null): unknown => (s === null ? null : JSON.parse(s));

async function setStatus(ctx: CallContext, customerId: number, status: 'normal' | 'hold', reason: string) {
  const out = await inTransaction(ctx.db, async (trx) => {
    const c = await customerInScope(trx, ctx, customerId);
    if (c.credit_status === status) {
      throw new AppError('CONFLICT', status === 'hold' ? 'The customer is already on credit hold.' : 'The customer is not on credit hold.', { creditStatus: c.credit_status });
    }
    await trx.updateTable('customers').set({ credit_status: status, updated_at: nowIso(ctx) }).where('id', '=', customerId).execute();
    await audit(trx, ctx, { action: 'customer.credit_status', entity: 'customer', entityId: customerId, before: { creditStatus: c.credit_status }, after: { creditStatus: status }, reason });
    return creditRow(trx, customerId, await todayIn(trx, ctx));
  });
  ctx.emit('customers.changed', { ids: [customerId] });
  return out;
}

export const creditHandlers: DomainHandlers<'credit'> = {
  async 'credit.position'(input, ctx) {
    const c = await customerInScope(ctx.db, ctx, input.customerId);
    const date = input.date ?? (await todayIn(ctx.db, ctx));
    const evaluation = await evaluateCredit(ctx.db, ctx, { customerId: c.id, orderId: input.orderId, amount: input.amount, stage: 'confirm', date });
    return { customer: { id: c.id, code: c.code, name: c.name, creditStatus: c.credit_status }, evaluation };
  },

  async 'credit.list'(input, ctx) {
    return listCredit(ctx.db, customerScope(ctx), input, input.date ?? (await todayIn(ctx.db, ctx)));
  },

  async 'credit.history'(input, ctx) {
    await customerInScope(ctx.db, ctx, input.customerId);
    const rows = await ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'customer')
      .where('entity_id', '=', String(input.customerId))
      .where('action', 'in', AUDIT_ACTIONS)
      .orderBy('id', 'desc')
      .limit(input.limit)
      .execute();
    const overrides = await ctx.db
      .selectFrom('credit_overrides as co')
      .leftJoin('users as u', 'u.id', 'co.user_id')
      .leftJoin('orders as o', 'o.id', 'co.order_id')
      .select(['co.id', 'co.at', 'co.order_id', 'o.number as order_number', 'co.stage', 'u.display_name as user_name', 'co.reason', 'co.trace'])
      .where('co.customer_id', '=', input.customerId)
      .orderBy('co.id', 'desc')
      .limit(input.limit)
      .execute();
    return {
      audit: rows.map(
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
      overrides: overrides.map((o) => {
        const t = JSON.parse(o.trace) as { fired?: string[]; exposure?: { total?: number }; limit?: { inForce?: number } };
        return {
          id: o.id,
          at: o.at,
          orderId: o.order_id,
          orderNumber: o.order_number ?? null,
          stage: o.stage,
          userName: o.user_name ?? null,
          reason: o.reason,
          exposure: t.exposure?.total ?? null,
          limit: t.limit?.inForce ?? null,
          fired: t.fired ?? [],
        };
      }),
    };
  },

  async 'credit.setLimit'(input, ctx) {
    const out = await inTransaction(ctx.db, async (trx) => {
      const c = await customerInScope(trx, ctx, input.customerId);
      const date = await todayIn(trx, ctx);
      const before = await creditRow(trx, c.id, date);
      const reason = input.reason?.trim() || null;
      if (input.creditLimit < before.exposure && !(input.force && reason)) {
        throw new AppError(
          'RULE_VIOLATION',
          input.force
            ? 'Setting a limit below the current exposure needs a reason.'
            : 'The new limit is below the current exposure; confirm with force and a reason to set it anyway.',
          { field: input.force ? 'reason' : 'creditLimit', exposure: before.exposure, creditLimit: input.creditLimit },
        );
      }
      if (input.creditLimit === c.credit_limit) return before;
      await trx.updateTable('customers').set({ credit_limit: input.creditLimit, updated_at: nowIso(ctx) }).where('id', '=', c.id).execute();
      await audit(trx, ctx, {
        action: 'customer.credit_limit',
        entity: 'customer',
        entityId: c.id,
        before: { creditLimit: c.credit_limit },
        after: { creditLimit: input.creditLimit, ...(input.creditLimit < before.exposure && { forcedBelowExposure: before.exposure }) },
        reason,
      });
      return creditRow(trx, c.id, date);
    });
    ctx.emit('customers.changed', { ids: [input.customerId] });
    return out;
  },

  async 'credit.setTemporaryLimit'(input, ctx) {
    const out = await inTransaction(ctx.db, async (trx) => {
      const c = await customerInScope(trx, ctx, input.customerId);
      const date = await todayIn(trx, ctx);
      if (input.expires !== null && input.expires < date) {
        throw new AppError('VALIDATION', 'The expiry date of a temporary limit cannot be in the past.', { field: 'expires' });
      }
      if (input.amount === c.temp_credit_limit && input.expires === c.temp_credit_expires) return creditRow(trx, c.id, date);
      await trx
        .updateTable('customers')
        .set({ temp_credit_limit: input.amount, temp_credit_expires: input.expires, updated_at: nowIso(ctx) })
        .where('id', '=', c.id)
        .execute();
      await audit(trx, ctx, {
        action: 'customer.temp_credit_limit',
        entity: 'customer',
        entityId: c.id,
        before: { tempCreditLimit: c.temp_credit_limit, tempCreditExpires: c.temp_credit_expires },
        after: { tempCreditLimit: input.amount, tempCreditExpires: input.expires },
        reason: input.reason?.trim() || null,
      });
      return creditRow(trx, c.id, date);
    });
    ctx.emit('customers.changed', { ids: [input.customerId] });
    return out;
  },

  async 'credit.hold'(input, ctx) {
    return setStatus(ctx, input.customerId, 'hold', input.reason);
  },
  async 'credit.release'(input, ctx) {
    return setStatus(ctx, input.customerId, 'normal', input.reason);
  },
};
