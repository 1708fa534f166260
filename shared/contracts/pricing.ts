/**
 * Price lists, the pricing engine, governance, ABC grading (issue #3).
 * Who may do what: price lists and items are kept by `prices.write` (sales admin, manager);
 * anyone who reads customers may ask what a customer would pay (a rep only for own customers);
 * `pricing.check` serves order entry (`orders.write`); approvals need `price.approve_below_floor`.
 * Grading decides which grade list applies, so it is run and overridden by `prices.write` too;
 * the Pareto data is a report (`reports.read`).
 */
import { z } from 'zod';
import { empty } from '../schemas/common';
import {
  approvalSchema,
  approveInput,
  checkInput,
  checkOutput,
  customerGradeSchema,
  gradingRunInput,
  gradingRunOutput,
  paretoInput,
  paretoOutput,
  priceItemDeleteInput,
  priceItemSaveInput,
  priceItemSchema,
  priceItemsListInput,
  priceItemsPage,
  priceListCreateInput,
  priceListSchema,
  priceListsListInput,
  priceListUpdateInput,
  quoteInput,
  quoteOutput,
  setManualInput,
} from '../schemas/pricing';
import { def } from './define';

export const pricingContract = {
  'priceLists.list': def({ input: priceListsListInput, output: z.array(priceListSchema), access: 'products.read', readOnly: true }),
  'priceLists.create': def({ input: priceListCreateInput, output: priceListSchema, access: 'prices.write' }),
  'priceLists.update': def({ input: priceListUpdateInput, output: priceListSchema, access: 'prices.write' }),

  'priceItems.list': def({ input: priceItemsListInput, output: priceItemsPage, access: 'products.read', readOnly: true }),
  'priceItems.save': def({ input: priceItemSaveInput, output: priceItemSchema, access: 'prices.write' }),
  'priceItems.delete': def({ input: priceItemDeleteInput, output: empty, access: 'prices.write' }),

  'pricing.quote': def({ input: quoteInput, output: quoteOutput, access: 'customers.read', readOnly: true }),
  'pricing.check': def({ input: checkInput, output: checkOutput, access: 'orders.write', readOnly: true }),
  'pricing.approve': def({ input: approveInput, output: approvalSchema, access: 'price.approve_below_floor' }),

  'grading.run': def({ input: gradingRunInput, output: gradingRunOutput, access: 'prices.write' }),
  'grading.setManual': def({ input: setManualInput, output: customerGradeSchema, access: 'prices.write' }),
  'grading.pareto': def({ input: paretoInput, output: paretoOutput, access: 'reports.read', readOnly: true }),
};
