import type { Examples } from './types';

/** A valid input for each credit method (the contract walk fails until every method has one). */
export const creditExamples: Examples = {};
