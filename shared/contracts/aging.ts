/** Issue #5 aging: methods added by this slice (see docs/receivables.md). */
import type { MethodDef } from './define';

export const agingContract = {} satisfies Record<string, MethodDef>;
