/**
 * Sales orders: drafts, line editor, lifecycle (issue #4). Every write is `orders.write`; a rep
 * sees and writes only orders of customers they own (out of scope answers NOT_FOUND). Each
 * transition is its own method; a credit block at confirm/reopen is an answer, not an error.
 */
import { z } from 'zod';
import {
  cancelInput,
  closeInput,
  confirmInput,
  orderDetailSchema,
  orderGetInput,
  ordersListInput,
  ordersPage,
  productHitSchema,
  reopenInput,
  saveDraftInput,
  searchProductsInput,
  transitionOutput,
} from '../schemas/orders';
import { def } from './define';

export const ordersContract = {
  'orders.list': def({ input: ordersListInput, output: ordersPage, access: 'customers.read', readOnly: true }),
  'orders.get': def({ input: orderGetInput, output: orderDetailSchema, access: 'customers.read', readOnly: true }),
  'orders.searchProducts': def({ input: searchProductsInput, output: z.array(productHitSchema), access: 'products.read', readOnly: true }),
  'orders.saveDraft': def({ input: saveDraftInput, output: orderDetailSchema, access: 'orders.write' }),
  'orders.confirm': def({ input: confirmInput, output: transitionOutput, access: 'orders.write' }),
  'orders.cancel': def({ input: cancelInput, output: orderDetailSchema, access: 'orders.write' }),
  'orders.close': def({ input: closeInput, output: orderDetailSchema, access: 'orders.write' }),
  'orders.reopen': def({ input: reopenInput, output: transitionOutput, access: 'orders.write' }),
};
