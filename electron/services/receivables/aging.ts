/**
 * Issue #5 aging 账龄分析 as of any date (DOMAIN.md §5): open balances by days past due, per
 * customer, rep (customers.owner_id) or region (customers.region_id), with the unapplied
 * credit beside them, and the items behind any cell. Every number comes from as-of.ts (the one
 * as-of definition: current balances when nothing is dated later, else a replay of the dated
 * allocations and reversals); this file picks the customers and groups.
 * A rep sees only their own customers; an out-of-scope customer answers NOT_FOUND.
 */
import { type Kysely, sql } from 'kysely';
import type { agingContract } from '../../../shared/contracts/aging';
import { AppError } from '../../../shared/result';
import type { AgingGroupBy, AgingItem } from '../../../shared/schemas/aging';
import type { DB } from '../../db/schema';
import { textMatch } from '../../db/sql-helpers';
import type { CallContext, Handler } from '../context';
import { customerScope } from '../customers';
import { type CustomerMeta, type GroupMeta, buildRows, grandTotals, groupKey, sortRows } from './aging-rows';
import { type AsOfFilter, agingByCustomerAsOf, bucketOf, openItemsAsOf } from './as-of';

type AgingHandlers = { [M in keyof typeof agingContract]: Handler<M> };

const today = (ctx: CallContext) => ctx.clock.now().toISOString().slice(0, 10);

interface Filters {
  regionId?: number | undefined;
  repId?: number | undefined;
  customerId?: number | undefined;
  search?: string | undefined;
}

/**
 * The customers the report covers (scope + filters) and the as-of filter that selects them.
 * Without filters the as-of SQL is limited by owner only (or not at all), so it reads the
 * open-item indexes straight through.
 */
async function customerUniverse(db: Kysely<DB>, ctx: CallContext, f: Filters): Promise<{ customers: Map<number, CustomerMeta>; filter: AsOfFilter }> {
  const scope = customerScope(ctx);
  if (f.customerId !== undefined) {
    const c = await db.selectFrom('customers').select(['id', 'owner_id']).where('id', '=', f.customerId).executeTakeFirst();
    if (!c || (scope !== null && c.owner_id !== scope)) throw new AppError('NOT_FOUND', 'Customer not found.');
  }
  if (f.regionId !== undefined && !(await db.selectFrom('regions').select('id').where('id', '=', f.regionId).executeTakeFirst())) {
    throw new AppError('NOT_FOUND', 'Region not found.');
  }
  if (f.repId !== undefined && !(await db.selectFrom('users').select('id').where('id', '=', f.repId).executeTakeFirst())) {
    throw new AppError('NOT_FOUND', 'Sales rep not found.');
  }
  let q = db.selectFrom('customers as c').select(['c.id', 'c.code', 'c.name', 'c.owner_id', 'c.region_id']);
  if (scope !== null) q = q.where('c.owner_id', '=', scope);
  if (f.customerId !== undefined) q = q.where('c.id', '=', f.customerId);
  if (f.repId !== undefined) q = q.where('c.owner_id', '=', f.repId);
  if (f.regionId !== undefined) {
    // A region filter covers its sub-regions (华东 includes 杭州).
    q = q.where(
      'c.region_id',
      'in',
      sql<number>`(WITH RECURSIVE sub(id) AS (SELECT ${f.regionId} UNION SELECT r.id FROM regions r JOIN sub ON r.parent_id = sub.id) SELECT id FROM sub)`,
    );
  }
  const term = f.search?.trim();
  if (term) q = q.where((eb) => eb.or([textMatch(sql.ref('c.code'), 'contains', term), textMatch(sql.ref('c.name'), 'contains', term)]));
  const rows = await q.execute();
  const customers = new Map(rows.map((r) => [r.id, { id: r.id, code: r.code, name: r.name, ownerId: r.owner_id, regionId: r.region_id }]));
  const filtered = f.customerId !== undefined || f.repId !== undefined || f.regionId !== undefined || !!term;
  return { customers, filter: filtered ? { customerIds: [...customers.keys()] } : { ownerId: scope } };
}

/** Names of the reps or regions that rows are keyed by. */
async function groupNames(db: Kysely<DB>, groupBy: AgingGroupBy, keys: readonly (number | null)[]): Promise<Map<number, GroupMeta>> {
  const ids = keys.filter((k): k is number => k !== null);
  if (groupBy === 'customer' || ids.length === 0) return new Map();
  if (groupBy === 'rep') {
    const rows = await db.selectFrom('users').select(['id', 'username', 'display_name']).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, { code: r.username, name: r.display_name }]));
  }
  const rows = await db.selectFrom('regions').select(['id', 'code', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, { code: r.code, name: r.name }]));
}

async function bounds(ctx: CallContext): Promise<number[]> {
  return [...(await ctx.settings.get(ctx.db)).agingBuckets];
}

export const agingHandlers: AgingHandlers = {
  async 'aging.report'(input, ctx) {
    const asOf = input.asOf ?? today(ctx);
    const b = await bounds(ctx);
    const n = b.length + 2;
    const { customers, filter } = await customerUniverse(ctx.db, ctx, input);
    const { rows: amounts, method } = await agingByCustomerAsOf(ctx.db, asOf, b, filter);
    const keys = input.groupBy === 'customer' ? [] : [...new Set([...customers.values()].map((c) => groupKey(c, input.groupBy)))];
    const rows = buildRows(amounts, customers, input.groupBy, await groupNames(ctx.db, input.groupBy, keys), n);
    const totals = grandTotals(rows, n);
    sortRows(rows, input.sortBy, input.sortDir);
    return {
      asOf, groupBy: input.groupBy, bounds: b, method, totals, rowCount: rows.length,
      rows: rows.slice(input.offset, input.offset + input.limit),
    };
  },

  async 'aging.items'(input, ctx) {
    const asOf = input.asOf ?? today(ctx);
    const b = await bounds(ctx);
    const { customers, filter } = await customerUniverse(ctx.db, ctx, input);
    let f = filter;
    if (input.key !== undefined) {
      const ids = [...customers.values()].filter((c) => groupKey(c, input.groupBy) === input.key).map((c) => c.id);
      if (input.groupBy === 'customer' && ids.length === 0) throw new AppError('NOT_FOUND', 'Customer not found.');
      f = { customerIds: ids };
    }
    const wanted = (await openItemsAsOf(ctx.db, asOf, f))
      .map((i) => ({ i, bucket: bucketOf(i.daysPastDue, b) }))
      .filter(({ i, bucket }) => customers.has(i.customerId) && (input.bucket === undefined || bucket === input.bucket) && (!input.overdueOnly || bucket > 0));
    const rows: AgingItem[] = wanted.slice(input.offset, input.offset + input.limit).map(({ i, bucket }) => {
      const c = customers.get(i.customerId);
      return {
        id: i.id, number: i.number, kind: i.kind, customerId: i.customerId, customerCode: c?.code ?? '', customerName: c?.name ?? '',
        date: i.date, dueDate: i.dueDate, daysPastDue: i.daysPastDue, amount: i.amount, balance: i.balance, bucket,
      };
    });
    return { asOf, bounds: b, rows, total: wanted.length, sum: wanted.reduce((a, w) => a + w.i.balance, 0) };
  },
};
