import type { Examples } from './types';

/** A valid input for each masterdata method (the contract walk fails until every method has one). */
export const masterdataExamples: Examples = {
  'customers.create': { code: 'C2', name: '客户二', type: 'distributor', paymentTermsDays: 45, creditLimit: 1_000_000, tags: ['重点'] },
  'customers.update': { id: 1, name: '客户一（改）', paymentTermsDays: 60 },
  'customers.upsertMany': { rows: [{ code: 'C3', name: '客户三', type: '经销商', creditLimit: 500_000 }] },
  'customers.card': { id: 1 },
  'contacts.save': { customerId: 1, contacts: [{ name: '张三', title: '采购经理', phone: '138 0000 0000', email: 'zhang@example.com', isPrimary: true }] },
  'addresses.save': { customerId: 1, addresses: [{ kind: 'shipping', province: '浙江', city: '杭州', address: '西湖区文三路 1 号', isDefault: true }] },
  'products.list': { limit: 10, sort: [{ colId: 'sku', sort: 'asc' }] },
  'products.get': { id: 1 },
  'products.create': { sku: 'P1', name: '产品一', unit: '箱', listPrice: 12_000, standardCost: 8_000 },
  'products.update': { id: 1, listPrice: 12_500 },
  'products.upsertMany': { rows: [{ sku: 'P2', name: '产品二', unit: '个', listPrice: 500, active: '是' }] },
  'regions.list': {},
  'regions.create': { code: 'EC', name: '华东' },
  'regions.update': { id: 1, name: '华东区' },
  'productLines.list': {},
  'productLines.create': { code: 'PL1', name: '饮料' },
  'productLines.update': { id: 1, name: '饮料类' },
  'gridState.get': { gridKey: 'customers' },
  'gridState.save': { gridKey: 'customers', state: { columns: [{ colId: 'code', width: 120, sort: 'asc', sortIndex: 0 }], filter: { name: { type: 'contains', value: '超市' } } } },
};
