import type { Examples } from './types';

/** A valid input for each orders method (the contract walk fails until every method has one). */
export const ordersExamples: Examples = {
  'orders.list': { limit: 10, sort: [{ colId: 'orderDate', sort: 'desc' }], filter: { status: { type: 'equals', value: 'draft' } } },
  'orders.get': { id: 1 },
  'orders.searchProducts': { search: 'kk', limit: 10 },
  'orders.saveDraft': { customerId: 1, orderDate: '2026-11-20', shipToAddress: '杭州市西湖区', lines: [{ productId: 1, quantity: '2', discountBp: 200, taxRateBp: 1300 }] },
  'orders.confirm': { id: 999, version: 1 },
  'orders.cancel': { id: 999, version: 1, reason: '客户取消' },
  'orders.close': { id: 999, reason: '余量不再发货' },
  'orders.reopen': { id: 999, override: { reason: '客户追加付款承诺' } },
};
