import type { Examples } from './types';

/** A valid input for each analysis method (the contract walk fails until every method has one). */
export const analysisExamples: Examples = {};
