/** Issue #5 aging 账龄分析 as of any date: by customer, rep or region, with drill-down to the items. */
import { agingItemsInput, agingItemsOutput, agingReportInput, agingReportOutput } from '../schemas/aging';
import { def, type MethodDef } from './define';

export const agingContract = {
  'aging.report': def({ input: agingReportInput, output: agingReportOutput, access: 'receivables.read', readOnly: true }),
  'aging.items': def({ input: agingItemsInput, output: agingItemsOutput, access: 'receivables.read', readOnly: true }),
} satisfies Record<string, MethodDef>;
