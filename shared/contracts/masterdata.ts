/** Master data: customers (writes, card), products, regions, product lines, grid state (issue #3). */
export const masterdataContract = {};
