/** Shipments, receivables created at shipment, returns and credit notes, contracts, distributors (issue #4). */
export const shipmentsContract = {};
