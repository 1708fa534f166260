import type { Examples } from './types';

/** A valid input for each pricing method (the contract walk fails until every method has one). */
export const pricingExamples: Examples = {};
