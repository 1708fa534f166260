import type { Examples } from './types';

/** A valid input for each aging method (the contract walk fails until every method has one). */
export const agingExamples: Examples = {
  'aging.report': { asOf: '2026-09-30', groupBy: 'rep', search: '客户', sortBy: 'b5', sortDir: 'desc', limit: 50 },
  'aging.items': { asOf: '2026-09-30', groupBy: 'customer', key: 1, bucket: 2, limit: 100 },
};
