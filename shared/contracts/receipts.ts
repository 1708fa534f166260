/**
 * Issue #5 receipts 收款, allocation 核销, write-offs and the ledger check (see
 * docs/receivables-receipts.md). receivables.write posts receipts and allocations (incl. 尾差
 * write-offs within tolerance); writeoff.approve is needed for bad-debt write-offs 坏账核销.
 */
import { z } from 'zod';
import { id } from '../schemas/common';
import {
  allocationResultSchema,
  allocationsReverseInput,
  allocationsReverseOutput,
  openItemsInput,
  openItemsOutput,
  receiptAllocateInput,
  receiptCreateInput,
  receiptCreateOutput,
  receiptDetailSchema,
  receiptReverseInput,
  receiptsListInput,
  receiptsPage,
  verifyInput,
  verifyOutput,
  writeOffCreateInput,
  writeOffReverseInput,
  writeOffRowSchema,
  writeOffsListInput,
  writeOffsPage,
} from '../schemas/receipts';
import { def, type MethodDef } from './define';

export const receiptsContract = {
  'receipts.create': def({ input: receiptCreateInput, output: receiptCreateOutput, access: 'receivables.write' }),
  'receipts.allocate': def({ input: receiptAllocateInput, output: allocationResultSchema, access: 'receivables.write' }),
  'receipts.reverse': def({ input: receiptReverseInput, output: receiptDetailSchema, access: 'receivables.write' }),
  'receipts.list': def({ input: receiptsListInput, output: receiptsPage, access: 'receivables.read', readOnly: true }),
  'receipts.get': def({ input: z.strictObject({ id }), output: receiptDetailSchema, access: 'receivables.read', readOnly: true }),
  'allocations.reverse': def({ input: allocationsReverseInput, output: allocationsReverseOutput, access: 'receivables.write' }),
  'writeoffs.create': def({ input: writeOffCreateInput, output: writeOffRowSchema, access: 'writeoff.approve' }),
  'writeoffs.reverse': def({ input: writeOffReverseInput, output: writeOffRowSchema, access: 'writeoff.approve' }),
  'writeoffs.list': def({ input: writeOffsListInput, output: writeOffsPage, access: 'receivables.read', readOnly: true }),
  'receivables.openItems': def({ input: openItemsInput, output: openItemsOutput, access: 'receivables.read', readOnly: true }),
  'receivables.verify': def({ input: verifyInput, output: verifyOutput, access: 'receivables.read', readOnly: true }),
} satisfies Record<string, MethodDef>;
