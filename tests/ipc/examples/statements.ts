import type { Examples } from './types';

/** A valid input for each statements method (the contract walk fails until every method has one). */
export const statementsExamples: Examples = {
  'statements.get': { customerId: 1, from: '2026-01-01', to: '2026-12-31' },
  'statements.pdf': { customerId: 1, from: '2026-01-01', to: '2026-12-31', language: 'zh-CN' },
  'statements.batch': { from: '2026-01-01', to: '2026-12-31', language: 'en', minBalance: 0 },
};
