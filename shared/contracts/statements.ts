/**
 * Statements of account 对账单 (issue #5): the statement of one customer and period, its PDF, and
 * a batch of PDFs (every customer with a balance or activity) written to one folder.
 * receivables.read for all three; the batch is audited (statement.batch).
 */
import { statementBatchInput, statementBatchOutput, statementGetInput, statementPdfInput, statementPdfOutput, statementSchema } from '../schemas/statements';
import { def, type MethodDef } from './define';

export const statementsContract = {
  'statements.get': def({ input: statementGetInput, output: statementSchema, access: 'receivables.read', readOnly: true }),
  'statements.pdf': def({ input: statementPdfInput, output: statementPdfOutput, access: 'receivables.read', readOnly: true }),
  'statements.batch': def({ input: statementBatchInput, output: statementBatchOutput, access: 'receivables.read' }),
} satisfies Record<string, MethodDef>;
