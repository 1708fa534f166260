/**
 * The generator modules, in the order they run. Later work (price lists, opportunities,
 * orders and order lines, receivables and receipts, targets, activities, commissions) adds one
 * module per table group here; a module only reads what earlier modules left in `ctx.data`.
 *
 * Every module draws from its own random stream (seeded by its name), so appending a module
 * leaves the output of the earlier ones unchanged.
 */
import { LATEST_SCHEMA_VERSION } from '../db/migrations';
import type { DemoModule } from './context';
import { companyModule, customersModule, productsModule, regionsModule } from './master-data';
import { salesHistoryModule } from './sales-history';
import { priceListsModule } from './price-lists';
import { ordersModule } from './orders';
import { receiptsModule } from './receipts';

export const DEMO_MODULES: readonly DemoModule[] = [regionsModule, companyModule, productsModule, customersModule, priceListsModule, salesHistoryModule, ordersModule, receiptsModule];

/**
 * Bump when a module's output changes for the same seed (a new column filled, a different
 * distribution): cached demo files (bench/.data) are rebuilt when this string changes.
 */
export const GENERATOR_REVISION = 3;

export function generatorVersion(): string {
  return `r${GENERATOR_REVISION}-schema${LATEST_SCHEMA_VERSION}-${DEMO_MODULES.map((m) => m.name).join('+')}`;
}
