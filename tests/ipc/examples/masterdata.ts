import type { Examples } from './types';

/** A valid input for each masterdata method (the contract walk fails until every method has one). */
export const masterdataExamples: Examples = {};
