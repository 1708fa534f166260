import type { Examples } from './types';

/** A valid input for each aging method (the contract walk fails until every method has one). */
export const agingExamples: Examples = {};
