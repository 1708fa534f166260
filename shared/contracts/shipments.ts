/**
 * Shipments, receivables created at shipment, returns and credit notes, contracts, distributors
 * and the customer card's activity section (issue #4). Permissions: orders.write to ship and
 * return, receivables.read to list receivables, customers.write to change contracts and
 * distributors' regions (customers.read to read them), reports.read for the cross-region list.
 */
import {
  cardActivityInput,
  cardActivityOutput,
  contractAttachInput,
  contractDetailSchema,
  contractFileInput,
  contractFileMetaSchema,
  contractFileOutput,
  contractSaveInput,
  contractsListInput,
  contractsPage,
  crossRegionListInput,
  crossRegionPage,
  distributorRegionsInput,
  distributorRegionsOutput,
  receivablesByCustomerInput,
  receivablesByCustomerOutput,
  returnCreateInput,
  returnCreateOutput,
  shipmentCancelInput,
  shipmentCreateInput,
  shipmentCreateOutput,
  shipmentDetailSchema,
  shipmentsListInput,
  shipmentsPage,
  shippableInput,
  shippableOutput,
  openOrdersInput,
  openOrdersOutput,
} from '../schemas/shipments';
import { z } from 'zod';
import { id } from '../schemas/common';
import { def } from './define';

export const shipmentsContract = {
  'shipments.create': def({ input: shipmentCreateInput, output: shipmentCreateOutput, access: 'orders.write' }),
  'shipments.cancel': def({ input: shipmentCancelInput, output: shipmentDetailSchema, access: 'orders.write' }),
  'shipments.list': def({ input: shipmentsListInput, output: shipmentsPage, access: 'customers.read', readOnly: true }),
  'shipments.get': def({ input: z.strictObject({ id }), output: shipmentDetailSchema, access: 'customers.read', readOnly: true }),
  'shipments.shippable': def({ input: shippableInput, output: shippableOutput, access: 'orders.write', readOnly: true }),
  'shipments.openOrders': def({ input: openOrdersInput, output: openOrdersOutput, access: 'orders.write', readOnly: true }),
  'returns.create': def({ input: returnCreateInput, output: returnCreateOutput, access: 'orders.write' }),
  'receivables.listByCustomer': def({ input: receivablesByCustomerInput, output: receivablesByCustomerOutput, access: 'receivables.read', readOnly: true }),
  'contracts.list': def({ input: contractsListInput, output: contractsPage, access: 'customers.read', readOnly: true }),
  'contracts.get': def({ input: z.strictObject({ id }), output: contractDetailSchema, access: 'customers.read', readOnly: true }),
  'contracts.save': def({ input: contractSaveInput, output: contractDetailSchema, access: 'customers.write' }),
  'contracts.attach': def({ input: contractAttachInput, output: contractFileMetaSchema, access: 'customers.write' }),
  'contracts.file': def({ input: contractFileInput, output: contractFileOutput, access: 'customers.read', readOnly: true }),
  'distributors.regions': def({ input: z.strictObject({ customerId: id }), output: distributorRegionsOutput, access: 'customers.read', readOnly: true }),
  'distributors.setRegions': def({ input: distributorRegionsInput, output: distributorRegionsOutput, access: 'customers.write' }),
  'distributors.crossRegionList': def({ input: crossRegionListInput, output: crossRegionPage, access: 'reports.read', readOnly: true }),
  'customers.cardActivity': def({ input: cardActivityInput, output: cardActivityOutput, access: 'customers.read', readOnly: true }),
};
