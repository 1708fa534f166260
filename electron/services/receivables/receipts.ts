/**
 * Issue #5 receipts 收款, allocation 核销, write-offs 坏账/尾差核销 and the ledger check
 * (docs/receivables-receipts.md). Every posting is one transaction through the ledger
 * (ledger.ts), audited, then `receivables.changed` is emitted after commit.
 */
import { sql } from 'kysely';
import { daysBetween } from '../../../shared/dates';
import type { receiptsContract } from '../../../shared/contracts/receipts';
import { AppError } from '../../../shared/result';
import { inTransaction } from '../../db/transaction';
import { textMatch } from '../../db/sql-helpers';
import { audit } from '../audit';
import type { CallContext, Handler } from '../context';
import { customerScope } from '../customers';

import { insertReceipt, insertWriteOff, reverseAllocations } from './ledger';
import { allocateSource } from './receipts-allocate';
import {
  allocationRows,
  customerInScope,
  fmt,
  lastMovement,
  maxDate,
  nowIso,
  receiptDetail,
  receiptInScope,
  receiptQuery,
  todayIso,
  toReceiptRow,
  toWriteOffRow,
  writeOffQuery,
} from './receipts-read';
import { verifyLedger } from './receipts-verify';

type ReceiptsHandlers = { [M in keyof typeof receiptsContract]: Handler<M> };

const invalid = (message: string, path: string[]) => new AppError('VALIDATION', message, { issues: [{ path, code: 'custom', message }] });
const changed = (ctx: CallContext, customerId: number) => ctx.emit('receivables.changed', { customerIds: [customerId] });

/** A reversal's date: the one given (checked), else today or the latest date it must cover. */
function reversalDate(given: string | undefined, ctx: CallContext, what: string, notBefore: string): string {
  if (given === undefined) return maxDate(todayIso(ctx), notBefore);
  if (given < notBefore) throw new AppError('RULE_VIOLATION', `${what} cannot be reversed on ${given}: it must be dated on or after ${notBefore}.`, { date: given, notBefore });
  return given;
}

async function writeOffInScope(db: Parameters<typeof writeOffQuery>[0], ctx: CallContext, id: number) {
  const w = await writeOffQuery(db).where('w.id', '=', id).executeTakeFirst();
  const scope = customerScope(ctx);
  if (!w || (scope !== null && w.owner_id !== scope)) throw new AppError('NOT_FOUND', `Write-off ${id} not found.`);
  return w;
}

const SORT_COLUMNS = {
  number: 'r.number', date: 'r.date', customerName: 'c.name', method: 'r.method', amount: 'r.amount', unallocated: 'r.unallocated', status: 'r.status',
} as const;

