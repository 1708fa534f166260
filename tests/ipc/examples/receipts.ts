import type { Examples } from './types';

/** A valid input for each receipts method (the contract walk fails until every method has one). */
export const receiptsExamples: Examples = {
  'receipts.create': {
    customerId: 1, date: '2026-11-20', amount: 120_000, method: 'bank_transfer', reference: 'HK20261120', payerName: '客户一', notes: '十月货款',
    allocate: { mode: 'fifo', writeOffDifference: false },
  },
  'receipts.allocate': { source: { kind: 'receipt', id: 1 }, mode: 'manual', lines: [{ receivableId: 1, amount: 10_000 }], writeOffDifference: true },
  'receipts.reverse': { id: 1, date: '2026-11-21', reason: '重复登记' },
  'receipts.list': { customerId: 1, from: '2026-01-01', to: '2026-12-31', method: 'cash', status: 'posted', unallocatedOnly: true, search: 'RC', limit: 20 },
  'receipts.get': { id: 1 },
  'allocations.reverse': { ids: [1], date: '2026-11-21', reason: '核销错误' },
  'writeoffs.create': { receivableId: 1, amount: 5_000, date: '2026-11-20', reason: '客户破产，无法收回' },
  'writeoffs.reverse': { id: 1, date: '2026-11-21', reason: '客户又付款了' },
  'writeoffs.list': { customerId: 1, kind: 'bad_debt', from: '2026-01-01', to: '2026-12-31', limit: 20 },
  'receivables.openItems': { customerId: 1, asOf: '2026-11-20' },
  'receivables.verify': { customerId: 1 },
};
