import type { Examples } from './types';

/** A valid input for each credit method (the contract walk fails until every method has one). */
export const creditExamples: Examples = {
  'credit.position': { customerId: 1, date: '2026-11-20', amount: 12_000_00 },
  'credit.list': { offset: 0, limit: 50, sort: [{ colId: 'exposure', sort: 'desc' }], filter: { name: { type: 'contains', value: '客户' } } },
  'credit.history': { customerId: 1, limit: 50 },
  'credit.setLimit': { customerId: 1, creditLimit: 500_000_00, reason: '年度授信' },
  'credit.setTemporaryLimit': { customerId: 1, amount: 800_000_00, expires: '2026-12-31', reason: '年底备货' },
  'credit.hold': { customerId: 1, reason: '逾期未回款' },
  'credit.release': { customerId: 1, reason: '已回款' },
};
