/** Issue #5 collections: methods added by this slice (see docs/receivables.md). */
import type { MethodDef } from './define';

export const collectionsContract = {} satisfies Record<string, MethodDef>;