export const receiptsHandlers: ReceiptsHandlers = {
  async 'receipts.create'(input, ctx) {
    const out = await inTransaction(ctx.db, async (trx) => {
      const c = await customerInScope(trx, ctx, input.customerId);
      const bill = input.method === 'acceptance_bill';
      if (bill && !input.billMaturityDate) throw invalid('An acceptance bill 承兑汇票 needs its maturity date.', ['billMaturityDate']);
      if (bill && input.billMaturityDate && input.billMaturityDate < input.date) {
        throw invalid(`The bill's maturity date ${input.billMaturityDate} is before the receipt date ${input.date}.`, ['billMaturityDate']);
      }
      const settings = await ctx.settings.get(trx);
      const rc = await insertReceipt(trx, {
        customerId: c.id, date: input.date, amount: input.amount, method: input.method, billNumber: bill ? (input.billNumber ?? null) : null,
        billMaturityDate: bill ? (input.billMaturityDate ?? null) : null, reference: input.reference || null, payerName: input.payerName || null,
        notes: input.notes || null, userId: ctx.session?.userId ?? null, now: nowIso(ctx),
      });
      await audit(trx, ctx, {
        action: 'receipt.create', entity: 'receipt', entityId: rc.number,
        after: { customer: c.code, date: input.date, amount: input.amount, method: input.method, reference: input.reference ?? null },
      });
      const allocation = input.allocate
        ? await allocateSource(trx, ctx, c.id, { source: { kind: 'receipt', id: rc.id }, ...input.allocate }, settings)
        : null;
      return { receipt: await receiptDetail(trx, await receiptQuery(trx).where('r.id', '=', rc.id).executeTakeFirstOrThrow()), allocation };
    });
    changed(ctx, out.receipt.customerId);
    return out;
  },

  async 'receipts.allocate'(input, ctx) {
    const out = await inTransaction(ctx.db, async (trx) => {
      const owner =
        input.source.kind === 'receipt'
          ? await trx.selectFrom('receipts').select('customer_id').where('id', '=', input.source.id).executeTakeFirst()
          : await trx.selectFrom('receivables').select('customer_id').where('id', '=', input.source.id).where('kind', '=', 'credit_note').executeTakeFirst();
      if (!owner) throw new AppError('NOT_FOUND', `${input.source.kind === 'receipt' ? 'Receipt' : 'Credit note'} ${input.source.id} not found.`);
      const c = await customerInScope(trx, ctx, owner.customer_id);
      const settings = await ctx.settings.get(trx);
      const r = await allocateSource(trx, ctx, c.id, input, settings);
      if (r.allocations.length === 0) throw new AppError('RULE_VIOLATION', 'Nothing was allocated: the customer has no open item this source can pay, or the source has nothing left.');
      return { ...r, customerId: c.id };
    });
    changed(ctx, out.customerId);
    const { customerId: _c, ...rest } = out;
    return rest;
  },

  async 'receipts.reverse'(input, ctx) {
    const out = await inTransaction(ctx.db, async (trx) => {
      const r = await receiptInScope(trx, ctx, input.id);
      if (r.status === 'reversed') throw new AppError('RULE_VIOLATION', `Receipt ${r.number} was already reversed on ${r.reversed_on}.`, { receipt: r.number });
      const date = reversalDate(input.date, ctx, `Receipt ${r.number}`, maxDate(r.date, await lastMovement(trx, 'receipt_id', r.id)));
      const now = nowIso(ctx);
      // Its 尾差 write-offs go with it: they closed what this receipt left.
      const smalls = await trx.selectFrom('write_offs').select(['id', 'number']).where('receipt_id', '=', r.id).where('reversed_on', 'is', null).execute();
      for (const w of smalls) {
        await reverseAllocations(trx, { writeOffId: w.id }, maxDate(date, await lastMovement(trx, 'write_off_id', w.id)), now);
        await trx.updateTable('write_offs').set({ reversed_on: date, reverse_reason: input.reason }).where('id', '=', w.id).execute();
      }
      const undone = await reverseAllocations(trx, { receiptId: r.id }, date, now);
      await trx
        .updateTable('receipts')
        .set({ status: 'reversed', unallocated: 0, reversed_on: date, reverse_reason: input.reason, reversed_by: ctx.session?.userId ?? null, updated_at: now })
        .where('id', '=', r.id)
        .execute();
      await audit(trx, ctx, {
        action: 'receipt.reverse', entity: 'receipt', entityId: r.number,
        before: { status: 'posted', amount: r.amount, unallocated: r.unallocated },
        after: { status: 'reversed', date, allocationsReversed: undone, writeOffsReversed: smalls.map((w) => w.number) },
        reason: input.reason,
      });
      return receiptDetail(trx, await receiptQuery(trx).where('r.id', '=', r.id).executeTakeFirstOrThrow());
    });
    changed(ctx, out.customerId);
    return out;
  },

  async 'receipts.list'(input, ctx) {
    const scope = customerScope(ctx);
    let q = receiptQuery(ctx.db);
    if (scope !== null) q = q.where('c.owner_id', '=', scope);
    if (input.customerId) q = q.where('r.customer_id', '=', input.customerId);
    if (input.from) q = q.where('r.date', '>=', input.from);
    if (input.to) q = q.where('r.date', '<=', input.to);
    if (input.method) q = q.where('r.method', '=', input.method);
    if (input.status) q = q.where('r.status', '=', input.status);
    if (input.unallocatedOnly) q = q.where('r.unallocated', '>', 0);
    if (input.search) {
      const term = input.search;
      q = q.where((eb) => eb.or(['r.number', 'r.reference', 'r.payer_name', 'c.code', 'c.name'].map((col) => textMatch(sql.ref(col), 'contains', term))));
    }
    const total = await q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const sort = input.sort ?? { colId: 'date', sort: 'desc' as const };
    const rows = await q.orderBy(sql.ref(SORT_COLUMNS[sort.colId]), sort.sort).orderBy('r.id', sort.sort).limit(input.limit).offset(input.offset).execute();
    return { total: Number(total.n), rows: rows.map(toReceiptRow) };
  },

  async 'receipts.get'(input, ctx) {
    return receiptDetail(ctx.db, await receiptInScope(ctx.db, ctx, input.id));
  },

  async 'allocations.reverse'(input, ctx) {
    const out = await inTransaction(ctx.db, async (trx) => {
      const ids = [...new Set(input.ids)];
      const rows = await trx.selectFrom('allocations').select(['id', 'customer_id', 'source', 'receipt_id', 'receivable_id', 'date', 'reversed_on']).where('id', 'in', ids).execute();
      if (rows.length !== ids.length) throw new AppError('NOT_FOUND', `Allocation ${ids.find((i) => !rows.some((r) => r.id === i))} not found.`);
      const customers = new Set(rows.map((r) => r.customer_id));
      if (customers.size > 1) throw invalid('Allocations of several customers cannot be reversed in one step.', ['ids']);
      const customerId = rows[0]?.customer_id ?? 0;
      await customerInScope(trx, ctx, customerId);
      const wo = rows.find((r) => r.source === 'write_off');
      if (wo) throw new AppError('RULE_VIOLATION', `Allocation ${wo.id} is a write-off; reverse the write-off instead.`, { allocationId: wo.id });
      const done = rows.find((r) => r.reversed_on !== null);
      if (done) throw new AppError('RULE_VIOLATION', `Allocation ${done.id} was already reversed on ${done.reversed_on}.`, { allocationId: done.id });
      const date = reversalDate(input.date, ctx, 'The allocation', maxDate(...rows.map((r) => r.date)));
      const now = nowIso(ctx);
      // A 尾差 write-off made with a receipt on an item goes when that receipt's allocation to the item goes.
      const smalls = [];
      for (const r of rows.filter((x) => x.receipt_id !== null)) {
        smalls.push(
          ...(await trx
            .selectFrom('write_offs')
            .select(['id', 'number', 'date'])
            .where('receipt_id', '=', r.receipt_id)
            .where('receivable_id', '=', r.receivable_id)
            .where('reversed_on', 'is', null)
            .execute()),
        );
      }
      for (const w of smalls) {
        await reverseAllocations(trx, { writeOffId: w.id }, maxDate(date, w.date), now);
        await trx.updateTable('write_offs').set({ reversed_on: maxDate(date, w.date), reverse_reason: input.reason }).where('id', '=', w.id).execute();
      }
      const reversed = await reverseAllocations(trx, { allocationIds: ids }, date, now);
      const detail = await allocationRows(trx, { ids });
      await audit(trx, ctx, {
        action: 'allocation.reverse', entity: 'receivable', entityId: detail.map((a) => a.receivableNumber).join(',').slice(0, 200),
        before: detail.map((a) => ({ id: a.id, source: a.sourceNumber, receivable: a.receivableNumber, amount: a.amount })),
        after: { date, reversed, writeOffsReversed: smalls.map((w) => w.number) },
        reason: input.reason,
      });
      return { count: rows.length, reversed, customerId };
    });
    changed(ctx, out.customerId);
    return out;
  },

  async 'writeoffs.create'(input, ctx) {
    const out = await inTransaction(ctx.db, async (trx) => {
      const it = await trx.selectFrom('receivables').select(['id', 'number', 'customer_id', 'kind', 'status', 'date', 'balance']).where('id', '=', input.receivableId).executeTakeFirst();
      if (!it) throw new AppError('NOT_FOUND', `Receivable ${input.receivableId} not found.`);
      await customerInScope(trx, ctx, it.customer_id);
      if (it.kind === 'credit_note' || it.status === 'cancelled') throw new AppError('RULE_VIOLATION', `${it.number} is not an open invoice and cannot be written off.`, { receivable: it.number });
      if (input.amount > it.balance) {
        throw new AppError('RULE_VIOLATION', `Writing off ${fmt(input.amount)} is more than the open balance of ${fmt(it.balance)} on ${it.number}.`, {
          receivable: it.number, requested: input.amount, balance: it.balance,
        });
      }
      if (input.date < it.date) throw invalid(`A write-off of ${it.number} cannot be dated ${input.date}, before the item's date ${it.date}.`, ['date']);
      const w = await insertWriteOff(trx, {
        customerId: it.customer_id, receivableId: it.id, kind: 'bad_debt', date: input.date, amount: input.amount, reason: input.reason,
        userId: ctx.session?.userId ?? null, now: nowIso(ctx),
      });
      await audit(trx, ctx, {
        action: 'writeoff.create', entity: 'write_off', entityId: w.number,
        before: { receivable: it.number, balance: it.balance }, after: { kind: 'bad_debt', amount: input.amount, date: input.date }, reason: input.reason,
      });
      return toWriteOffRow(await writeOffQuery(trx).where('w.id', '=', w.id).executeTakeFirstOrThrow());
    });
    changed(ctx, out.customerId);
    return out;
  },

  async 'writeoffs.reverse'(input, ctx) {
    const out = await inTransaction(ctx.db, async (trx) => {
      const w = await writeOffInScope(trx, ctx, input.id);
      if (w.reversed_on !== null) throw new AppError('RULE_VIOLATION', `Write-off ${w.number} was already reversed on ${w.reversed_on}.`, { writeOff: w.number });
      const date = reversalDate(input.date, ctx, `Write-off ${w.number}`, maxDate(w.date, await lastMovement(trx, 'write_off_id', w.id)));
      await reverseAllocations(trx, { writeOffId: w.id }, date, nowIso(ctx));
      await trx.updateTable('write_offs').set({ reversed_on: date, reverse_reason: input.reason }).where('id', '=', w.id).execute();
      await audit(trx, ctx, {
        action: 'writeoff.reverse', entity: 'write_off', entityId: w.number,
        before: { receivable: w.rnumber, amount: w.amount, kind: w.kind }, after: { reversedOn: date }, reason: input.reason,
      });
      return toWriteOffRow(await writeOffQuery(trx).where('w.id', '=', w.id).executeTakeFirstOrThrow());
    });
    changed(ctx, out.customerId);
    return out;
  },

  async 'writeoffs.list'(input, ctx) {
    const scope = customerScope(ctx);
    let q = writeOffQuery(ctx.db);
    if (scope !== null) q = q.where('c.owner_id', '=', scope);
    if (input.customerId) q = q.where('w.customer_id', '=', input.customerId);
    if (input.kind) q = q.where('w.kind', '=', input.kind);
    if (input.from) q = q.where('w.date', '>=', input.from);
    if (input.to) q = q.where('w.date', '<=', input.to);
    if (!input.includeReversed) q = q.where('w.reversed_on', 'is', null);
    const total = await q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await q.orderBy('w.date', 'desc').orderBy('w.id', 'desc').limit(input.limit).offset(input.offset).execute();
    return { total: Number(total.n), rows: rows.map(toWriteOffRow) };
  },

  async 'receivables.openItems'(input, ctx) {
    const c = await customerInScope(ctx.db, ctx, input.customerId);
    const asOf = input.asOf ?? todayIso(ctx);
    const items = await ctx.db
      .selectFrom('receivables')
      .select(['id', 'number', 'kind', 'date', 'due_date', 'amount', 'balance'])
      .where('customer_id', '=', c.id)
      .where('kind', '!=', 'credit_note')
      .where('status', '!=', 'cancelled')
      .where('balance', '>', 0)
      .orderBy('due_date')
      .orderBy('date')
      .orderBy('id')
      .execute();
    const receipts = await ctx.db
      .selectFrom('receipts')
      .select(['id', 'number', 'date', 'amount', 'unallocated', 'method', 'reference'])
      .where('customer_id', '=', c.id)
      .where('status', '=', 'posted')
      .where('unallocated', '>', 0)
      .orderBy('date')
      .orderBy('id')
      .execute();
    const notes = await ctx.db
      .selectFrom('receivables')
      .select(['id', 'number', 'date', 'amount', 'balance'])
      .where('customer_id', '=', c.id)
      .where('kind', '=', 'credit_note')
      .where('status', '!=', 'cancelled')
      .where('balance', '>', 0)
      .orderBy('date')
      .orderBy('id')
      .execute();
    const settings = await ctx.settings.get();
    const debits = items.map((i) => ({
      id: i.id, number: i.number, kind: i.kind as 'invoice' | 'opening', date: i.date, dueDate: i.due_date, amount: i.amount, balance: i.balance,
      daysOverdue: Math.max(0, daysBetween(i.due_date, asOf)),
    }));
    const credits = [
      ...receipts.map((r) => ({ kind: 'receipt' as const, id: r.id, number: r.number, date: r.date, amount: r.amount, available: r.unallocated, method: r.method, reference: r.reference })),
      ...notes.map((n) => ({ kind: 'credit_note' as const, id: n.id, number: n.number, date: n.date, amount: n.amount, available: n.balance, method: null, reference: null })),
    ];
    return {
      customer: { id: c.id, code: c.code, name: c.name },
      asOf,
      items: debits,
      credits,
      totals: {
        open: debits.reduce((a, d) => a + d.balance, 0),
        overdue: debits.filter((d) => d.daysOverdue > 0).reduce((a, d) => a + d.balance, 0),
        available: credits.reduce((a, d) => a + d.available, 0),
      },
      tolerance: settings.writeOffTolerance,
    };
  },

  async 'receivables.verify'(input, ctx) {
    const started = performance.now();
    if (input.customerId !== undefined) await customerInScope(ctx.db, ctx, input.customerId);
    const r = await verifyLedger(ctx.db, { customerId: input.customerId, ownerId: customerScope(ctx) });
    return { ok: r.failures.length === 0, customers: r.customers, failures: r.failures, truncated: r.truncated, elapsedMs: Math.round(performance.now() - started) };
  },
};
