import type { Examples } from './types';

/** A valid input for each analysis method (the contract walk fails until every method has one). */
export const analysisExamples: Examples = {
  'analysis.regionYear': { fromYear: 2024, toYear: 2026 },
  'analysis.monthly': { year: 2026, regionId: 1 },
  'analysis.topCustomers': { from: '2026-01-01', to: '2026-12-31', limit: 10 },
  'analysis.topProducts': { from: '2026-01-01', to: '2026-12-31', limit: 10 },
  'analysis.yoy': { year: 2026, dimension: 'region' },
  'analysis.rows': { filter: { year: 2026, month: 3, regionId: 1 }, offset: 0, limit: 50 },
};
