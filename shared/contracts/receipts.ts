/** Issue #5 receipts: methods added by this slice (see docs/receivables.md). */
import type { MethodDef } from './define';

export const receiptsContract = {} satisfies Record<string, MethodDef>;
