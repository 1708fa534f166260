/** The complete handler table; `satisfies Handlers` makes a missing or mistyped method a compile error. */
import { analysisHandlers } from './analysis';
import { auditHandlers } from './audit';
import { authHandlers } from './auth';
import type { Handlers } from './context';
import { creditHandlers } from './credit';
import { customersHandlers, dashboardHandlers } from './customers';
import { importsHandlers } from './imports';
import { masterdataHandlers } from './masterdata';
import { ordersHandlers } from './orders';
import { pricingHandlers } from './pricing';
import { shipmentsHandlers } from './shipments';
import { agingHandlers } from './receivables/aging';
import { bankHandlers } from './receivables/bank';
import { collectionsHandlers } from './receivables/collections';
import { receiptsHandlers } from './receivables/receipts';
import { statementsHandlers } from './receivables/statements';
import { settingsHandlers } from './settings';
import { systemHandlers } from './system';
import { usersHandlers } from './users';

export const handlers = {
  ...systemHandlers,
  ...authHandlers,
  ...usersHandlers,
  ...settingsHandlers,
  ...auditHandlers,
  ...customersHandlers,
  ...dashboardHandlers,
  ...masterdataHandlers,
  ...importsHandlers,
  ...pricingHandlers,
  ...analysisHandlers,
  ...ordersHandlers,
  ...creditHandlers,
  ...shipmentsHandlers,
  ...receiptsHandlers,
  ...bankHandlers,
  ...agingHandlers,
  ...statementsHandlers,
  ...collectionsHandlers,
} satisfies Handlers;
