/** Issue #5 receipts: handlers of shared/contracts/receipts.ts. */
export const receiptsHandlers = {};
