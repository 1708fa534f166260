/** Issue #5 statements: methods added by this slice (see docs/receivables.md). */
import type { MethodDef } from './define';

export const statementsContract = {} satisfies Record<string, MethodDef>;
