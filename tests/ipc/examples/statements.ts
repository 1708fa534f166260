import type { Examples } from './types';

/** A valid input for each statements method (the contract walk fails until every method has one). */
export const statementsExamples: Examples = {};
