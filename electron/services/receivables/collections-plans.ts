/**
 * Contract collection plans 回款计划: planned instalments (contract_instalments, issue #4) versus
 * what was received on the contract as of a date. Received = receipts and credit notes allocated
 * (counting as of the date) to the receivables of the contract's orders
 * (receivables.order_id → orders.contract_id); credit notes count because a return settles what
 * the customer owed on the contract just as a payment does (both are shown apart). Write-offs do
 * not: a written-off instalment was not collected. The sum fills the instalments FIFO by due date.
 * Draft contracts have no plan yet and are left out.
 */
import { type Kysely, sql } from 'kysely';
import type { Output } from '../../../shared/contract';
import type { ContractPlan } from '../../../shared/schemas/collections';
import type { DB } from '../../db/schema';
import { fillInstalments, instalmentStatus, weekOf } from '../../rules/collection-kpi';

export interface PlansQuery {
  asOf: string;
  ownerId: number | null;
  customerId?: number;
  contractId?: number;
  status?: 'due_this_week' | 'overdue';
  search?: string;
  offset: number;
  limit: number;
}

export async function collectionPlans(db: Kysely<DB>, q: PlansQuery): Promise<Output<'collections.plans'>> {
  let cq = db
    .selectFrom('contracts as k')
    .innerJoin('customers as c', 'c.id', 'k.customer_id')
    .select(['k.id', 'k.number', 'k.title', 'k.status', 'k.amount', 'k.customer_id', 'c.code', 'c.name'])
    .where('k.status', '!=', 'draft')
    .where((eb) => eb.exists(eb.selectFrom('contract_instalments as i').select('i.id').whereRef('i.contract_id', '=', 'k.id')));
  if (q.ownerId !== null) cq = cq.where('c.owner_id', '=', q.ownerId);
  if (q.customerId !== undefined) cq = cq.where('k.customer_id', '=', q.customerId);
  if (q.contractId !== undefined) cq = cq.where('k.id', '=', q.contractId);
  if (q.search?.trim()) {
    const like = `%${q.search.trim().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    cq = cq.where(sql<boolean>`(k.number LIKE ${like} ESCAPE '\\' OR c.code LIKE ${like} ESCAPE '\\' OR c.name LIKE ${like} ESCAPE '\\')`);
  }
  const contracts = await cq.orderBy('k.number').execute();
  const week = weekOf(q.asOf);
  const empty = { rows: [], total: 0, asOf: q.asOf, week, totals: { planned: 0, received: 0, dueThisWeek: 0, overdue: 0 } };
  if (contracts.length === 0) return empty;
  const ids = JSON.stringify(contracts.map((c) => c.id));

  const instalments = await db
    .selectFrom('contract_instalments')
    .select(['contract_id', 'seq', 'due_date', 'amount', 'note'])
    .where(sql<boolean>`contract_id IN (SELECT value FROM json_each(${ids}))`)
    .orderBy('contract_id')
    .orderBy('seq')
    .execute();
  const { rows: settled } = await sql<{ contract_id: number; source: string; amount: number }>`
    SELECT o.contract_id, a.source, sum(a.amount) AS amount
    FROM orders o JOIN receivables r ON r.order_id = o.id JOIN allocations a ON a.receivable_id = r.id
    WHERE o.contract_id IN (SELECT value FROM json_each(${ids}))
      AND a.source IN ('receipt', 'credit_note') AND a.date <= ${q.asOf} AND (a.reversed_on IS NULL OR a.reversed_on > ${q.asOf})
    GROUP BY o.contract_id, a.source`.execute(db);
  const { rows: invoiced } = await sql<{ contract_id: number; amount: number }>`
    SELECT o.contract_id, sum(r.amount) AS amount
    FROM orders o JOIN receivables r ON r.order_id = o.id
    WHERE o.contract_id IN (SELECT value FROM json_each(${ids})) AND r.kind = 'invoice' AND r.status != 'cancelled' AND r.date <= ${q.asOf}
    GROUP BY o.contract_id`.execute(db);

  const byContract = new Map<number, typeof instalments>();
  for (const i of instalments) byContract.set(i.contract_id, [...(byContract.get(i.contract_id) ?? []), i]);
  const settledBy = new Map(settled.map((s) => [`${s.contract_id}|${s.source}`, s.amount]));
  const got = (id: number, source: string) => settledBy.get(`${id}|${source}`) ?? 0;
  const inv = new Map(invoiced.map((r) => [r.contract_id, r.amount]));

  let plans: ContractPlan[] = contracts.map((k) => {
    const list = (byContract.get(k.id) ?? []).map((i) => ({ seq: i.seq, dueDate: i.due_date, amount: i.amount, note: i.note }));
    const receipts = got(k.id, 'receipt');
    const credits = got(k.id, 'credit_note');
    const { filled, excess } = fillInstalments(list, receipts + credits);
    return {
      contractId: k.id, number: k.number, title: k.title, contractStatus: k.status, customerId: k.customer_id, customerCode: k.code, customerName: k.name,
      amount: k.amount, planned: list.reduce((a, i) => a + i.amount, 0), receipts, credits, excess, invoiced: inv.get(k.id) ?? 0,
      instalments: list.map((i) => {
        const received = filled.get(i) ?? 0;
        return { ...i, received, status: instalmentStatus(i.dueDate, i.amount, received, q.asOf) };
      }),
    };
  });
  if (q.status) plans = plans.filter((p) => p.instalments.some((i) => i.status === q.status));

  const totals = { planned: 0, received: 0, dueThisWeek: 0, overdue: 0 };
  for (const p of plans) {
    totals.planned += p.planned;
    for (const i of p.instalments) {
      totals.received += i.received;
      if (i.status === 'due_this_week') totals.dueThisWeek += i.amount - i.received;
      if (i.status === 'overdue') totals.overdue += i.amount - i.received;
    }
  }
  return { rows: plans.slice(q.offset, q.offset + q.limit), total: plans.length, asOf: q.asOf, week, totals };
}
