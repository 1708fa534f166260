/**
 * What every demo generator module receives and what it leaves behind for the modules after it.
 *
 * A module fills one group of tables (master data, price lists, orders, receivables …) and
 * records in `data` the few facts later modules need (ids, prices, owners), so no module has
 * to read back what another wrote.
 */
import type Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { Province } from './names';
import type { DemoTime, Rng } from './random';

export type DemoScale = 'small' | 'medium' | 'large';
export const DEMO_SCALES: readonly DemoScale[] = ['small', 'medium', 'large'];

export interface ScaleConfig {
  scale: DemoScale;
  /** Sales reps (rep01 …). */
  reps: number;
  customers: number;
  products: number;
  /** How many of the product lines in names.ts are used. */
  productLines: number;
  /** Regions get their provinces as children, and customers sit in a province. */
  provinces: boolean;
  /** Years of history before today (customers created, reps hired; later: orders). */
  historyYears: number;
}

export const SCALES: Record<DemoScale, ScaleConfig> = {
  small: { scale: 'small', reps: 8, customers: 300, products: 500, productLines: 6, provinces: false, historyYears: 3 },
  medium: { scale: 'medium', reps: 30, customers: 2_000, products: 5_000, productLines: 10, provinces: true, historyYears: 3 },
  large: { scale: 'large', reps: 120, customers: 10_000, products: 20_000, productLines: 12, provinces: true, historyYears: 3 },
};

export interface RegionInfo {
  id: number;
  code: string;
  name: string;
  parentId: number | null;
}

/** A province as a sales territory: who covers it and which region id its customers carry. */
export interface Territory {
  province: Province;
  topRegionId: number;
  /** The province's own region row when the scale has provinces, else the top region. */
  customerRegionId: number;
  repIds: number[];
}

export interface RepInfo {
  id: number;
  username: string;
  displayName: string;
  topRegionId: number;
  provinceCodes: string[];
  /** Relative size of the rep's book of customers. */
  weight: number;
  hiredDay: number;
}

export interface ProductInfo {
  id: number;
  sku: string;
  productLineId: number;
  listPrice: number;
  standardCost: number;
  active: boolean;
}

export interface CustomerInfo {
  id: number;
  code: string;
  name: string;
  ownerId: number;
  regionId: number;
  topRegionId: number;
  type: 'direct' | 'distributor';
  industry: string;
  grade: 'A' | 'B' | 'C';
  paymentTermsDays: number;
  /** 分 */
  creditLimit: number;
  creditStatus: 'normal' | 'hold';
  /** Relative purchasing volume (log-normal); order generators scale order sizes by it. */
  size: number;
  createdDay: number;
}

/**
 * The debit items the orders module wrote (one per shipment), column-wise to stay small at a
 * million rows: index i is one receivable. Days are day numbers (DemoTime). The receipts module
 * pays them through allocations.
 */
export interface DemoReceivables {
  id: number[];
  customerId: number[];
  day: number[];
  dueDay: number[];
  amount: number[];
}

export interface DemoData {
  companyName: string;
  regions: RegionInfo[];
  territories: Territory[];
  adminId: number;
  salesAdminId: number;
  financeId: number;
  managerId: number;
  reps: RepInfo[];
  productLines: { id: number; code: string; name: string }[];
  products: ProductInfo[];
  customers: CustomerInfo[];
  receivables: DemoReceivables;
}

export function emptyDemoData(): DemoData {
  return {
    companyName: '',
    regions: [],
    territories: [],
    adminId: 0,
    salesAdminId: 0,
    financeId: 0,
    managerId: 0,
    reps: [],
    productLines: [],
    products: [],
    customers: [],
    receivables: { id: [], customerId: [], day: [], dueDay: [], amount: [] },
  };
}

export interface DemoContext {
  /** Raw handle for bulk inserts (prepared statements), inside the generator's transaction. */
  sqlite: Database.Database;
  /** The same connection through kysely, bound to the open transaction (for appendAudit and the like). */
  trx: Kysely<DB>;
  scale: ScaleConfig;
  seed: number;
  /** This module's own random stream. */
  rng: Rng;
  time: DemoTime;
  /** One scrypt hash of DEMO_PASSWORD, shared by every demo user (hashing is the slow part). */
  passwordHash: string;
  data: DemoData;
}

export interface DemoModule {
  /** Stable name; also seeds the module's random stream, so renaming changes its output. */
  name: string;
  /** Tables the module fills. */
  tables: readonly string[];
  run(ctx: DemoContext): void | Promise<void>;
}

/**
 * A prepared INSERT over the given columns; returns the new rowid. Columns are spelled out so a
 * later migration that adds a column with a default keeps the generator working.
 */
export function prepareInsert(sqlite: Database.Database, table: string, columns: readonly string[]): (values: readonly unknown[]) => number {
  const stmt = sqlite.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
  return (values) => {
    if (values.length !== columns.length) throw new RangeError(`${table}: ${values.length} values for ${columns.length} columns`);
    return Number(stmt.run(...values).lastInsertRowid);
  };
}
