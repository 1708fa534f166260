/** Issue #4: credit. */
export const creditHandlers = {};
