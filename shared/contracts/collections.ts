/**
 * Issue #5 collections: dunning 催收 (overdue list, contact notes with promises to pay), contract
 * collection plans 回款计划 and collection rate 回款率 / DSO (see docs/receivables-collections.md).
 */
import { addNoteInput, kpiInput, kpiOutput, noteRowSchema, notesInput, notesOutput, overdueInput, overdueOutput, plansInput, plansOutput } from '../schemas/collections';
import { def, type MethodDef } from './define';

export const collectionsContract = {
  'collections.overdue': def({ input: overdueInput, output: overdueOutput, access: 'receivables.read', readOnly: true }),
  'collections.addNote': def({ input: addNoteInput, output: noteRowSchema, access: 'receivables.write' }),
  'collections.notes': def({ input: notesInput, output: notesOutput, access: 'receivables.read', readOnly: true }),
  'collections.plans': def({ input: plansInput, output: plansOutput, access: 'receivables.read', readOnly: true }),
  'collections.kpi': def({ input: kpiInput, output: kpiOutput, access: 'receivables.read', readOnly: true }),
} satisfies Record<string, MethodDef>;
