/** Statement rows → bank lines: direction, amounts, dates, fingerprints, presets. */
import { describe, expect, it } from 'vitest';
import { readStatement, resolveColumns } from '../../electron/services/receivables/bank-parse';
import { BUILTIN_PRESETS, guessMapping, pickPreset } from '../../electron/services/receivables/bank-presets';
import type { Table } from '../../electron/services/import/table';
import { AppError } from '../../shared/result';

const table = (headers: string[], rows: string[][]): Table => ({ name: 'CSV', headers, rows, rowNumbers: rows.map((_, i) => i + 2), error: null });
const H = ['交易日期', '贷方发生额', '借方发生额', '对方户名', '摘要'];
const one = (credit: string, debit = '', date = '2026-11-03') => readStatement(table(H, [[date, credit, debit, '华润万家', '货款']]), guessMapping(H), false, 'ACC');

describe('amounts and direction', () => {
  it.each([
    ['1,234.5', 123_450, null],
    ['１２３４．５０', 123_450, 'normalised'],
    ['¥88.00', 8_800, null],
    ['0.01', 1, null],
  ])('credit %s → %d 分', (credit, cents, note) => {
    const r = one(credit);
    expect(r.errors).toEqual([]);
    expect(r.lines.map((l) => l.amount)).toEqual([cents]);
    expect(r.notes[0]?.code ?? null).toBe(note);
  });
  it.each([
    ['(1,234.50)', ''],
    ['-1234.50', ''],
    ['', '500.00'],
    ['0.00', '500.00'],
  ])('credit %j, debit %j → outgoing, skipped', (credit, debit) => {
    const r = one(credit, debit);
    expect(r.lines).toEqual([]);
    expect(r.outgoing).toBe(1);
    expect(r.errors).toEqual([]);
  });
  it.each([
    ['1.234,50', 'number_decimal_comma'],
    ['12.3.4', 'number_format'],
    ['一千元', 'number_format'],
    ['1,23', 'number_decimal_comma'],
    ['', 'amount_missing'],
  ])('ambiguous %j → row error %s, never a guess', (credit, code) => {
    const r = one(credit);
    expect(r.lines).toEqual([]);
    expect(r.errors.map((e) => [e.row, e.code])).toEqual([[2, code]]);
  });
  it('a signed amount column: positive is in, negative out', () => {
    const h = ['交易日期', '交易金额', '付款人名称'];
    const r = readStatement(table(h, [['2026-11-03', '100.00', 'A'], ['2026-11-03', '-50.00', 'B'], ['2026-11-03', '(7.00)', 'C']]), guessMapping(h), false, '');
    expect(r.lines.map((l) => l.amount)).toEqual([10_000]);
    expect(r.outgoing).toBe(2);
  });
});

describe('dates', () => {
  it.each([
    ['2026-11-03', false, '2026-11-03'],
    ['2026/11/3', false, '2026-11-03'],
    ['20261103', false, '2026-11-03'],
    ['2026年11月3日', false, '2026-11-03'],
    ['2026-11-03 14:22:01', false, '2026-11-03'],
    ['46329', true, '2026-11-03'],
  ])('%s → %s', (raw, xlsx, want) => {
    const r = readStatement(table(H, [[raw, '1.00', '', 'X', '']]), guessMapping(H), xlsx, '');
    expect(r.lines[0]?.date).toBe(want);
  });
  it('03/11/2026 is ambiguous and refused', () => {
    expect(one('1.00', '', '03/11/2026').errors[0]?.code).toBe('date_ambiguous');
  });
});

describe('fingerprints', () => {
  it('without serial: identical lines in one file are both kept, the second flagged as the same as the first', () => {
    const rows = [
      ['2026-11-03', '100.00', '', '华润万家', '货款'],
      ['2026-11-03', '100.00', '', '华润万家', '货款'],
      ['2026-11-04', '100.00', '', '华润万家', '货款'],
    ];
    const r = readStatement(table(H, rows), guessMapping(H), false, 'ACC');
    expect(r.lines.map((l) => l.sameAsRow)).toEqual([null, 2, null]);
    expect(new Set(r.lines.map((l) => l.fingerprint)).size).toBe(3);
    expect(r.lines[0]?.fingerprint.replace(/\|1$/, '|2')).toBe(r.lines[1]?.fingerprint);
    // An overlapping file holding the same two lines yields the same two fingerprints.
    const again = readStatement(table(H, [rows[1] as string[], rows[0] as string[]]), guessMapping(H), false, 'ACC');
    expect(again.lines.map((l) => l.fingerprint).sort()).toEqual(r.lines.slice(0, 2).map((l) => l.fingerprint).sort());
  });
  it('with serial: account + serial; a serial repeated within the file is a row error', () => {
    const h = ['交易日期', '贷方发生额', '对方户名', '交易流水号'];
    const r = readStatement(table(h, [['2026-11-03', '1.00', 'A', 'S1'], ['2026-11-03', '2.00', 'B', 'S1'], ['2026-11-03', '3.00', 'C', 'S2']]), guessMapping(h), false, '6222');
    expect(r.lines.map((l) => l.fingerprint)).toEqual(['s|6222|S1', 's|6222|S2']);
    expect(r.errors.map((e) => e.code)).toEqual(['serial_repeated']);
  });
});

describe('mapping', () => {
  it('no credit or amount column → VALIDATION naming it', () => {
    const h = ['交易日期', '借方发生额', '对方户名'];
    expect(() => resolveColumns(table(h, []), guessMapping(h))).toThrowError(AppError);
    try {
      resolveColumns(table(h, []), guessMapping(h));
    } catch (e) {
      expect((e as AppError).details).toMatchObject({ code: 'missing_column', field: 'credit' });
      expect((e as AppError).message).toContain('贷方发生额');
    }
  });
  it.each(BUILTIN_PRESETS.map((p) => [p.name, p.mapping] as const))('a %s export is recognised by its headers', (name, mapping) => {
    const headers = ['余额', ...Object.values(mapping).filter((h): h is string => !!h)];
    expect(pickPreset(headers, BUILTIN_PRESETS)?.name).toBe(name);
  });
  it('guesses the usual headers', () => {
    expect(guessMapping(['记账日期', '收入金额', '支出金额', '对方账户名称', '对方账号', '附言', '凭证号'])).toEqual({
      date: '记账日期', credit: '收入金额', debit: '支出金额', payerName: '对方账户名称', payerAccount: '对方账号', reference: '附言', serial: '凭证号',
    });
  });
});
