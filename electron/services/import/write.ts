/**
 * Writes prepared records inside the caller's transaction, in chunks: new rows as multi-row
 * INSERTs (one compiled statement per few hundred rows), updates by key. `tick` runs between
 * chunks (progress, cancel) and may throw to abort; the caller's transaction then rolls back.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { nextNumber } from '../../db/repositories/sequences';
import type { CustomerRecord, OpeningRecord, PreparedRecords, PriceItemRecord, ProductRecord, SalesRecord } from './prepare';

export interface WriteOptions {
  now: string;
  batchId: number;
  tick: (done: number) => Promise<void>;
}

const CHUNK = 500;

async function chunks<T>(items: readonly T[], size: number, tick: (done: number) => Promise<void>, fn: (chunk: T[]) => Promise<void>, offset = 0) {
  for (let i = 0; i < items.length; i += size) {
    await fn(items.slice(i, i + size));
    await tick(offset + Math.min(i + size, items.length));
  }
}

/** Field-level changes an auditor cares about (credit limits, prices), listed in the import's audit row. */
export interface AuditChange {
  key: string;
  field: string;
  before: unknown;
  after: unknown;
}

export async function writeRecords(trx: Kysely<DB>, data: PreparedRecords, opts: WriteOptions): Promise<AuditChange[]> {
  switch (data.kind) {
    case 'customers':
      return writeCustomers(trx, data.records, opts);
    case 'products':
      return writeProducts(trx, data.records, opts);
    case 'price_list_items':
      return writePriceItems(trx, data.records, opts);
    case 'sales_history':
      await writeSales(trx, data.records, opts);
      return [];
    case 'opening_receivables':
      return writeOpening(trx, data.records, opts);
  }
}

async function writeCustomers(trx: Kysely<DB>, records: CustomerRecord[], o: WriteOptions): Promise<AuditChange[]> {
  const changes: AuditChange[] = [];
  const inserts = records.filter((r) => r.id === null);
  // Rows equal to the stored ones are not written (their updated_at stays).
  const updates = records.filter((r) => r.id !== null && !r.unchanged);
  await chunks(inserts, CHUNK, o.tick, async (chunk) => {
    await trx
      .insertInto('customers')
      .values(
        chunk.map((r) => ({
          code: r.code,
          name: r.name ?? r.code,
          short_name: r.shortName ?? null,
          type: r.type ?? 'direct',
          region_id: r.regionId ?? null,
          industry: r.industry ?? null,
          owner_id: r.ownerId ?? null,
          payment_terms_days: r.paymentTermsDays ?? 30,
          credit_limit: r.creditLimit ?? 0,
          notes: r.notes ?? null,
          grade: 'C' as const,
          grade_manual: 0,
          grade_computed: null,
          grade_basis: null,
          credit_status: 'normal' as const,
          created_at: o.now,
          updated_at: o.now,
        })),
      )
      .execute();
    for (const r of chunk) if (r.creditLimit) changes.push({ key: r.code, field: 'credit_limit', before: null, after: r.creditLimit });
  });
  await chunks(updates, 200, o.tick, async (chunk) => {
    for (const r of chunk) {
      const set = {
        ...(r.name !== undefined && { name: r.name }),
        ...(r.shortName !== undefined && { short_name: r.shortName }),
        ...(r.type !== undefined && { type: r.type }),
        ...(r.regionId !== undefined && { region_id: r.regionId }),
        ...(r.industry !== undefined && { industry: r.industry }),
        ...(r.ownerId !== undefined && { owner_id: r.ownerId }),
        ...(r.paymentTermsDays !== undefined && { payment_terms_days: r.paymentTermsDays }),
        ...(r.creditLimit !== undefined && { credit_limit: r.creditLimit }),
        ...(r.notes !== undefined && { notes: r.notes }),
      };
      if (Object.keys(set).length === 0) continue;
      await trx.updateTable('customers').set({ ...set, updated_at: o.now }).where('id', '=', r.id as number).execute();
      if (r.creditLimit !== undefined && r.before && r.before.creditLimit !== r.creditLimit) {
        changes.push({ key: r.code, field: 'credit_limit', before: r.before.creditLimit, after: r.creditLimit });
      }
    }
  }, inserts.length);
  return changes;
}

