import type { Examples } from './types';

/** A valid input for each imports method (the contract walk fails until every method has one). */
export const importsExamples: Examples = {};
