/**
 * Confirming a bank line: a receipt (method bank_transfer, the line's date, amount, reference
 * and payer, bank_line_id) and its allocations, both through the ledger; the line becomes
 * confirmed. Whatever the allocations leave over stays on the receipt as 预收 (unallocated).
 */
import type { Kysely } from 'kysely';
import { AppError } from '../../../shared/result';
import type { DB } from '../../db/schema';
import { audit } from '../audit';
import { type CallContext, requireSession } from '../context';
import { customerScope } from '../customers';
import { insertReceipt, postAllocations } from './ledger';

const fmt = (cents: number) => (cents / 100).toFixed(2);

export type LockedLine = Awaited<ReturnType<typeof loadLineForUpdate>>;

/** The line (NOT_FOUND outside the caller's record scope), read inside the write transaction. */
export async function loadLineForUpdate(trx: Kysely<DB>, ctx: CallContext, lineId: number) {
  const line = await trx
    .selectFrom('bank_lines as b')
    .leftJoin('customers as c', 'c.id', 'b.customer_id')
    .select(['b.id', 'b.import_id', 'b.line_no', 'b.date', 'b.amount', 'b.payer_name', 'b.reference', 'b.memo', 'b.serial', 'b.status', 'b.proposal', 'b.customer_id', 'c.owner_id'])
    .where('b.id', '=', lineId)
    .executeTakeFirst();
  const scope = customerScope(ctx);
  if (!line || (scope !== null && line.owner_id !== scope)) throw new AppError('NOT_FOUND', `Bank line ${lineId} not found.`);
  return line;
}

export async function confirmLine(
  trx: Kysely<DB>,
  ctx: CallContext,
  line: LockedLine,
  customerId: number,
  allocations: readonly { receivableId: number; amount: number }[],
  allowBefore: boolean,
) {
  const s = requireSession(ctx);
  const where = `bank line ${line.line_no} of import ${line.import_id} (${line.date}, ${fmt(line.amount)})`;
  if (line.status === 'confirmed') throw new AppError('CONFLICT', `${where} is already confirmed.`, { status: line.status });
  if (line.status === 'rejected') throw new AppError('CONFLICT', `${where} was rejected; reopen it before confirming.`, { status: line.status });
  const scope = customerScope(ctx);
  const customer = await trx.selectFrom('customers').select(['id', 'name', 'owner_id']).where('id', '=', customerId).executeTakeFirst();
  if (!customer || (scope !== null && customer.owner_id !== scope)) throw new AppError('NOT_FOUND', `Customer ${customerId} not found.`);
  const total = allocations.reduce((a, l) => a + l.amount, 0);
  if (total > line.amount) {
    throw new AppError('VALIDATION', `Allocating ${fmt(total)} is more than the ${fmt(line.amount)} received on ${where}.`, {
      requested: total, available: line.amount, issues: [{ path: ['allocations'], code: 'custom', message: 'more than the line amount' }],
    });
  }
  const now = ctx.clock.now().toISOString();
  const reference = [line.reference, line.memo].filter(Boolean).join(' / ').slice(0, 200) || null;
  const receipt = await insertReceipt(trx, {
    customerId, date: line.date, amount: line.amount, method: 'bank_transfer', reference, payerName: line.payer_name?.slice(0, 200) ?? null,
    notes: line.serial ? `流水号 ${line.serial}`.slice(0, 500) : null, bankLineId: line.id, userId: s.userId, now,
  });
  await postAllocations(trx, { customerId, source: { kind: 'receipt', id: receipt.id }, lines: allocations, userId: s.userId, now, allowSourceBeforeItem: allowBefore });
  await trx
    .updateTable('bank_lines')
    .set({ status: 'confirmed', customer_id: customerId, receipt_id: receipt.id, decided_by: s.userId, decided_at: now })
    .where('id', '=', line.id)
    .execute();
  await audit(trx, ctx, {
    action: 'bank.confirm', entity: 'bank_line', entityId: line.id, before: { status: line.status, proposedCustomerId: line.customer_id },
    after: { status: 'confirmed', customerId, receipt: receipt.number, amount: line.amount, allocations, unallocated: line.amount - total },
  });
  return { lineId: line.id, receiptId: receipt.id, receiptNumber: receipt.number, allocated: total, unallocated: line.amount - total };
}