async function writeProducts(trx: Kysely<DB>, records: ProductRecord[], o: WriteOptions): Promise<AuditChange[]> {
  const changes: AuditChange[] = [];
  const inserts = records.filter((r) => r.id === null);
  const updates = records.filter((r) => r.id !== null && !r.unchanged);
  await chunks(inserts, CHUNK, o.tick, async (chunk) => {
    await trx
      .insertInto('products')
      .values(
        chunk.map((r) => ({
          sku: r.sku,
          name: r.name ?? r.sku,
          product_line_id: r.productLineId ?? null,
          unit: r.unit ?? '件',
          list_price: r.listPrice ?? 0,
          standard_cost: r.standardCost ?? 0,
          floor_price: r.floorPrice ?? null,
          active: r.active === false ? 0 : 1,
          created_at: o.now,
          updated_at: o.now,
        })),
      )
      .execute();
    for (const r of chunk) changes.push({ key: r.sku, field: 'list_price', before: null, after: r.listPrice ?? 0 });
  });
  await chunks(updates, 200, o.tick, async (chunk) => {
    for (const r of chunk) {
      const set = {
        ...(r.name !== undefined && { name: r.name }),
        ...(r.productLineId !== undefined && { product_line_id: r.productLineId }),
        ...(r.unit !== undefined && { unit: r.unit }),
        ...(r.listPrice !== undefined && { list_price: r.listPrice }),
        ...(r.standardCost !== undefined && { standard_cost: r.standardCost }),
        ...(r.floorPrice !== undefined && { floor_price: r.floorPrice }),
        ...(r.active !== undefined && { active: r.active ? 1 : 0 }),
      };
      if (Object.keys(set).length === 0) continue;
      await trx.updateTable('products').set({ ...set, updated_at: o.now }).where('id', '=', r.id as number).execute();
      const b = r.before;
      if (b) {
        if (r.listPrice !== undefined && r.listPrice !== b.listPrice) changes.push({ key: r.sku, field: 'list_price', before: b.listPrice, after: r.listPrice });
        if (r.standardCost !== undefined && r.standardCost !== b.standardCost) changes.push({ key: r.sku, field: 'standard_cost', before: b.standardCost, after: r.standardCost });
        if (r.floorPrice !== undefined && r.floorPrice !== b.floorPrice) changes.push({ key: r.sku, field: 'floor_price', before: b.floorPrice, after: r.floorPrice });
      }
    }
  }, inserts.length);
  return changes;
}

async function writePriceItems(trx: Kysely<DB>, records: PriceItemRecord[], o: WriteOptions): Promise<AuditChange[]> {
  const changes: AuditChange[] = [];
  const key = (r: PriceItemRecord) => `${r.listCode}/${r.sku}/${r.minQtyMilli}/${r.validFrom ?? ''}`;
  // Updates first: a shortened validity may make room for a new item of the same file.
  const updates = records.filter((r) => r.id !== null && !r.unchanged);
  const inserts = records.filter((r) => r.id === null);
  await chunks(updates, 200, o.tick, async (chunk) => {
    for (const r of chunk) {
      await trx.updateTable('price_list_items').set({ price: r.price, valid_to: r.validTo, updated_at: o.now }).where('id', '=', r.id as number).execute();
      if (r.before && (r.before.price !== r.price || r.before.validTo !== r.validTo)) {
        changes.push({ key: key(r), field: 'price', before: r.before, after: { price: r.price, validTo: r.validTo } });
      }
    }
  });
  // One row per INSERT: the overlap trigger checks each new row against the ones before it.
  await chunks(inserts, 200, o.tick, async (chunk) => {
    for (const r of chunk) {
      await trx
        .insertInto('price_list_items')
        .values({
          price_list_id: r.priceListId,
          product_id: r.productId,
          min_qty_milli: r.minQtyMilli,
          price: r.price,
          valid_from: r.validFrom,
          valid_to: r.validTo,
          created_at: o.now,
          updated_at: o.now,
        })
        .execute();
      changes.push({ key: key(r), field: 'price', before: null, after: { price: r.price, validTo: r.validTo } });
    }
  }, updates.length);
  return changes;
}

