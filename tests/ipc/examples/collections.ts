import type { Examples } from './types';

/** A valid input for each collections method (the contract walk fails until every method has one). */
export const collectionsExamples: Examples = {};
