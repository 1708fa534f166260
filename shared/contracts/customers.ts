/** Customers, products and pricing (issue #3 extends this file). */
import { z } from 'zod';
import { empty, id, page, pageRequest } from '../schemas/common';
import { customerRowSchema, dashboardSummarySchema } from '../schemas/customers';
import { def } from './define';

export const customersContract = {
  'customers.list': def({ input: pageRequest, output: page(customerRowSchema), access: 'customers.read', readOnly: true }),
  'customers.get': def({ input: z.strictObject({ id }), output: customerRowSchema, access: 'customers.read', readOnly: true }),
  'dashboard.summary': def({ input: empty, output: dashboardSummarySchema, access: 'customers.read', readOnly: true }),
};
