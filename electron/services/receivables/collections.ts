/**
 * Issue #5 collections: handlers of shared/contracts/collections.ts. Dunning 催收 (overdue list,
 * contact notes with promises to pay), contract collection plans 回款计划, collection rate 回款率
 * and DSO. The reads live in collections-*.ts; the only write is a contact note, audited as
 * 'collection.note'. Every read goes through the rep's record scope (customerScope): another
 * rep's customer answers NOT_FOUND or is simply not listed.
 */
import type { Kysely } from 'kysely';
import type { collectionsContract } from '../../../shared/contracts/collections';
import { AppError } from '../../../shared/result';
import type { NoteRow } from '../../../shared/schemas/collections';
import type { DB } from '../../db/schema';
import { inTransaction } from '../../db/transaction';
import { audit } from '../audit';
import type { CallContext, Handler } from '../context';
import { today } from '../credit';
import { customerScope } from '../customers';
import { collectionKpi } from './collections-kpi';
import { overdueList } from './collections-overdue';
import { collectionPlans } from './collections-plans';

type CollectionsHandlers = { [M in keyof typeof collectionsContract]: Handler<M> };

const money = (cents: number) => (cents / 100).toFixed(2);

/** Today in the company's time zone. */
async function todayIn(db: Kysely<DB>, ctx: CallContext): Promise<string> {
  const s = await ctx.settings.get(db);
  try {
    return today(ctx, s.timeZone);
  } catch {
    return today(ctx);
  }
}

async function customerInScope(db: Kysely<DB>, ctx: CallContext, id: number) {
  const c = await db.selectFrom('customers').select(['id', 'code', 'name', 'owner_id']).where('id', '=', id).executeTakeFirst();
  const scope = customerScope(ctx);
  if (!c || (scope !== null && c.owner_id !== scope)) throw new AppError('NOT_FOUND', 'Customer not found.');
  return c;
}

async function noteRows(db: Kysely<DB>, where: { customerId: number } | { id: number }, limit = 1): Promise<NoteRow[]> {
  let q = db
    .selectFrom('collection_notes as n')
    .leftJoin('users as u', 'u.id', 'n.created_by')
    .leftJoin('receivables as r', 'r.id', 'n.receivable_id')
    .select(['n.id', 'n.customer_id', 'n.receivable_id', 'r.number', 'n.date', 'n.channel', 'n.note', 'n.promise_date', 'n.promise_amount', 'u.display_name', 'n.created_at']);
  q = 'id' in where ? q.where('n.id', '=', where.id) : q.where('n.customer_id', '=', where.customerId);
  const rows = await q.orderBy('n.date', 'desc').orderBy('n.id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id, customerId: r.customer_id, receivableId: r.receivable_id, receivableNumber: r.number, date: r.date, channel: r.channel, note: r.note,
    promiseDate: r.promise_date, promiseAmount: r.promise_amount, by: r.display_name, createdAt: r.created_at,
  }));
}

export const collectionsHandlers: CollectionsHandlers = {
  async 'collections.overdue'(input, ctx) {
    const settings = await ctx.settings.get(ctx.db);
    const now = await todayIn(ctx.db, ctx);
    return overdueList(ctx.db, { ...input, asOf: input.asOf ?? now, today: now, ownerId: customerScope(ctx), levelDays: settings.dunningLevelDays });
  },

  async 'collections.addNote'(input, ctx) {
    const out = await inTransaction(ctx.db, async (trx) => {
      const c = await customerInScope(trx, ctx, input.customerId);
      const now = await todayIn(trx, ctx);
      if (input.date > now) {
        throw new AppError('VALIDATION', `A contact note cannot be dated after today (${now}).`, { issues: [{ path: ['date'], code: 'custom', message: 'after today' }] });
      }
      let receivableNumber: string | null = null;
      if (input.receivableId !== undefined) {
        const r = await trx.selectFrom('receivables').select(['number', 'customer_id', 'kind']).where('id', '=', input.receivableId).executeTakeFirst();
        if (!r || r.customer_id !== c.id || r.kind === 'credit_note') throw new AppError('NOT_FOUND', `Receivable ${input.receivableId} of customer ${c.code} not found.`);
        receivableNumber = r.number;
      }
      const inserted = await trx
        .insertInto('collection_notes')
        .values({
          customer_id: c.id, receivable_id: input.receivableId ?? null, date: input.date, channel: input.channel, note: input.note,
          promise_date: input.promiseDate ?? null, promise_amount: input.promiseAmount ?? null, created_by: ctx.session?.userId ?? null, created_at: ctx.clock.now().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(trx, ctx, {
        action: 'collection.note',
        entity: 'collection_note',
        entityId: inserted.id,
        after: {
          customer: c.code, receivable: receivableNumber, date: input.date, channel: input.channel, note: input.note,
          promiseDate: input.promiseDate ?? null, promiseAmount: input.promiseAmount === undefined ? null : money(input.promiseAmount),
        },
      });
      const [row] = await noteRows(trx, { id: inserted.id });
      return row as NoteRow;
    });
    ctx.emit('receivables.changed', { customerIds: [out.customerId] });
    return out;
  },

  async 'collections.notes'(input, ctx) {
    const c = await customerInScope(ctx.db, ctx, input.customerId);
    return { customerId: c.id, customerName: c.name, rows: await noteRows(ctx.db, { customerId: c.id }, input.limit) };
  },

  async 'collections.plans'(input, ctx) {
    const now = await todayIn(ctx.db, ctx);
    return collectionPlans(ctx.db, { ...input, asOf: input.asOf ?? now, ownerId: customerScope(ctx) });
  },

  async 'collections.kpi'(input, ctx) {
    const now = await todayIn(ctx.db, ctx);
    return collectionKpi(ctx.db, { ...input, asOf: now, ownerId: customerScope(ctx) });
  },
};
