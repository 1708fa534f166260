import type { Examples } from './types';

/** A valid input for each shipments method (the contract walk fails until every method has one). */
export const shipmentsExamples: Examples = {};
