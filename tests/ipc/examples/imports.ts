import type { Examples } from './types';

const csv = Buffer.from('客户编码,客户名称\nW001,走查客户\n', 'utf8').toString('base64');
const id = '00000000-0000-4000-8000-000000000000';

/** A valid input for each imports method (the contract walk fails until every method has one). */
export const importsExamples: Examples = {
  'imports.parse': { kind: 'customers', fileName: 'walk.csv', contentBase64: csv },
  'imports.preview': { importId: id, kind: 'customers', mapping: { code: '客户编码', name: '客户名称' } },
  'imports.commit': { importId: id, kind: 'customers', mapping: { code: '客户编码', name: '客户名称' }, mode: 'all_or_nothing' },
  'imports.cancel': { importId: id },
  'importPresets.list': { kind: 'customers' },
  'importPresets.save': { kind: 'customers', name: '走查', mapping: { code: '客户编码' } },
  'importPresets.delete': { id: 999 },
};
