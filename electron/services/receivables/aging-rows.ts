/**
 * Pure part of the aging report: per-customer bucket amounts → rows grouped by customer, rep or
 * region, sorted, with grand totals. No database here, so the arithmetic is unit-tested alone.
 * Every amount of a row is derived from its buckets the same way: total = Σ buckets,
 * overdue = Σ buckets past 0, net = total − unapplied.
 */
import type { AgingGroupBy, AgingRow } from '../../../shared/schemas/aging';

export interface CustomerMeta {
  id: number;
  code: string;
  name: string;
  ownerId: number | null;
  regionId: number | null;
}
export interface GroupMeta {
  code: string | null;
  name: string;
}
export interface CustomerAmounts {
  customerId: number;
  buckets: readonly number[];
  unapplied: number;
}

export const groupKey = (c: CustomerMeta, groupBy: AgingGroupBy): number | null =>
  groupBy === 'customer' ? c.id : groupBy === 'rep' ? c.ownerId : c.regionId;

/** Derives total, overdue and net from a row's buckets, in place (10,000 rows: no copies). */
function finish<T extends { buckets: number[]; unapplied: number }>(r: T): T & { total: number; overdue: number; net: number } {
  let total = 0;
  for (const b of r.buckets) total += b;
  return Object.assign(r, { total, overdue: total - (r.buckets[0] ?? 0), net: total - r.unapplied });
}

/**
 * Groups customer amounts into rows. `customers` is the customer universe (already filtered and
 * scoped): amounts of customers not in it are ignored. `groups` names reps or regions.
 */
export function buildRows(
  amounts: readonly CustomerAmounts[],
  customers: ReadonlyMap<number, CustomerMeta>,
  groupBy: AgingGroupBy,
  groups: ReadonlyMap<number, GroupMeta>,
  nBuckets: number,
): AgingRow[] {
  const rows = new Map<number | null, { key: number | null; code: string | null; name: string | null; customers: number; buckets: number[]; unapplied: number }>();
  for (const a of amounts) {
    const c = customers.get(a.customerId);
    if (!c) continue;
    const key = groupKey(c, groupBy);
    let row = rows.get(key);
    if (!row) {
      const g = groupBy === 'customer' ? c : key === null ? null : groups.get(key);
      row = { key, code: g?.code ?? null, name: g?.name ?? null, customers: 0, buckets: new Array<number>(nBuckets).fill(0), unapplied: 0 };
      rows.set(key, row);
    }
    row.customers += 1;
    for (let i = 0; i < nBuckets; i++) row.buckets[i] = (row.buckets[i] ?? 0) + (a.buckets[i] ?? 0);
    row.unapplied += a.unapplied;
  }
  return Array.from(rows.values(), finish);
}

export function grandTotals(rows: readonly AgingRow[], nBuckets: number) {
  const buckets = new Array<number>(nBuckets).fill(0);
  let unapplied = 0;
  let customers = 0;
  for (const r of rows) {
    for (let i = 0; i < nBuckets; i++) buckets[i] = (buckets[i] ?? 0) + (r.buckets[i] ?? 0);
    unapplied += r.unapplied;
    customers += r.customers;
  }
  return { customers, ...finish({ buckets, unapplied }) };
}

const collator = new Intl.Collator('zh-CN', { numeric: true });

/** Sorts rows in place by name (pinyin order), code, an amount or bucket `bN`; ties by code; 未分配 (no code/name) last. */
export function sortRows(rows: AgingRow[], sortBy: string, dir: 'asc' | 'desc'): AgingRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  const bucket = /^b(\d+)$/.exec(sortBy);
  const i = bucket ? Number(bucket[1]) : -1;
  const amount = (r: AgingRow): number =>
    i >= 0 ? (r.buckets[i] ?? 0) : sortBy === 'overdue' ? r.overdue : sortBy === 'unapplied' ? r.unapplied : sortBy === 'net' ? r.net : r.total;
  // Codes are compared as plain strings (cheap for 10,000 rows); names by the zh-CN collator.
  const byCode = (a: AgingRow, b: AgingRow) => {
    const x = a.code ?? '\uffff';
    const y = b.code ?? '\uffff';
    return x < y ? -1 : x > y ? 1 : 0;
  };
  if (sortBy === 'name') return rows.sort((a, b) => sign * collator.compare(a.name ?? '\uffff', b.name ?? '\uffff') || byCode(a, b));
  if (sortBy === 'code') return rows.sort((a, b) => sign * byCode(a, b));
  return rows.sort((a, b) => sign * (amount(a) - amount(b)) || byCode(a, b));
}
