/**
 * Issue #5 bank statement import and matching 银行对账: parse a statement, map its columns
 * (presets per bank), import incoming lines with proposals, confirm them into receipts.
 * receivables.read to look, receivables.write to import, decide and post.
 */
import { z } from 'zod';
import {
  bankConfirmInput,
  bankConfirmManyInput,
  bankConfirmManyOutput,
  bankConfirmOutput,
  bankFileInput,
  bankImportInput,
  bankImportRow,
  bankImportSummary,
  bankLineIdInput,
  bankLineRow,
  bankLinesInput,
  bankLinesOutput,
  bankParseOutput,
  bankPresetSchema,
  bankRejectInput,
  bankSavePresetInput,
} from '../schemas/bank';
import { empty } from '../schemas/common';
import type { MethodDef } from './define';
import { def } from './define';

export const bankContract = {
  // Parsing reads the file and the presets only: nothing is written.
  'bank.parse': def({ input: bankFileInput, output: bankParseOutput, access: 'receivables.write', readOnly: true }),
  'bank.presets': def({ input: empty, output: z.array(bankPresetSchema), access: 'receivables.read', readOnly: true }),
  'bank.savePreset': def({ input: bankSavePresetInput, output: bankPresetSchema, access: 'receivables.write' }),
  'bank.import': def({ input: bankImportInput, output: bankImportSummary, access: 'receivables.write' }),
  'bank.imports': def({ input: empty, output: z.array(bankImportRow), access: 'receivables.read', readOnly: true }),
  'bank.lines': def({ input: bankLinesInput, output: bankLinesOutput, access: 'receivables.read', readOnly: true }),
  'bank.confirm': def({ input: bankConfirmInput, output: bankConfirmOutput, access: 'receivables.write' }),
  'bank.confirmMany': def({ input: bankConfirmManyInput, output: bankConfirmManyOutput, access: 'receivables.write' }),
  'bank.reject': def({ input: bankRejectInput, output: bankLineRow, access: 'receivables.write' }),
  'bank.reopen': def({ input: bankLineIdInput, output: bankLineRow, access: 'receivables.write' }),
} satisfies Record<string, MethodDef>;
