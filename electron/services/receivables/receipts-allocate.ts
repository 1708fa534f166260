/**
 * Allocation 核销 of one source (a receipt or a credit note) inside the caller's transaction:
 * FIFO or manual lines, then optionally the 尾差 write-offs (small differences within the
 * tolerance). Used by receipts.create (allocate now) and receipts.allocate. Balances move only
 * through the ledger.
 */
import type { Kysely } from 'kysely';
import { AppError } from '../../../shared/result';
import type { WriteOffRow } from '../../../shared/schemas/receipts';
import type { Settings } from '../../../shared/schemas/settings';
import type { DB } from '../../db/schema';
import { planFifo, planSmallDifferences } from '../../rules/allocation';
import { audit } from '../audit';
import type { CallContext } from '../context';
import { type AllocationLine, insertWriteOff, postAllocations, type SourceRef } from './ledger';
import { fmt, nowIso, postedRows, writeOffRows } from './receipts-read';

export interface AllocateRequest {
  source: SourceRef & { kind: 'receipt' | 'credit_note' };
  mode: 'fifo' | 'manual';
  lines?: readonly AllocationLine[] | undefined;
  writeOffDifference: boolean;
}

async function sourceInfo(trx: Kysely<DB>, s: AllocateRequest['source']) {
  if (s.kind === 'receipt') {
    const r = await trx.selectFrom('receipts').select(['id', 'number', 'customer_id', 'date', 'unallocated as available', 'status']).where('id', '=', s.id).executeTakeFirst();
    if (!r) throw new AppError('NOT_FOUND', `Receipt ${s.id} not found.`);
    if (r.status === 'reversed') throw new AppError('RULE_VIOLATION', `Receipt ${r.number} has been reversed and cannot be allocated.`, { source: r.number });
    return r;
  }
  const c = await trx.selectFrom('receivables').select(['id', 'number', 'customer_id', 'date', 'balance as available', 'status', 'kind']).where('id', '=', s.id).executeTakeFirst();
  if (c?.kind !== 'credit_note') throw new AppError('NOT_FOUND', `Credit note ${s.id} not found.`);
  return c;
}

/**
 * Plans and posts one allocation. `customerId` is the customer the caller believes it pays
 * (already scope-checked). Returns the posted allocations and write-offs.
 */
export async function allocateSource(trx: Kysely<DB>, ctx: CallContext, customerId: number, req: AllocateRequest, settings: Settings) {
  const src = await sourceInfo(trx, req.source);
  if (src.customer_id !== customerId) {
    throw new AppError('RULE_VIOLATION', `${src.number} belongs to another customer: allocations never cross customers.`, { source: src.number });
  }
  let lines: AllocationLine[];
  if (req.mode === 'fifo') {
    // Items dated after the source are skipped (not refused) when settings forbid paying them early.
    const items = await trx
      .selectFrom('receivables')
      .select(['id', 'date', 'due_date as dueDate', 'balance'])
      .where('customer_id', '=', customerId)
      .where('kind', '!=', 'credit_note')
      .where('status', '!=', 'cancelled')
      .where('balance', '>', 0)
      .$if(!settings.allowReceiptBeforeInvoice, (q) => q.where('date', '<=', src.date))
      .execute();
    lines = planFifo(items, src.available);
  } else {
    if (!req.lines || req.lines.length === 0) {
      throw new AppError('VALIDATION', 'A manual allocation needs at least one line.', { issues: [{ path: ['lines'], code: 'custom', message: 'required' }] });
    }
    lines = [...req.lines];
  }
  const now = nowIso(ctx);
  const userId = ctx.session?.userId ?? null;
  const allocationIds = await postAllocations(trx, {
    customerId, source: req.source, lines, userId, now, allowSourceBeforeItem: settings.allowReceiptBeforeInvoice,
  });
  const allocated = lines.reduce((a, l) => a + l.amount, 0);

  const writeOffIds: number[] = [];
  if (req.writeOffDifference && lines.length > 0) {
    const touched = await trx
      .selectFrom('receivables')
      .select(['id as receivableId', 'balance as remainder', 'number', 'date'])
      .where('id', 'in', lines.map((l) => l.receivableId))
      .execute();
    const plan = planSmallDifferences(touched, settings.writeOffTolerance);
    if (!plan.ok) {
      const it = touched.find((t) => t.receivableId === plan.receivableId);
      throw new AppError(
        'RULE_VIOLATION',
        `${it?.number ?? plan.receivableId} would still owe ${fmt(plan.remainder)}, more than the small-difference tolerance of ${fmt(settings.writeOffTolerance)}; allocate more or write it off as bad debt.`,
        { receivable: it?.number, remainder: plan.remainder, tolerance: settings.writeOffTolerance },
      );
    }
    for (const w of plan.writeOffs) {
      const it = touched.find((t) => t.receivableId === w.receivableId);
      const date = it && it.date > src.date ? it.date : src.date;
      const reason = `尾差核销 small difference ${fmt(w.amount)}: ${it?.number ?? ''} after ${src.number}`;
      const row = await insertWriteOff(trx, {
        customerId, receivableId: w.receivableId, kind: 'small_difference', date, amount: w.amount, reason,
        receiptId: req.source.kind === 'receipt' ? req.source.id : null, userId, now,
      });
      writeOffIds.push(row.id);
      await audit(trx, ctx, { action: 'writeoff.create', entity: 'write_off', entityId: row.number, after: { kind: 'small_difference', receivable: it?.number, amount: w.amount, source: src.number }, reason });
    }
  }

  const allocations = await postedRows(trx, allocationIds, { ...req.source, number: src.number });
  const writeOffs: WriteOffRow[] = await writeOffRows(trx, writeOffIds);
  if (allocations.length > 0) {
    await audit(trx, ctx, {
      action: 'allocation.create',
      entity: req.source.kind === 'receipt' ? 'receipt' : 'receivable',
      entityId: src.number,
      after: { mode: req.mode, total: allocated, lines: allocations.map((a) => ({ receivable: a.receivableNumber, amount: a.amount, date: a.date })), writeOffs: writeOffs.map((w) => w.number) },
    });
  }
  return { allocated, allocations, writeOffs, sourceRemaining: src.available - allocated };
}
