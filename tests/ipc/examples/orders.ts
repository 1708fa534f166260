import type { Examples } from './types';

/** A valid input for each orders method (the contract walk fails until every method has one). */
export const ordersExamples: Examples = {};
