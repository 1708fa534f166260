/** Imports of customers, products, price lists and sales history, with presets (issue #3). */
export const importsContract = {};
