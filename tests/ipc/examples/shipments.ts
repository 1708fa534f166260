import type { Examples } from './types';

/** A valid input for each shipments method (the contract walk fails until every method has one). */
export const shipmentsExamples: Examples = {
  'shipments.create': { orderId: 1, customerId: 1, date: '2026-11-20', shipToRegionId: null, lines: [{ orderLineId: 1, qtyMilli: 1000 }] },
  'shipments.cancel': { id: 1, reason: '客户改期' },
  'shipments.list': { customerId: 1, status: 'posted', search: 'SH', limit: 20 },
  'shipments.get': { id: 1 },
  'shipments.shippable': { orderId: 1 },
  'shipments.openOrders': { customerId: 1, search: 'SO', limit: 20 },
  'returns.create': { shipmentId: 1, date: '2026-11-21', reason: '破损退货', lines: [{ shipmentLineId: 1, qtyMilli: 500 }] },
  'receivables.listByCustomer': { customerId: 1, asOf: '2026-12-31', openOnly: false },
  'contracts.list': { customerId: 1, search: 'HT' },
  'contracts.get': { id: 1 },
  'contracts.save': {
    customerId: 1,
    title: '年度供货合同',
    signedOn: '2026-11-01',
    startsOn: '2026-11-01',
    endsOn: '2027-10-31',
    amount: 1_000_000,
    paymentTermsDays: 45,
    status: 'active',
    notes: '按月对账',
    instalments: [{ dueDate: '2027-01-31', amount: 500_000, note: '首期' }],
  },
  'contracts.attach': { contractId: 1, fileName: '合同.pdf', mime: 'application/pdf', size: 3, contentBase64: 'YWJj' },
  'contracts.file': { fileId: 1 },
  'distributors.regions': { customerId: 1 },
  'distributors.setRegions': { customerId: 1, regionIds: [1] },
  'distributors.crossRegionList': { from: '2026-01-01', to: '2026-12-31', limit: 50 },
  'customers.cardActivity': { id: 1, asOf: '2026-11-30' },
};
