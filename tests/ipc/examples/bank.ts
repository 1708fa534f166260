import type { Examples } from './types';

// 交易日期,贷方发生额,对方户名,摘要 / 2026-11-03,100.00,华润万家,货款 (UTF-8 CSV)
const csv = '5Lqk5piT5pel5pyfLOi0t+aWueWPkeeUn+minSzlr7nmlrnmiLflkI0s5pGY6KaBCjIwMjYtMTEtMDMsMTAwLjAwLOWNjua2puS4h+WutizotKfmrL4K';
const mapping = { date: '交易日期', credit: '贷方发生额', payerName: '对方户名', memo: '摘要' };

/** A valid input for each bank method (the contract walk fails until every method has one). */
export const bankExamples: Examples = {
  'bank.parse': { fileName: '工行流水.csv', contentBase64: csv },
  'bank.presets': {},
  'bank.savePreset': { name: '我的工行', mapping },
  'bank.import': { fileName: '工行流水.csv', contentBase64: csv, mapping, account: '6222000011112222', bank: '工商银行' },
  'bank.imports': {},
  'bank.lines': { importId: 1, status: 'proposed', search: '华润', offset: 0, limit: 50 },
  'bank.confirm': { lineId: 1, customerId: 1, allocations: [{ receivableId: 1, amount: 10_000 }] },
  'bank.confirmMany': { minScore: 80, importId: 1 },
  'bank.reject': { lineId: 1, reason: '非货款（退押金）' },
  'bank.reopen': { lineId: 1 },
};
