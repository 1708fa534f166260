/**
 * Static migration registry: bundlers cannot see a folder read at run time, so each migration
 * is imported here by name. Append only; never reorder or edit a released migration.
 */
import type { Kysely } from 'kysely';
import * as m0001 from './0001_init';
import * as m0002 from './0002_master_data_pricing_sales';
import * as m0003 from './0003_pricing';
import * as m0004 from './0004_orders_credit_receivables';
import * as m0005 from './0005_receivables_open_kind';
import * as m0006 from './0006_receipts_allocations';

export interface Migration {
  version: number;
  name: string;
  up(db: Kysely<unknown>): Promise<void>;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: '0001_init', up: m0001.up },
  { version: 2, name: '0002_master_data_pricing_sales', up: m0002.up },
  { version: 3, name: '0003_pricing', up: m0003.up },
  { version: 4, name: '0004_orders_credit_receivables', up: m0004.up },
  { version: 5, name: '0005_receivables_open_kind', up: m0005.up },
  { version: 6, name: '0006_receipts_allocations', up: m0006.up },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;