const salesRow = (r: SalesRecord, o: WriteOptions) => ({
  date: r.date,
  period: r.period,
  customer_id: r.customerId,
  product_id: r.productId,
  rep_id: r.repId,
  region_id: r.regionId,
  qty_milli: r.qtyMilli,
  net_amount: r.netAmount,
  discount_amount: r.discountAmount,
  cost_amount: r.costAmount,
  source_type: 'import' as const,
  source_ref: r.sourceRef,
  source_line: r.sourceLine,
  import_batch_id: o.batchId,
  created_at: o.now,
});

/**
 * Sales lines are the bulk of any import (100k lines in seconds): the multi-row upsert is
 * compiled by kysely once per chunk size and then executed with each chunk's parameters, so
 * the per-chunk cost is SQLite's alone (compiling a 500-row statement costs more than running it).
 */
async function writeSales(trx: Kysely<DB>, records: SalesRecord[], o: WriteOptions): Promise<void> {
  const compiled = new Map<number, string>();
  const sqlFor = (chunk: SalesRecord[]) => {
    let text = compiled.get(chunk.length);
    if (!text) {
      text = trx
        .insertInto('sales_facts')
        .values(chunk.map((r) => salesRow(r, o)))
        .onConflict((oc) =>
          oc.columns(['source_type', 'source_ref', 'source_line']).doUpdateSet((eb) => ({
            date: eb.ref('excluded.date'),
            period: eb.ref('excluded.period'),
            customer_id: eb.ref('excluded.customer_id'),
            product_id: eb.ref('excluded.product_id'),
            rep_id: eb.ref('excluded.rep_id'),
            region_id: eb.ref('excluded.region_id'),
            qty_milli: eb.ref('excluded.qty_milli'),
            net_amount: eb.ref('excluded.net_amount'),
            discount_amount: eb.ref('excluded.discount_amount'),
            cost_amount: eb.ref('excluded.cost_amount'),
            import_batch_id: eb.ref('excluded.import_batch_id'),
          })),
        )
        .compile().sql;
      compiled.set(chunk.length, text);
    }
    return text;
  };
  // In (customer, date) order: the customer/date and date indexes then grow in runs instead of at random pages.
  const ordered = [...records].sort((a, b) => a.customerId - b.customerId || (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  await chunks(ordered, CHUNK, o.tick, async (chunk) => {
    const params: unknown[] = [];
    for (const r of chunk) params.push(...Object.values(salesRow(r, o)));
    await trx.executeQuery(CompiledQuery.raw(sqlFor(chunk), params));
  });
}

/**
 * Opening receivables 期初应收: one open debit item (kind 'opening') per new record, balance =
 * amount, numbered OB-YYYY-NNNNNN in the import's year (they are entered now, whatever their
 * document date). Records already imported with the same values are not written. From here on
 * only the ledger (allocations) moves their balance.
 */
async function writeOpening(trx: Kysely<DB>, records: OpeningRecord[], o: WriteOptions): Promise<AuditChange[]> {
  const changes: AuditChange[] = [];
  const inserts = records.filter((r) => r.id === null);
  const today = o.now.slice(0, 10);
  await chunks(inserts, CHUNK, o.tick, async (chunk) => {
    const rows = [];
    for (const r of chunk) {
      rows.push({
        number: await nextNumber(trx, 'opening', today),
        customer_id: r.customerId,
        kind: 'opening' as const,
        order_id: null,
        shipment_id: null,
        return_id: null,
        credits_receivable_id: null,
        date: r.date,
        due_date: r.dueDate,
        amount: r.amount,
        balance: r.amount,
        status: 'open' as const,
        external_ref: r.externalRef,
        notes: r.note,
        created_at: o.now,
        updated_at: o.now,
      });
      changes.push({ key: `${r.customerCode}/${r.externalRef}`, field: 'opening_balance', before: null, after: r.amount });
    }
    await trx.insertInto('receivables').values(rows).execute();
  });
  return changes;
}
