import type { Examples } from './types';

/** A valid input for each bank method (the contract walk fails until every method has one). */
export const bankExamples: Examples = {};
