/** Issue #4: orders. */
export const ordersHandlers = {};
