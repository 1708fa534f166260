/**
 * Credit control (issue #4, DOMAIN.md §4): positions, limits, temporary limits, hold/release,
 * history. Reading needs `customers.read` (a rep sees only own customers); every change needs
 * `credit.manage`. Overrides of a blocked order are granted inside orders/shipments
 * (enforceCredit, `credit.override`), not here.
 */
import {
  creditHistoryInput,
  creditHistoryOutput,
  creditListInput,
  creditListOutput,
  creditPositionInput,
  creditPositionOutput,
  creditRowSchema,
  holdInput,
  setLimitInput,
  setTemporaryLimitInput,
} from '../schemas/credit';
import { def } from './define';

export const creditContract = {
  'credit.position': def({ input: creditPositionInput, output: creditPositionOutput, access: 'customers.read', readOnly: true }),
  'credit.list': def({ input: creditListInput, output: creditListOutput, access: 'customers.read', readOnly: true }),
  'credit.history': def({ input: creditHistoryInput, output: creditHistoryOutput, access: 'customers.read', readOnly: true }),
  'credit.setLimit': def({ input: setLimitInput, output: creditRowSchema, access: 'credit.manage' }),
  'credit.setTemporaryLimit': def({ input: setTemporaryLimitInput, output: creditRowSchema, access: 'credit.manage' }),
  'credit.hold': def({ input: holdInput, output: creditRowSchema, access: 'credit.manage' }),
  'credit.release': def({ input: holdInput, output: creditRowSchema, access: 'credit.manage' }),
};
