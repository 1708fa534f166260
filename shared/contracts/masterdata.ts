/** Master data: customers (writes, card), products, regions, product lines, grid state (issue #3). */
import { z } from 'zod';
import { empty, id, pageRequest } from '../schemas/common';
import { customerRowSchema } from '../schemas/customers';
import {
  addressesSaveInput,
  addressSchema,
  contactSchema,
  contactsSaveInput,
  customerCardInput,
  customerCardSchema,
  customerCreateInput,
  customerUpdateInput,
  customerUpsertInput,
  gridStateGetInput,
  gridStateOutput,
  gridStateSaveInput,
  productCreateInput,
  productLineCreateInput,
  productLineSchema,
  productLineUpdateInput,
  productRowSchema,
  productsPage,
  productUpdateInput,
  productUpsertInput,
  regionCreateInput,
  regionSchema,
  regionUpdateInput,
  upsertReportSchema,
} from '../schemas/masterdata';
import { def } from './define';

export const masterdataContract = {
  'customers.create': def({ input: customerCreateInput, output: customerRowSchema, access: 'customers.write' }),
  'customers.update': def({ input: customerUpdateInput, output: customerRowSchema, access: 'customers.write' }),
  'customers.upsertMany': def({ input: customerUpsertInput, output: upsertReportSchema, access: 'customers.write' }),
  'customers.card': def({ input: customerCardInput, output: customerCardSchema, access: 'customers.read', readOnly: true }),
  'contacts.save': def({ input: contactsSaveInput, output: z.array(contactSchema), access: 'customers.write' }),
  'addresses.save': def({ input: addressesSaveInput, output: z.array(addressSchema), access: 'customers.write' }),

  'products.list': def({ input: pageRequest, output: productsPage, access: 'products.read', readOnly: true }),
  'products.get': def({ input: z.strictObject({ id }), output: productRowSchema, access: 'products.read', readOnly: true }),
  'products.create': def({ input: productCreateInput, output: productRowSchema, access: 'products.write' }),
  'products.update': def({ input: productUpdateInput, output: productRowSchema, access: 'products.write' }),
  'products.upsertMany': def({ input: productUpsertInput, output: upsertReportSchema, access: 'products.write' }),

  'regions.list': def({ input: empty, output: z.array(regionSchema), access: 'customers.read', readOnly: true }),
  // Regions are company master data kept by the sales office (admin, sales_admin: the holders of
  // products.write); a rep may use them but not change them.
  'regions.create': def({ input: regionCreateInput, output: regionSchema, access: 'products.write' }),
  'regions.update': def({ input: regionUpdateInput, output: regionSchema, access: 'products.write' }),

  'productLines.list': def({ input: empty, output: z.array(productLineSchema), access: 'products.read', readOnly: true }),
  'productLines.create': def({ input: productLineCreateInput, output: productLineSchema, access: 'products.write' }),
  'productLines.update': def({ input: productLineUpdateInput, output: productLineSchema, access: 'products.write' }),

  'gridState.get': def({ input: gridStateGetInput, output: gridStateOutput, access: 'authenticated', readOnly: true }),
  'gridState.save': def({ input: gridStateSaveInput, output: gridStateOutput, access: 'authenticated' }),
};
