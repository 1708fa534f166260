/** Master data writes, customer card, products, regions, product lines, grid state (issue #3). */
export const masterdataHandlers = {};
