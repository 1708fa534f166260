/**
 * ABC grading (DOMAIN.md §1): trailing-12-month net sales from sales_facts, graded by the pure
 * rule in rules/abc.ts with the thresholds from settings. A run stores grade_computed and
 * grade_basis on every customer, moves the effective grade where no manual grade holds it, and
 * writes one audit row (before/after) per customer whose grade changed, all in one transaction.
 *
 * A regrade touches every customer, so the writes are batched: one UPDATE … FROM (VALUES …) per
 * 500 customers (valid in SQLite and PostgreSQL) and multi-row audit inserts that extend the hash
 * chain in order.
 */
import { type Kysely, sql } from 'kysely';
import { auditHash, GENESIS_HASH } from '../db/repositories/audit';
import type { DB } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { type AbcOutcome, type Grade, gradeCustomers, trailingYear } from '../rules/abc';
import { AppError } from '../../shared/result';
import type { GradeBasis } from '../../shared/schemas/pricing';
import { audit } from './audit';
import type { CallContext, DomainHandlers } from './context';
import { customerScope } from './customers';

const CHUNK = 500;

interface GradedCustomer {
  id: number;
  code: string;
  name: string;
  owner_id: number | null;
  grade: Grade;
  grade_manual: number;
  grade_computed: Grade | null;
  grade_basis: string | null;
}

/** Net sales per customer in [from, to] (ISO dates, inclusive), from the one sales fact. */
export async function salesByCustomer(db: Kysely<DB>, from: string, to: string): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('sales_facts')
    .select(['customer_id', (eb) => eb.fn.sum<number>('net_amount').as('sales')])
    .where('date', '>=', from)
    .where('date', '<=', to)
    .groupBy('customer_id')
    .execute();
  return new Map(rows.map((r) => [r.customer_id, Number(r.sales)]));
}

async function compute(db: Kysely<DB>, asOf: string, thresholds: { a: number; b: number }) {
  const window = trailingYear(asOf);
  const sales = await salesByCustomer(db, window.from, window.to);
  const customers = await db
    .selectFrom('customers')
    .select(['id', 'code', 'name', 'owner_id', 'grade', 'grade_manual', 'grade_computed', 'grade_basis'])
    .execute();
  const outcome: AbcOutcome = gradeCustomers(
    customers.map((c) => ({ id: c.id, code: c.code, sales: sales.get(c.id) ?? 0, manualGrade: c.grade_manual === 1 ? c.grade : null })),
    thresholds,
  );
  return { window, customers: customers as GradedCustomer[], outcome };
}

const countGrades = (grades: Iterable<Grade>) => {
  const counts = { A: 0, B: 0, C: 0 };
  for (const g of grades) counts[g]++;
  return counts;
};

