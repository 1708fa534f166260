/** Sales analysis over the one sales fact (issue #3): reads sales_facts and dimension tables only. */
import {
  factRowsInput,
  factRowsOutput,
  monthlyInput,
  monthlyOutput,
  regionYearInput,
  regionYearOutput,
  topCustomersOutput,
  topInput,
  topProductsOutput,
  yoyInput,
  yoyOutput,
} from '../schemas/analysis';
import { def } from './define';

export const analysisContract = {
  'analysis.regionYear': def({ input: regionYearInput, output: regionYearOutput, access: 'reports.read', readOnly: true }),
  'analysis.monthly': def({ input: monthlyInput, output: monthlyOutput, access: 'reports.read', readOnly: true }),
  'analysis.topCustomers': def({ input: topInput, output: topCustomersOutput, access: 'reports.read', readOnly: true }),
  'analysis.topProducts': def({ input: topInput, output: topProductsOutput, access: 'reports.read', readOnly: true }),
  'analysis.yoy': def({ input: yoyInput, output: yoyOutput, access: 'reports.read', readOnly: true }),
  'analysis.rows': def({ input: factRowsInput, output: factRowsOutput, access: 'reports.read', readOnly: true }),
};
