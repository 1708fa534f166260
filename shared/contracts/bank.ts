/** Issue #5 bank: methods added by this slice (see docs/receivables.md). */
import type { MethodDef } from './define';

export const bankContract = {} satisfies Record<string, MethodDef>;
