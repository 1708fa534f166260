/** Issue #4: shipments. */
export const shipmentsHandlers = {};
