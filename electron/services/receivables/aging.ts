/** Issue #5 aging: handlers of shared/contracts/aging.ts. */
export const agingHandlers = {};
