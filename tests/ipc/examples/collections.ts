import type { Examples } from './types';

/** A valid input for each collections method (the contract walk fails until every method has one). */
export const collectionsExamples: Examples = {
  'collections.overdue': { asOf: '2026-11-20' },
  'collections.addNote': { customerId: 1, date: '2026-11-20', channel: 'phone', note: '客户答应月底前付款', promiseDate: '2026-11-30', promiseAmount: 100_000 },
  'collections.notes': { customerId: 1 },
  'collections.plans': { status: 'overdue' },
  'collections.kpi': { granularity: 'month', from: '2026-01', to: '2026-11', groupBy: 'rep' },
};
