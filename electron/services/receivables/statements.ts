/** Issue #5 statements: handlers of shared/contracts/statements.ts. */
export const statementsHandlers = {};
