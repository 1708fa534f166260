import type { Examples } from './types';

/** A valid input for each pricing method (the contract walk fails until every method has one). */
export const pricingExamples: Examples = {
  'priceLists.list': { kind: 'base' },
  'priceLists.create': { code: 'WALK-A', name: 'A 级走查价', kind: 'grade', grade: 'A' },
  'priceLists.update': { id: 1, name: '走查价', reason: '改名' },
  'priceItems.list': { priceListId: 1, search: 'P', limit: 10 },
  'priceItems.save': { priceListId: 1, productId: 1, minQty: '10', price: 4800, validFrom: '2026-01-01', validTo: '2026-12-31' },
  'priceItems.delete': { id: 999, reason: '停用' },
  'pricing.quote': { customerId: 1, productId: 1, quantity: '12.5', date: '2026-11-20' },
  'pricing.check': { customerId: 1, productId: 1, quantity: '10', date: '2026-11-20', netPrice: 4500 },
  'pricing.approve': { customerId: 1, productId: 1, quantity: '10', date: '2026-11-20', netPrice: 2500, reason: '清库存特价' },
  'grading.run': { asOf: '2026-11-20' },
  'grading.setManual': { customerId: 1, grade: 'A', reason: '战略客户' },
  'grading.pareto': { asOf: '2026-11-20', limit: 100 },
};
