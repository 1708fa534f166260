import type { Examples } from './types';

/** A valid input for each receipts method (the contract walk fails until every method has one). */
export const receiptsExamples: Examples = {};
