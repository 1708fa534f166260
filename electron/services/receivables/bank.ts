/** Issue #5 bank: handlers of shared/contracts/bank.ts. */
export const bankHandlers = {};