interface AuditRow {
  action: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

/** Appends many audit rows in order inside the caller's transaction, continuing the hash chain. */
async function appendAuditRows(trx: Kysely<DB>, ctx: CallContext, rows: AuditRow[]): Promise<void> {
  if (rows.length === 0) return;
  const head = await trx.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  let prev = head?.hash ?? GENESIS_HASH;
  const at = ctx.clock.now().toISOString();
  const actorId = ctx.session?.userId ?? null;
  const actorName = ctx.session?.username ?? 'system';
  for (let i = 0; i < rows.length; i += CHUNK / 5) {
    const values = rows.slice(i, i + CHUNK / 5).map((r) => {
      const content = {
        at,
        actor_id: actorId,
        actor_name: actorName,
        action: r.action,
        entity: 'customer',
        entity_id: r.entityId,
        before_json: JSON.stringify(r.before),
        after_json: JSON.stringify(r.after),
        reason: null,
      };
      const hash = auditHash(prev, content);
      const row = { ...content, prev_hash: prev, hash };
      prev = hash;
      return row;
    });
    await trx.insertInto('audit_log').values(values).execute();
  }
}

export const gradingHandlers: DomainHandlers<'grading'> = {
  async 'grading.run'(input, ctx) {
    const now = ctx.clock.now().toISOString();
    return inTransaction(ctx.db, async (trx) => {
      const settings = await ctx.settings.get(trx);
      const thresholds = settings.abcThresholdsBp;
      const { window, customers, outcome } = await compute(trx, input.asOf, thresholds);
      const byId = new Map(customers.map((c) => [c.id, c]));
      const updates: [number, Grade, string][] = [];
      const changes: AuditRow[] = [];
      for (const r of outcome.results) {
        const c = byId.get(r.id);
        if (!c) continue;
        const basis: GradeBasis = { asOf: input.asOf, sales: r.sales, rank: r.rank, shareAboveBp: r.shareAboveBp, total: outcome.total };
        const basisJson = JSON.stringify(basis);
        if (c.grade_computed === r.computed && c.grade_basis === basisJson && c.grade === r.grade) continue;
        updates.push([r.id, r.computed, basisJson]);
        if (c.grade_computed !== r.computed || c.grade !== r.grade) {
          changes.push({
            action: 'grade_compute',
            entityId: String(r.id),
            before: { code: c.code, grade: c.grade, computed: c.grade_computed, manual: c.grade_manual === 1 },
            after: { code: c.code, grade: r.grade, computed: r.computed, manual: r.manual, basis },
          });
        }
      }
      for (let i = 0; i < updates.length; i += CHUNK) {
        const chunk = updates.slice(i, i + CHUNK);
        const values = sql.join(chunk.map(([id, g, b]) => sql`(${id}, ${g}, ${b})`));
        await sql`UPDATE customers SET
            grade_computed = v.column2,
            grade_basis = v.column3,
            grade = CASE WHEN customers.grade_manual = 1 THEN customers.grade ELSE v.column2 END,
            updated_at = CASE WHEN customers.grade_manual = 0 AND customers.grade <> v.column2 THEN ${now} ELSE customers.updated_at END
          FROM (VALUES ${values}) AS v
          WHERE customers.id = v.column1`.execute(trx);
      }
      await appendAuditRows(trx, ctx, changes);
      if (changes.length) ctx.emit('customers.changed', { ids: changes.slice(0, 1000).map((c) => Number(c.entityId)) });
      return {
        asOf: input.asOf,
        from: window.from,
        to: window.to,
        total: outcome.total,
        thresholds,
        customers: outcome.results.length,
        changed: changes.length,
        counts: countGrades(outcome.results.map((r) => r.grade)),
        manual: outcome.results.filter((r) => r.manual).length,
      };
    });
  },

  async 'grading.setManual'(input, ctx) {
    const now = ctx.clock.now().toISOString();
    const scope = customerScope(ctx);
    return inTransaction(ctx.db, async (trx) => {
      const c = await trx
        .selectFrom('customers')
        .select(['id', 'code', 'name', 'owner_id', 'grade', 'grade_manual', 'grade_computed', 'grade_basis'])
        .where('id', '=', input.customerId)
        .executeTakeFirst();
      if (!c || (scope !== null && c.owner_id !== scope)) throw new AppError('NOT_FOUND', 'Customer not found.', { field: 'customerId' });
      const manual = input.grade !== null;
      const grade: Grade = input.grade ?? c.grade_computed ?? 'C';
      await trx.updateTable('customers').set({ grade, grade_manual: manual ? 1 : 0, updated_at: now }).where('id', '=', c.id).execute();
      await audit(trx, ctx, {
        action: manual ? 'grade_manual_set' : 'grade_manual_clear',
        entity: 'customer',
        entityId: c.id,
        before: { code: c.code, grade: c.grade, manual: c.grade_manual === 1, computed: c.grade_computed },
        after: { code: c.code, grade, manual, computed: c.grade_computed },
        reason: input.reason,
      });
      ctx.emit('customers.changed', { ids: [c.id] });
      return {
        customerId: c.id,
        code: c.code,
        name: c.name,
        grade,
        manual,
        computed: c.grade_computed,
        basis: c.grade_basis ? (JSON.parse(c.grade_basis) as GradeBasis) : null,
      };
    });
  },

  async 'grading.pareto'(input, ctx) {
    const settings = await ctx.settings.get();
    const thresholds = settings.abcThresholdsBp;
    const { window, customers, outcome } = await compute(ctx.db, input.asOf, thresholds);
    const byId = new Map(customers.map((c) => [c.id, c]));
    const scope = customerScope(ctx);
    const visible = outcome.results.filter((r) => scope === null || byId.get(r.id)?.owner_id === scope);
    return {
      asOf: input.asOf,
      from: window.from,
      to: window.to,
      total: outcome.total,
      thresholds,
      customers: visible.length,
      withSales: visible.filter((r) => r.sales > 0).length,
      counts: countGrades(visible.map((r) => r.computed)),
      rows: visible.slice(0, input.limit).map((r) => {
        const c = byId.get(r.id);
        return {
          customerId: r.id,
          code: r.code,
          name: c?.name ?? '',
          sales: r.sales,
          rank: r.rank,
          shareAboveBp: r.shareAboveBp,
          cumulativeBp: r.cumulativeBp,
          computed: r.computed,
          grade: r.grade,
          manual: r.manual,
          storedComputed: c?.grade_computed ?? null,
        };
      }),
    };
  },
};
