/**
 * Imports of customers, products, price lists and sales history, with presets (issue #3).
 * Access is 'authenticated' at the router because the permission depends on the kind in the
 * input (customers.write, products.write, prices.write; sales history needs customers.write
 * and customers.read_all); the service checks it before touching anything.
 */
import { z } from 'zod';
import {
  importCancelInput,
  importCancelOutput,
  importCommitInput,
  importCommitOutput,
  importParseInput,
  importParseOutput,
  importPresetDeleteInput,
  importPresetListInput,
  importPresetSaveInput,
  importPresetSchema,
  importPreviewInput,
  importPreviewOutput,
} from '../schemas/imports';
import { def } from './define';

export const importsContract = {
  // Parsing keeps the file in main's memory only: nothing is written, hence readOnly.
  'imports.parse': def({ input: importParseInput, output: importParseOutput, access: 'authenticated', readOnly: true }),
  'imports.preview': def({ input: importPreviewInput, output: importPreviewOutput, access: 'authenticated', readOnly: true }),
  'imports.commit': def({ input: importCommitInput, output: importCommitOutput, access: 'authenticated' }),
  'imports.cancel': def({ input: importCancelInput, output: importCancelOutput, access: 'authenticated', readOnly: true }),
  'importPresets.list': def({ input: importPresetListInput, output: z.array(importPresetSchema), access: 'authenticated', readOnly: true }),
  'importPresets.save': def({ input: importPresetSaveInput, output: importPresetSchema, access: 'authenticated' }),
  'importPresets.delete': def({ input: importPresetDeleteInput, output: z.object({ deleted: z.boolean() }), access: 'authenticated' }),
};
